// The storage of a table or an index: items by partition key in a hash map, each partition's items
// sorted by sort key (binary search for point reads and range starts), so GetItem and a partition
// Query cost the same whether the table holds ten thousand items or a million.
// Partitions keep a scan order (the order they were first written) so a Scan can resume from any
// LastEvaluatedKey; a partition emptied by deletes stays in that order as a tombstone.
//
// Items are held encoded, not as objects: one flat string per item (item-codec.ts: its size, then
// its attributes with names interned per collection), decoded on read, plus per sorted column
// (sort key; for an index also the table's key) the key value as text (keyText) in a parallel array,
// so a binary search never decodes an item. Every read therefore hands out a fresh object: nothing
// a caller does to it reaches the stored item.
//
// An index's collection orders items with equal index keys by the table's key (a deterministic
// order for pagination; DynamoDB leaves it unspecified) and holds projected copies.
import { decodeItem, encodedSize, encodeItem, Names } from './item-codec.js';
import { b64, compareNumbers, compareUtf8, itemSize, type AttributeValue, type Item, type KeyType } from './values.js';

export interface KeyDef {
  hash: string;
  hashType: KeyType;
  range?: string;
  rangeType?: KeyType;
}

/** A key value as the partition map's key. */
export function keyString(v: AttributeValue, type: KeyType): string {
  return type === 'S' ? v.S! : type === 'N' ? v.N! : b64(v.B!);
}

/** A key value as text that compareText orders as DynamoDB orders the values: strings as they are
 *  (UTF-8 order, compareUtf8), numbers canonical (compareNumbers), binaries one char per byte
 *  (latin1, so code-unit order is byte order). */
export function keyText(v: AttributeValue, type: KeyType): string {
  return type === 'S' ? v.S! : type === 'N' ? v.N! : Buffer.from(v.B!.buffer, v.B!.byteOffset, v.B!.byteLength).toString('latin1');
}

export function compareText(a: string, b: string, type: KeyType): number {
  if (type === 'S') return compareUtf8(a, b);
  if (type === 'N') return compareNumbers(a, b);
  return a === b ? 0 : a < b ? -1 : 1;
}

/** 32-bit FNV-1a of the partition key: which parallel-scan segment a partition falls in. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Partition {
  /** Encoded items (item-codec.ts), in order. */
  readonly rows: string[] = [];
  /** Per sorted column of the collection, the key texts of the items, parallel to rows. */
  readonly cols: string[][];
  constructor(
    readonly key: string,
    /** Position in the collection's scan order. */
    readonly ordinal: number,
    readonly hash: number,
    columns: number,
  ) {
    this.cols = [];
    for (let i = 0; i < columns; i++) this.cols.push([]);
  }

  get length(): number {
    return this.rows.length;
  }
}

export class Collection {
  readonly partitions = new Map<string, Partition>();
  readonly order: Partition[] = [];
  count = 0;
  /** The sorted columns: attribute and type, in comparison order (sort key, then table key). */
  readonly columns: { name: string; type: KeyType }[] = [];
  /** The attribute names of the encoded items. */
  readonly names = new Names();

  constructor(
    readonly key: KeyDef,
    /** The table's key, for an index: the tie-break between items with equal index keys. */
    readonly tableKey?: KeyDef,
  ) {
    if (key.range !== undefined) this.columns.push({ name: key.range, type: key.rangeType! });
    if (tableKey) {
      this.columns.push({ name: tableKey.hash, type: tableKey.hashType });
      if (tableKey.range !== undefined) this.columns.push({ name: tableKey.range, type: tableKey.rangeType! });
    }
  }

  /** Whether the item has this collection's key attributes with their types (sparse indexes). */
  hasKey(item: Item): boolean {
    const h = item[this.key.hash];
    if (h === undefined || h[this.key.hashType] === undefined) return false;
    if (this.key.range === undefined) return true;
    const r = item[this.key.range];
    return r !== undefined && r[this.key.rangeType!] !== undefined;
  }

  partitionOf(item: Item): string {
    return keyString(item[this.key.hash]!, this.key.hashType);
  }

  /** The compared key texts of an item (or a probe holding just those attributes). */
  texts(item: Item): string[] {
    const out: string[] = [];
    for (const c of this.columns) out.push(keyText(item[c.name]!, c.type));
    return out;
  }

  /** Order of two items within a partition: sort key, then (indexes) the table's key. */
  compare(a: Item, b: Item): number {
    for (const c of this.columns) {
      const r = compareText(keyText(a[c.name]!, c.type), keyText(b[c.name]!, c.type), c.type);
      if (r !== 0) return r;
    }
    return 0;
  }

  /** Order of the item at position i against key texts. */
  compareAt(p: Partition, i: number, texts: string[]): number {
    const cols = this.columns;
    for (let c = 0; c < cols.length; c++) {
      const r = compareText(p.cols[c]![i]!, texts[c]!, cols[c]!.type);
      if (r !== 0) return r;
    }
    return 0;
  }

  /** First position whose item is not before `probe` (which needs only the compared attributes). */
  lowerBound(p: Partition, probe: Item): number {
    return this.lowerBoundTexts(p, this.texts(probe));
  }

  lowerBoundTexts(p: Partition, texts: string[]): number {
    let lo = 0;
    let hi = p.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(p, mid, texts) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the item at position i has the key of `probe`. */
  isAt(p: Partition, i: number, probe: Item): boolean {
    return i < p.rows.length && this.compareAt(p, i, this.texts(probe)) === 0;
  }

  itemAt(p: Partition, i: number): Item {
    return decodeItem(p.rows[i]!, this.names);
  }

  sizeAt(p: Partition, i: number): number {
    return encodedSize(p.rows[i]!);
  }

  /** Bytes of a partition's items. */
  bytesOf(p: Partition | undefined): number {
    let n = 0;
    if (p) for (const r of p.rows) n += encodedSize(r);
    return n;
  }

  /** Every item, decoded, in scan order. */
  *all(): Generator<Item> {
    for (const p of this.order) for (const r of p.rows) yield decodeItem(r, this.names);
  }

  partition(key: string, create: boolean): Partition | undefined {
    let p = this.partitions.get(key);
    if (p === undefined && create) {
      p = new Partition(key, this.order.length, hash32(key), this.columns.length);
      this.partitions.set(key, p);
      this.order.push(p);
    }
    return p;
  }

  /** Position of the item with the probe's key: [partition, index], or undefined. */
  private find(probe: Item): [Partition, number] | undefined {
    const p = this.partitions.get(this.partitionOf(probe));
    if (p === undefined || p.rows.length === 0) return undefined;
    if (this.columns.length === 0) return [p, 0];
    const texts = this.texts(probe);
    const i = this.lowerBoundTexts(p, texts);
    return i < p.rows.length && this.compareAt(p, i, texts) === 0 ? [p, i] : undefined;
  }

  /** The stored item with the key of `probe` (a fresh copy), or undefined. */
  get(probe: Item): Item | undefined {
    const at = this.find(probe);
    return at === undefined ? undefined : decodeItem(at[0].rows[at[1]]!, this.names);
  }

  /** Inserts or replaces the item with the same key; returns the size of the one it replaced, or -1. */
  put(item: Item, size = itemSize(item)): number {
    const p = this.partition(this.partitionOf(item), true)!;
    const row = encodeItem(item, size, this.names);
    if (this.columns.length === 0) {
      const old = p.rows[0];
      p.rows[0] = row;
      if (old === undefined) this.count++;
      return old === undefined ? -1 : encodedSize(old);
    }
    const texts = this.texts(item);
    const i = this.lowerBoundTexts(p, texts);
    if (i < p.rows.length && this.compareAt(p, i, texts) === 0) {
      const old = p.rows[i]!;
      p.rows[i] = row;
      return encodedSize(old);
    }
    p.rows.splice(i, 0, row);
    for (let c = 0; c < texts.length; c++) p.cols[c]!.splice(i, 0, texts[c]!);
    this.count++;
    return -1;
  }

  /** Removes the item with the key of `probe`; returns its size, or -1 if there was none. */
  remove(probe: Item): number {
    const at = this.find(probe);
    if (at === undefined) return -1;
    const [p, i] = at;
    const old = p.rows[i]!;
    p.rows.splice(i, 1);
    for (const col of p.cols) col.splice(i, 1);
    this.count--;
    return encodedSize(old);
  }

  clear(): void {
    this.partitions.clear();
    this.order.length = 0;
    this.count = 0;
  }
}

/** Which segment of a parallel Scan a partition belongs to. */
export function segmentOf(p: Partition, totalSegments: number): number {
  return Math.floor((p.hash / 0x100000000) * totalSegments);
}
