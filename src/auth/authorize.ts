// The authorize step's decision: may this caller perform this action on this resource? The chain
// asks for every implemented operation, with the IAM action and the resource ARN from the
// service's table (ServiceDefinition.iam).
//
// Today it holds the account boundary, always: a call on a resource another account owns is
// allowed only when that resource's policy allows the caller, evaluated by the policy engine
// (auth/policy/); otherwise the service's own AccessDenied. Calls within an account are allowed
// (IAM enforcement of identity policies is a later issue; it will be a change here). Across
// accounts, the identity side is taken as allowing for the same reason — deliberately more
// permissive than AWS, which also needs the caller's identity policies to allow.
import type { Caller } from '../services/caller.js';
import type { PolicyResource } from '../services/service.js';
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
  accessDenied(request: { principal: string; action: string; resource: string }): Error;
  now(): Date;
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
  if (!allowedAcrossAccounts(request, owner, found, boundary.now())) {
    throw boundary.accessDenied({ principal: caller.principal ?? caller.servicePrincipal ?? `arn:aws:iam::${caller.account}:root`, action: request.action, resource: request.resource });
  }
}

/** Does the resource's policy allow this caller from another account? */
export function allowedAcrossAccounts(request: AuthorizationRequest, owner: string, found: PolicyResource | undefined, now: Date): boolean {
  let policy: PolicyDocument | undefined;
  try {
    policy = found?.policy ? parsePolicyCached(found.policy) : undefined;
  } catch (e) {
    if (e instanceof PolicyParseError) return false; // a policy nobody can read allows nobody
    throw e;
  }
  if (!policy) return false;
  const { principal, context } = contextFor(request.caller, now, { 'aws:ResourceAccount': owner, ...found?.context });
  const session = request.caller.sessionPolicies?.map((p) => parsePolicyCached(p));
  const result = evaluate(
    { identity: 'unrestricted', resource: policy, resourceAccount: owner, ...(session && { session }) },
    { principal, context, action: request.action, resource: request.resource },
  );
  return result.decision === 'Allow';
}
