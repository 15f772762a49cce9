// Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
// GetAccessKeyLastUsed. A new key is in the global index at once, so it signs requests as its user
// from the next request on (the caller step asks IamApi.accessKey).
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { paginate } from './common.js';
import { noSuchEntity, quota, validationError } from './errors.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { findUser } from './lookup.js';
import type { AccessKey, AccountIam, IamState, User } from './store.js';

type Out<T> = HandlerOutput<T>;

const KEYS_PER_USER = 2;

/**
 * The user a key operation acts on: the one named, else the caller when it is an IAM user.
 * Deliberate difference: AWS gives the account's root its own keys when root calls without a
 * UserName; Nimbus's root credentials are any key naming the account, so it answers as AWS does
 * for other non-user callers.
 */
function targetUser(a: AccountIam, userName: string | undefined, ctx: RequestContext): User {
  if (userName !== undefined) return findUser(a, userName);
  const own = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(ctx.caller.principal ?? '');
  if (!own) throw validationError('Must specify userName when calling with non-User credentials');
  return findUser(a, own[1]!);
}

function keyOf(a: AccountIam, user: User, id: string): AccessKey {
  const k = a.keysByUser.get(user.name.toLowerCase())?.find((x) => x.accessKeyId === id);
  if (!k) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return k;
}

export function createAccessKey(input: sdk.CreateAccessKeyRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateAccessKeyResponse> {
  const a = state.account(ctx.account);
  const user = targetUser(a, input.UserName, ctx);
  const keys = a.keysByUser.get(user.name.toLowerCase()) ?? [];
  if (keys.length >= KEYS_PER_USER) throw quota('AccessKeysPerUser', KEYS_PER_USER);
  let id = accessKeyId(ctx.ids);
  while (state.accessKeys.has(id)) id = accessKeyId(ctx.ids);
  const key: AccessKey = { account: ctx.account, accessKeyId: id, userName: user.name, secretAccessKey: secretAccessKey(ctx.ids), status: 'Active', createDate: ctx.clock.now() };
  keys.push(key);
  a.keysByUser.set(user.name.toLowerCase(), keys);
  state.accessKeys.set(id, key);
  state.saveAccessKey(key);
  return {
    AccessKey: { UserName: key.userName, AccessKeyId: id, Status: key.status, SecretAccessKey: key.secretAccessKey, CreateDate: new Date(key.createDate) },
  };
}

export function listAccessKeys(input: sdk.ListAccessKeysRequest, ctx: RequestContext, state: IamState): Out<sdk.ListAccessKeysResponse> {
  const a = state.account(ctx.account);
  const user = targetUser(a, input.UserName, ctx);
  const page = paginate(a.keysByUser.get(user.name.toLowerCase()) ?? [], input);
  return {
    AccessKeyMetadata: page.items.map((k) => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: new Date(k.createDate) })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

export function updateAccessKey(input: sdk.UpdateAccessKeyRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const key = keyOf(a, targetUser(a, input.UserName, ctx), input.AccessKeyId!);
  key.status = input.Status as AccessKey['status'];
  state.saveAccessKey(key);
}

export function deleteAccessKey(input: sdk.DeleteAccessKeyRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const user = targetUser(a, input.UserName, ctx);
  const key = keyOf(a, user, input.AccessKeyId!);
  const keys = a.keysByUser.get(user.name.toLowerCase())!;
  keys.splice(keys.indexOf(key), 1);
  if (!keys.length) a.keysByUser.delete(user.name.toLowerCase());
  state.accessKeys.delete(key.accessKeyId);
  state.deleteAccessKey(key);
}

export function getAccessKeyLastUsed(input: sdk.GetAccessKeyLastUsedRequest, ctx: RequestContext, state: IamState): Out<sdk.GetAccessKeyLastUsedResponse> {
  const key = state.accessKeys.get(input.AccessKeyId!);
  // AWS answers for any key of the caller's account; another account's key is not found.
  if (!key || key.account !== ctx.account) throw noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
  // Deliberate difference: Nimbus does not record key use; AWS's answer for a never-used key.
  return { UserName: key.userName, AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } };
}
