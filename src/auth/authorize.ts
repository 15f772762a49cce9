// The authorize step's decision: may this caller perform this action on this resource? The chain
// asks for every implemented operation, with the IAM action and the resource ARN from the
// service's table (ServiceDefinition.iam).
//
// Today it holds the account boundary, always: a call on a resource another account owns is
// allowed only when both sides allow, as on AWS — that resource's policy allows the caller, and
// the caller's own identity policies (within its permissions boundary and session policies) allow
// the action on the resource, evaluated by the policy engine (auth/policy/); otherwise the
// service's own AccessDenied. An account's root is allowed by its own side. Calls within an
// account are allowed (IAM enforcement of identity policies is a later issue; it will be a change
// here).
import type { Caller } from '../services/caller.js';
import type { AccessDeniedRequest, PolicyResource, RefusalReason, ResourcePolicies } from '../services/service.js';
import { identitySide, type IdentityPolicySource } from './identity-policies.js';
import { contextFor, evaluate, parsePolicyCached, PolicyParseError, type PolicyDocument } from './policy/index.js';

export interface AuthorizationRequest {
  caller: Caller;
  /** `service:Action`, e.g. sqs:SendMessage. */
  action: string;
  /** The resource's ARN, or '*'. */
  resource: string;
}

/** What the service tells the step about the resource (ServiceDefinition.resourcePolicies). */
export interface ResourceBoundary {
  resource(arn: string): PolicyResource | undefined;
  /** Actions the boundary leaves to the handler. */
  exempt?: readonly string[] | undefined;
  accessDenied(request: AccessDeniedRequest): Error;
  now(): Date;
  /** The caller's identity policies (IAM's in-process API). */
  identityPolicies?: IdentityPolicySource | undefined;
}

/** The account field of an ARN ('' when it names none, as S3's do). */
export function accountOfArn(arn: string): string {
  // arn:partition:service:region:account:...
  let i = -1;
  for (let n = 0; n < 4; n++) {
    i = arn.indexOf(':', i + 1);
    if (i < 0) return '';
  }
  const end = arn.indexOf(':', i + 1);
  return end < 0 ? '' : arn.slice(i + 1, end);
}

/** Throws the service's AccessDenied when the request is not allowed. */
export function authorize(request: AuthorizationRequest, boundary?: ResourceBoundary): void {
  if (!boundary || request.resource === '*') return;
  const caller = request.caller;
  // The hot path: a resource in the caller's own account (its ARN says so) needs no lookup.
  const arnAccount = accountOfArn(request.resource);
  if (arnAccount === caller.account) return;
  if (boundary.exempt?.includes(request.action)) return;
  const found = boundary.resource(request.resource);
  const owner = found?.account ?? arnAccount;
  if (!owner || owner === caller.account) return;
  const reason = crossAccountRefusal(request, owner, found, boundary.now(), boundary.identityPolicies);
  if (reason) {
    throw boundary.accessDenied({ principal: caller.principal ?? caller.servicePrincipal ?? `arn:aws:iam::${caller.account}:root`, action: request.action, resource: request.resource, reason });
  }
}

/** The account boundary for an in-process call (one service's API used by another, e.g. SNS
 *  delivering to SQS): authorize() over the called service's resource policies, without the chain.
 *  No IAM is at hand here, so of identities only an account root passes its own side (a user or
 *  role session of another account is refused: stricter than AWS, which would read its identity
 *  policies); a service principal passes on the resource policy alone. */
export function authorizeInProcess<S>(request: AuthorizationRequest, policies: ResourcePolicies<S>, state: S, now: number): void {
  authorize(request, {
    resource: (arn) => policies.resource(state, arn),
    accessDenied: (r) => policies.accessDenied(r),
    now: () => new Date(now),
  });
}

/** Do both sides allow this caller from another account: the resource's policy, and the caller's
 *  identity policies from `identities` (IamApi)? Undefined when they do, else why not. Without a
 *  source only service principals and account roots can be allowed: in-process calls come from
 *  services (SNS delivering to SQS). */
export function crossAccountRefusal(request: AuthorizationRequest, owner: string, found: PolicyResource | undefined, now: Date, identities?: IdentityPolicySource): RefusalReason | undefined {
  let policy: PolicyDocument | undefined;
  let side;
  try {
    policy = found?.policy ? parsePolicyCached(found.policy) : undefined;
    if (!policy) return 'no resource-based policy allows';
    side = identitySide(request.caller, identities);
  } catch (e) {
    if (e instanceof PolicyParseError) return 'no resource-based policy allows'; // a policy nobody can read allows nobody
    throw e;
  }
  const { principal, context } = contextFor(request.caller, now, { 'aws:ResourceAccount': owner, ...found?.context });
  const req = { principal, context, action: request.action, resource: request.resource };
  const result = evaluate({ ...side, resource: policy, resourceAccount: owner }, req);
  if (result.decision === 'Allow') return undefined;
  if (result.decision === 'ExplicitDeny') {
    return result.matched.some((m) => m.document === policy) ? 'explicit deny in a resource-based policy' : 'explicit deny in an identity-based policy';
  }
  // Which side lacked the allow: the resource policy alone, with the identity side taken as allowing.
  const resourceAlone = evaluate({ identity: 'unrestricted', resource: policy, resourceAccount: owner }, req);
  return resourceAlone.decision === 'Allow' ? 'no identity-based policy allows' : 'no resource-based policy allows';
}
