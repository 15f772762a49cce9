// AttributeValues: checking and normalizing what a client sends (exactly one type, numbers
// canonical, sets non-empty and without duplicates), item size as AWS computes it, and the order
// of key values (numbers numerically, binary by bytes, strings by their UTF-8 bytes).
//
// API:
//   checkItem(item) / checkValue(v)      validate + normalize in place; throws ValidationException
//   itemSize(item), valueSize(v)          bytes, as AWS documents item size
//   compareKeyValues(a, b, type)          -1 / 0 / 1 for S, N, B key values
//   compareUtf8(a, b)                     UTF-8 byte order of two JS strings
//   valuesEqual(a, b)                     DynamoDB equality (sets unordered)
//   typeOf(v)                             'S' | 'N' | ...
import { AwsError } from '../../protocol/errors.js';
import { compareDecimal, normalizeNumber, parseNumber } from './decimal.js';

export type AttributeValue = {
  S?: string;
  N?: string;
  B?: Uint8Array;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
  M?: Record<string, AttributeValue>;
  L?: AttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
};
export type Item = Record<string, AttributeValue>;
export type ValueType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';
export type KeyType = 'S' | 'N' | 'B';

export const MAX_ITEM_SIZE = 400 * 1024;

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

export function typeOf(v: AttributeValue): ValueType {
  for (const k in v) if ((v as Record<string, unknown>)[k] !== undefined) return k as ValueType;
  return undefined as never;
}

const SET_NAMES: Record<string, string> = { SS: 'string', NS: 'number', BS: 'binary' };

/** Validates and normalizes one value in place (numbers canonical). */
export function checkValue(v: AttributeValue, depth = 0): void {
  let type: string | undefined;
  let count = 0;
  for (const k in v) {
    if ((v as Record<string, unknown>)[k] === undefined) continue;
    type = k;
    count++;
  }
  if (count === 0) throw invalid('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  if (count > 1) throw invalid('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
  switch (type) {
    case 'S':
    case 'B':
    case 'BOOL':
      return;
    case 'N':
      v.N = normalizeNumber(v.N!);
      return;
    case 'NULL':
      if (v.NULL !== true) throw invalid('One or more parameter values were invalid: Null attribute value types must have the value of true');
      return;
    case 'SS':
    case 'NS':
    case 'BS': {
      const set = (v as Record<string, unknown[]>)[type]!;
      if (set.length === 0) throw invalid(`One or more parameter values were invalid: An ${SET_NAMES[type]} set  may not be empty`);
      if (type === 'NS') v.NS = v.NS!.map(normalizeNumber);
      const keys = type === 'BS' ? (set as Uint8Array[]).map((b) => Buffer.from(b).toString('base64')) : ((v as Record<string, string[]>)[type] as string[]);
      if (new Set(keys).size !== keys.length) {
        const shown = type === 'BS' ? keys : (v as Record<string, string[]>)[type]!;
        throw invalid(`One or more parameter values were invalid: Input collection [${shown.join(', ')}] contains duplicates.`);
      }
      return;
    }
    case 'M':
      if (depth >= 32) throw invalid('Nesting Levels have exceeded supported limits');
      for (const k in v.M!) checkValue(v.M![k]!, depth + 1);
      return;
    case 'L':
      if (depth >= 32) throw invalid('Nesting Levels have exceeded supported limits');
      for (const x of v.L!) checkValue(x, depth + 1);
      return;
    default:
      throw invalid('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
  }
}

export function checkItem(item: Item): void {
  for (const k in item) checkValue(item[k]!);
}

function utf8Length(s: string): number {
  // ASCII fast path: most names and many values.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s);
  return s.length;
}

function numberBytes(n: string): number {
  let digits = 0;
  let started = false;
  let trailing = 0;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (c === 48 && !started) continue;
    started = true;
    digits++;
    trailing = c === 48 ? trailing + 1 : 0;
  }
  return Math.ceil(Math.max(digits - trailing, 1) / 2) + 1;
}

/** A value's size: strings and binaries their bytes, numbers ~1 byte per 2 digits + 1, booleans and
 *  nulls 1, lists and maps 3 bytes plus 1 per element plus their elements (map keys included). */
export function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8Length(v.S);
  if (v.N !== undefined) return numberBytes(v.N);
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + utf8Length(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + numberBytes(s), 0);
  if (v.BS) return v.BS.reduce((n, b) => n + b.length, 0);
  let size = 3;
  if (v.M) for (const k in v.M) size += 1 + utf8Length(k) + valueSize(v.M[k]!);
  if (v.L) for (const x of v.L) size += 1 + valueSize(x);
  return size;
}

/** Items are never changed once stored (every write stores a new object): sizes are cached. */
const sizes = new WeakMap<Item, number>();

export function itemSize(item: Item): number {
  let cached = sizes.get(item);
  if (cached === undefined) sizes.set(item, (cached = computeItemSize(item)));
  return cached;
}

function computeItemSize(item: Item): number {
  let size = 0;
  for (const k in item) size += utf8Length(k) + valueSize(item[k]!);
  return size;
}

/** UTF-8 byte order without encoding: at the first differing UTF-16 unit, surrogates (code points
 *  above U+FFFF) sort after every BMP character, as their UTF-8 lead bytes do. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Whether n is canonical: /^-?(0|[1-9]\d*)(\.\d*[1-9])?$/, without a regex call (key compares run
 *  it at every step of a binary search). */
function isCanonical(n: string): boolean {
  let i = n.charCodeAt(0) === 45 ? 1 : 0;
  const len = n.length;
  if (i >= len) return false;
  let c = n.charCodeAt(i);
  if (c === 48) i++;
  else {
    if (c < 49 || c > 57) return false;
    for (i++; i < len; i++) {
      c = n.charCodeAt(i);
      if (c < 48 || c > 57) break;
    }
  }
  if (i === len) return true;
  if (n.charCodeAt(i) !== 46 || i + 1 === len) return false;
  for (i++; i < len; i++) {
    c = n.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return c !== 48;
}

/** Order of two numbers. Stored and compared numbers are canonical (checkValue normalizes every
 *  number a request brings), so the text orders them without parsing: sign, then the length of
 *  the integer part, then the digits. Anything else goes through the decimal parser. */
export function compareNumbers(a: string, b: string): number {
  if (a === b) return 0;
  if (!isCanonical(a) || !isCanonical(b)) return compareDecimal(parseNumber(a), parseNumber(b));
  const na = a.charCodeAt(0) === 45;
  const nb = b.charCodeAt(0) === 45;
  if (na !== nb) return na ? -1 : 1;
  const x = na ? a.slice(1) : a;
  const y = nb ? b.slice(1) : b;
  const ix = x.indexOf('.');
  const iy = y.indexOf('.');
  const lx = ix < 0 ? x.length : ix;
  const ly = iy < 0 ? y.length : iy;
  let c = lx !== ly ? (lx < ly ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;
  if (na) c = -c;
  return c;
}

export function compareKeyValues(a: AttributeValue, b: AttributeValue, type: KeyType): number {
  if (type === 'S') return compareUtf8(a.S!, b.S!);
  if (type === 'N') return compareNumbers(a.N!, b.N!);
  return Buffer.compare(a.B!, b.B!);
}

function sameSet(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const t = typeOf(a);
  if (t !== typeOf(b)) return false;
  switch (t) {
    case 'S':
      return a.S === b.S;
    case 'N':
      return compareNumbers(a.N!, b.N!) === 0;
    case 'B':
      return Buffer.compare(a.B!, b.B!) === 0;
    case 'BOOL':
      return a.BOOL === b.BOOL;
    case 'NULL':
      return true;
    case 'SS':
      return sameSet(a.SS!, b.SS!);
    case 'NS':
      return sameSet(a.NS!, b.NS!);
    case 'BS':
      return sameSet(a.BS!.map(b64), b.BS!.map(b64));
    case 'L':
      return a.L!.length === b.L!.length && a.L!.every((x, i) => valuesEqual(x, b.L![i]!));
    case 'M': {
      const ka = Object.keys(a.M!);
      if (ka.length !== Object.keys(b.M!).length) return false;
      return ka.every((k) => Object.hasOwn(b.M!, k) && valuesEqual(a.M![k]!, b.M![k]!));
    }
  }
  return false;
}

export function b64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}

/** A deep copy (items handed out must not alias stored ones). */
export function cloneValue(v: AttributeValue): AttributeValue {
  if (v.M) {
    const m: Record<string, AttributeValue> = {};
    for (const k in v.M) setOwn(m, k, cloneValue(v.M[k]!));
    return { M: m };
  }
  if (v.L) return { L: v.L.map(cloneValue) };
  if (v.SS) return { SS: [...v.SS] };
  if (v.NS) return { NS: [...v.NS] };
  if (v.BS) return { BS: [...v.BS] };
  return v;
}

export function cloneItem(item: Item): Item {
  const out: Item = {};
  for (const k in item) setOwn(out, k, cloneValue(item[k]!));
  return out;
}

/** obj[k] = v, also for an attribute named __proto__ (a plain assignment would set the prototype). */
export function setOwn<T>(obj: Record<string, T>, k: string, v: T): void {
  if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[k] = v;
}

// ------------------------------------------------------------------------------ rows

/** A value as JSON-safe data (binaries base64) for durable rows and stream records. */
export function toRowValue(v: AttributeValue): unknown {
  if (v.B !== undefined) return { B: b64(v.B) };
  if (v.BS) return { BS: v.BS.map(b64) };
  if (v.M) {
    const m: Record<string, unknown> = {};
    for (const k in v.M) m[k] = toRowValue(v.M[k]!);
    return { M: m };
  }
  if (v.L) return { L: v.L.map(toRowValue) };
  return v;
}

export function fromRowValue(v: any): AttributeValue {
  if (v.B !== undefined) return { B: Buffer.from(v.B, 'base64') };
  if (v.BS) return { BS: v.BS.map((s: string) => Buffer.from(s, 'base64')) };
  if (v.M) {
    const m: Record<string, AttributeValue> = {};
    for (const k in v.M) setOwn(m, k, fromRowValue(v.M[k]));
    return { M: m };
  }
  if (v.L) return { L: v.L.map(fromRowValue) };
  return v;
}

export function itemToRow(item: Item): Record<string, unknown> {
  let binary = false;
  for (const k in item) {
    const v = item[k]!;
    if (v.B !== undefined || v.BS || v.M || v.L) binary = true;
  }
  if (!binary) return item;
  const out: Record<string, unknown> = {};
  for (const k in item) out[k] = toRowValue(item[k]!);
  return out;
}

export function itemFromRow(row: Record<string, unknown>): Item {
  const out: Item = {};
  for (const k in row) setOwn(out, k, fromRowValue(row[k]));
  return out;
}
