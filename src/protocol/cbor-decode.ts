// CBOR request bodies -> plain values, with the SDK's own CBOR decoder (`@smithy/core/cbor`, pinned;
// it is the fastest decoder available here: ~0.2 µs for a small map, where cbor2 takes ~28 µs and
// cbor-x needs native platform packages this registry does not carry).
//
// The decoder leaves tags and big integers as it found them; the value conventions (codec.ts) want
// Dates and numbers, so one pass converts: tag 1 (epoch seconds) -> Date, other tags -> their
// value, bigint -> number. Deliberate difference from AWS: bytes after the top-level item are
// ignored (the decoder does not report where it stopped); AWS rejects them.
import { createRequire } from 'node:module';
import { MAX_JSON_DEPTH } from './json-depth.js';

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
  // The decoder (and normalize below) recurse: nesting is refused before either runs.
  if (cborDepthExceeds(bytes, MAX_JSON_DEPTH)) throw new Error(`CBOR nested deeper than ${MAX_JSON_DEPTH} levels`);
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

/**
 * True when arrays, maps and tags in `bytes` nest deeper than `max` (the JSON cap: CBOR bodies carry
 * the same shapes). One iterative pass over the item heads; malformed input is left to the decoder,
 * which reports it.
 */
export function cborDepthExceeds(bytes: Uint8Array, max: number): boolean {
  // Per open container: items still to read (-1: indefinite length, ends at a 0xff break).
  const open: number[] = [];
  let i = 0;
  const n = bytes.length;
  for (;;) {
    // A finished definite-length container closes, which may finish its parent.
    while (open.length && open[open.length - 1] === 0) open.pop();
    if (i >= n) return false;
    const top = open.length - 1;
    const b = bytes[i++]!;
    if (b === 0xff) {
      if (top >= 0 && open[top] === -1) open.pop();
      continue;
    }
    if (top >= 0 && open[top]! > 0) open[top]!--;
    const major = b >> 5;
    const info = b & 0x1f;
    let arg = info;
    if (info === 24) arg = bytes[i++] ?? 0;
    else if (info === 25) (arg = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)), (i += 2);
    else if (info === 26) (arg = ((bytes[i] ?? 0) * 0x1000000 + (((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0)))), (i += 4);
    else if (info === 27) (arg = Number.MAX_SAFE_INTEGER), (i += 8);
    switch (major) {
      case 2:
      case 3:
        // Strings: skip their bytes; an indefinite one is chunks up to a break, read as items.
        if (info === 31) open.push(-1);
        else i += arg;
        break;
      case 4:
      case 5:
      case 6: {
        const items = major === 6 ? 1 : info === 31 ? -1 : major === 5 ? arg * 2 : arg;
        if (items === 0) break;
        open.push(items);
        if (open.length > max) return true;
        break;
      }
      default:
        // Integers and simple values / floats carry no nested items.
        break;
    }
  }
}
