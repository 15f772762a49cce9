// DynamoDB's state: live tables per account and region, built from the durable rows on creation
// (tables, then their items, which rebuild every index, then stream records), the idempotency
// tokens of recent transactions, and the TTL sweeper on the host's scheduler.
import { AwsError } from '../../protocol/errors.js';
import { ScopedStore } from '../../state/scoped-store.js';
import type { Timer } from '../../state/scheduler.js';
import type { Host } from '../host.js';
import { openDynamoStores, type DynamoStores, type TableRow } from './rows.js';
import { StreamLog } from './stream-log.js';
import { Table } from './table.js';
import { itemFromRow } from './values.js';

export interface TransactionToken {
  /** The request's parameters, as JSON: a reused token with other parameters is refused. */
  fingerprint: string;
  at: number;
  output: unknown;
}

export interface DynamoRegion {
  tables: Map<string, Table>;
  /** Every stream by ARN, enabled or not (until its table is deleted). */
  streams: Map<string, StreamLog>;
  tokens: Map<string, TransactionToken>;
}

export interface DynamoState {
  host: Host;
  stores: DynamoStores;
  regions: ScopedStore<DynamoRegion>;
  ttlTimer?: Timer;
}

export function regionOf(state: DynamoState, account: string, region: string): DynamoRegion {
  return state.regions.for(account, region);
}

export function tableNotFound(name?: string): AwsError {
  return new AwsError('ResourceNotFoundException', name === undefined ? 'Requested resource not found' : `Requested resource not found: Table: ${name} not found`);
}

export function getTable(state: DynamoState, account: string, region: string, name: string): Table {
  const t = regionOf(state, account, region).tables.get(name);
  if (t === undefined) throw tableNotFound();
  return t;
}

/** Opens the stream log of a table's current stream row (CreateTable/UpdateTable/restore). */
export function openStream(state: DynamoState, table: Table): void {
  const region = regionOf(state, table.account, table.region);
  for (const s of table.row.Streams) {
    let log = region.streams.get(s.arn);
    if (!log) {
      log = new StreamLog(s, table.account, table.region, state.stores, () => state.host.ids.uuid().replace(/-/g, ''));
      region.streams.set(s.arn, log);
    }
    if (s.enabled) table.stream = log;
  }
}

export function createDynamoState(host: Host): DynamoState {
  const state: DynamoState = {
    host,
    stores: openDynamoStores(host.stores),
    regions: new ScopedStore<DynamoRegion>(() => ({ tables: new Map(), streams: new Map(), tokens: new Map() })),
  };
  for (const { account, region, row } of state.stores.tables.load()) {
    const t = new Table(row as TableRow, account, region, state.stores);
    regionOf(state, account, region).tables.set(t.name, t);
    openStream(state, t);
  }
  for (const { account, region, key, row } of state.stores.items.load()) {
    const t = regionOf(state, account, region).tables.get(key.slice(0, key.indexOf('\n')));
    if (!t) continue;
    t.restoreItem(itemFromRow(row));
  }
  for (const { account, region, key, row } of state.stores.records.load()) {
    const log = regionOf(state, account, region).streams.get(key.slice(0, key.lastIndexOf('\n')));
    log?.restore(row);
  }
  return state;
}

export function disposeDynamoState(state: DynamoState): void {
  state.ttlTimer?.cancel();
  state.ttlTimer = undefined;
  state.regions.reset();
}
