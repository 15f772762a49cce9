// Key management: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, UpdateKeyDescription,
// Schedule/CancelKeyDeletion, key rotation, tags and key policies.
import type * as sdk from '@aws-sdk/client-kms';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import type { Key } from './entities.js';
import { KEY_SPECS } from './key-specs.js';
import { checkKeyState } from './key-state.js';
import { page, truncation } from './pagination.js';
import { checkKeyPolicy, defaultKeyPolicy } from './policy.js';
import { armDeletion, createKey as storeKey, findKey, saveKey, usableKey, type KmsState } from './store.js';

type Out<T> = HandlerOutput<T>;

const DAY = 86_400_000;

export function keyMetadata(key: Key): Out<sdk.KeyMetadata> {
  const spec = KEY_SPECS[key.keySpec]!;
  return {
    AWSAccountId: key.account,
    KeyId: key.id,
    Arn: key.arn,
    CreationDate: new Date(key.creationDate),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage as sdk.KeyUsageType,
    KeyState: key.state,
    ...(key.deletionDate !== undefined && { DeletionDate: new Date(key.deletionDate) }),
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec as sdk.CustomerMasterKeySpec,
    KeySpec: key.keySpec as sdk.KeySpec,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' && { EncryptionAlgorithms: [...spec.encryptionAlgorithms!] as sdk.EncryptionAlgorithmSpec[] }),
    ...(key.keyUsage === 'SIGN_VERIFY' && { SigningAlgorithms: [...spec.signingAlgorithms!] as sdk.SigningAlgorithmSpec[] }),
    ...(key.keyUsage === 'GENERATE_VERIFY_MAC' && { MacAlgorithms: [...spec.macAlgorithms!] as sdk.MacAlgorithmSpec[] }),
    MultiRegion: false,
  };
}

function tagMap(tags: sdk.Tag[] | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const t of tags ?? []) {
    if (t.TagKey!.startsWith('aws:')) throw new AwsError('TagException', 'Tags beginning with aws: are reserved');
    map.set(t.TagKey!, t.TagValue!);
  }
  return map;
}

export function createKey(input: sdk.CreateKeyRequest, ctx: RequestContext, state: KmsState): Out<sdk.CreateKeyResponse> {
  const keySpec = input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  const spec = KEY_SPECS[keySpec];
  // DELIBERATE DIFFERENCE: SM2 keys (China Regions) and ML-DSA keys are not offered.
  if (!spec) throw new AwsError('UnsupportedOperationException', `KeySpec ${keySpec} is not supported by Nimbus.`);
  const keyUsage = input.KeyUsage ?? (spec.usages.length === 1 ? spec.usages[0]! : 'ENCRYPT_DECRYPT');
  if (input.KeyUsage === undefined && keySpec.startsWith('HMAC')) {
    throw new AwsError('ValidationException', `You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.`);
  }
  if (!spec.usages.includes(keyUsage as never)) {
    throw new AwsError('ValidationException', `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`);
  }
  if ((input.Origin ?? 'AWS_KMS') !== 'AWS_KMS') throw new AwsError('UnsupportedOperationException', `Origin ${input.Origin} is not supported by Nimbus.`);
  if (input.MultiRegion) throw new AwsError('UnsupportedOperationException', 'Multi-Region keys are not supported by Nimbus.');
  if (input.Policy !== undefined) checkKeyPolicy(input.Policy);
  const key = storeKey(state, ctx, {
    description: input.Description ?? '',
    keyUsage,
    keySpec,
    keyManager: 'CUSTOMER',
    policy: input.Policy ?? defaultKeyPolicy(ctx.account),
    tags: tagMap(input.Tags),
  });
  return { KeyMetadata: keyMetadata(key) };
}

export function describeKey(input: sdk.DescribeKeyRequest, ctx: RequestContext, state: KmsState): Out<sdk.DescribeKeyResponse> {
  // DescribeKey on a predefined AWS alias (alias/aws/ssm) creates its AWS managed key, as AWS does.
  return { KeyMetadata: keyMetadata(findKey(state, ctx, input.KeyId!, { createManaged: true })) };
}

export function listKeys(input: sdk.ListKeysRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListKeysResponse> {
  const keys = [...state.regions.for(ctx.account, ctx.region).keys.values()];
  const p = page(keys, input.Limit, input.Marker, 1000);
  return { Keys: p.items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })), ...truncation(p.next) };
}

function customerKey(key: Key, operation: string): void {
  if (key.keyManager === 'AWS') throw new AwsError('UnsupportedOperationException', `${key.arn} is an AWS managed key; ${operation} is not permitted on it.`);
}

export function enableKey(input: sdk.EnableKeyRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'EnableKey');
  customerKey(key, 'EnableKey');
  key.state = 'Enabled';
  saveKey(state, key);
}

export function disableKey(input: sdk.DisableKeyRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'DisableKey');
  customerKey(key, 'DisableKey');
  key.state = 'Disabled';
  saveKey(state, key);
}

export function updateKeyDescription(input: sdk.UpdateKeyDescriptionRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'UpdateKeyDescription');
  customerKey(key, 'UpdateKeyDescription');
  key.description = input.Description!;
  saveKey(state, key);
}

export function scheduleKeyDeletion(input: sdk.ScheduleKeyDeletionRequest, ctx: RequestContext, state: KmsState): Out<sdk.ScheduleKeyDeletionResponse> {
  const key = usableKey(state, ctx, input.KeyId!, 'ScheduleKeyDeletion');
  customerKey(key, 'ScheduleKeyDeletion');
  const days = input.PendingWindowInDays ?? 30;
  if (days < 7 || days > 30) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${days}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`);
  }
  key.state = 'PendingDeletion';
  key.deletionDate = ctx.clock.now() + days * DAY;
  saveKey(state, key);
  armDeletion(state, key);
  return { KeyId: key.arn, DeletionDate: new Date(key.deletionDate), KeyState: 'PendingDeletion', PendingWindowInDays: days };
}

export function cancelKeyDeletion(input: sdk.CancelKeyDeletionRequest, ctx: RequestContext, state: KmsState): Out<sdk.CancelKeyDeletionResponse> {
  const key = usableKey(state, ctx, input.KeyId!, 'CancelKeyDeletion');
  key.deletion?.cancel();
  key.deletion = undefined;
  delete key.deletionDate;
  // AWS: a key whose deletion is cancelled is Disabled until it is enabled again.
  key.state = 'Disabled';
  saveKey(state, key);
  return { KeyId: key.arn };
}

// ---------------------------------------------------------------- rotation

function rotatable(key: Key, operation: string): void {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new AwsError('UnsupportedOperationException', `${key.arn} key spec is ${key.keySpec}; automatic rotation is supported only for symmetric encryption KMS keys.`);
  }
  customerKey(key, operation);
}

export function enableKeyRotation(input: sdk.EnableKeyRotationRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'EnableKeyRotation');
  rotatable(key, 'EnableKeyRotation');
  const period = input.RotationPeriodInDays ?? 365;
  if (period < 90 || period > 2560) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${period}' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value between 90 and 2560`);
  }
  key.rotation = { enabled: true, periodDays: period, since: ctx.clock.now() };
  saveKey(state, key);
}

export function disableKeyRotation(input: sdk.DisableKeyRotationRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'DisableKeyRotation');
  rotatable(key, 'DisableKeyRotation');
  key.rotation = { enabled: false, periodDays: key.rotation.periodDays };
  saveKey(state, key);
}

export function getKeyRotationStatus(input: sdk.GetKeyRotationStatusRequest, ctx: RequestContext, state: KmsState): Out<sdk.GetKeyRotationStatusResponse> {
  const key = usableKey(state, ctx, input.KeyId!, 'GetKeyRotationStatus');
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') {
    throw new AwsError('UnsupportedOperationException', `${key.arn} key spec is ${key.keySpec}; key rotation is supported only for symmetric encryption KMS keys.`);
  }
  const r = key.rotation;
  return {
    KeyId: key.arn,
    KeyRotationEnabled: r.enabled,
    ...(r.enabled && { RotationPeriodInDays: r.periodDays, NextRotationDate: new Date((r.since ?? key.creationDate) + r.periodDays * DAY) }),
  };
}

/** A new version of the key material now; older ciphertexts still decrypt with theirs. */
export function rotateKeyOnDemand(input: sdk.RotateKeyOnDemandRequest, ctx: RequestContext, state: KmsState): Out<sdk.RotateKeyOnDemandResponse> {
  const key = usableKey(state, ctx, input.KeyId!, 'RotateKeyOnDemand');
  rotatable(key, 'RotateKeyOnDemand');
  key.material.push(KEY_SPECS[key.keySpec]!.generate());
  key.materialDates.push(ctx.clock.now());
  saveKey(state, key);
  return { KeyId: key.arn };
}

export function listKeyRotations(input: sdk.ListKeyRotationsRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListKeyRotationsResponse> {
  const key = findKey(state, ctx, input.KeyId!);
  rotatable(key, 'ListKeyRotations');
  const rotations = key.materialDates.slice(1).map((d) => ({ KeyId: key.arn, RotationDate: new Date(d), RotationType: 'ON_DEMAND' as const }));
  const p = page(rotations, input.Limit, input.Marker, 100);
  return { Rotations: p.items, ...truncation(p.next) };
}

// ---------------------------------------------------------------- tags

export function tagResource(input: sdk.TagResourceRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'TagResource');
  customerKey(key, 'TagResource');
  for (const [k, v] of tagMap(input.Tags)) key.tags.set(k, v);
  if (key.tags.size > 50) throw new AwsError('LimitExceededException', 'A KMS key can have at most 50 tags.');
  saveKey(state, key);
}

export function untagResource(input: sdk.UntagResourceRequest, ctx: RequestContext, state: KmsState): void {
  const key = usableKey(state, ctx, input.KeyId!, 'UntagResource');
  customerKey(key, 'UntagResource');
  for (const k of input.TagKeys ?? []) key.tags.delete(k);
  saveKey(state, key);
}

export function listResourceTags(input: sdk.ListResourceTagsRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListResourceTagsResponse> {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  const p = page([...key.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })), input.Limit, input.Marker, 50);
  return { Tags: p.items, ...truncation(p.next) };
}

// ---------------------------------------------------------------- key policies

function policyName(name: string | undefined): string {
  // A key has one policy, named "default".
  if (name !== undefined && name !== 'default') throw new AwsError('NotFoundException', `No such policy exists: ${name}`);
  return 'default';
}

export function getKeyPolicy(input: sdk.GetKeyPolicyRequest, ctx: RequestContext, state: KmsState): Out<sdk.GetKeyPolicyResponse> {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  return { Policy: key.policy, PolicyName: policyName(input.PolicyName) };
}

export function putKeyPolicy(input: sdk.PutKeyPolicyRequest, ctx: RequestContext, state: KmsState): void {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  checkKeyState(key, 'PutKeyPolicy');
  customerKey(key, 'PutKeyPolicy');
  policyName(input.PolicyName);
  checkKeyPolicy(input.Policy!);
  key.policy = input.Policy!;
  saveKey(state, key);
}

export function listKeyPolicies(input: sdk.ListKeyPoliciesRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListKeyPoliciesResponse> {
  findKey(state, ctx, input.KeyId!, { aliases: false });
  return { PolicyNames: ['default'], Truncated: false };
}
