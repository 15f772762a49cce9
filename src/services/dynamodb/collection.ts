// The storage of a table or an index: items by partition key in a hash map, each partition's items
// in an array sorted by sort key (binary search for point reads and range starts), so GetItem and
// a partition Query cost the same whether the table holds ten thousand items or a million.
// Partitions keep a scan order (the order they were first written) so a Scan can resume from any
// LastEvaluatedKey; a partition emptied by deletes stays in that order as a tombstone.
//
// An index's collection orders items with equal index keys by the table's key (a deterministic
// order for pagination; DynamoDB leaves it unspecified) and holds projected copies.
import { b64, compareKeyValues, type AttributeValue, type Item, type KeyType } from './values.js';

export interface KeyDef {
  hash: string;
  hashType: KeyType;
  range?: string;
  rangeType?: KeyType;
}

export function keyString(v: AttributeValue, type: KeyType): string {
  return type === 'S' ? v.S! : type === 'N' ? v.N! : b64(v.B!);
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
  readonly items: Item[] = [];
  constructor(
    readonly key: string,
    /** Position in the collection's scan order. */
    readonly ordinal: number,
    readonly hash: number,
  ) {}
}

export class Collection {
  readonly partitions = new Map<string, Partition>();
  readonly order: Partition[] = [];
  count = 0;

  constructor(
    readonly key: KeyDef,
    /** The table's key, for an index: the tie-break between items with equal index keys. */
    readonly tableKey?: KeyDef,
  ) {}

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

  /** Order within a partition: sort key, then (indexes) the table's key. */
  compare(a: Item, b: Item): number {
    const k = this.key;
    if (k.range !== undefined) {
      const c = compareKeyValues(a[k.range]!, b[k.range]!, k.rangeType!);
      if (c !== 0) return c;
    }
    const t = this.tableKey;
    if (t === undefined) return 0;
    const c = compareKeyValues(a[t.hash]!, b[t.hash]!, t.hashType);
    if (c !== 0 || t.range === undefined) return c;
    return compareKeyValues(a[t.range]!, b[t.range]!, t.rangeType!);
  }

  /** First position whose item is not before `probe` (which needs only the compared attributes). */
  lowerBound(p: Partition, probe: Item): number {
    let lo = 0;
    let hi = p.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(p.items[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  partition(key: string, create: boolean): Partition | undefined {
    let p = this.partitions.get(key);
    if (p === undefined && create) {
      p = new Partition(key, this.order.length, hash32(key));
      this.partitions.set(key, p);
      this.order.push(p);
    }
    return p;
  }

  /** The stored item with the key of `probe`, or undefined. */
  get(probe: Item): Item | undefined {
    const p = this.partitions.get(this.partitionOf(probe));
    if (p === undefined) return undefined;
    if (this.key.range === undefined && this.tableKey === undefined) return p.items[0];
    const i = this.lowerBound(p, probe);
    const found = p.items[i];
    return found !== undefined && this.compare(found, probe) === 0 ? found : undefined;
  }

  /** Inserts or replaces the item with the same key; returns the one it replaced. */
  put(item: Item): Item | undefined {
    const p = this.partition(this.partitionOf(item), true)!;
    if (this.key.range === undefined && this.tableKey === undefined) {
      const old = p.items[0];
      p.items[0] = item;
      if (old === undefined) this.count++;
      return old;
    }
    const i = this.lowerBound(p, item);
    const found = p.items[i];
    if (found !== undefined && this.compare(found, item) === 0) {
      p.items[i] = item;
      return found;
    }
    p.items.splice(i, 0, item);
    this.count++;
    return undefined;
  }

  /** Removes the item with the key of `probe`; returns it. */
  remove(probe: Item): Item | undefined {
    const p = this.partitions.get(this.partitionOf(probe));
    if (p === undefined) return undefined;
    const i = this.key.range === undefined && this.tableKey === undefined ? 0 : this.lowerBound(p, probe);
    const found = p.items[i];
    if (found === undefined || this.compare(found, probe) !== 0) return undefined;
    p.items.splice(i, 1);
    this.count--;
    return found;
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
