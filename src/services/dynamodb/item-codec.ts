// The stored form of an item: one flat string, decoded on every read. A JS object per item and
// per attribute value (plus each value's string) costs several times the item's DynamoDB size; the
// encoded form costs about that size plus a few bytes per attribute. Strings keep their UTF-16 code
// units as they are, so the row stays a one-byte string (1 byte per char in V8) unless the item
// holds non-Latin-1 text.
//
//   row    := varint(size) attr*               size: itemSize, so reads never recompute it
//   attr   := varint(name id) value            names interned per collection (Names)
//   value  := 'S' str | 'N' str | 'B' bytes | 'T' | 'F' | '0'          (BOOL true/false, NULL)
//           | 's' varint(n) str*n | 'n' varint(n) str*n | 'b' varint(n) bytes*n     (SS, NS, BS)
//           | 'M' varint(n) (str value)*n | 'L' varint(n) value*n
//   str    := varint(length in UTF-16 units) units;   bytes := varint(length) one char per byte
//   varint := 7 bits per char, low first, chars >= 0x80 continue (all chars below 0x100)
import { setOwn, type AttributeValue, type Item } from './values.js';

/** A collection's attribute names: each stored once, items refer to them by number. */
export class Names {
  private readonly ids = new Map<string, number>();
  readonly list: string[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(name, id);
      this.list.push(name);
    }
    return id;
  }
}

function varint(n: number): string {
  if (n < 0x80) return String.fromCharCode(n);
  let s = '';
  while (n >= 0x80) {
    s += String.fromCharCode((n & 0x7f) | 0x80);
    n = Math.floor(n / 0x80);
  }
  return s + String.fromCharCode(n);
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

function encodeValue(v: AttributeValue, out: string[]): void {
  if (v.S !== undefined) out.push('S', varint(v.S.length), v.S);
  else if (v.N !== undefined) out.push('N', varint(v.N.length), v.N);
  else if (v.B !== undefined) {
    const s = latin1(v.B);
    out.push('B', varint(s.length), s);
  } else if (v.BOOL !== undefined) out.push(v.BOOL ? 'T' : 'F');
  else if (v.NULL !== undefined) out.push('0');
  else if (v.SS !== undefined || v.NS !== undefined) {
    const set = (v.SS ?? v.NS)!;
    out.push(v.SS !== undefined ? 's' : 'n', varint(set.length));
    for (const s of set) out.push(varint(s.length), s);
  } else if (v.BS !== undefined) {
    out.push('b', varint(v.BS.length));
    for (const b of v.BS) {
      const s = latin1(b);
      out.push(varint(s.length), s);
    }
  } else if (v.M !== undefined) {
    const keys = Object.keys(v.M);
    out.push('M', varint(keys.length));
    for (const k of keys) {
      out.push(varint(k.length), k);
      encodeValue(v.M[k]!, out);
    }
  } else {
    out.push('L', varint(v.L!.length));
    for (const x of v.L!) encodeValue(x, out);
  }
}

export function encodeItem(item: Item, size: number, names: Names): string {
  const out: string[] = [varint(size)];
  for (const k in item) {
    out.push(varint(names.id(k)));
    encodeValue(item[k]!, out);
  }
  // join builds one flat string (no rope of pieces kept alive).
  return out.join('');
}

// The decoder's cursor (decoding is synchronous and not re-entrant).
let row = '';
let pos = 0;

function readVarint(): number {
  let c = row.charCodeAt(pos++);
  if (c < 0x80) return c;
  let n = c & 0x7f;
  let scale = 0x80;
  for (;;) {
    c = row.charCodeAt(pos++);
    if (c < 0x80) return n + c * scale;
    n += (c & 0x7f) * scale;
    scale *= 0x80;
  }
}

function readStr(): string {
  const len = readVarint();
  const s = row.slice(pos, pos + len);
  pos += len;
  return s;
}

function readValue(): AttributeValue {
  const t = row.charCodeAt(pos++);
  switch (t) {
    case 83: // S
      return { S: readStr() };
    case 78: // N
      return { N: readStr() };
    case 66: // B
      return { B: Buffer.from(readStr(), 'latin1') };
    case 84: // T
      return { BOOL: true };
    case 70: // F
      return { BOOL: false };
    case 48: // 0
      return { NULL: true };
    case 115: // s
    case 110: { // n
      const n = readVarint();
      const set: string[] = [];
      for (let i = 0; i < n; i++) set.push(readStr());
      return t === 115 ? { SS: set } : { NS: set };
    }
    case 98: { // b
      const n = readVarint();
      const set: Uint8Array[] = [];
      for (let i = 0; i < n; i++) set.push(Buffer.from(readStr(), 'latin1'));
      return { BS: set };
    }
    case 77: { // M
      const n = readVarint();
      const m: Record<string, AttributeValue> = {};
      for (let i = 0; i < n; i++) {
        const k = readStr();
        setOwn(m, k, readValue());
      }
      return { M: m };
    }
    default: { // L
      const n = readVarint();
      const l: AttributeValue[] = [];
      for (let i = 0; i < n; i++) l.push(readValue());
      return { L: l };
    }
  }
}

export function decodeItem(encoded: string, names: Names): Item {
  row = encoded;
  pos = 0;
  readVarint();
  const list = names.list;
  const out: Item = {};
  const end = encoded.length;
  while (pos < end) {
    const name = list[readVarint()]!;
    setOwn(out, name, readValue());
  }
  row = '';
  return out;
}

/** The item's size, from the row's head. */
export function encodedSize(encoded: string): number {
  row = encoded;
  pos = 0;
  const n = readVarint();
  row = '';
  return n;
}
