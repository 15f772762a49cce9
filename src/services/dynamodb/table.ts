// A live table: its definition (the TableRow), its items (collection.ts) and its secondary
// indexes, kept in step by one write path (Table.write) that also puts the durable row, appends
// the stream record and tracks TTL deadlines. Every write goes through it, in the request that
// makes it, so it commits before the response is written (the chain's commit phase).
import { Collection, keyString, type KeyDef } from './collection.js';
import type { DynamoStores, IndexRow, TableRow } from './rows.js';
import type { StreamLog } from './stream-log.js';
import { itemSize, itemToRow, type Item, type KeyType } from './values.js';

export interface LiveIndex {
  row: IndexRow;
  global: boolean;
  key: KeyDef;
  data: Collection;
  /** Bytes of the projected items. */
  sizeBytes: number;
}

export function keyDefOf(row: { KeySchema: IndexRow['KeySchema'] }, types: Record<string, KeyType>): KeyDef {
  const hash = row.KeySchema.find((k) => k.KeyType === 'HASH')!.AttributeName;
  const range = row.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return { hash, hashType: types[hash]!, range, rangeType: range === undefined ? undefined : types[range] };
}

export class Table {
  readonly key: KeyDef;
  readonly items: Collection;
  readonly indexes = new Map<string, LiveIndex>();
  sizeBytes = 0;
  /** TTL deadlines (epoch seconds): a min-heap of [deadline, the item's key] checked lazily (the
   *  sweep rereads the item and deletes it only if its TTL attribute still says that deadline). */
  ttlHeap: [number, Item][] = [];
  /** The stream being written, while the table's stream is enabled. */
  stream?: StreamLog;

  constructor(
    public row: TableRow,
    readonly account: string,
    readonly region: string,
    private readonly stores: DynamoStores,
  ) {
    const types = this.attributeTypes();
    this.key = keyDefOf(row, types);
    this.items = new Collection(this.key);
    for (const ix of row.LocalSecondaryIndexes) this.addIndex(ix, false);
    for (const ix of row.GlobalSecondaryIndexes) this.addIndex(ix, true);
  }

  get name(): string {
    return this.row.TableName;
  }

  attributeTypes(): Record<string, KeyType> {
    const t: Record<string, KeyType> = Object.create(null);
    for (const d of this.row.AttributeDefinitions) t[d.AttributeName] = d.AttributeType;
    return t;
  }

  keyNames(): string[] {
    return this.key.range === undefined ? [this.key.hash] : [this.key.hash, this.key.range];
  }

  /** Builds an index over the items already stored (CreateTable, UpdateTable's Create, restore). */
  addIndex(row: IndexRow, global: boolean): LiveIndex {
    const key = keyDefOf(row, this.attributeTypes());
    const ix: LiveIndex = { row, global, key, data: new Collection(key, this.key), sizeBytes: 0 };
    this.indexes.set(row.IndexName, ix);
    for (const item of this.items.all()) this.indexPut(ix, item);
    return ix;
  }

  /** The item as the index holds it: its keys, the table's keys and the projected attributes. */
  projectFor(ix: LiveIndex, item: Item): Item {
    const p = ix.row.Projection;
    if (p.ProjectionType === 'ALL') return item;
    const out: Item = {};
    const names = [...this.keyNames(), ix.key.hash, ...(ix.key.range ? [ix.key.range] : []), ...(p.ProjectionType === 'INCLUDE' ? (p.NonKeyAttributes ?? []) : [])];
    for (const n of names) if (Object.hasOwn(item, n)) out[n] = item[n]!;
    return out;
  }

  private indexPut(ix: LiveIndex, item: Item): void {
    if (!ix.data.hasKey(item)) return;
    const projected = this.projectFor(ix, item);
    const size = itemSize(projected);
    const replaced = ix.data.put(projected, size);
    ix.sizeBytes += size - (replaced < 0 ? 0 : replaced);
  }

  private indexRemove(ix: LiveIndex, item: Item): void {
    if (!ix.data.hasKey(item)) return;
    const old = ix.data.remove(item);
    if (old >= 0) ix.sizeBytes -= old;
  }

  /** The stored item with the probe's key, as a fresh object the caller may keep or change. */
  get(probe: Item): Item | undefined {
    return this.items.get(probe);
  }

  itemKey(item: Item): string {
    const k = this.key;
    const h = keyString(item[k.hash]!, k.hashType);
    return k.range === undefined ? `${this.name}\n${h}` : `${this.name}\n${h}\n${keyString(item[k.range]!, k.rangeType!)}`;
  }

  /** The one write path: `next` replaces `old` (either may be undefined). `byService`: a TTL
   *  deletion (its stream record names the service as the actor). */
  write(old: Item | undefined, next: Item | undefined, at: number, byService = false): void {
    if (old === undefined && next === undefined) return;
    // The collection answers the replaced item's size from its stored form (no recount).
    if (next !== undefined) {
      const size = itemSize(next);
      const replaced = this.items.put(next, size);
      this.sizeBytes += size - (replaced < 0 ? 0 : replaced);
    } else {
      const removed = this.items.remove(old!);
      if (removed >= 0) this.sizeBytes -= removed;
    }
    if (this.indexes.size) {
      for (const ix of this.indexes.values()) {
        if (old !== undefined) this.indexRemove(ix, old);
        if (next !== undefined) this.indexPut(ix, next);
      }
    }
    const store = this.stores.items;
    if (store.persistent) {
      const key = this.itemKey((next ?? old)!);
      if (next !== undefined) store.put(this.account, this.region, key, itemToRow(next));
      else store.delete(this.account, this.region, key);
    }
    if (this.stream) this.stream.append(this.keyNames(), old, next, at, byService);
    const ttl = this.row.Ttl;
    if (ttl?.Enabled && next !== undefined) this.trackTtl(next);
  }

  /** An item loaded from its durable row: indexed, counted and TTL-tracked, nothing written. */
  restoreItem(item: Item): void {
    this.items.put(item, itemSize(item));
    for (const ix of this.indexes.values()) this.indexPut(ix, item);
    this.sizeBytes += itemSize(item);
    if (this.row.Ttl?.Enabled) this.trackTtl(item);
  }

  trackTtl(item: Item): void {
    const v = item[this.row.Ttl!.AttributeName];
    if (v?.N === undefined) return;
    const deadline = Number(v.N);
    if (!Number.isFinite(deadline)) return;
    const k = this.key;
    const key: Item = { [k.hash]: item[k.hash]! };
    if (k.range !== undefined) key[k.range] = item[k.range]!;
    heapPush(this.ttlHeap, [deadline, key]);
  }

  /** Drops every item's durable row (DeleteTable). */
  dropRows(): void {
    if (!this.stores.items.persistent) return;
    for (const item of this.items.all()) this.stores.items.delete(this.account, this.region, this.itemKey(item));
  }
}

export function heapPush(h: [number, Item][], e: [number, Item]): void {
  h.push(e);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p]![0] <= h[i]![0]) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

export function heapPop(h: [number, Item][]): [number, Item] | undefined {
  if (h.length === 0) return undefined;
  const top = h[0]!;
  const last = h.pop()!;
  if (h.length) {
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]![0] < h[m]![0]) m = l;
      if (r < h.length && h[r]![0] < h[m]![0]) m = r;
      if (m === i) break;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
  return top;
}
