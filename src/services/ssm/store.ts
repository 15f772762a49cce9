// Parameter Store state: parameters per account and region, each one row (name -> the parameter
// with its whole history and tags) in the 'parameters' store, so --persist keeps the history.
// Expiration policies are timers on host.scheduler, re-armed from the rows at start.
//
//   parameters  region  key parameter name  ParameterRow
import { AwsError } from '../../protocol/errors.js';
import { ScopedStore } from '../../state/scoped-store.js';
import type { KmsApi } from '../kms/api.js';
import type { Host } from '../host.js';
import { latest, type Parameter, type SsmRegion } from './entities.js';

export interface ParameterRow {
  name: string;
  versions: Parameter['versions'];
  tags: Parameter['tags'];
}

export function createSsmState(host: Host) {
  const regions = new ScopedStore<SsmRegion>(() => ({ parameters: new Map(), standardCount: 0 }));
  const parameters = host.stores.open<ParameterRow>('ssm', { name: 'parameters', scope: 'region', version: 1 });
  const state = { host, regions, parameters, kms: undefined as KmsApi | undefined };
  for (const { account, region, row } of parameters.load()) {
    const scope = regions.for(account, region);
    const p: Parameter = { name: row.name, versions: row.versions, tags: row.tags };
    scope.parameters.set(p.name, p);
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

export function saveParameter(state: SsmState, account: string, region: string, p: Parameter): void {
  if (!state.parameters.persistent) return;
  state.parameters.put(account, region, p.name, { name: p.name, versions: p.versions, tags: p.tags });
}

export function removeParameter(state: SsmState, account: string, region: string, p: Parameter): void {
  const scope = state.regions.for(account, region);
  if (scope.parameters.get(p.name) !== p) return;
  scope.parameters.delete(p.name);
  if (latest(p).tier === 'Standard') scope.standardCount--;
  p.expiration?.cancel();
  state.parameters.delete(account, region, p.name);
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
