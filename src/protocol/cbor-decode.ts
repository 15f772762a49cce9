// CBOR request bodies -> plain values, with the SDK's own CBOR decoder (`@smithy/core/cbor`, pinned;
// it is the fastest decoder available here: ~0.2 µs for a small map, where cbor2 takes ~28 µs and
// cbor-x needs native platform packages this registry does not carry).
//
// The decoder leaves tags and big integers as it found them; the value conventions (codec.ts) want
// Dates and numbers, so one pass converts: tag 1 (epoch seconds) -> Date, other tags -> their
// value, bigint -> number. Deliberate difference from AWS: bytes after the top-level item are
// ignored (the decoder does not report where it stopped); AWS rejects them.
import { createRequire } from 'node:module';

interface CborModule {
  cbor: { deserialize(payload: Uint8Array): unknown };
  tagSymbol: symbol;
}

let cborModule: CborModule | undefined;

function load(): CborModule {
  return (cborModule ??= createRequire(import.meta.url)('@smithy/core/cbor') as CborModule);
}

/** Decodes one CBOR item; throws the decoder's error on malformed input. */
export function decodeCbor(bytes: Uint8Array): unknown {
  const m = load();
  return normalize(m.cbor.deserialize(bytes), m.tagSymbol);
}

function normalize(v: unknown, tagSymbol: symbol): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalize(v[i], tagSymbol);
    return v;
  }
  const o = v as Record<string | symbol, unknown>;
  if (o[tagSymbol] === true) {
    const value = normalize(o.value, tagSymbol);
    return o.tag === 1 && typeof value === 'number' ? new Date(value * 1000) : value;
  }
  for (const k in o) o[k] = normalize(o[k], tagSymbol);
  return o;
}
