// Parameter Store state: parameters per account and region. A parameter is one small row (name and
// tags) in 'parameters' and one row per version in 'versions', so a PutParameter writes its new
// version (and deletes the one it pushes out of the 100 kept), not the whole history again, and a
// label that moves rewrites the two versions it touches. Expiration policies are timers on
// host.scheduler, re-armed from the rows at start.
//
//   parameters  region  key parameter name              ParameterRow
//   versions    region  key `${name}|${version}`        VersionRow   ('|' is never in a name)
import { AwsError } from '../../protocol/errors.js';
import { ScopedStore } from '../../state/scoped-store.js';
import type { KmsApi } from '../kms/api.js';
import type { Host } from '../host.js';
import { latest, type Parameter, type ParameterVersion, type SsmRegion } from './entities.js';

export interface ParameterRow {
  name: string;
  tags: Parameter['tags'];
  /** Format 1 kept the whole history here; such a row is split into version rows on load. */
  versions?: ParameterVersion[];
}

export interface VersionRow {
  name: string;
  version: ParameterVersion;
}

const versionKey = (name: string, version: number): string => `${name}|${version}`;

export function createSsmState(host: Host) {
  const regions = new ScopedStore<SsmRegion>(() => ({ parameters: new Map(), standardCount: 0 }));
  // Format 2 moved the history out of the parameter's row; a format-1 row is taken as it is.
  const parameters = host.stores.open<ParameterRow>('ssm', { name: 'parameters', scope: 'region', version: 2, migrate: (row) => row });
  const versions = host.stores.open<VersionRow>('ssm', { name: 'versions', scope: 'region', version: 1 });
  const state = { host, regions, parameters, versions, kms: undefined as KmsApi | undefined };
  const loaded: { account: string; region: string; p: Parameter }[] = [];
  for (const { account, region, row } of parameters.load()) {
    const p: Parameter = { name: row.name, versions: row.versions ?? [], tags: row.tags };
    regions.for(account, region).parameters.set(p.name, p);
    loaded.push({ account, region, p });
    if (row.versions) {
      for (const v of row.versions) versions.put(account, region, versionKey(p.name, v.version), { name: p.name, version: v });
      parameters.put(account, region, p.name, { name: p.name, tags: p.tags });
    }
  }
  for (const { account, region, row } of versions.load()) regions.for(account, region).parameters.get(row.name)?.versions.push(row.version);
  for (const { account, region, p } of loaded) {
    p.versions.sort((a, b) => a.version - b.version);
    const scope = regions.for(account, region);
    if (latest(p).tier === 'Standard') scope.standardCount++;
    armExpiration(state, account, region, p);
  }
  return state;
}

export type SsmState = ReturnType<typeof createSsmState>;

export function disposeSsmState(state: SsmState): void {
  for (const { state: scope } of state.regions.entries()) for (const p of scope.parameters.values()) p.expiration?.cancel();
}

export async function kmsOf(state: SsmState): Promise<KmsApi> {
  return (state.kms ??= await state.host.api('kms'));
}

/** The parameter's own row (name and tags): when it is made and when its tags change. */
export function saveParameter(state: SsmState, account: string, region: string, p: Parameter): void {
  if (!state.parameters.persistent) return;
  state.parameters.put(account, region, p.name, { name: p.name, tags: p.tags });
}

/** One version's row: a new version, or one whose labels changed. */
export function saveVersion(state: SsmState, account: string, region: string, p: Parameter, v: ParameterVersion): void {
  if (!state.versions.persistent) return;
  state.versions.put(account, region, versionKey(p.name, v.version), { name: p.name, version: v });
}

/** A version the history no longer keeps (the oldest, pushed out by the 101st). */
export function dropVersion(state: SsmState, account: string, region: string, p: Parameter, v: ParameterVersion): void {
  if (!state.versions.persistent) return;
  state.versions.delete(account, region, versionKey(p.name, v.version));
}

export function removeParameter(state: SsmState, account: string, region: string, p: Parameter): void {
  const scope = state.regions.for(account, region);
  if (scope.parameters.get(p.name) !== p) return;
  scope.parameters.delete(p.name);
  if (latest(p).tier === 'Standard') scope.standardCount--;
  p.expiration?.cancel();
  state.parameters.delete(account, region, p.name);
  for (const v of p.versions) dropVersion(state, account, region, p, v);
}

/** The Expiration policy of the latest version deletes the parameter at its timestamp. */
export function armExpiration(state: SsmState, account: string, region: string, p: Parameter): void {
  p.expiration?.cancel();
  p.expiration = undefined;
  const expiration = latest(p).policies.find((x) => x.type === 'Expiration');
  if (!expiration) return;
  const at = Date.parse((JSON.parse(expiration.text) as { Attributes: { Timestamp: string } }).Attributes.Timestamp);
  p.expiration = state.host.scheduler.at(at, () => removeParameter(state, account, region, p));
}

export function parameterNotFound(name: string): AwsError {
  return new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
}
