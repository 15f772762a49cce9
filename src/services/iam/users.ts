// Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, user tags and permissions boundary.
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { byName, initialTags, mergeTags, paginate, pathMatches, removeTags } from './common.js';
import { alreadyExists, deleteConflict, noSuchEntity, quota } from './errors.js';
import { uniqueId } from './ids.js';
import { findUser, policyByArn } from './lookup.js';
import { userShape } from './shapes.js';
import type { IamState, User } from './store.js';

type Out<T> = HandlerOutput<T>;

const USERS_PER_ACCOUNT = 5000;

/** The managed policy a PermissionsBoundary names, which must exist. */
export function checkBoundary(state: IamState, account: string, arn: string): void {
  if (!policyByArn(state.existing(account), arn)) throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
}

export function createUser(input: sdk.CreateUserRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateUserResponse> {
  const a = state.account(ctx.account);
  const name = input.UserName!;
  if (a.users.has(name.toLowerCase())) throw alreadyExists(`User with name ${name} already exists.`);
  if (a.users.size >= USERS_PER_ACCOUNT) throw quota('UsersPerAccount', USERS_PER_ACCOUNT);
  if (input.PermissionsBoundary) checkBoundary(state, ctx.account, input.PermissionsBoundary);
  const user: User = {
    account: ctx.account,
    name,
    path: input.Path ?? '/',
    id: uniqueId(ctx.ids, 'user'),
    createDate: ctx.clock.now(),
    inline: {},
    attached: [],
    tags: initialTags(input.Tags),
    permissionsBoundary: input.PermissionsBoundary,
    groups: [],
  };
  a.users.set(name.toLowerCase(), user);
  state.saveUser(user);
  return { User: userShape(user) };
}

export function getUser(input: sdk.GetUserRequest, ctx: RequestContext, state: IamState): Out<sdk.GetUserResponse> {
  const a = state.account(ctx.account);
  if (input.UserName !== undefined) return { User: userShape(findUser(a, input.UserName)) };
  // Without a name, the caller: an IAM user's own keys name it; the account's root answers as the
  // root user (UserId is the account id, as on AWS).
  const principal = ctx.caller.principal ?? '';
  const own = /^arn:aws:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(principal);
  if (own) return { User: userShape(findUser(a, own[1]!)) };
  // Deliberate difference: the root's CreateDate is the epoch (Nimbus has no account creation date).
  return { User: { UserId: ctx.account, Arn: `arn:aws:iam::${ctx.account}:root`, CreateDate: new Date(0) } as Out<sdk.User> };
}

export function listUsers(input: sdk.ListUsersRequest, ctx: RequestContext, state: IamState): Out<sdk.ListUsersResponse> {
  const a = state.existing(ctx.account);
  const users = byName(a?.users.values() ?? []).filter((u) => pathMatches(u.path, input.PathPrefix));
  const page = paginate(users, input);
  return { Users: page.items.map((u) => userShape(u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function updateUser(input: sdk.UpdateUserRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const user = findUser(a, input.UserName!);
  const newName = input.NewUserName ?? user.name;
  if (newName.toLowerCase() !== user.name.toLowerCase() && a.users.has(newName.toLowerCase())) throw alreadyExists(`User with name ${newName} already exists.`);
  state.deleteUser(user);
  a.users.delete(user.name.toLowerCase());
  const keys = a.keysByUser.get(user.name.toLowerCase()) ?? [];
  a.keysByUser.delete(user.name.toLowerCase());
  user.name = newName;
  if (input.NewPath !== undefined) user.path = input.NewPath;
  a.users.set(newName.toLowerCase(), user);
  if (keys.length) a.keysByUser.set(newName.toLowerCase(), keys);
  for (const k of keys) {
    k.userName = newName;
    state.saveAccessKey(k);
  }
  state.saveUser(user);
}

export function deleteUser(input: sdk.DeleteUserRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const user = findUser(a, input.UserName!);
  if (a.keysByUser.get(user.name.toLowerCase())?.length) throw deleteConflict('Cannot delete entity, must delete access keys first.');
  if (Object.keys(user.inline).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (user.attached.length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  if (user.groups.length) throw deleteConflict('Cannot delete entity, must remove users from group first.');
  a.users.delete(user.name.toLowerCase());
  state.deleteUser(user);
}

export function tagUser(input: sdk.TagUserRequest, ctx: RequestContext, state: IamState): void {
  const user = findUser(state.account(ctx.account), input.UserName!);
  user.tags = mergeTags(user.tags, input.Tags, 'User');
  state.saveUser(user);
}

export function untagUser(input: sdk.UntagUserRequest, ctx: RequestContext, state: IamState): void {
  const user = findUser(state.account(ctx.account), input.UserName!);
  user.tags = removeTags(user.tags, input.TagKeys);
  state.saveUser(user);
}

export function listUserTags(input: sdk.ListUserTagsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListUserTagsResponse> {
  const user = findUser(state.account(ctx.account), input.UserName!);
  const page = paginate(user.tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function putUserPermissionsBoundary(input: sdk.PutUserPermissionsBoundaryRequest, ctx: RequestContext, state: IamState): void {
  const user = findUser(state.account(ctx.account), input.UserName!);
  checkBoundary(state, ctx.account, input.PermissionsBoundary!);
  user.permissionsBoundary = input.PermissionsBoundary;
  state.saveUser(user);
}

export function deleteUserPermissionsBoundary(input: sdk.DeleteUserPermissionsBoundaryRequest, ctx: RequestContext, state: IamState): void {
  const user = findUser(state.account(ctx.account), input.UserName!);
  user.permissionsBoundary = undefined;
  state.saveUser(user);
}
