// Durable records. A service declares its stores (a name, a scope, a format version) and keeps its
// state as plain rows in them: put a row when it changes, delete it when it goes. The live
// structures a service works with (SQS's heaps and linked lists, lookup maps) are indexes it builds
// from the rows when its state is created; they are never persisted as object graphs, so a
// refactor of the live structures never breaks a persisted directory.
//
// Writes are staged and committed together: in one transaction before a request's response is
// written (the chain's commit phase), after each run of timers, and otherwise at the latest on the
// next turn of the event loop (server/instance.ts drives this). Where the rows go is the journal's
// business (durable/journal.ts): SQLite under --persist, nowhere in memory mode. A service never
// knows which mode it runs in: the rows it loads are simply empty when nothing was persisted.
import type { Scope } from '../scoped-store.js';

export type { Scope };

export interface StoreSpec {
  /** Unique within the service, e.g. 'queues', 'messages'. */
  name: string;
  /** AWS's scope of the records: per account and region, per account, or global. */
  scope: Scope;
  /** The rows' format. A directory holding another version is refused unless `migrate` is given. */
  version: number;
  /** Upgrades a row written by an older version of this store (return undefined to drop it). */
  migrate?(row: unknown, fromVersion: number): unknown;
}

/** A persisted row with where it lives. `region` is '' above region scope, `account` '' for global. */
export interface StoredRow<Row> {
  account: string;
  region: string;
  key: string;
  row: Row;
}

/** A store's rows may each carry a **detail** (type `Detail`): a second value kept with the row
 *  that `load` and `loadPrefix` do not read, for what the live structures need not hold (SQS's
 *  message contents): a restore then reads only the rows, and the detail is read when needed. */
export interface Store<Row, Detail = never> {
  readonly spec: StoreSpec;
  /** False in memory mode, where put and delete keep nothing: a hot path may skip building rows. */
  readonly persistent: boolean;
  /** Every persisted row of the store (read once, when the service's state is created). */
  load(): Iterable<StoredRow<Row>>;
  /** The persisted rows of one account and region whose keys start with `prefix` (e.g. one SQS
   *  queue's messages), a page (array) at a time, without keys: a restore of a million rows then
   *  neither reads nor parses a million key strings. Pages come in key order; the order inside a
   *  page is key order in practice but not guaranteed (journal.ts rowPages): check it if it
   *  matters. */
  loadPrefix(account: string, region: string, prefix: string): Iterable<readonly Row[]>;
  /** The detail of the row under `key`, as this state last put it (staged writes included), or
   *  undefined. Memory mode keeps nothing, so there it is always undefined. */
  detail(account: string, region: string, key: string): Detail | undefined;
  /** Creates or replaces the row (keeping its detail, if it has one). The row is captured now:
   *  later changes to the object are not persisted until it is put again. `blobs` names the blob
   *  files the row refers to (blobs no row names are removed on start). */
  put(account: string, region: string, key: string, row: Row, blobs?: readonly string[]): void;
  /** Creates or replaces the row and its detail. */
  putWithDetail(account: string, region: string, key: string, row: Row, detail: Detail): void;
  /** Deletes the row and its detail. */
  delete(account: string, region: string, key: string): void;
}

/** The host's store factory (Host.stores). */
export interface Stores {
  /** The store `spec` of service `service`, declared once per service state. */
  open<Row, Detail = never>(service: string, spec: StoreSpec): Store<Row, Detail>;
  /** Commits what is staged now, for a write outside a request or timer that must be durable
   *  before the service goes on (SNS's new signing key, before anything is signed with it). */
  commit(): void;
}

/** The scope key a row is filed under: 'account/region', 'account' or ''. */
export function scopeKey(spec: StoreSpec, account: string, region: string): string {
  return spec.scope === 'region' ? `${account}/${region}` : spec.scope === 'account' ? account : '';
}

export function parseScopeKey(spec: StoreSpec, key: string): { account: string; region: string } {
  if (spec.scope === 'global') return { account: '', region: '' };
  if (spec.scope === 'account') return { account: key, region: '' };
  const slash = key.indexOf('/');
  return { account: key.slice(0, slash), region: key.slice(slash + 1) };
}
