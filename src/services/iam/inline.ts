// Inline policies of users, groups and roles: Put/Get/Delete/List{User,Group,Role}Policy. One set
// of rules for the three, from a table of what differs (the entity and its aggregate size quota).
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { checkPolicy, encodeDocument, paginate, policySize } from './common.js';
import { limitExceeded, noSuchEntity, type EntityKind } from './errors.js';
import { findGroup, findRole, findUser } from './lookup.js';
import type { AccountIam, Group, IamState, Role, User } from './store.js';

type Out<T> = HandlerOutput<T>;
type Entity = User | Group | Role;

interface Kind {
  find(a: AccountIam, name: string): Entity;
  save(state: IamState, e: Entity): void;
  /** The quota on the sum of the entity's inline policy sizes (IAM and STS quotas). */
  maxSize: number;
}

const KINDS: Record<EntityKind, Kind> = {
  user: { find: findUser, save: (s, e) => s.saveUser(e as User), maxSize: 2048 },
  group: { find: findGroup, save: (s, e) => s.saveGroup(e as Group), maxSize: 5120 },
  role: { find: findRole, save: (s, e) => s.saveRole(e as Role), maxSize: 10240 },
};

function put(kind: EntityKind, entityName: string, policyName: string, document: string, ctx: RequestContext, state: IamState): void {
  const k = KINDS[kind];
  const e = k.find(state.account(ctx.account), entityName);
  checkPolicy(document, 'identity');
  const others = Object.entries(e.inline).filter(([n]) => n !== policyName);
  const total = others.reduce((sum, [, d]) => sum + policySize(d), policySize(document));
  if (total > k.maxSize) throw limitExceeded(`Maximum policy size of ${k.maxSize} bytes exceeded for ${kind} ${e.name}`);
  e.inline = { ...e.inline, [policyName]: document };
  k.save(state, e);
}

function get(kind: EntityKind, entityName: string, policyName: string, ctx: RequestContext, state: IamState): { name: string; document: string } {
  const e = KINDS[kind].find(state.account(ctx.account), entityName);
  if (!Object.hasOwn(e.inline, policyName)) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
  return { name: e.name, document: encodeDocument(e.inline[policyName]!) };
}

function remove(kind: EntityKind, entityName: string, policyName: string, ctx: RequestContext, state: IamState): void {
  const k = KINDS[kind];
  const e = k.find(state.account(ctx.account), entityName);
  if (!Object.hasOwn(e.inline, policyName)) throw noSuchEntity(`The ${kind} policy with name ${policyName} cannot be found.`);
  const { [policyName]: _, ...rest } = e.inline;
  e.inline = rest;
  k.save(state, e);
}

function names(kind: EntityKind, entityName: string, input: { Marker?: string; MaxItems?: number }, ctx: RequestContext, state: IamState) {
  const e = KINDS[kind].find(state.account(ctx.account), entityName);
  const page = paginate(Object.keys(e.inline).sort(), input);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export const putUserPolicy = (i: sdk.PutUserPolicyRequest, ctx: RequestContext, s: IamState): void => put('user', i.UserName!, i.PolicyName!, i.PolicyDocument!, ctx, s);
export const putGroupPolicy = (i: sdk.PutGroupPolicyRequest, ctx: RequestContext, s: IamState): void => put('group', i.GroupName!, i.PolicyName!, i.PolicyDocument!, ctx, s);
export const putRolePolicy = (i: sdk.PutRolePolicyRequest, ctx: RequestContext, s: IamState): void => put('role', i.RoleName!, i.PolicyName!, i.PolicyDocument!, ctx, s);

export function getUserPolicy(i: sdk.GetUserPolicyRequest, ctx: RequestContext, s: IamState): Out<sdk.GetUserPolicyResponse> {
  const p = get('user', i.UserName!, i.PolicyName!, ctx, s);
  return { UserName: p.name, PolicyName: i.PolicyName!, PolicyDocument: p.document };
}
export function getGroupPolicy(i: sdk.GetGroupPolicyRequest, ctx: RequestContext, s: IamState): Out<sdk.GetGroupPolicyResponse> {
  const p = get('group', i.GroupName!, i.PolicyName!, ctx, s);
  return { GroupName: p.name, PolicyName: i.PolicyName!, PolicyDocument: p.document };
}
export function getRolePolicy(i: sdk.GetRolePolicyRequest, ctx: RequestContext, s: IamState): Out<sdk.GetRolePolicyResponse> {
  const p = get('role', i.RoleName!, i.PolicyName!, ctx, s);
  return { RoleName: p.name, PolicyName: i.PolicyName!, PolicyDocument: p.document };
}

export const deleteUserPolicy = (i: sdk.DeleteUserPolicyRequest, ctx: RequestContext, s: IamState): void => remove('user', i.UserName!, i.PolicyName!, ctx, s);
export const deleteGroupPolicy = (i: sdk.DeleteGroupPolicyRequest, ctx: RequestContext, s: IamState): void => remove('group', i.GroupName!, i.PolicyName!, ctx, s);
export const deleteRolePolicy = (i: sdk.DeleteRolePolicyRequest, ctx: RequestContext, s: IamState): void => remove('role', i.RoleName!, i.PolicyName!, ctx, s);

export const listUserPolicies = (i: sdk.ListUserPoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListUserPoliciesResponse> => names('user', i.UserName!, i, ctx, s);
export const listGroupPolicies = (i: sdk.ListGroupPoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListGroupPoliciesResponse> => names('group', i.GroupName!, i, ctx, s);
export const listRolePolicies = (i: sdk.ListRolePoliciesRequest, ctx: RequestContext, s: IamState): Out<sdk.ListRolePoliciesResponse> => names('role', i.RoleName!, i, ctx, s);
