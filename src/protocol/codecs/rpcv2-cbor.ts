// rpcv2Cbor (CloudWatch; the Go SDK v2's default): POST /service/<ServiceShape>/operation/<Op> (the
// router resolves it), body a CBOR map of the input structure keyed by member names.
//
// Every response, errors included, carries `smithy-protocol: rpc-v2-cbor` and
// `content-type: application/cbor` (the Go SDK rejects responses without them). Errors are a map
// with `__type` (the shape name), `message` and the modeled members; query-compatible services add
// `x-amzn-query-error` as in awsJson. An operation without output answers with an empty body.
//
// Decoding: protocol/cbor-decode.ts (tag 1 -> Date, byte strings -> Uint8Array, made Buffers by
// the model reader; 64-bit integers as numbers).
// Encoding is model-driven and hand-written, because AWS clients need what a generic encoder cannot be told per
// value: float/double members as floating-point (JS cannot tell 3.0 from the integer 3), long
// members beyond 32 bits as integers, timestamps as tag 1 + float64 (as the
// Smithy protocol tests do), and undeclared members dropped.
//
// API:
//   rpcv2Cbor                                   the Codec
//   encodeCbor(value, model, shape)             output value -> CBOR bytes (model-driven)
import type { MemberModel, OperationModel, ServiceModel, Shape } from '../../models/types.js';
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { decodeCbor } from '../cbor-decode.js';
import { AwsError, resolveError } from '../errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { toBuffer } from '../scalars.js';
import { toDate } from '../timestamps.js';
import { queryErrorHeader } from './aws-json.js';
import { readJson } from './json-body.js';

export const rpcv2Cbor: Codec = {
  protocol: 'rpcv2Cbor',

  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, _dc: DecodeContext): Input {
    if (req.body.length === 0) return {};
    let value: unknown;
    try {
      value = decodeCbor(req.body);
    } catch (e) {
      throw new AwsError('SerializationException', `Malformed CBOR body: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || value instanceof Date) {
      throw new AwsError('SerializationException', 'The request body must be a CBOR map');
    }
    const shape = op.input ? model.shapes[op.input] : undefined;
    if (!shape) return value as Input;
    try {
      // Tagged timestamps and byte strings arrive converted; this also accepts untagged epoch numbers.
      return readJson(value, model, shape, false) as Input;
    } catch (e) {
      throw new AwsError('SerializationException', `Cannot read the request body: ${(e as Error).message}`);
    }
  },

  encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
    const shape = op.output ? model.shapes[op.output] : undefined;
    return respond(200, shape ? encodeCbor(output ?? {}, model, shape) : Buffer.alloc(0), ec);
  },

  encodeError(error: AwsError, model: ServiceModel, _op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
    const r = resolveError(error, model);
    const value: Record<string, unknown> = { ...error.fields };
    let msgKey = 'message';
    if (r.shape && !('message' in r.shape.members) && 'Message' in r.shape.members) msgKey = 'Message';
    value[msgKey] = error.message;
    w.reset();
    // The map: __type, the message (if the shape does not declare it), then the shape's members.
    const members = r.shape?.members ?? {};
    // `message` always, besides a declared `Message` (see writeJsonError in json-body.ts).
    const declared = msgKey === 'message' && msgKey in members;
    w.head(5, countMembers(value, model, members) + (declared ? 1 : 2));
    w.text('__type');
    w.text(r.code);
    if (!declared) {
      w.text('message');
      w.text(error.message);
    }
    writeMembers(value, model, members);
    const res = respond(r.status, w.take(), ec);
    if (model.awsQueryCompatible) res.headers['x-amzn-query-error'] = queryErrorHeader(r);
    if (error.headers) Object.assign(res.headers, error.headers);
    return res;
  },
};

function respond(status: number, body: Buffer, ec: EncodeContext): HttpResponse {
  return {
    status,
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', 'x-amzn-requestid': ec.requestId },
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// A growable byte writer, reused across responses (encoding is synchronous).

class CborWriter {
  buf = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  reset(): void {
    this.pos = 0;
  }
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos)); // a copy: the buffer is reused
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  /** Major type + argument, smallest encoding. */
  head(major: number, n: number): void {
    this.ensure(9);
    const m = major << 5;
    const b = this.buf;
    if (n < 24) b[this.pos++] = m | n;
    else if (n < 0x100) {
      b[this.pos++] = m | 24;
      b[this.pos++] = n;
    } else if (n < 0x10000) {
      b[this.pos++] = m | 25;
      b.writeUInt16BE(n, this.pos);
      this.pos += 2;
    } else if (n < 0x100000000) {
      b[this.pos++] = m | 26;
      b.writeUInt32BE(n, this.pos);
      this.pos += 4;
    } else {
      b[this.pos++] = m | 27;
      b.writeUInt32BE(Math.floor(n / 0x100000000), this.pos);
      b.writeUInt32BE(n >>> 0, this.pos + 4);
      this.pos += 8;
    }
  }
  int(n: number): void {
    if (n >= 0) this.head(0, n);
    else this.head(1, -1 - n);
  }
  float64(n: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xfb;
    this.buf.writeDoubleBE(n, this.pos);
    this.pos += 8;
  }
  text(s: string): void {
    const n = s.length;
    if (n < 24) {
      // Short ASCII strings (member names, enums, ids): write the bytes directly.
      this.ensure(1 + n);
      const b = this.buf;
      const start = this.pos;
      b[start] = 0x60 | n;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + 1 + i] = c;
      }
      if (i === n) {
        this.pos = start + 1 + n;
        return;
      }
    }
    const len = Buffer.byteLength(s, 'utf8');
    this.head(3, len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  bytes(b: Uint8Array): void {
    this.head(2, b.byteLength);
    this.ensure(b.byteLength);
    this.buf.set(b, this.pos);
    this.pos += b.byteLength;
  }
  simple(byte: number): void {
    this.ensure(1);
    this.buf[this.pos++] = byte;
  }
}

const w = new CborWriter();
const DOCUMENT: Shape = { type: 'document' };

export function encodeCbor(value: unknown, model: ServiceModel, shape: Shape): Buffer {
  w.reset();
  if (!writeValue(value, model, shape)) w.simple(0xf6);
  return w.take();
}

/** Writes one value; false (nothing written) when it cannot be coerced to the shape's type. */
// A member-level timestampFormat does not apply: CBOR timestamps are always tag 1.
function writeValue(v: unknown, model: ServiceModel, shape: Shape): boolean {
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      w.head(5, countMembers(v as Record<string, unknown>, model, shape.members));
      writeMembers(v as Record<string, unknown>, model, shape.members);
      return true;
    }
    case 'list': {
      const a = Array.isArray(v) ? v : v instanceof Set ? Array.from(v) : undefined;
      if (!a) return false;
      const item = model.shapes[shape.member.target] ?? DOCUMENT;
      w.head(4, a.length);
      for (const x of a) if (x === undefined || x === null || !writeValue(x, model, item)) w.simple(0xf6);
      return true;
    }
    case 'map': {
      if (typeof v !== 'object' || v === null) return false;
      const o = (v instanceof Map ? Object.fromEntries(v) : v) as Record<string, unknown>;
      const item = model.shapes[shape.value.target] ?? DOCUMENT;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined && (o[k] !== null || shape.sparse));
      w.head(5, keys.length);
      for (const k of keys) {
        w.text(k);
        const x = o[k];
        if (x === null || !writeValue(x, model, item)) w.simple(0xf6);
      }
      return true;
    }
    case 'string':
      w.text(typeof v === 'string' ? v : String(v));
      return true;
    case 'boolean':
      w.simple(v === true || v === 'true' ? 0xf5 : 0xf4);
      return true;
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'bigInteger': {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return false;
      w.int(Math.trunc(n));
      return true;
    }
    case 'float':
    case 'double':
    case 'bigDecimal': {
      const n = typeof v === 'number' ? v : Number(v);
      w.float64(n);
      return true;
    }
    case 'timestamp': {
      let ms: number;
      try {
        ms = toDate(v).getTime();
      } catch {
        return false;
      }
      w.simple(0xc1);
      w.float64(ms / 1000);
      return true;
    }
    case 'blob':
      w.bytes(toBuffer(v));
      return true;
    default:
      writeDocument(v);
      return true;
  }
}

// A CBOR map states its size first: count the members that will be written, then write them (two
// cheap passes instead of buffering; undeclared and unconvertible members are skipped by both).
function countMembers(o: Record<string, unknown>, model: ServiceModel, members: Record<string, MemberModel>): number {
  let n = 0;
  for (const k in o) {
    const x = o[k];
    const m = members[k];
    if (x !== undefined && x !== null && m && coercible(x, model.shapes[m.target] ?? DOCUMENT)) n++;
  }
  return n;
}

function writeMembers(o: Record<string, unknown>, model: ServiceModel, members: Record<string, MemberModel>): void {
  for (const k in o) {
    const x = o[k];
    const m = members[k];
    if (x === undefined || x === null || !m) continue;
    const shape = model.shapes[m.target] ?? DOCUMENT;
    if (!coercible(x, shape)) continue;
    w.text(k);
    writeValue(x, model, shape);
  }
}

/** Whether writeValue will write something (checked up front because the map count comes first). */
function coercible(x: unknown, shape: Shape): boolean {
  switch (shape.type) {
    case 'structure':
    case 'union':
      return typeof x === 'object' && x !== null && !Array.isArray(x);
    case 'list':
      return Array.isArray(x) || x instanceof Set;
    case 'map':
      return typeof x === 'object' && x !== null;
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'bigInteger':
      return Number.isFinite(typeof x === 'number' ? x : Number(x));
    case 'timestamp':
      try {
        toDate(x);
        return true;
      } catch {
        return false;
      }
    default:
      return true;
  }
}

/** Documents: plain JSON-like values with their natural CBOR types. */
function writeDocument(v: unknown): void {
  if (v === null || v === undefined) w.simple(0xf6);
  else if (typeof v === 'string') w.text(v);
  else if (typeof v === 'boolean') w.simple(v ? 0xf5 : 0xf4);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) w.int(v);
    else w.float64(v);
  } else if (Array.isArray(v)) {
    w.head(4, v.length);
    for (const x of v) writeDocument(x);
  } else if (v instanceof Uint8Array) w.bytes(v);
  else if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
    w.head(5, keys.length);
    for (const k of keys) {
      w.text(k);
      writeDocument((v as Record<string, unknown>)[k]);
    }
  } else w.text(String(v));
}
