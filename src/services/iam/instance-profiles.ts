// Instance profiles: Create/Get/List/DeleteInstanceProfile, Add/RemoveRoleFromInstanceProfile,
// ListInstanceProfilesForRole, instance profile tags. A profile holds at most one role (AWS's quota).
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { byName, initialTags, mergeTags, paginate, pathMatches, removeTags } from './common.js';
import { alreadyExists, deleteConflict, noSuchEntity, quota } from './errors.js';
import { uniqueId } from './ids.js';
import { findInstanceProfile, findRole } from './lookup.js';
import { instanceProfileShape } from './shapes.js';
import type { AccountIam, IamState, InstanceProfile, Role } from './store.js';

type Out<T> = HandlerOutput<T>;

const ROLES_PER_PROFILE = 1;
const PROFILES_PER_ACCOUNT = 1000;

export function rolesOf(a: AccountIam, p: InstanceProfile): Role[] {
  return p.roles.map((n) => a.roles.get(n.toLowerCase())).filter((r): r is Role => r !== undefined);
}

export function createInstanceProfile(input: sdk.CreateInstanceProfileRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateInstanceProfileResponse> {
  const a = state.account(ctx.account);
  const name = input.InstanceProfileName!;
  if (a.instanceProfiles.has(name.toLowerCase())) throw alreadyExists(`Instance Profile ${name} already exists.`);
  if (a.instanceProfiles.size >= PROFILES_PER_ACCOUNT) throw quota('InstanceProfilesPerAccount', PROFILES_PER_ACCOUNT);
  const p: InstanceProfile = { account: ctx.account, name, path: input.Path ?? '/', id: uniqueId(ctx.ids, 'instanceProfile'), createDate: ctx.clock.now(), roles: [], tags: initialTags(input.Tags) };
  a.instanceProfiles.set(name.toLowerCase(), p);
  state.saveInstanceProfile(p);
  return { InstanceProfile: instanceProfileShape(p, []) };
}

export function getInstanceProfile(input: sdk.GetInstanceProfileRequest, ctx: RequestContext, state: IamState): Out<sdk.GetInstanceProfileResponse> {
  const a = state.account(ctx.account);
  const p = findInstanceProfile(a, input.InstanceProfileName!);
  return { InstanceProfile: instanceProfileShape(p, rolesOf(a, p)) };
}

export function listInstanceProfiles(input: sdk.ListInstanceProfilesRequest, ctx: RequestContext, state: IamState): Out<sdk.ListInstanceProfilesResponse> {
  const a = state.account(ctx.account);
  const profiles = byName(a.instanceProfiles.values()).filter((p) => pathMatches(p.path, input.PathPrefix));
  const page = paginate(profiles, input);
  return { InstanceProfiles: page.items.map((p) => instanceProfileShape(p, rolesOf(a, p))), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function listInstanceProfilesForRole(input: sdk.ListInstanceProfilesForRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.ListInstanceProfilesForRoleResponse> {
  const a = state.account(ctx.account);
  const role = findRole(a, input.RoleName!);
  const profiles = byName(a.instanceProfiles.values()).filter((p) => p.roles.some((r) => r.toLowerCase() === role.name.toLowerCase()));
  const page = paginate(profiles, input);
  return { InstanceProfiles: page.items.map((p) => instanceProfileShape(p, rolesOf(a, p))), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function deleteInstanceProfile(input: sdk.DeleteInstanceProfileRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const p = findInstanceProfile(a, input.InstanceProfileName!);
  if (p.roles.length) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  a.instanceProfiles.delete(p.name.toLowerCase());
  state.deleteInstanceProfile(p);
}

export function addRoleToInstanceProfile(input: sdk.AddRoleToInstanceProfileRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const p = findInstanceProfile(a, input.InstanceProfileName!);
  const role = findRole(a, input.RoleName!);
  if (p.roles.length >= ROLES_PER_PROFILE) throw quota('InstanceSessionsPerInstanceProfile', ROLES_PER_PROFILE);
  p.roles = [...p.roles, role.name];
  state.saveInstanceProfile(p);
}

export function removeRoleFromInstanceProfile(input: sdk.RemoveRoleFromInstanceProfileRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const p = findInstanceProfile(a, input.InstanceProfileName!);
  const role = findRole(a, input.RoleName!);
  if (!p.roles.some((r) => r.toLowerCase() === role.name.toLowerCase())) {
    throw noSuchEntity(`The role with name ${role.name} cannot be found in instance profile ${p.name}.`);
  }
  p.roles = p.roles.filter((r) => r.toLowerCase() !== role.name.toLowerCase());
  state.saveInstanceProfile(p);
}

export function tagInstanceProfile(input: sdk.TagInstanceProfileRequest, ctx: RequestContext, state: IamState): void {
  const p = findInstanceProfile(state.account(ctx.account), input.InstanceProfileName!);
  p.tags = mergeTags(p.tags, input.Tags, 'InstanceProfile');
  state.saveInstanceProfile(p);
}

export function untagInstanceProfile(input: sdk.UntagInstanceProfileRequest, ctx: RequestContext, state: IamState): void {
  const p = findInstanceProfile(state.account(ctx.account), input.InstanceProfileName!);
  p.tags = removeTags(p.tags, input.TagKeys);
  state.saveInstanceProfile(p);
}

export function listInstanceProfileTags(input: sdk.ListInstanceProfileTagsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListInstanceProfileTagsResponse> {
  const p = findInstanceProfile(state.account(ctx.account), input.InstanceProfileName!);
  const page = paginate(p.tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
