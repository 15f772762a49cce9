// IAM state: per-account tables of users, groups, roles, customer managed policies and instance
// profiles, and one global index of access keys by id (a signed request names only its key id, in
// whichever account it was made: the lookup is one Map.get). Entities are kept as their rows plus
// name and account; the maps are indexes built from the stores when the state is created.
//
// Names are unique per account regardless of case, and found regardless of case, as on AWS
// ("you cannot create users named both TESTUSER and testuser"): the maps are keyed by the
// lower-cased name; entities keep the name as created.
import type { Host } from '../host.js';
import { iamArn } from './ids.js';
import type { AccessKeyRow, AccountAliasRow, GroupRow, InstanceProfileRow, OidcProviderRow, PasswordPolicyRow, PolicyRow, RoleRow, UserRow } from './rows.js';

export interface User extends UserRow {
  account: string;
  name: string;
}
export interface Group extends GroupRow {
  account: string;
  name: string;
}
export interface Role extends RoleRow {
  account: string;
  name: string;
}
export interface ManagedPolicy extends PolicyRow {
  /** 'aws' for AWS managed policies. */
  account: string;
  name: string;
  arn: string;
}
export interface InstanceProfile extends InstanceProfileRow {
  account: string;
  name: string;
}
export interface OidcProvider extends OidcProviderRow {
  account: string;
  /** The URL without https:// (as GetOpenIDConnectProvider returns it and the ARN names it). */
  url: string;
}
export interface AccessKey extends AccessKeyRow {
  account: string;
  accessKeyId: string;
}

/** One account's IAM. */
export interface AccountIam {
  id: string;
  users: Map<string, User>;
  groups: Map<string, Group>;
  roles: Map<string, Role>;
  policies: Map<string, ManagedPolicy>;
  instanceProfiles: Map<string, InstanceProfile>;
  /** Lower-cased user name -> its access keys, in creation order. */
  keysByUser: Map<string, AccessKey[]>;
  aliases: string[];
  /** URL (without scheme, lower-cased host) -> provider. */
  oidcProviders: Map<string, OidcProvider>;
  passwordPolicy?: PasswordPolicyRow;
}

export function userArn(u: { account: string; path: string; name: string }): string {
  return iamArn(u.account, 'user', u.path, u.name);
}
export function groupArn(g: { account: string; path: string; name: string }): string {
  return iamArn(g.account, 'group', g.path, g.name);
}
export function roleArn(r: { account: string; path: string; name: string }): string {
  return iamArn(r.account, 'role', r.path, r.name);
}
export function instanceProfileArn(p: { account: string; path: string; name: string }): string {
  return iamArn(p.account, 'instance-profile', p.path, p.name);
}

export function createIamState(host: Host) {
  const open = <Row>(name: string) => host.stores.open<Row>('iam', { name, scope: 'account', version: 1 });
  const stores = {
    users: open<UserRow>('users'),
    groups: open<GroupRow>('groups'),
    roles: open<RoleRow>('roles'),
    policies: open<PolicyRow>('policies'),
    instanceProfiles: open<InstanceProfileRow>('instance-profiles'),
    accessKeys: open<AccessKeyRow>('access-keys'),
    aliases: open<AccountAliasRow>('account-aliases'),
    oidcProviders: open<OidcProviderRow>('oidc-providers'),
    passwordPolicy: open<PasswordPolicyRow>('password-policy'),
  };
  const accounts = new Map<string, AccountIam>();
  const accessKeys = new Map<string, AccessKey>();

  const account = (id: string): AccountIam => {
    let a = accounts.get(id);
    if (!a) {
      a = { id, users: new Map(), groups: new Map(), roles: new Map(), policies: new Map(), instanceProfiles: new Map(), keysByUser: new Map(), aliases: [], oidcProviders: new Map() };
      accounts.set(id, a);
    }
    return a;
  };

  for (const { account: acct, key, row } of stores.users.load()) account(acct).users.set(key.toLowerCase(), { ...row, account: acct, name: key });
  for (const { account: acct, key, row } of stores.groups.load()) account(acct).groups.set(key.toLowerCase(), { ...row, account: acct, name: key });
  for (const { account: acct, key, row } of stores.roles.load()) account(acct).roles.set(key.toLowerCase(), { ...row, account: acct, name: key });
  for (const { account: acct, key, row } of stores.policies.load()) {
    account(acct).policies.set(key.toLowerCase(), { ...row, account: acct, name: key, arn: iamArn(acct, 'policy', row.path, key) });
  }
  for (const { account: acct, key, row } of stores.instanceProfiles.load()) account(acct).instanceProfiles.set(key.toLowerCase(), { ...row, account: acct, name: key });
  const keyRows = [...stores.accessKeys.load()].sort((a, b) => a.row.createDate - b.row.createDate);
  for (const { account: acct, key, row } of keyRows) {
    const k: AccessKey = { ...row, account: acct, accessKeyId: key };
    accessKeys.set(key, k);
    const owner = row.userName.toLowerCase();
    const list = account(acct).keysByUser.get(owner) ?? [];
    list.push(k);
    account(acct).keysByUser.set(owner, list);
  }
  for (const { account: acct, key } of stores.aliases.load()) account(acct).aliases.push(key);
  for (const { account: acct, row } of stores.passwordPolicy.load()) account(acct).passwordPolicy = row;
  for (const { account: acct, key, row } of stores.oidcProviders.load()) account(acct).oidcProviders.set(key, { ...row, account: acct, url: key });

  return {
    host,
    accounts,
    accessKeys,
    account,
    /** The account's table if it has any IAM state (read paths make no empty tables). */
    existing(id: string): AccountIam | undefined {
      return accounts.get(id);
    },
    saveUser(u: User): void {
      stores.users.put(u.account, '', u.name, {
        path: u.path, id: u.id, createDate: u.createDate, inline: u.inline, attached: u.attached,
        tags: u.tags, permissionsBoundary: u.permissionsBoundary, groups: u.groups, loginProfile: u.loginProfile,
      });
    },
    deleteUser(u: User): void {
      stores.users.delete(u.account, '', u.name);
    },
    saveGroup(g: Group): void {
      stores.groups.put(g.account, '', g.name, { path: g.path, id: g.id, createDate: g.createDate, inline: g.inline, attached: g.attached });
    },
    deleteGroup(g: Group): void {
      stores.groups.delete(g.account, '', g.name);
    },
    saveRole(r: Role): void {
      stores.roles.put(r.account, '', r.name, {
        path: r.path, id: r.id, createDate: r.createDate, inline: r.inline, attached: r.attached, tags: r.tags,
        assumeRolePolicyDocument: r.assumeRolePolicyDocument, description: r.description,
        maxSessionDuration: r.maxSessionDuration, permissionsBoundary: r.permissionsBoundary,
      });
    },
    deleteRole(r: Role): void {
      stores.roles.delete(r.account, '', r.name);
    },
    savePolicy(p: ManagedPolicy): void {
      stores.policies.put(p.account, '', p.name, {
        path: p.path, id: p.id, description: p.description, createDate: p.createDate, updateDate: p.updateDate,
        defaultVersionId: p.defaultVersionId, versions: p.versions, nextVersion: p.nextVersion, tags: p.tags,
      });
    },
    deletePolicy(p: ManagedPolicy): void {
      stores.policies.delete(p.account, '', p.name);
    },
    saveInstanceProfile(p: InstanceProfile): void {
      stores.instanceProfiles.put(p.account, '', p.name, { path: p.path, id: p.id, createDate: p.createDate, roles: p.roles, tags: p.tags });
    },
    deleteInstanceProfile(p: InstanceProfile): void {
      stores.instanceProfiles.delete(p.account, '', p.name);
    },
    saveAccessKey(k: AccessKey): void {
      stores.accessKeys.put(k.account, '', k.accessKeyId, { userName: k.userName, secretAccessKey: k.secretAccessKey, status: k.status, createDate: k.createDate });
    },
    deleteAccessKey(k: AccessKey): void {
      stores.accessKeys.delete(k.account, '', k.accessKeyId);
    },
    saveAlias(accountId: string, alias: string, createDate: number): void {
      stores.aliases.put(accountId, '', alias, { createDate });
    },
    deleteAlias(accountId: string, alias: string): void {
      stores.aliases.delete(accountId, '', alias);
    },
    savePasswordPolicy(accountId: string, policy: PasswordPolicyRow | undefined): void {
      if (policy) stores.passwordPolicy.put(accountId, '', 'policy', policy);
      else stores.passwordPolicy.delete(accountId, '', 'policy');
    },
    saveOidcProvider(p: OidcProvider): void {
      stores.oidcProviders.put(p.account, '', p.url, { clientIds: p.clientIds, thumbprints: p.thumbprints, createDate: p.createDate, tags: p.tags });
    },
    deleteOidcProvider(p: OidcProvider): void {
      stores.oidcProviders.delete(p.account, '', p.url);
    },
  };
}

export type IamState = ReturnType<typeof createIamState>;

