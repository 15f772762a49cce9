// KMS state: keys and aliases per account and region, built from the rows (rows.ts), and what
// every operation needs to find a key: by key id, key ARN, alias name or alias ARN. The timers of
// pending deletions run on host.scheduler and are re-armed from their persisted dates.
import { AwsError } from '../../protocol/errors.js';
import { ScopedStore } from '../../state/scoped-store.js';
import type { Host } from '../host.js';
import { aliasArn, keyArn, keyFromRow, keyRow, type Alias, type Key, type KmsRegion } from './entities.js';
import { KEY_SPECS } from './key-specs.js';
import { checkKeyState } from './key-state.js';
import { AWS_MANAGED_KEYS, awsManagedKeyPolicy } from './policy.js';
import { openKmsStores, type KmsStores } from './rows.js';

export function createKmsState(host: Host) {
  const regions = new ScopedStore<KmsRegion>(() => ({ keys: new Map(), aliases: new Map() }));
  const stores = openKmsStores(host);
  const state = { host, regions, stores };
  for (const { account, region, row } of stores.keys.load()) regions.for(account, region).keys.set(row.id, keyFromRow(row, account, region));
  for (const { account, region, row } of stores.aliases.load()) regions.for(account, region).aliases.set(row.name, { ...row });
  for (const { state: scope } of regions.entries()) {
    for (const key of scope.keys.values()) if (key.state === 'PendingDeletion') armDeletion(state, key);
  }
  return state;
}

export type KmsState = ReturnType<typeof createKmsState>;

export function disposeKmsState(state: KmsState): void {
  for (const { state: scope } of state.regions.entries()) for (const key of scope.keys.values()) key.deletion?.cancel();
}

export function saveKey(state: KmsState, key: Key): void {
  state.stores.keys.put(key.account, key.region, key.id, keyRow(key));
}

export function saveAlias(state: KmsState, account: string, region: string, alias: Alias): void {
  state.stores.aliases.put(account, region, alias.name, { ...alias });
}

export function deleteAlias(state: KmsState, account: string, region: string, name: string): void {
  state.regions.for(account, region).aliases.delete(name);
  state.stores.aliases.delete(account, region, name);
}

/** Runs the deletion of a key pending deletion at its DeletionDate (host.scheduler). */
export function armDeletion(state: KmsState, key: Key): void {
  key.deletion?.cancel();
  key.deletion = state.host.scheduler.at(key.deletionDate!, () => deleteKeyNow(state, key));
}

/** The key and every alias that names it go for good (the end of a waiting period). */
function deleteKeyNow(state: KmsState, key: Key): void {
  const scope = state.regions.for(key.account, key.region);
  if (scope.keys.get(key.id) !== key || key.state !== 'PendingDeletion') return;
  scope.keys.delete(key.id);
  state.stores.keys.delete(key.account, key.region, key.id);
  for (const alias of [...scope.aliases.values()]) if (alias.targetKeyId === key.id) deleteAlias(state, key.account, key.region, alias.name);
}

export interface Where {
  account: string;
  region: string;
}

export function notFoundKey(where: Where, id: string): AwsError {
  return new AwsError('NotFoundException', `Key '${keyArn(where.account, where.region, id)}' does not exist`);
}

const ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/;

/**
 * The key `keyId` names for a caller in `where`: a key id, key ARN, alias name or alias ARN. ARNs
 * may name another account's key (the cross-account boundary decides whether the caller may use
 * it). `createManaged`: an AWS managed alias with no key yet gets its key now, as AWS does on first
 * use (DescribeKey and the services that use these keys).
 */
export function findKey(state: KmsState, where: Where, keyId: string, options: { aliases?: boolean; createManaged?: boolean } = {}): Key {
  const allowAliases = options.aliases ?? true;
  let scope: Where = where;
  let ref = keyId;
  const arn = ARN.exec(keyId);
  if (arn) {
    scope = { account: arn[2]!, region: arn[1]! };
    ref = arn[3]!;
  } else if (keyId.startsWith('arn:')) {
    throw new AwsError('NotFoundException', `Invalid arn ${keyId}`);
  }
  const region = state.regions.for(scope.account, scope.region);
  if (ref.startsWith('alias/')) {
    if (!allowAliases) throw new AwsError('NotFoundException', `Key '${keyArn(scope.account, scope.region, ref)}' does not exist`);
    let alias = region.aliases.get(ref);
    if (!alias && options.createManaged) alias = createManagedKey(state, scope, ref);
    const key = alias && region.keys.get(alias.targetKeyId);
    if (!key) throw new AwsError('NotFoundException', `Alias ${aliasArn(scope.account, scope.region, ref)} is not found.`);
    return key;
  }
  const id = ref.startsWith('key/') ? ref.slice(4) : ref;
  const key = region.keys.get(id);
  if (!key) throw notFoundKey(scope, id);
  return key;
}

/** findKey, then the key-state check of `operation` (key-state.ts). */
export function usableKey(state: KmsState, where: Where, keyId: string, operation: string): Key {
  const key = findKey(state, where, keyId);
  checkKeyState(key, operation);
  return key;
}

export interface NewKey {
  description: string;
  keyUsage: string;
  keySpec: string;
  keyManager: 'CUSTOMER' | 'AWS';
  policy: string;
  tags: Map<string, string>;
}

export function createKey(state: KmsState, where: Where, spec: NewKey): Key {
  const now = state.host.clock.now();
  const id = state.host.ids.uuid();
  const key: Key = {
    id,
    arn: keyArn(where.account, where.region, id),
    account: where.account,
    region: where.region,
    creationDate: now,
    description: spec.description,
    keyUsage: spec.keyUsage,
    keySpec: spec.keySpec,
    keyManager: spec.keyManager,
    state: 'Enabled',
    policy: spec.policy,
    tags: spec.tags,
    // AWS managed keys rotate every year, always (AWS KMS Developer Guide, "Rotating AWS KMS keys").
    rotation: { enabled: spec.keyManager === 'AWS', periodDays: 365, ...(spec.keyManager === 'AWS' && { since: now }) },
    material: [KEY_SPECS[spec.keySpec]!.generate()],
    materialDates: [now],
    grants: new Map(),
  };
  state.regions.for(where.account, where.region).keys.set(id, key);
  saveKey(state, key);
  return key;
}

/** Makes the AWS managed key behind alias/aws/<service> (undefined for an unknown alias). */
function createManagedKey(state: KmsState, where: Where, aliasName: string): Alias | undefined {
  const service = /^alias\/aws\/([a-z0-9-]+)$/.exec(aliasName)?.[1];
  const info = service ? AWS_MANAGED_KEYS[service] : undefined;
  if (!service || !info) return undefined;
  const key = createKey(state, where, {
    description: info.description,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyManager: 'AWS',
    policy: awsManagedKeyPolicy(service, where.account, where.region),
    tags: new Map(),
  });
  const alias: Alias = { name: aliasName, targetKeyId: key.id, creationDate: key.creationDate, lastUpdatedDate: key.creationDate };
  state.regions.for(where.account, where.region).aliases.set(aliasName, alias);
  saveAlias(state, where.account, where.region, alias);
  return alias;
}

/** The key policy of the key with this ARN, or of the key an alias ARN names, for the
 *  cross-account boundary (undefined: no such key). */
export function keyPolicyOf(state: KmsState, arn: string): string | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const scope = state.regions.for(m[2]!, m[1]!);
  const name = m[3]!;
  const keyId = name.startsWith('key/') ? name.slice(4) : scope.aliases.get(name)?.targetKeyId;
  return keyId === undefined ? undefined : scope.keys.get(keyId)?.policy;
}

export type { KmsStores };
