// Timestamps on the wire. Smithy has three formats:
//   epoch-seconds  1795773600 or 1795773600.123 (a number in JSON/CBOR, text in headers/query)
//   date-time      RFC 3339 / ISO 8601, e.g. 2026-11-27T10:00:00Z or 2026-11-27T10:00:00.123Z
//   http-date      RFC 7231 IMF-fixdate, e.g. Fri, 27 Nov 2026 10:00:00 GMT
// Protocol defaults: JSON/CBOR bodies epoch-seconds; query, ec2Query and XML bodies, labels and query
// strings date-time; HTTP headers http-date. A member-level or shape-level timestampFormat wins.
//
// API:
//   toDate(value)                       Date from a Date, epoch seconds (number) or timestamp text
//   toEpochSeconds(value)               epoch seconds (fractional when the time has milliseconds)
//   formatTimestamp(value, format)      text form, e.g. for headers, query strings and XML
//   parseTimestamp(text, format)        Date, or undefined when the text is not a timestamp
//   timestampFormatOf(member, shape, fallback)   the format that applies to a member
//
// Output: date-time is written with milliseconds (`2026-11-27T10:00:00.000Z`, as S3 does); JS v3,
// botocore and the Go SDK accept it with or without the fraction.
// Input is lenient on purpose (a deliberate difference from AWS, which rejects a wrong format): a
// text in another of the three formats is still accepted, because clients disagree on what they
// send (botocore writes date-time with microseconds, the CLI sometimes epoch numbers).
import type { MemberModel, Shape } from '../models/types.js';

export type TimestampFormat = 'date-time' | 'http-date' | 'epoch-seconds';

/** A Date from a Date, epoch seconds, or any of the three text formats. Throws TypeError otherwise. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError('Invalid Date');
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Not a timestamp: ${value}`);
    return new Date(Math.round(value * 1000));
  }
  if (typeof value === 'string') {
    const d = parseAnyTimestamp(value);
    if (d) return d;
  }
  throw new TypeError(`Not a timestamp: ${String(value)}`);
}

/** Epoch seconds; fractional when the time has milliseconds (1795773600.123). */
export function toEpochSeconds(value: unknown): number {
  return toDate(value).getTime() / 1000;
}

/** The text form of a timestamp in the given format. */
export function formatTimestamp(value: unknown, format: TimestampFormat): string {
  const d = toDate(value);
  switch (format) {
    case 'epoch-seconds':
      return String(d.getTime() / 1000);
    case 'http-date':
      // toUTCString is exactly RFC 7231's IMF-fixdate: "Fri, 27 Nov 2026 10:00:00 GMT".
      return d.toUTCString();
    default:
      return d.toISOString();
  }
}

/** Parse timestamp text in `format`; other formats are accepted too (see header). */
export function parseTimestamp(text: string, format: TimestampFormat): Date | undefined {
  const t = text.trim();
  if (format === 'epoch-seconds') return parseEpochText(t) ?? parseDateText(t);
  return parseDateText(t) ?? parseEpochText(t);
}

/** The format of a member: member trait, then target shape trait, then the protocol's default. */
export function timestampFormatOf(
  member: MemberModel | undefined,
  shape: Shape | undefined,
  fallback: TimestampFormat,
): TimestampFormat {
  return member?.timestampFormat ?? (shape && 'timestampFormat' in shape ? shape.timestampFormat : undefined) ?? fallback;
}

function parseAnyTimestamp(text: string): Date | undefined {
  const t = text.trim();
  return parseDateText(t) ?? parseEpochText(t);
}

function parseEpochText(t: string): Date | undefined {
  if (t === '') return undefined;
  const c = t.charCodeAt(0);
  // A leading digit or sign: epoch seconds ("1795773600", "1795773600.5", "-1", "1.7e9").
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43)) return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  // A bare year like "2026" is also a valid Number; epoch seconds win, as in every SDK's parser.
  return new Date(Math.round(n * 1000));
}

// RFC 3339 date-time; fractional seconds of any length, `Z` or an offset; lower-case t/z allowed.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})?$/;

function parseDateText(t: string): Date | undefined {
  const m = DATE_TIME.exec(t);
  if (m) {
    const frac = m[7] ? Number(('0.' + m[7]).slice(0, 5)) * 1000 : 0; // keep milliseconds precision
    let ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Math.round(frac));
    const zone = m[8];
    if (zone && zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
    }
    if (+m[2]! < 1 || +m[2]! > 12 || +m[3]! < 1 || +m[3]! > 31 || +m[4]! > 23 || +m[5]! > 59 || +m[6]! > 60) {
      return undefined;
    }
    return new Date(ms);
  }
  // http-date (IMF-fixdate, plus the obsolete RFC 850 and asctime forms Date.parse understands).
  // Require a letter first so that plain numbers never reach Date.parse's loose heuristics.
  const c = t.charCodeAt(0) | 0x20;
  if (c >= 97 && c <= 122) {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms)) return new Date(ms);
  }
  return undefined;
}
