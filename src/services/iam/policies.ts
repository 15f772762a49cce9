// Customer managed policies and their versions: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy,
// Create/Get/List/DeletePolicyVersion, SetDefaultPolicyVersion, policy tags. At most 5 versions;
// version ids are never reused (v1, v2, ...); the default version cannot be deleted. AWS managed
// policies (aws-managed.ts) are listed and read beside them, and cannot be changed.
import type * as sdk from '@aws-sdk/client-iam';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { awsManagedPolicies } from './aws-managed.js';
import { byName, checkPolicy, encodeDocument, initialTags, mergeTags, paginate, pathMatches, policySize, removeTags } from './common.js';
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity, quota } from './errors.js';
import { iamArn, uniqueId } from './ids.js';
import { findPolicy } from './lookup.js';
import { policyShape } from './shapes.js';
import type { AccountIam, IamState, ManagedPolicy } from './store.js';

type Out<T> = HandlerOutput<T>;

const MAX_VERSIONS = 5;
const POLICY_SIZE = 6144;
const POLICIES_PER_ACCOUNT = 1500;

export interface Attachments {
  count: number;
  boundaryCount: number;
}

/** How many users, groups and roles of the account attach each policy, and use it as boundary. */
export function attachmentCounts(a: AccountIam | undefined): Map<string, Attachments> {
  const counts = new Map<string, Attachments>();
  const at = (arn: string) => {
    let c = counts.get(arn);
    if (!c) counts.set(arn, (c = { count: 0, boundaryCount: 0 }));
    return c;
  };
  if (!a) return counts;
  for (const e of [...a.users.values(), ...a.groups.values(), ...a.roles.values()]) for (const arn of e.attached) at(arn).count++;
  for (const e of [...a.users.values(), ...a.roles.values()]) if (e.permissionsBoundary) at(e.permissionsBoundary).boundaryCount++;
  return counts;
}

const NONE: Attachments = { count: 0, boundaryCount: 0 };

/** AWS managed policies belong to AWS: the caller's account may read and attach them, never change them. */
function ownPolicy(a: AccountIam, arn: string, ctx: RequestContext): ManagedPolicy {
  const p = findPolicy(a, arn);
  if (p.account === 'aws') {
    throw new AwsError('AccessDenied', `User: arn:aws:iam::${ctx.account}:root is not authorized to perform: iam:${ctx.operation} on resource: policy ${arn}`, { status: 403 });
  }
  return p;
}

function checkManagedDocument(document: string): void {
  checkPolicy(document, 'identity', true);
  if (policySize(document) > POLICY_SIZE) throw quota('PolicySize', POLICY_SIZE);
}

export function createPolicy(input: sdk.CreatePolicyRequest, ctx: RequestContext, state: IamState): Out<sdk.CreatePolicyResponse> {
  const a = state.account(ctx.account);
  const name = input.PolicyName!;
  if (a.policies.has(name.toLowerCase())) throw alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  if (a.policies.size >= POLICIES_PER_ACCOUNT) throw quota('PoliciesPerAccount', POLICIES_PER_ACCOUNT);
  checkManagedDocument(input.PolicyDocument!);
  const now = ctx.clock.now();
  const path = input.Path ?? '/';
  const policy: ManagedPolicy = {
    account: ctx.account,
    name,
    arn: iamArn(ctx.account, 'policy', path, name),
    path,
    id: uniqueId(ctx.ids, 'policy'),
    description: input.Description,
    createDate: now,
    updateDate: now,
    defaultVersionId: 'v1',
    versions: [{ versionId: 'v1', document: input.PolicyDocument!, createDate: now }],
    nextVersion: 2,
    tags: initialTags(input.Tags),
  };
  a.policies.set(name.toLowerCase(), policy);
  state.savePolicy(policy);
  return { Policy: policyShape(policy, NONE) };
}

export function getPolicy(input: sdk.GetPolicyRequest, ctx: RequestContext, state: IamState): Out<sdk.GetPolicyResponse> {
  const a = state.existing(ctx.account);
  const p = findPolicy(a, input.PolicyArn!);
  return { Policy: policyShape(p, attachmentCounts(a).get(p.arn) ?? NONE) };
}

export function listPolicies(input: sdk.ListPoliciesRequest, ctx: RequestContext, state: IamState): Out<sdk.ListPoliciesResponse> {
  const a = state.existing(ctx.account);
  const counts = attachmentCounts(a);
  const scope = input.Scope ?? 'All';
  const candidates = [
    ...(scope === 'Local' ? [] : byName(awsManagedPolicies().values())),
    ...(scope === 'AWS' ? [] : byName(a?.policies.values() ?? [])),
  ];
  const usage = input.PolicyUsageFilter;
  const policies = candidates.filter((p) => {
    const c = counts.get(p.arn) ?? NONE;
    if (!pathMatches(p.path, input.PathPrefix)) return false;
    if (input.OnlyAttached && c.count === 0 && c.boundaryCount === 0) return false;
    if (usage === 'PermissionsPolicy' && input.OnlyAttached && c.count === 0) return false;
    if (usage === 'PermissionsBoundary' && input.OnlyAttached && c.boundaryCount === 0) return false;
    return true;
  });
  const page = paginate(policies, input);
  return { Policies: page.items.map((p) => policyShape(p, counts.get(p.arn) ?? NONE, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function deletePolicy(input: sdk.DeletePolicyRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const p = ownPolicy(a, input.PolicyArn!, ctx);
  const c = attachmentCounts(a).get(p.arn) ?? NONE;
  if (c.count > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
  if (c.boundaryCount > 0) throw deleteConflict('Cannot delete a policy used as a permissions boundary.');
  if (p.versions.length > 1) {
    throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
  }
  a.policies.delete(p.name.toLowerCase());
  state.deletePolicy(p);
}

export function createPolicyVersion(input: sdk.CreatePolicyVersionRequest, ctx: RequestContext, state: IamState): Out<sdk.CreatePolicyVersionResponse> {
  const a = state.account(ctx.account);
  const p = ownPolicy(a, input.PolicyArn!, ctx);
  if (p.versions.length >= MAX_VERSIONS) {
    throw limitExceeded(`A managed policy can have up to ${MAX_VERSIONS} versions. Before you create a new version, you must delete an existing version.`);
  }
  checkManagedDocument(input.PolicyDocument!);
  const now = ctx.clock.now();
  const version = { versionId: `v${p.nextVersion}`, document: input.PolicyDocument!, createDate: now };
  p.versions = [...p.versions, version];
  p.nextVersion++;
  if (input.SetAsDefault) p.defaultVersionId = version.versionId;
  p.updateDate = now;
  state.savePolicy(p);
  return { PolicyVersion: { VersionId: version.versionId, IsDefaultVersion: p.defaultVersionId === version.versionId, CreateDate: new Date(now) } };
}

function versionOf(p: ManagedPolicy, versionId: string) {
  const v = p.versions.find((x) => x.versionId === versionId);
  if (!v) throw noSuchEntity(`Policy ${p.arn} version ${versionId} does not exist or is not attachable.`);
  return v;
}

export function getPolicyVersion(input: sdk.GetPolicyVersionRequest, ctx: RequestContext, state: IamState): Out<sdk.GetPolicyVersionResponse> {
  const p = findPolicy(state.existing(ctx.account), input.PolicyArn!);
  const v = versionOf(p, input.VersionId!);
  return { PolicyVersion: { Document: encodeDocument(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersionId, CreateDate: new Date(v.createDate) } };
}

export function listPolicyVersions(input: sdk.ListPolicyVersionsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListPolicyVersionsResponse> {
  const p = findPolicy(state.existing(ctx.account), input.PolicyArn!);
  // Newest first, as AWS lists them.
  const page = paginate([...p.versions].reverse(), input);
  return {
    Versions: page.items.map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersionId, CreateDate: new Date(v.createDate) })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}

export function deletePolicyVersion(input: sdk.DeletePolicyVersionRequest, ctx: RequestContext, state: IamState): void {
  const p = ownPolicy(state.account(ctx.account), input.PolicyArn!, ctx);
  const v = versionOf(p, input.VersionId!);
  if (v.versionId === p.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
  p.versions = p.versions.filter((x) => x !== v);
  state.savePolicy(p);
}

export function setDefaultPolicyVersion(input: sdk.SetDefaultPolicyVersionRequest, ctx: RequestContext, state: IamState): void {
  const p = ownPolicy(state.account(ctx.account), input.PolicyArn!, ctx);
  p.defaultVersionId = versionOf(p, input.VersionId!).versionId;
  p.updateDate = ctx.clock.now();
  state.savePolicy(p);
}

export function tagPolicy(input: sdk.TagPolicyRequest, ctx: RequestContext, state: IamState): void {
  const p = ownPolicy(state.account(ctx.account), input.PolicyArn!, ctx);
  p.tags = mergeTags(p.tags, input.Tags, 'Policy');
  state.savePolicy(p);
}

export function untagPolicy(input: sdk.UntagPolicyRequest, ctx: RequestContext, state: IamState): void {
  const p = ownPolicy(state.account(ctx.account), input.PolicyArn!, ctx);
  p.tags = removeTags(p.tags, input.TagKeys);
  state.savePolicy(p);
}

export function listPolicyTags(input: sdk.ListPolicyTagsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListPolicyTagsResponse> {
  const p = findPolicy(state.existing(ctx.account), input.PolicyArn!);
  const page = paginate(p.tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
