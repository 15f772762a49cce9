// Managed policy attachments of users, groups and roles: Attach/Detach/ListAttached{User,Group,
// Role}Policies. Attaching an attached policy again changes nothing, as on AWS.
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { paginate } from './common.js';
import { noSuchEntity, quota, type EntityKind } from './errors.js';
import { findAttachable, findGroup, findRole, findUser, policyByArn } from './lookup.js';
import { attachedShape } from './shapes.js';
import type { AccountIam, Group, IamState, Role, User } from './store.js';

type Out<T> = HandlerOutput<T>;
type Entity = User | Group | Role;

interface Kind {
  find(a: AccountIam, name: string): Entity;
  save(state: IamState, e: Entity): void;
  /** The quota's name: managed policies per user/group/role (default quota 10). */
  quota: string;
}

const KINDS: Record<EntityKind, Kind> = {
  user: { find: findUser, save: (s, e) => s.saveUser(e as User), quota: 'PoliciesPerUser' },
  group: { find: findGroup, save: (s, e) => s.saveGroup(e as Group), quota: 'PoliciesPerGroup' },
  role: { find: findRole, save: (s, e) => s.saveRole(e as Role), quota: 'PoliciesPerRole' },
};

const MANAGED_POLICIES_PER_ENTITY = 10;

function attach(kind: EntityKind, entityName: string, arn: string, ctx: RequestContext, state: IamState): void {
  const k = KINDS[kind];
  const a = state.account(ctx.account);
  const e = k.find(a, entityName);
  findAttachable(a, arn);
  if (e.attached.includes(arn)) return;
  if (e.attached.length >= MANAGED_POLICIES_PER_ENTITY) throw quota(k.quota, MANAGED_POLICIES_PER_ENTITY);
  e.attached = [...e.attached, arn];
  k.save(state, e);
}

function detach(kind: EntityKind, entityName: string, arn: string, ctx: RequestContext, state: IamState): void {
  const k = KINDS[kind];
  const e = k.find(state.account(ctx.account), entityName);
  if (!e.attached.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
  e.attached = e.attached.filter((x) => x !== arn);
  k.save(state, e);
}

function listAttached(kind: EntityKind, entityName: string, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }, ctx: RequestContext, state: IamState) {
  const a = state.account(ctx.account);
  const e = KINDS[kind].find(a, entityName);
  const arns = e.attached.filter((arn) => input.PathPrefix === undefined || (policyByArn(a, arn)?.path ?? '/').startsWith(input.PathPrefix));
  const page = paginate(arns, input);
  return { AttachedPolicies: page.items.map(attachedShape), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export const attachUserPolicy = (i: sdk.AttachUserPolicyRequest, ctx: RequestContext, s: IamState): void => attach('user', i.UserName!, i.PolicyArn!, ctx, s);
export const attachGroupPolicy = (i: sdk.AttachGroupPolicyRequest, ctx: RequestContext, s: IamState): void => attach('group', i.GroupName!, i.PolicyArn!, ctx, s);
export const attachRolePolicy = (i: sdk.AttachRolePolicyRequest, ctx: RequestContext, s: IamState): void => attach('role', i.RoleName!, i.PolicyArn!, ctx, s);
export const detachUserPolicy = (i: sdk.DetachUserPolicyRequest, ctx: RequestContext, s: IamState): void => detach('user', i.UserName!, i.PolicyArn!, ctx, s);
export const detachGroupPolicy = (i: sdk.DetachGroupPolicyRequest, ctx: RequestContext, s: IamState): void => detach('group', i.GroupName!, i.PolicyArn!, ctx, s);
export const detachRolePolicy = (i: sdk.DetachRolePolicyRequest, ctx: RequestContext, s: IamState): void => detach('role', i.RoleName!, i.PolicyArn!, ctx, s);
export const listAttachedUserPolicies = (i: sdk.ListAttachedUserPoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListAttachedUserPoliciesResponse> =>
  listAttached('user', i.UserName!, i, ctx, s);
export const listAttachedGroupPolicies = (i: sdk.ListAttachedGroupPoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListAttachedGroupPoliciesResponse> =>
  listAttached('group', i.GroupName!, i, ctx, s);
export const listAttachedRolePolicies = (i: sdk.ListAttachedRolePoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListAttachedRolePoliciesResponse> =>
  listAttached('role', i.RoleName!, i, ctx, s);
