// A DynamoDB stream: the records of every write to its table while it is enabled, with the
// configured StreamViewType, in one shard (AWS splits a stream into shards as the table's
// partitions grow; one shard is a valid topology and keeps order per item trivially). Records are
// durable rows (rows.ts RECORDS) and expire after 24 hours, as AWS's do.
import type { DynamoStores, StreamRecordRow, StreamRow } from './rows.js';
import { itemSize, itemToRow, type Item } from './values.js';

export const RETENTION_MS = 24 * 3600 * 1000;
const SEQ_BASE = 10n ** 20n;

export class StreamLog {
  readonly records: StreamRecordRow[] = [];
  /** Records trimmed from the front (retention): index i of `records` is ordinal i + trimmed. */
  trimmed = 0;
  private counter = 0n;
  readonly listeners = new Set<() => void>();

  constructor(
    readonly row: StreamRow,
    readonly account: string,
    readonly region: string,
    private readonly stores: DynamoStores,
    private readonly newId: () => string,
  ) {}

  /** A restored record (rows load in key order, which is sequence order). */
  restore(r: StreamRecordRow): void {
    this.records.push(r);
    const n = BigInt(r.seq) - SEQ_BASE;
    if (n >= this.counter) this.counter = n + 1n;
  }

  append(keyNames: readonly string[], old: Item | undefined, next: Item | undefined, at: number, byService: boolean): void {
    const vt = this.row.viewType;
    const keys: Record<string, unknown> = {};
    const src = (next ?? old)!;
    for (const k of keyNames) keys[k] = src[k];
    const seq = String(SEQ_BASE + this.counter++);
    const r: StreamRecordRow = {
      seq,
      eventID: this.newId(),
      eventName: old === undefined ? 'INSERT' : next === undefined ? 'REMOVE' : 'MODIFY',
      at: Math.floor(at / 1000),
      keys: itemToRow(keys as Item),
      size: itemSize(keys as Item) + (vt === 'NEW_IMAGE' || vt === 'NEW_AND_OLD_IMAGES' ? (next ? itemSize(next) : 0) : 0) + (vt === 'OLD_IMAGE' || vt === 'NEW_AND_OLD_IMAGES' ? (old ? itemSize(old) : 0) : 0),
      viewType: vt,
    };
    if (next && (vt === 'NEW_IMAGE' || vt === 'NEW_AND_OLD_IMAGES')) r.newImage = itemToRow(next);
    if (old && (vt === 'OLD_IMAGE' || vt === 'NEW_AND_OLD_IMAGES')) r.oldImage = itemToRow(old);
    if (byService) r.ttl = true;
    this.records.push(r);
    if (this.stores.records.persistent) this.stores.records.put(this.account, this.region, `${this.row.arn}\n${seq}`, r);
    for (const l of this.listeners) l();
  }

  /** Drops records older than the retention period (called before reads). */
  trim(now: number): void {
    let n = 0;
    const cutoff = Math.floor((now - RETENTION_MS) / 1000);
    while (n < this.records.length && this.records[n]!.at < cutoff) n++;
    if (n === 0) return;
    for (const r of this.records.slice(0, n)) if (this.stores.records.persistent) this.stores.records.delete(this.account, this.region, `${this.row.arn}\n${r.seq}`);
    this.records.splice(0, n);
    this.trimmed += n;
  }

  /** Index of the first record with a sequence number >= seq (or > seq when `after`). */
  position(seq: string, after: boolean): number {
    const s = BigInt(seq);
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = BigInt(this.records[mid]!.seq);
      if (m < s || (after && m === s)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get startingSequenceNumber(): string {
    return String(SEQ_BASE);
  }

  get lastSequenceNumber(): string | undefined {
    return this.counter === 0n ? undefined : String(SEQ_BASE + this.counter - 1n);
  }
}
