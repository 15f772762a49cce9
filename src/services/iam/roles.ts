// Roles: CreateRole, GetRole, ListRoles, UpdateRole(Description), UpdateAssumeRolePolicy,
// DeleteRole, role tags and permissions boundary. A role's trust policy is checked as a trust
// policy (a principal, no resource, only sts: actions) under AWS's 2048-character quota.
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { byName, checkPolicy, initialTags, mergeTags, paginate, pathMatches, policySize, removeTags } from './common.js';
import { alreadyExists, deleteConflict, quota } from './errors.js';
import { uniqueId } from './ids.js';
import { findRole } from './lookup.js';
import { roleShape } from './shapes.js';
import type { IamState, Role } from './store.js';
import { checkBoundary } from './users.js';

type Out<T> = HandlerOutput<T>;

const ROLES_PER_ACCOUNT = 1000;
const TRUST_POLICY_SIZE = 2048;

function checkTrustPolicy(document: string): void {
  checkPolicy(document, 'trust');
  if (policySize(document) > TRUST_POLICY_SIZE) throw quota('ACLSizePerRole', TRUST_POLICY_SIZE);
}

export function createRole(input: sdk.CreateRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateRoleResponse> {
  const a = state.account(ctx.account);
  const name = input.RoleName!;
  if (a.roles.has(name.toLowerCase())) throw alreadyExists(`Role with name ${name} already exists.`);
  if (a.roles.size >= ROLES_PER_ACCOUNT) throw quota('RolesPerAccount', ROLES_PER_ACCOUNT);
  checkTrustPolicy(input.AssumeRolePolicyDocument!);
  if (input.PermissionsBoundary) checkBoundary(state, ctx.account, input.PermissionsBoundary);
  const role: Role = {
    account: ctx.account,
    name,
    path: input.Path ?? '/',
    id: uniqueId(ctx.ids, 'role'),
    createDate: ctx.clock.now(),
    inline: {},
    attached: [],
    tags: initialTags(input.Tags),
    assumeRolePolicyDocument: input.AssumeRolePolicyDocument!,
    description: input.Description,
    maxSessionDuration: input.MaxSessionDuration ?? 3600,
    permissionsBoundary: input.PermissionsBoundary,
  };
  a.roles.set(name.toLowerCase(), role);
  state.saveRole(role);
  // CreateRole answers without RoleLastUsed (GetRole has it).
  const { RoleLastUsed: _, ...shape } = roleShape(role);
  return { Role: shape };
}

export function getRole(input: sdk.GetRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.GetRoleResponse> {
  return { Role: roleShape(findRole(state.account(ctx.account), input.RoleName!)) };
}

export function listRoles(input: sdk.ListRolesRequest, ctx: RequestContext, state: IamState): Out<sdk.ListRolesResponse> {
  const roles = byName(state.existing(ctx.account)?.roles.values() ?? []).filter((r) => pathMatches(r.path, input.PathPrefix));
  const page = paginate(roles, input);
  return { Roles: page.items.map((r) => roleShape(r, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function updateRole(input: sdk.UpdateRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.UpdateRoleResponse> {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  if (input.Description !== undefined) role.description = input.Description;
  if (input.MaxSessionDuration !== undefined) role.maxSessionDuration = input.MaxSessionDuration;
  state.saveRole(role);
  return {};
}

export function updateRoleDescription(input: sdk.UpdateRoleDescriptionRequest, ctx: RequestContext, state: IamState): Out<sdk.UpdateRoleDescriptionResponse> {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  role.description = input.Description;
  state.saveRole(role);
  const { RoleLastUsed: _, ...shape } = roleShape(role);
  return { Role: shape };
}

export function updateAssumeRolePolicy(input: sdk.UpdateAssumeRolePolicyRequest, ctx: RequestContext, state: IamState): void {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  checkTrustPolicy(input.PolicyDocument!);
  role.assumeRolePolicyDocument = input.PolicyDocument!;
  state.saveRole(role);
}

export function deleteRole(input: sdk.DeleteRoleRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const role = findRole(a, input.RoleName!);
  for (const p of a.instanceProfiles.values()) {
    if (p.roles.some((r) => r.toLowerCase() === role.name.toLowerCase())) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
  }
  if (Object.keys(role.inline).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (role.attached.length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  a.roles.delete(role.name.toLowerCase());
  state.deleteRole(role);
}

export function tagRole(input: sdk.TagRoleRequest, ctx: RequestContext, state: IamState): void {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  role.tags = mergeTags(role.tags, input.Tags, 'Role');
  state.saveRole(role);
}

export function untagRole(input: sdk.UntagRoleRequest, ctx: RequestContext, state: IamState): void {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  role.tags = removeTags(role.tags, input.TagKeys);
  state.saveRole(role);
}

export function listRoleTags(input: sdk.ListRoleTagsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListRoleTagsResponse> {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  const page = paginate(role.tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function putRolePermissionsBoundary(input: sdk.PutRolePermissionsBoundaryRequest, ctx: RequestContext, state: IamState): void {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  checkBoundary(state, ctx.account, input.PermissionsBoundary!);
  role.permissionsBoundary = input.PermissionsBoundary;
  state.saveRole(role);
}

export function deleteRolePermissionsBoundary(input: sdk.DeleteRolePermissionsBoundaryRequest, ctx: RequestContext, state: IamState): void {
  const role = findRole(state.account(ctx.account), input.RoleName!);
  role.permissionsBoundary = undefined;
  state.saveRole(role);
}
