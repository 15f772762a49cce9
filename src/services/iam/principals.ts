// IamApi (api.ts), implemented on IAM's state: what STS, the caller step and the policy engine read
// of IAM. Access keys are found by id alone, in whichever account they belong to (one Map.get).
import type { IamAccessKey, IamApi, IamOidcProvider, IamPrincipalPolicies, IamRole } from './api.js';
import { oidcProviderArn, oidcProviderKey } from './oidc-providers.js';
import { defaultDocument, policyByArn } from './lookup.js';
import type { AccountIam, IamState, Role } from './store.js';
import { roleArn, userArn } from './store.js';

const USER_ARN = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
/** An assumed-role session (arn:aws:sts::<account>:assumed-role/<role>/<session>) acts with its role's policies. */
const SESSION_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

function roleOf(r: Role): IamRole {
  return {
    account: r.account,
    roleName: r.name,
    roleId: r.id,
    arn: roleArn(r),
    path: r.path,
    assumeRolePolicyDocument: r.assumeRolePolicyDocument,
    maxSessionDuration: r.maxSessionDuration,
    ...(r.permissionsBoundary ? { permissionsBoundary: r.permissionsBoundary } : {}),
  };
}

/** Inline documents, then attached managed policies' default versions. */
function documents(a: AccountIam, e: { inline: Record<string, string>; attached: string[] }): string[] {
  const out = Object.values(e.inline);
  for (const arn of e.attached) {
    const p = policyByArn(a, arn);
    if (p) out.push(defaultDocument(p));
  }
  return out;
}

function withBoundary(a: AccountIam, identity: string[], boundaryArn: string | undefined): IamPrincipalPolicies {
  const boundary = boundaryArn ? policyByArn(a, boundaryArn) : undefined;
  return boundary ? { identity, boundary: defaultDocument(boundary) } : { identity };
}

export function iamApi(state: IamState): IamApi {
  return {
    accessKey(accessKeyId: string): IamAccessKey | undefined {
      const k = state.accessKeys.get(accessKeyId);
      if (!k) return undefined;
      const user = state.existing(k.account)?.users.get(k.userName.toLowerCase());
      if (!user) return undefined;
      return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey, status: k.status, account: k.account, userName: user.name, userArn: userArn(user), userId: user.id };
    },
    role(account: string, roleName: string): IamRole | undefined {
      const r = state.existing(account)?.roles.get(roleName.toLowerCase());
      return r ? roleOf(r) : undefined;
    },
    policies(principalArn: string): IamPrincipalPolicies | undefined {
      const user = USER_ARN.exec(principalArn);
      if (user) {
        const a = state.existing(user[1]!);
        const u = a?.users.get(user[2]!.toLowerCase());
        if (!a || !u || userArn(u) !== principalArn) return undefined;
        const identity = documents(a, u);
        for (const groupName of u.groups) {
          const g = a.groups.get(groupName.toLowerCase());
          if (g) identity.push(...documents(a, g));
        }
        return withBoundary(a, identity, u.permissionsBoundary);
      }
      const role = ROLE_ARN.exec(principalArn) ?? SESSION_ARN.exec(principalArn);
      if (role) {
        const a = state.existing(role[1]!);
        const r = a?.roles.get(role[2]!.toLowerCase());
        if (!a || !r) return undefined;
        if (principalArn.startsWith('arn:aws:iam:') && roleArn(r) !== principalArn) return undefined;
        return withBoundary(a, documents(a, r), r.permissionsBoundary);
      }
      return undefined;
    },
    openIdConnectProvider(account: string, issuerOrArn: string): IamOidcProvider | undefined {
      const a = state.existing(account);
      if (!a) return undefined;
      const arnPrefix = `arn:aws:iam::${account}:oidc-provider/`;
      const key = issuerOrArn.startsWith(arnPrefix)
        ? issuerOrArn.slice(arnPrefix.length)
        : oidcProviderKey(/^https:\/\//i.test(issuerOrArn) ? issuerOrArn : `https://${issuerOrArn}`);
      const p = key === undefined ? undefined : a.oidcProviders.get(key);
      return p ? { account, arn: oidcProviderArn(p), url: p.url, clientIds: [...p.clientIds], thumbprints: [...p.thumbprints] } : undefined;
    },
    managedPolicyDocument(policyArn: string): string | undefined {
      const account = /^arn:aws:iam::(\d{12}):/.exec(policyArn)?.[1];
      const p = policyByArn(account ? state.existing(account) : undefined, policyArn);
      return p ? defaultDocument(p) : undefined;
    },
  };
}
