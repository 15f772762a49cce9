// Lambda's state: functions with their versions and aliases, per account and region, indexed from
// the rows (rows.ts); the execution environments that run them (environments.ts); the queue of
// asynchronous invocations (async-invoke.ts); the pollers of event source mappings.
import { ScopedStore } from '../../state/scoped-store.js';
import type { Store } from '../../state/durable/stores.js';
import type { Host } from '../host.js';
import { ALIASES, ASYNC_EVENTS, CHECKPOINTS, FUNCTIONS, MAPPINGS, VERSIONS, type AliasRow, type AsyncEventRow, type CheckpointRow, type FunctionRow, type MappingRow, type VersionRow } from './rows.js';
import { EnvironmentPool } from './environments.js';

export interface LambdaFunction {
  row: FunctionRow;
  versions: Map<string, VersionRow>;
  aliases: Map<string, AliasRow>;
  account: string;
  region: string;
}

export interface LambdaRegionState {
  functions: Map<string, LambdaFunction>;
  mappings: Map<string, MappingRow>;
  /** Stream mappings' positions: '<UUID>/<shardId>' -> the ordinal of the next record. */
  checkpoints: Map<string, number>;
}

export interface LambdaStores {
  functions: Store<FunctionRow>;
  versions: Store<VersionRow>;
  aliases: Store<AliasRow>;
  mappings: Store<MappingRow>;
  asyncEvents: Store<AsyncEventRow>;
  checkpoints: Store<CheckpointRow>;
}

export function createLambdaState(host: Host) {
  const regions = new ScopedStore<LambdaRegionState>(() => ({ functions: new Map(), mappings: new Map(), checkpoints: new Map() }));
  const stores: LambdaStores = {
    functions: host.stores.open<FunctionRow>('lambda', FUNCTIONS),
    versions: host.stores.open<VersionRow>('lambda', VERSIONS),
    aliases: host.stores.open<AliasRow>('lambda', ALIASES),
    mappings: host.stores.open<MappingRow>('lambda', MAPPINGS),
    asyncEvents: host.stores.open<AsyncEventRow>('lambda', ASYNC_EVENTS),
    checkpoints: host.stores.open<CheckpointRow>('lambda', CHECKPOINTS),
  };
  for (const { account, region, key, row } of stores.functions.load()) {
    // A function that was Pending when Nimbus stopped has finished creating by now.
    row.state = 'Active';
    row.lastUpdateStatus = 'Successful';
    regions.for(account, region).functions.set(key, { row, versions: new Map(), aliases: new Map(), account, region });
  }
  for (const { account, region, key, row } of stores.versions.load()) {
    const [name, version] = splitKey(key);
    regions.for(account, region).functions.get(name)?.versions.set(version, row);
  }
  for (const { account, region, key, row } of stores.aliases.load()) {
    const [name, alias] = splitKey(key);
    regions.for(account, region).functions.get(name)?.aliases.set(alias, row);
  }
  for (const { account, region, key, row } of stores.mappings.load()) regions.for(account, region).mappings.set(key, row);
  for (const { account, region, key, row } of stores.checkpoints.load()) regions.for(account, region).checkpoints.set(key, row.ordinal);
  const state = {
    host,
    regions,
    stores,
    environments: new EnvironmentPool(host),
    /** Timers and pollers that stop on dispose. */
    pending: new Set<{ cancel(): void }>(),
  };
  return state;
}

export type LambdaState = ReturnType<typeof createLambdaState>;

export async function disposeLambdaState(state: LambdaState): Promise<void> {
  for (const p of state.pending) p.cancel();
  state.pending.clear();
  await state.environments.dispose();
}

function splitKey(key: string): [string, string] {
  const i = key.lastIndexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Puts the function's row (after any change to it). */
export function saveFunction(state: LambdaState, fn: LambdaFunction): void {
  state.stores.functions.put(fn.account, fn.region, fn.row.config.FunctionName, fn.row, [fn.row.config.codeBlob]);
}

export function saveVersion(state: LambdaState, fn: LambdaFunction, version: string, row: VersionRow): void {
  state.stores.versions.put(fn.account, fn.region, `${fn.row.config.FunctionName}:${version}`, row, [row.config.codeBlob]);
}

export function saveAlias(state: LambdaState, fn: LambdaFunction, row: AliasRow): void {
  state.stores.aliases.put(fn.account, fn.region, `${fn.row.config.FunctionName}:${row.Name}`, row);
}
