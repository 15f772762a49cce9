// Scalars as text: HTTP headers, URI labels, query strings, awsQuery forms and XML element text all
// carry scalar values as strings. These two functions convert between that text and the value
// conventions of codec.ts (numbers, booleans, Date, Buffer), driven by the target shape.
//
// API:
//   parseScalarText(text, shape, tsFormat?, errorCode?)  text -> model-typed value; throws AwsError
//                                                         (default SerializationException, 400)
//   formatScalarText(value, shape, tsFormat?)            model value -> text (coercing loose types)
//   formatNumberText(n)                                   a number as text; NaN/Infinity by name
//
// `tsFormat` is the already resolved timestamp format (see timestampFormatOf in timestamps.ts); the
// default, date-time, is right for XML, query strings and labels; headers pass http-date.
// Numbers: text forms never need `3.0` (every parser reads "3" into a float member as 3.0); only
// JSON bodies do (see codecs/json-body.ts).
import { parseJsonDocument } from './json-depth.js';
import type { Shape } from '../models/types.js';
import { AwsError } from './errors.js';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamps.js';

export function parseScalarText(
  text: string,
  shape: Shape,
  tsFormat: TimestampFormat = 'date-time',
  errorCode = 'SerializationException',
): unknown {
  switch (shape.type) {
    case 'string':
      return text;
    case 'boolean': {
      const t = text.trim();
      if (t === 'true') return true;
      if (t === 'false') return false;
      // Be lenient about case: some older clients send "True"/"False" (boto2-era forms).
      const lower = t.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      throw fail(errorCode, text, 'boolean');
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'bigInteger': {
      const t = text.trim();
      const n = t === '' ? NaN : Number(t);
      if (!Number.isInteger(n)) throw fail(errorCode, text, shape.type);
      return n;
    }
    case 'float':
    case 'double':
    case 'bigDecimal': {
      const t = text.trim();
      if (t === 'NaN') return NaN;
      if (t === 'Infinity') return Infinity;
      if (t === '-Infinity') return -Infinity;
      const n = t === '' ? NaN : Number(t);
      if (!Number.isFinite(n)) throw fail(errorCode, text, shape.type);
      return n;
    }
    case 'timestamp': {
      const d = parseTimestamp(text, tsFormat);
      if (!d) throw fail(errorCode, text, 'timestamp');
      return d;
    }
    case 'blob':
      return Buffer.from(text, 'base64');
    case 'document':
      try {
        return parseJsonDocument(text);
      } catch {
        throw fail(errorCode, text, 'document');
      }
    default:
      // Aggregates never arrive as a single text; keep the text so the validator can report it.
      return text;
  }
}

export function formatScalarText(value: unknown, shape: Shape, tsFormat: TimestampFormat = 'date-time'): string {
  switch (shape.type) {
    case 'string':
      return typeof value === 'string' ? value : String(value);
    case 'boolean':
      return value === true || value === 'true' ? 'true' : 'false';
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'bigInteger':
      if (typeof value === 'bigint') return value.toString();
      return String(Math.trunc(Number(value)));
    case 'float':
    case 'double':
    case 'bigDecimal':
      return formatNumberText(Number(value));
    case 'timestamp':
      return formatTimestamp(value, tsFormat);
    case 'blob':
      return toBuffer(value).toString('base64');
    case 'document':
      return JSON.stringify(value);
    default:
      return String(value);
  }
}

/** A number as text: NaN, Infinity and -Infinity by name (Smithy's text form), else JS's shortest. */
export function formatNumberText(n: number): string {
  return String(n); // String() already gives "NaN", "Infinity", "-Infinity"
}

/** Buffer from a blob value (Buffer, Uint8Array, ArrayBuffer view, or a UTF-8 string). */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return Buffer.from(typeof value === 'string' ? value : String(value), 'utf8');
}

function fail(code: string, text: string, type: string): AwsError {
  const shown = text.length > 64 ? text.slice(0, 64) + '...' : text;
  return new AwsError(code, `Value '${shown}' cannot be converted to ${type}`, { status: 400 });
}
