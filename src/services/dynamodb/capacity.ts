// ConsumedCapacity and ItemCollectionMetrics as AWS documents them: a write costs one unit per
// started KB of the larger of the old and new item (and the same again in each index the write
// touches); a read one unit per started 4 KB, half for an eventually consistent read.
import type { Table } from './table.js';
import { itemSize, type Item } from './values.js';

export function writeUnits(old: Item | undefined, next: Item | undefined): number {
  const size = Math.max(old ? itemSize(old) : 0, next ? itemSize(next) : 0);
  return Math.max(1, Math.ceil(size / 1024));
}

export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

export function consumed(table: Table, mode: string | undefined, units: number, indexUnits?: Record<string, number>, read = false) {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  let total = units;
  for (const k in indexUnits ?? {}) total += indexUnits![k]!;
  const out: Record<string, unknown> = { TableName: table.name, CapacityUnits: total };
  if (read) out.ReadCapacityUnits = total;
  else out.WriteCapacityUnits = total;
  if (mode === 'INDEXES') {
    out.Table = read ? { CapacityUnits: units, ReadCapacityUnits: units } : { CapacityUnits: units, WriteCapacityUnits: units };
    const gsi: Record<string, unknown> = {};
    const lsi: Record<string, unknown> = {};
    for (const k in indexUnits ?? {}) {
      const u = indexUnits![k]!;
      (table.indexes.get(k)!.global ? gsi : lsi)[k] = read ? { CapacityUnits: u, ReadCapacityUnits: u } : { CapacityUnits: u, WriteCapacityUnits: u };
    }
    if (Object.keys(gsi).length) out.GlobalSecondaryIndexes = gsi;
    if (Object.keys(lsi).length) out.LocalSecondaryIndexes = lsi;
  }
  return out;
}

/** The write units of each index a write touches. */
export function indexWriteUnits(table: Table, old: Item | undefined, next: Item | undefined): Record<string, number> | undefined {
  if (!table.indexes.size) return undefined;
  const out: Record<string, number> = {};
  for (const [name, ix] of table.indexes) {
    const o = old && ix.data.hasKey(old) ? table.projectFor(ix, old) : undefined;
    const n = next && ix.data.hasKey(next) ? table.projectFor(ix, next) : undefined;
    if (!o && !n) continue;
    // An update that moves an item within an index is a delete plus a put there.
    const moved = o && n && ix.data.compare(o, n) !== 0 ? 2 : 1;
    out[name] = writeUnits(o, n) * moved;
  }
  return out;
}

/** ReturnItemCollectionMetrics SIZE: only for tables with local secondary indexes. */
export function collectionMetrics(table: Table, mode: string | undefined, item: Item | undefined) {
  if (mode !== 'SIZE' || !item) return undefined;
  let lsi = false;
  for (const ix of table.indexes.values()) if (!ix.global) lsi = true;
  if (!lsi) return undefined;
  const hash = table.key.hash;
  const p = table.items.partitions.get(table.items.partitionOf(item));
  let bytes = table.items.bytesOf(p);
  for (const ix of table.indexes.values()) {
    if (ix.global) continue;
    const q = ix.data.partitions.get(ix.data.partitionOf(item));
    bytes += ix.data.bytesOf(q);
  }
  const gb = bytes / 2 ** 30;
  return { ItemCollectionKey: { [hash]: item[hash]! }, SizeEstimateRangeGB: [Math.floor(gb), Math.floor(gb) + 1] };
}
