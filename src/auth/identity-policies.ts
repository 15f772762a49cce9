// The identity side of a request: the policies of the caller's own account that apply to it — an
// IAM user's inline, attached managed and group policies, or a role session's role policies
// intersected with its session policies, each limited by the permissions boundary. Across
// accounts AWS needs this side to allow as well as the resource policy.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import type { Caller } from '../services/caller.js';
import type { IamPrincipalPolicies } from '../services/iam/api.js';
import { parsePolicyCached, principalType, type PolicySet } from './policy/index.js';

/** Where the identity policies come from (IamApi.policies). */
export interface IdentityPolicySource {
  policies(principalArn: string): IamPrincipalPolicies | undefined;
}

export type IdentitySide = Pick<PolicySet, 'identity' | 'boundary' | 'session'>;

/**
 * The caller's identity side, parsed by the engine (documents are cached by text, so repeated
 * calls parse nothing). The account root is unrestricted in its own account; a service principal
 * has no identity policies (the engine lets the resource policy decide). A user or role session
 * IAM does not know — or any identity when no source is given — has no policies: it is allowed
 * nothing (AWS's implicit deny). Throws PolicyParseError for a document the engine cannot read.
 */
export function identitySide(caller: Caller, source: IdentityPolicySource | undefined): IdentitySide {
  const session = caller.sessionPolicies?.length ? { session: caller.sessionPolicies.map((p) => parsePolicyCached(p)) } : {};
  if (caller.servicePrincipal) return { identity: 'unrestricted' };
  const arn = caller.principal ?? `arn:aws:iam::${caller.account}:root`;
  if (principalType(arn) === 'Account') return { identity: 'unrestricted', ...session };
  const found = source?.policies(arn);
  if (!found) return { identity: [], ...session };
  return {
    identity: found.identity.map((d) => parsePolicyCached(d)),
    ...(found.boundary !== undefined && { boundary: parsePolicyCached(found.boundary) }),
    ...session,
  };
}
