// IAM's durable rows: the format on disk, spelled out so that a change to the live structures
// (store.ts) never changes what a --persist directory holds. Every store is per account (IAM is
// not regional): scope 'account', keyed by the entity's name as created (access keys by their id).
// Inline policies and attachments live in their entity's row, as they live and die with it.

export interface TagRow {
  Key: string;
  Value: string;
}

/** Fields every principal-like entity (user, group, role) has. */
export interface EntityRow {
  path: string;
  /** AIDA... / AGPA... / AROA... */
  id: string;
  /** Epoch ms. */
  createDate: number;
  /** Inline policies: name -> document (JSON text as given). */
  inline: Record<string, string>;
  /** ARNs of attached managed policies, in attach order. */
  attached: string[];
}

/** Store iam/users, key the user name. */
export interface UserRow extends EntityRow {
  tags: TagRow[];
  permissionsBoundary?: string;
  /** Names of the groups the user is in, in the order it joined them. */
  groups: string[];
}

/** Store iam/groups, key the group name. */
export type GroupRow = EntityRow;

/** Store iam/roles, key the role name. */
export interface RoleRow extends EntityRow {
  tags: TagRow[];
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  permissionsBoundary?: string;
}

export interface PolicyVersionRow {
  versionId: string;
  document: string;
  /** Epoch ms. */
  createDate: number;
}

/** Store iam/policies (customer managed policies), key the policy name. */
export interface PolicyRow {
  path: string;
  /** ANPA... */
  id: string;
  description?: string;
  createDate: number;
  updateDate: number;
  defaultVersionId: string;
  versions: PolicyVersionRow[];
  /** The number the next version gets (v1, v2, ... never reused, as on AWS). */
  nextVersion: number;
  tags: TagRow[];
}

/** Store iam/instance-profiles, key the instance profile name. */
export interface InstanceProfileRow {
  path: string;
  /** AIPA... */
  id: string;
  createDate: number;
  /** Role names (at most one, AWS's quota). */
  roles: string[];
  tags: TagRow[];
}

/** Store iam/access-keys, key the access key id. */
export interface AccessKeyRow {
  userName: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  createDate: number;
}

/** Store iam/account-aliases, key the alias (AWS allows one per account). */
export interface AccountAliasRow {
  createDate: number;
}
