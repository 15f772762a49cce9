// IAM's in-process API: the identities that STS, the chain's caller step and the policy engine
// need, read from IAM's own state (never reached into). IAM is per account, not per region.
//
// CONTRACT: the IAM service implements it (iam/index.ts `api`); STS and src/auth/ code against it.
// Additions are fine; changing a member means changing every user of it.

export interface IamAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  /** The 12-digit account the key's user belongs to. */
  account: string;
  userName: string;
  /** arn:aws:iam::<account>:user<path><name> */
  userArn: string;
  /** The user's unique id (AIDA...). */
  userId: string;
}

export interface IamRole {
  account: string;
  roleName: string;
  /** The role's unique id (AROA...). */
  roleId: string;
  /** arn:aws:iam::<account>:role<path><name> */
  arn: string;
  path: string;
  /** The trust policy, as a JSON document (URL-decoded). */
  assumeRolePolicyDocument: string;
  /** Seconds (3600 to 43200). */
  maxSessionDuration: number;
  /** The ARN of the managed policy set as the role's permissions boundary. */
  permissionsBoundary?: string;
}

/** The policy documents that apply to a user (its own, its groups') or a role. */
export interface IamPrincipalPolicies {
  /** Inline and attached managed (default version) policy documents, as JSON. */
  identity: string[];
  /** The permissions boundary's default version document, when one is set. */
  boundary?: string;
}

/** An OpenID Connect identity provider of an account (CreateOpenIDConnectProvider). */
export interface IamOidcProvider {
  account: string;
  /** arn:aws:iam::<account>:oidc-provider/<url without https://> */
  arn: string;
  /** The URL without https:// (host lower-cased, no trailing slash): what a token's `iss` must name. */
  url: string;
  /** The audiences (`aud`) it accepts. */
  clientIds: string[];
  thumbprints: string[];
}

export interface IamApi {
  /** The access key with this id, in any account. */
  accessKey(accessKeyId: string): IamAccessKey | undefined;
  /** The role with this name in this account. */
  role(account: string, roleName: string): IamRole | undefined;
  /** The policies of the user or role with this ARN; undefined when no such principal exists. */
  policies(principalArn: string): IamPrincipalPolicies | undefined;
  /** The account's OIDC provider for an issuer (`https://host/path`, with or without the scheme)
   *  or a provider ARN. Optional only so that stand-ins written before it still type-check. */
  openIdConnectProvider?(account: string, issuerOrArn: string): IamOidcProvider | undefined;
  /** The default version's document of the managed policy with this ARN (AWS managed or the
   *  account's own); undefined when there is none. (STS's session PolicyArns.) */
  managedPolicyDocument(policyArn: string): string | undefined;
}
