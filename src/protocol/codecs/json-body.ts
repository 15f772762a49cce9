// Model-driven JSON bodies for awsJson1_0/1_1 and restJson1.
//
// API:
//   parseJsonBody(body, errorCode?)                 Buffer -> plain object ({} when empty); malformed
//                                                   JSON or a non-object -> AwsError 400
//   readJson(value, model, shape, useJsonName)      converts a parsed body to the value conventions:
//                                                   timestamps -> Date, blobs -> Buffer, jsonName keys
//                                                   -> member names (restJson1 only). Other values are
//                                                   kept as sent: the validator reports wrong types.
//   writeJson(value, model, shape, useJsonName)     output -> JSON text, coercing every value to its
//                                                   model type and dropping undeclared members
//   writeJsonMember(value, model, member)           one value (e.g. a document or list payload)
//   writeJsonError(message, fields, model, shape, useJsonName, prefix)   an error body
//
// Why not JSON.stringify: a double with an integral value must be written `3.0` (boto3 otherwise
// returns an int), timestamps are epoch seconds, blobs base64, and undeclared members must go.
// Readers/writers are built once per shape (WeakMap keyed by the shape object) as small closures,
// so the per-request work is a walk over the value only; subtrees with nothing to convert are not
// walked at all when reading.
import type { MemberModel, ServiceModel, Shape, StructureShape, UnionShape } from '../../models/types.js';
import { AwsError } from '../errors.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from '../json-depth.js';
import { toBuffer } from '../scalars.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from '../timestamps.js';

type Writer = (v: unknown) => string | undefined;
type Reader = (v: unknown) => unknown;

const DOCUMENT: Shape = { type: 'document' };

export function parseJsonBody(body: Buffer, errorCode = 'SerializationException'): Record<string, unknown> {
  if (body.length === 0) return {};
  // Refused before parsing: the readers and the validator walk the value recursively.
  if (jsonDepthExceeds(body)) throw new AwsError(errorCode, `The request body nests deeper than ${MAX_JSON_DEPTH} levels`, { status: 400 });
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new AwsError(errorCode, `Malformed JSON body: ${(e as Error).message}`, { status: 400 });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AwsError(errorCode, 'The request body must be a JSON object', { status: 400 });
  }
  return value as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Writing

const writers = [new WeakMap<Shape, Writer>(), new WeakMap<Shape, Writer>()];

export function writeJson(value: unknown, model: ServiceModel, shape: Shape, useJsonName: boolean): string {
  if (value === undefined || value === null) return shape.type === 'structure' ? '{}' : 'null';
  return writerFor(model, shape, useJsonName)(value) ?? (shape.type === 'structure' ? '{}' : 'null');
}

export function writeJsonMember(value: unknown, model: ServiceModel, member: MemberModel): string {
  const shape = model.shapes[member.target] ?? DOCUMENT;
  return memberWriter(model, member, shape, false)(value) ?? 'null';
}

function writerFor(model: ServiceModel, shape: Shape, jn: boolean): Writer {
  const cache = writers[jn ? 1 : 0]!;
  let w = cache.get(shape);
  if (!w) {
    w = buildWriter(model, shape, jn, undefined);
    cache.set(shape, w);
  }
  return w;
}

/** A member's writer: its own timestampFormat makes a dedicated writer, else the shape's. */
function memberWriter(model: ServiceModel, member: MemberModel, shape: Shape, jn: boolean): Writer {
  if (shape.type === 'timestamp' && member.timestampFormat) return buildWriter(model, shape, jn, member.timestampFormat);
  return writerFor(model, shape, jn);
}

function buildWriter(model: ServiceModel, shape: Shape, jn: boolean, tsFormat: TimestampFormat | undefined): Writer {
  switch (shape.type) {
    case 'structure':
    case 'union':
      return structureWriter(model, shape, jn);
    case 'list': {
      let item: Writer | undefined;
      return (v) => {
        if (!Array.isArray(v)) {
          if (v instanceof Set) v = Array.from(v);
          else return undefined;
        }
        const a = v as unknown[];
        item ??= memberWriter(model, shape.member, model.shapes[shape.member.target] ?? DOCUMENT, jn);
        let out = '[';
        for (let i = 0; i < a.length; i++) {
          const x = a[i];
          out += (i === 0 ? '' : ',') + (x === undefined || x === null ? 'null' : (item(x) ?? 'null'));
        }
        return out + ']';
      };
    }
    case 'map': {
      let item: Writer | undefined;
      return (v) => {
        if (typeof v !== 'object' || v === null) return undefined;
        if (v instanceof Map) v = Object.fromEntries(v);
        item ??= memberWriter(model, shape.value, model.shapes[shape.value.target] ?? DOCUMENT, jn);
        const o = v as Record<string, unknown>;
        let out = '{';
        let first = true;
        for (const k in o) {
          const x = o[k];
          let s: string | undefined;
          if (x === undefined) continue;
          if (x === null) {
            if (!shape.sparse) continue;
            s = 'null';
          } else {
            s = item(x);
            if (s === undefined) continue;
          }
          out += (first ? '' : ',') + JSON.stringify(k) + ':' + s;
          first = false;
        }
        return out + '}';
      };
    }
    case 'string':
      return (v) => JSON.stringify(typeof v === 'string' ? v : String(v));
    case 'boolean':
      return (v) => (v === true || v === 'true' ? 'true' : v === false || v === 'false' ? 'false' : String(Boolean(v)));
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'bigInteger':
      return writeInteger;
    case 'float':
    case 'double':
      return writeDouble;
    case 'bigDecimal':
      return writeNumber;
    case 'timestamp': {
      const format = tsFormat ?? shape.timestampFormat ?? 'epoch-seconds';
      if (format === 'epoch-seconds') return writeEpochSeconds;
      return (v) => {
        try {
          return JSON.stringify(formatTimestamp(v, format));
        } catch {
          return undefined;
        }
      };
    }
    case 'blob':
      return (v) => '"' + toBuffer(v).toString('base64') + '"';
    default:
      return (v) => JSON.stringify(v);
  }
}

type MemberEntry = { key: string; write: Writer };

function structureWriter(model: ServiceModel, shape: StructureShape | UnionShape, jn: boolean): Writer {
  // Built on first use so that recursive shapes (a member targeting its own structure) work.
  let table: Map<string, MemberEntry> | undefined;
  const build = () => {
    const t = new Map<string, MemberEntry>();
    for (const name in shape.members) {
      const m = shape.members[name]!;
      const target = model.shapes[m.target] ?? DOCUMENT;
      t.set(name, { key: JSON.stringify(jn && m.jsonName ? m.jsonName : name) + ':', write: memberWriter(model, m, target, jn) });
    }
    return t;
  };
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    table ??= build();
    const o = v as Record<string, unknown>;
    let out = '{';
    let first = true;
    for (const k in o) {
      const x = o[k];
      if (x === undefined || x === null) continue;
      const e = table.get(k);
      if (!e) continue; // undeclared member: dropped
      const s = e.write(x);
      if (s === undefined) continue;
      out += first ? e.key + s : ',' + e.key + s;
      first = false;
    }
    return out + '}';
  };
}

function writeInteger(v: unknown): string | undefined {
  if (typeof v === 'bigint') return v.toString();
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return undefined;
  return String(Math.trunc(n));
}

function writeDouble(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : Number(v);
  if (Number.isInteger(n)) {
    const s = String(n);
    // 1e21 and up print in exponent form, which already reads as a float.
    return s.includes('e') ? s : s + '.0';
  }
  if (Number.isFinite(n)) return String(n);
  // JSON has no NaN/Infinity: Smithy sends them as strings, which every SDK parses back.
  return Number.isNaN(n) ? '"NaN"' : n > 0 ? '"Infinity"' : '"-Infinity"';
}

function writeNumber(v: unknown): string | undefined {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? String(n) : undefined;
}

function writeEpochSeconds(v: unknown): string | undefined {
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  else if (typeof v === 'string') ms = parseTimestamp(v, 'date-time')?.getTime() ?? NaN;
  else return undefined;
  return Number.isFinite(ms) ? String(ms / 1000) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading

const readers = [new WeakMap<Shape, Reader | null>(), new WeakMap<Shape, Reader | null>()];
/** Per model: names of shapes whose values need converting (timestamps, blobs, renamed members). */
const workSets = [new WeakMap<ServiceModel, Set<string>>(), new WeakMap<ServiceModel, Set<string>>()];

export function readJson(value: unknown, model: ServiceModel, shape: Shape, useJsonName: boolean): unknown {
  const r = readerFor(model, shape, useJsonName);
  return r && value !== undefined && value !== null ? r(value) : value;
}

/** null when values of the shape are kept as sent. */
function readerFor(model: ServiceModel, shape: Shape, jn: boolean): Reader | null {
  const cache = readers[jn ? 1 : 0]!;
  let r = cache.get(shape);
  if (r === undefined) {
    r = buildReader(model, shape, jn);
    cache.set(shape, r);
  }
  return r;
}

function targetReader(model: ServiceModel, m: MemberModel, jn: boolean): Reader | null {
  if (!workSet(model, jn).has(m.target)) return null;
  return readerFor(model, model.shapes[m.target]!, jn);
}

function buildReader(model: ServiceModel, shape: Shape, jn: boolean): Reader | null {
  switch (shape.type) {
    case 'timestamp':
      return readTimestamp;
    case 'blob':
      return readBlob;
    case 'float':
    case 'double':
      return readNonFinite;
    case 'list': {
      if (!workSet(model, jn).has(shape.member.target)) return null;
      let item: Reader | null = null;
      return (v) => {
        if (!Array.isArray(v)) return v;
        item ??= targetReader(model, shape.member, jn);
        for (let i = 0; i < v.length; i++) if (v[i] !== null && v[i] !== undefined) v[i] = item!(v[i]);
        return v;
      };
    }
    case 'map': {
      if (!workSet(model, jn).has(shape.value.target)) return null;
      let item: Reader | null = null;
      return (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
        item ??= targetReader(model, shape.value, jn);
        const o = v as Record<string, unknown>;
        for (const k in o) if (o[k] !== null && o[k] !== undefined) o[k] = item!(o[k]);
        return v;
      };
    }
    case 'structure':
    case 'union':
      return structureReader(model, shape, jn);
    default:
      return null;
  }
}

function structureReader(model: ServiceModel, shape: StructureShape | UnionShape, jn: boolean): Reader | null {
  const work = workSet(model, jn);
  let renames = false;
  let needed = false;
  for (const name in shape.members) {
    const m = shape.members[name]!;
    if (jn && m.jsonName && m.jsonName !== name) renames = needed = true;
    if (work.has(m.target)) needed = true;
  }
  if (!needed) return null;
  // Entries: [wire key, member name, reader or null]; built on first use (recursive shapes).
  let entries: Array<[string, string, Reader | null]> | undefined;
  let byWire: Map<string, [string, Reader | null]> | undefined;
  const build = () => {
    entries = [];
    byWire = new Map();
    for (const name in shape.members) {
      const m = shape.members[name]!;
      const wire = jn && m.jsonName ? m.jsonName : name;
      const r = targetReader(model, m, jn);
      byWire.set(wire, [name, r]);
      if (r) entries.push([wire, name, r]);
    }
  };
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    if (!entries) build();
    const o = v as Record<string, unknown>;
    if (!renames) {
      for (const [wire, , r] of entries!) {
        const x = o[wire];
        if (x !== undefined && x !== null) o[wire] = r!(x);
      }
      return o;
    }
    // jsonName differs from the member name: build a new object keyed by member names; keys the
    // model does not declare are dropped (they could not be addressed by member name anyway).
    const out: Record<string, unknown> = {};
    for (const k in o) {
      const e = byWire!.get(k);
      if (!e) continue;
      const x = o[k];
      out[e[0]] = e[1] && x !== undefined && x !== null ? e[1](x) : x;
    }
    return out;
  };
}

function readTimestamp(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? new Date(Math.round(v * 1000)) : v;
  // Deliberately lenient: botocore accepts ISO strings in JSON, so some tools send them.
  if (typeof v === 'string') return parseTimestamp(v, 'epoch-seconds') ?? v;
  return v;
}

/** JSON has no NaN/Infinity: Smithy's JSON protocols send them as the strings below. */
function readNonFinite(v: unknown): unknown {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}

function readBlob(v: unknown): unknown {
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  // CBOR byte strings decode to plain Uint8Arrays; the value conventions promise Buffers.
  if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return v;
}

function workSet(model: ServiceModel, jn: boolean): Set<string> {
  const cache = workSets[jn ? 1 : 0]!;
  let set = cache.get(model);
  if (set) return set;
  // Fixed point over the model: a shape needs work when it is a timestamp, blob or float/double
  // (NaN/Infinity arrive as strings), has a renamed
  // member (restJson1), or holds a shape that needs work. Handles recursive shapes.
  set = new Set<string>();
  const shapes = model.shapes;
  for (const name in shapes) {
    const s = shapes[name]!;
    if (s.type === 'timestamp' || s.type === 'blob' || s.type === 'float' || s.type === 'double') set.add(name);
    else if (jn && (s.type === 'structure' || s.type === 'union')) {
      for (const m in s.members) if (s.members[m]!.jsonName && s.members[m]!.jsonName !== m) set.add(name);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const name in shapes) {
      if (set.has(name)) continue;
      const s = shapes[name]!;
      let hit = false;
      if (s.type === 'list') hit = set.has(s.member.target);
      else if (s.type === 'map') hit = set.has(s.value.target);
      else if (s.type === 'structure' || s.type === 'union') {
        for (const m in s.members) if (set.has(s.members[m]!.target)) { hit = true; break; }
      }
      if (hit) {
        set.add(name);
        changed = true;
      }
    }
  }
  cache.set(model, set);
  return set;
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * A JSON error body: `{<prefix>,"message":...,<modeled members>}`. `prefix` is the first key/value
 * text (e.g. `"__type":"X"`), or '' for none. `fields` are the modeled members, written like any
 * output (coerced, undeclared ones dropped). The message goes under the member the error shape
 * declares (`message` or `Message`), and under `message` in every case: deliberately more than AWS
 * (which sends only `Message` for e.g. Lambda's ResourceNotFoundException), so that readers looking
 * only at `message` (tools, older clients, our own tests) find it too; no SDK minds the extra key.
 */
export function writeJsonError(
  message: string,
  fields: Record<string, unknown> | undefined,
  model: ServiceModel,
  shape: StructureShape | undefined,
  useJsonName: boolean,
  prefix: string,
): string {
  let msgKey: string | undefined;
  if (shape) msgKey = 'message' in shape.members ? 'message' : 'Message' in shape.members ? 'Message' : undefined;
  let inner = '{}';
  if (shape) {
    const value: Record<string, unknown> = fields ? { ...fields } : {};
    if (msgKey) value[msgKey] = message;
    inner = writeJson(value, model, shape, useJsonName);
  }
  let out = '{' + prefix;
  if (msgKey !== 'message') out += (prefix ? ',' : '') + '"message":' + JSON.stringify(message);
  if (inner.length > 2) out += (out.length > 1 ? ',' : '') + inner.slice(1, -1);
  return out + '}';
}
