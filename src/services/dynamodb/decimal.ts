// DynamoDB's Number: an exact decimal of up to 38 significant digits, magnitudes from 1E-130 to
// 9.99...E+125 (and zero). Never a JavaScript float: a number is an integer coefficient (BigInt,
// no trailing zeros) times a power of ten, so 0.1 + 0.2 is exactly 0.3 and 38-digit integers keep
// every digit. Text is normalized as DynamoDB returns it: no exponent, no leading or trailing
// zeros, no '+', "-0" is "0".
//
// API:
//   parseNumber(text)          Decimal, or throws the ValidationException DynamoDB answers
//   formatNumber(d)            canonical text
//   normalizeNumber(text)      formatNumber(parseNumber(text))
//   compareDecimal(a, b)       -1 / 0 / 1
//   addDecimal(a, b), subtractDecimal(a, b)   exact, checked against the limits
import { AwsError } from '../../protocol/errors.js';

export interface Decimal {
  /** |value| = coefficient * 10^exponent; coefficient has no trailing zeros (0n for zero). */
  readonly coefficient: bigint;
  readonly exponent: number;
  readonly negative: boolean;
  /** Significant digits of the coefficient (0 for zero). */
  readonly digits: number;
}

const MAX_DIGITS = 38;
const MAX_ADJUSTED = 125;
const MIN_ADJUSTED = -130;
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const ZERO: Decimal = { coefficient: 0n, exponent: 0, negative: false, digits: 0 };

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function parseNumber(text: string): Decimal {
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw invalid(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  const fraction = m[3] ?? '';
  let all = (m[2]! + fraction).replace(/^0+/, '');
  let exponent = (m[4] ? Number(m[4]) : 0) - fraction.length;
  if (!Number.isSafeInteger(exponent)) throw invalid(`The parameter cannot be converted to a numeric value: ${text}`);
  if (all === '') return ZERO;
  const trimmed = all.replace(/0+$/, '');
  exponent += all.length - trimmed.length;
  all = trimmed;
  return checked({ coefficient: BigInt(all), exponent, negative: m[1] === '-', digits: all.length });
}

function checked(d: Decimal): Decimal {
  if (d.digits === 0) return ZERO;
  if (d.digits > MAX_DIGITS) throw invalid('Attempting to store more than 38 significant digits in a Number');
  const adjusted = d.digits - 1 + d.exponent;
  if (adjusted > MAX_ADJUSTED) throw invalid('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (adjusted < MIN_ADJUSTED) throw invalid('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  return d;
}

export function formatNumber(d: Decimal): string {
  if (d.digits === 0) return '0';
  const s = d.coefficient.toString();
  const sign = d.negative ? '-' : '';
  if (d.exponent >= 0) return sign + s + '0'.repeat(d.exponent);
  const point = s.length + d.exponent;
  if (point > 0) return sign + s.slice(0, point) + '.' + s.slice(point);
  return sign + '0.' + '0'.repeat(-point) + s;
}

/** Canonical text of a number; the fast path leaves plain integers without leading zeros alone. */
export function normalizeNumber(text: string): string {
  if (text.length < 16 && /^-?[1-9]\d*$/.test(text)) return text;
  return formatNumber(parseNumber(text));
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const sa = a.digits === 0 ? 0 : a.negative ? -1 : 1;
  const sb = b.digits === 0 ? 0 : b.negative ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const mag = compareMagnitude(a, b);
  return sa > 0 ? mag : -mag;
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  const ea = a.digits + a.exponent;
  const eb = b.digits + b.exponent;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const e = Math.min(a.exponent, b.exponent);
  const ca = a.coefficient * 10n ** BigInt(a.exponent - e);
  const cb = b.coefficient * 10n ** BigInt(b.exponent - e);
  return ca === cb ? 0 : ca < cb ? -1 : 1;
}

function fromSigned(value: bigint, exponent: number): Decimal {
  if (value === 0n) return ZERO;
  const negative = value < 0n;
  let c = negative ? -value : value;
  while (c % 10n === 0n) {
    c /= 10n;
    exponent++;
  }
  return { coefficient: c, exponent, negative, digits: c.toString().length };
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.digits === 0) return b;
  if (b.digits === 0) return a;
  const e = Math.min(a.exponent, b.exponent);
  const va = (a.negative ? -a.coefficient : a.coefficient) * 10n ** BigInt(a.exponent - e);
  const vb = (b.negative ? -b.coefficient : b.coefficient) * 10n ** BigInt(b.exponent - e);
  return checked(fromSigned(va + vb, e));
}

export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  return addDecimal(a, b.digits === 0 ? b : { ...b, negative: !b.negative });
}

/** The size DynamoDB charges for a number: about one byte per two significant digits, plus one. */
export function numberSize(text: string): number {
  const d = parseNumber(text);
  return Math.ceil(Math.max(d.digits, 1) / 2) + 1;
}
