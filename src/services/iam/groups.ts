// Groups: CreateGroup, GetGroup (with its users), ListGroups, UpdateGroup, DeleteGroup,
// AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. Membership is kept on the user (its
// `groups`), so a user's policies are found without scanning groups.
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { byName, paginate, pathMatches } from './common.js';
import { alreadyExists, deleteConflict, noSuchEntity, quota } from './errors.js';
import { uniqueId } from './ids.js';
import { findGroup, findUser } from './lookup.js';
import { groupShape, userShape } from './shapes.js';
import type { AccountIam, Group, IamState } from './store.js';

type Out<T> = HandlerOutput<T>;

const GROUPS_PER_ACCOUNT = 300;
const GROUPS_PER_USER = 10;

const isIn = (groups: string[], name: string) => groups.some((g) => g.toLowerCase() === name.toLowerCase());

function members(a: AccountIam, g: Group) {
  return byName([...a.users.values()].filter((u) => isIn(u.groups, g.name)));
}

export function createGroup(input: sdk.CreateGroupRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateGroupResponse> {
  const a = state.account(ctx.account);
  const name = input.GroupName!;
  if (a.groups.has(name.toLowerCase())) throw alreadyExists(`Group with name ${name} already exists.`);
  if (a.groups.size >= GROUPS_PER_ACCOUNT) throw quota('GroupsPerAccount', GROUPS_PER_ACCOUNT);
  const group: Group = { account: ctx.account, name, path: input.Path ?? '/', id: uniqueId(ctx.ids, 'group'), createDate: ctx.clock.now(), inline: {}, attached: [] };
  a.groups.set(name.toLowerCase(), group);
  state.saveGroup(group);
  return { Group: groupShape(group) };
}

export function getGroup(input: sdk.GetGroupRequest, ctx: RequestContext, state: IamState): Out<sdk.GetGroupResponse> {
  const a = state.account(ctx.account);
  const g = findGroup(a, input.GroupName!);
  const page = paginate(members(a, g), input);
  return { Group: groupShape(g), Users: page.items.map((u) => userShape(u, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function listGroups(input: sdk.ListGroupsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListGroupsResponse> {
  const groups = byName(state.existing(ctx.account)?.groups.values() ?? []).filter((g) => pathMatches(g.path, input.PathPrefix));
  const page = paginate(groups, input);
  return { Groups: page.items.map(groupShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function updateGroup(input: sdk.UpdateGroupRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const g = findGroup(a, input.GroupName!);
  const newName = input.NewGroupName ?? g.name;
  if (newName.toLowerCase() !== g.name.toLowerCase() && a.groups.has(newName.toLowerCase())) throw alreadyExists(`Group with name ${newName} already exists.`);
  const users = members(a, g);
  state.deleteGroup(g);
  a.groups.delete(g.name.toLowerCase());
  for (const u of users) {
    u.groups = u.groups.map((x) => (x.toLowerCase() === g.name.toLowerCase() ? newName : x));
    state.saveUser(u);
  }
  g.name = newName;
  if (input.NewPath !== undefined) g.path = input.NewPath;
  a.groups.set(newName.toLowerCase(), g);
  state.saveGroup(g);
}

export function deleteGroup(input: sdk.DeleteGroupRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const g = findGroup(a, input.GroupName!);
  if (members(a, g).length) throw deleteConflict('Cannot delete entity, must remove users from group first.');
  if (Object.keys(g.inline).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (g.attached.length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  a.groups.delete(g.name.toLowerCase());
  state.deleteGroup(g);
}

export function addUserToGroup(input: sdk.AddUserToGroupRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const g = findGroup(a, input.GroupName!);
  const u = findUser(a, input.UserName!);
  if (isIn(u.groups, g.name)) return;
  if (u.groups.length >= GROUPS_PER_USER) throw quota('GroupsPerUser', GROUPS_PER_USER);
  u.groups = [...u.groups, g.name];
  state.saveUser(u);
}

export function removeUserFromGroup(input: sdk.RemoveUserFromGroupRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const g = findGroup(a, input.GroupName!);
  const u = findUser(a, input.UserName!);
  if (!isIn(u.groups, g.name)) throw noSuchEntity(`The user with name ${u.name} cannot be found in group ${g.name}.`);
  u.groups = u.groups.filter((x) => x.toLowerCase() !== g.name.toLowerCase());
  state.saveUser(u);
}

export function listGroupsForUser(input: sdk.ListGroupsForUserRequest, ctx: RequestContext, state: IamState): Out<sdk.ListGroupsForUserResponse> {
  const a = state.account(ctx.account);
  const u = findUser(a, input.UserName!);
  const groups = u.groups.map((n) => a.groups.get(n.toLowerCase())).filter((g): g is Group => g !== undefined);
  const page = paginate(groups, input);
  return { Groups: page.items.map(groupShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
