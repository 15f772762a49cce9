// The one policy evaluation engine: AWS's documented decision for a request, from the policies
// that apply to it.
//
//   1. An explicit Deny in any applicable policy (identity, resource, permissions boundary,
//      session) decides: ExplicitDeny.
//   2. Within one account (the principal's account owns the resource), an Allow in the identity
//      policies or in the resource policy is enough, limited by the permissions boundary and the
//      session policies when they exist — except that a resource policy naming the IAM user or the
//      role session itself (not its role or account) grants even past an implicit deny of the
//      boundary or session policy; one naming the account delegates to the identity policies.
//   3. Across accounts, both sides must allow: the identity side (identity policies within the
//      boundary and session policies) AND the resource policy.
//   4. A service or federated principal has no identity policies: the resource policy decides.
//   5. A role's trust policy must itself allow the caller (requireResourceAllow): an identity
//      policy allowing sts:AssumeRole is not enough.
//      https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage-assume.html
//   Otherwise: ImplicitDeny.
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
//
// Not modelled (no such things in Nimbus): Organizations SCPs and RCPs, VPC endpoint policies.
import type { EvaluationRequest } from './context.js';
import type { PolicyDocument } from './document.js';
import { applicable, type StatementMatch } from './statement.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export interface PolicySet {
  /** The principal's identity policies; 'unrestricted' for the account root user, which has
   *  every permission in its own account (and for callers whose identity side is not enforced). */
  identity?: readonly PolicyDocument[] | 'unrestricted';
  /** The resource's policy (queue policy, topic policy, bucket policy, trust policy, key policy). */
  resource?: PolicyDocument;
  /** The account owning the resource (from its ARN); same-account rules apply when it is the
   *  principal's. Undefined: the principal's own account. */
  resourceAccount?: string;
  /** The permissions boundary of the user or role. */
  boundary?: PolicyDocument;
  /** Session policies passed when the session was made (inline and managed, together). */
  session?: readonly PolicyDocument[];
  /** The resource policy must allow whatever the identity side says: a role's trust policy, which
   *  alone decides who may assume the role (an identity policy never suffices). */
  requireResourceAllow?: boolean;
}

export interface Evaluation {
  decision: Decision;
  /** The statements that decided: the denies for ExplicitDeny, the allows for Allow. */
  matched: StatementMatch[];
}

function allowedBy(docs: readonly PolicyDocument[] | undefined, req: EvaluationRequest, all: { allows: StatementMatch[]; denies: StatementMatch[] }): StatementMatch[] | undefined {
  if (!docs) return undefined;
  const r = applicable(docs, req, false);
  all.allows.push(...r.allows);
  all.denies.push(...r.denies);
  return r.allows;
}

export function evaluate(set: PolicySet, req: EvaluationRequest): Evaluation {
  const all = { allows: [] as StatementMatch[], denies: [] as StatementMatch[] };
  const identityAllows = set.identity === 'unrestricted' ? 'unrestricted' : allowedBy(set.identity ?? [], req, all)!;
  const boundaryAllows = set.boundary ? allowedBy([set.boundary], req, all) : undefined;
  const sessionAllows = set.session ? allowedBy(set.session, req, all) : undefined;
  let resourceAllows: StatementMatch[] = [];
  if (set.resource) {
    const r = applicable([set.resource], req, true);
    resourceAllows = r.allows;
    all.denies.push(...r.denies);
  }
  if (all.denies.length) return { decision: 'ExplicitDeny', matched: all.denies };
  if (set.requireResourceAllow && !resourceAllows.length) return { decision: 'ImplicitDeny', matched: [] };

  const limitsHold = (!boundaryAllows || boundaryAllows.length > 0) && (!sessionAllows || sessionAllows.length > 0);
  const identityAllowed = (identityAllows === 'unrestricted' || identityAllows.length > 0) && limitsHold;
  const identityMatched = identityAllows === 'unrestricted' ? [] : identityAllows;
  const p = req.principal;

  if (p.type !== 'AWS') {
    return resourceAllows.length ? { decision: 'Allow', matched: resourceAllows } : { decision: 'ImplicitDeny', matched: [] };
  }
  const sameAccount = set.resourceAccount === undefined || set.resourceAccount === p.account;
  if (sameAccount) {
    const direct = resourceAllows.filter((m) => m.principal === 'principal' || m.principal === 'everyone');
    if (direct.length) return { decision: 'Allow', matched: direct };
    const viaRole = resourceAllows.filter((m) => m.principal === 'role');
    if (viaRole.length && limitsHold) return { decision: 'Allow', matched: viaRole };
    if (identityAllowed) return { decision: 'Allow', matched: identityMatched };
    return { decision: 'ImplicitDeny', matched: [] };
  }
  if (resourceAllows.length && identityAllowed) return { decision: 'Allow', matched: [...identityMatched, ...resourceAllows] };
  return { decision: 'ImplicitDeny', matched: [] };
}
