// Account-wide IAM: account aliases, GetAccountSummary, GetAccountAuthorizationDetails and
// ListEntitiesForPolicy.
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { awsManagedPolicies } from './aws-managed.js';
import { byName, encodeDocument, paginate, pathMatches } from './common.js';
import { alreadyExists, noSuchEntity } from './errors.js';
import { rolesOf } from './instance-profiles.js';
import { findPolicy } from './lookup.js';
import { attachmentCounts } from './policies.js';
import { attachedShape, groupShape, instanceProfileShape, roleShape, userShape } from './shapes.js';
import type { IamState } from './store.js';

type Out<T> = HandlerOutput<T>;

/** An account has one alias; creating another replaces it. Aliases are unique across accounts. */
export function createAccountAlias(input: sdk.CreateAccountAliasRequest, ctx: RequestContext, state: IamState): void {
  const alias = input.AccountAlias!;
  for (const other of state.accounts.values()) {
    if (other.id !== ctx.account && other.aliases.includes(alias)) throw alreadyExists(`The account alias ${alias} already exists.`);
  }
  const a = state.account(ctx.account);
  for (const old of a.aliases) state.deleteAlias(ctx.account, old);
  a.aliases = [alias];
  state.saveAlias(ctx.account, alias, ctx.clock.now());
}

export function deleteAccountAlias(input: sdk.DeleteAccountAliasRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  if (!a.aliases.includes(input.AccountAlias!)) throw noSuchEntity(`The account alias ${input.AccountAlias} cannot be found.`);
  a.aliases = a.aliases.filter((x) => x !== input.AccountAlias);
  state.deleteAlias(ctx.account, input.AccountAlias!);
}

export function listAccountAliases(input: sdk.ListAccountAliasesRequest, ctx: RequestContext, state: IamState): Out<sdk.ListAccountAliasesResponse> {
  const page = paginate(state.existing(ctx.account)?.aliases ?? [], input);
  return { AccountAliases: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

/** Counts and AWS's default quotas (IAM and STS quotas page). */
export function getAccountSummary(_input: Record<string, never>, ctx: RequestContext, state: IamState): Out<sdk.GetAccountSummaryResponse> {
  const a = state.account(ctx.account);
  const keys = [...a.keysByUser.values()].reduce((n, k) => n + k.length, 0);
  const attachedCount = [...attachmentCounts(a).keys()].length;
  return {
    SummaryMap: {
      Users: a.users.size,
      UsersQuota: 5000,
      Groups: a.groups.size,
      GroupsQuota: 300,
      Roles: a.roles.size,
      RolesQuota: 1000,
      Policies: a.policies.size,
      PoliciesQuota: 1500,
      InstanceProfiles: a.instanceProfiles.size,
      InstanceProfilesQuota: 1000,
      AccessKeysPerUserQuota: 2,
      GroupsPerUserQuota: 10,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      PolicyVersionsInUseQuota: 10000,
      PolicyVersionsInUse: [...a.policies.values()].reduce((n, p) => n + p.versions.length, 0),
      PolicySizeQuota: 6144,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      VersionsPerPolicyQuota: 5,
      AssumeRolePolicySizeQuota: 2048,
      GlobalEndpointTokenVersion: 1,
      AccountAccessKeysPresent: 0,
      AccountMFAEnabled: 0,
      MFADevices: 0,
      MFADevicesInUse: 0,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      Providers: 0,
      AttachedPoliciesPerAccount: attachedCount,
      AccessKeysInUse: keys,
    } as Record<string, number>,
  };
}

const inlineList = (inline: Record<string, string>) => Object.entries(inline).sort(([x], [y]) => (x < y ? -1 : 1)).map(([PolicyName, d]) => ({ PolicyName, PolicyDocument: encodeDocument(d) }));

export function getAccountAuthorizationDetails(
  input: sdk.GetAccountAuthorizationDetailsRequest,
  ctx: RequestContext,
  state: IamState,
): Out<sdk.GetAccountAuthorizationDetailsResponse> {
  const a = state.account(ctx.account);
  const filter = new Set(input.Filter?.length ? input.Filter : ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy']);
  const counts = attachmentCounts(a);
  type Item = { kind: 'user' | 'group' | 'role' | 'policy'; value: any };
  const items: Item[] = [];
  if (filter.has('User')) for (const u of byName(a.users.values())) items.push({ kind: 'user', value: u });
  if (filter.has('Group')) for (const g of byName(a.groups.values())) items.push({ kind: 'group', value: g });
  if (filter.has('Role')) for (const r of byName(a.roles.values())) items.push({ kind: 'role', value: r });
  if (filter.has('LocalManagedPolicy')) for (const p of byName(a.policies.values())) items.push({ kind: 'policy', value: p });
  // AWS managed policies appear only when something in the account uses them.
  if (filter.has('AWSManagedPolicy')) for (const p of byName(awsManagedPolicies().values())) if (counts.has(p.arn)) items.push({ kind: 'policy', value: p });
  const page = paginate(items, input);
  const out = { UserDetailList: [] as any[], GroupDetailList: [] as any[], RoleDetailList: [] as any[], Policies: [] as any[] };
  for (const { kind, value } of page.items) {
    if (kind === 'user') {
      out.UserDetailList.push({
        ...userShape(value),
        UserPolicyList: inlineList(value.inline),
        GroupList: value.groups,
        AttachedManagedPolicies: value.attached.map(attachedShape),
      });
    } else if (kind === 'group') {
      out.GroupDetailList.push({ ...groupShape(value), GroupPolicyList: inlineList(value.inline), AttachedManagedPolicies: value.attached.map(attachedShape) });
    } else if (kind === 'role') {
      const profiles = byName(a.instanceProfiles.values()).filter((p) => p.roles.some((n) => n.toLowerCase() === value.name.toLowerCase()));
      const { MaxSessionDuration: _, Description: __, ...role } = roleShape(value);
      out.RoleDetailList.push({
        ...role,
        InstanceProfileList: profiles.map((p) => instanceProfileShape(p, rolesOf(a, p))),
        RolePolicyList: inlineList(value.inline),
        AttachedManagedPolicies: value.attached.map(attachedShape),
      });
    } else {
      const c = counts.get(value.arn) ?? { count: 0, boundaryCount: 0 };
      out.Policies.push({
        PolicyName: value.name,
        PolicyId: value.id,
        Arn: value.arn,
        Path: value.path,
        DefaultVersionId: value.defaultVersionId,
        AttachmentCount: c.count,
        PermissionsBoundaryUsageCount: c.boundaryCount,
        IsAttachable: true,
        ...(value.description !== undefined ? { Description: value.description } : {}),
        CreateDate: new Date(value.createDate),
        UpdateDate: new Date(value.updateDate),
        PolicyVersionList: [...value.versions].reverse().map((v: any) => ({
          Document: encodeDocument(v.document),
          VersionId: v.versionId,
          IsDefaultVersion: v.versionId === value.defaultVersionId,
          CreateDate: new Date(v.createDate),
        })),
      });
    }
  }
  return { ...out, IsTruncated: page.IsTruncated, Marker: page.Marker };
}

export function listEntitiesForPolicy(input: sdk.ListEntitiesForPolicyRequest, ctx: RequestContext, state: IamState): Out<sdk.ListEntitiesForPolicyResponse> {
  const a = state.account(ctx.account);
  const arn = findPolicy(a, input.PolicyArn!).arn;
  const usage = input.PolicyUsageFilter;
  const uses = (e: { attached: string[]; permissionsBoundary?: string }) =>
    (usage !== 'PermissionsBoundary' && e.attached.includes(arn)) || (usage !== 'PermissionsPolicy' && e.permissionsBoundary === arn);
  const want = (kind: string) => input.EntityFilter === undefined || input.EntityFilter === kind;
  type Entry = { kind: 'User' | 'Group' | 'Role'; name: string; id: string };
  const entries: Entry[] = [];
  if (want('User')) for (const u of byName(a.users.values())) if (pathMatches(u.path, input.PathPrefix) && uses(u)) entries.push({ kind: 'User', name: u.name, id: u.id });
  if (want('Group')) for (const g of byName(a.groups.values())) if (pathMatches(g.path, input.PathPrefix) && uses(g)) entries.push({ kind: 'Group', name: g.name, id: g.id });
  if (want('Role')) for (const r of byName(a.roles.values())) if (pathMatches(r.path, input.PathPrefix) && uses(r)) entries.push({ kind: 'Role', name: r.name, id: r.id });
  const page = paginate(entries, input);
  return {
    PolicyUsers: page.items.filter((e) => e.kind === 'User').map((e) => ({ UserName: e.name, UserId: e.id })),
    PolicyGroups: page.items.filter((e) => e.kind === 'Group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
    PolicyRoles: page.items.filter((e) => e.kind === 'Role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
    IsTruncated: page.IsTruncated,
    Marker: page.Marker,
  };
}
