// The request context a policy is evaluated against: the principal, the action, the resource and
// the condition keys (global keys such as aws:PrincipalArn, aws:SourceArn, aws:CurrentTime, and
// service keys such as sts:ExternalId). Key names are case-insensitive, as on AWS; values are
// strings or lists of strings (multivalued keys such as aws:TagKeys).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
import type { Caller } from '../../services/caller.js';

export type ContextValue = string | readonly string[];

/** Who makes the request, as the Principal element sees it. */
export interface EvaluationPrincipal {
  /** 'AWS' for accounts, users and roles; 'Service' for service principals; 'Federated' for web
   *  identity and SAML providers; '*' only for anonymous callers. */
  type: 'AWS' | 'Service' | 'Federated' | 'Anonymous';
  /** The principal's ARN (arn:aws:iam::A:user/u, arn:aws:sts::A:assumed-role/r/s,
   *  arn:aws:iam::A:root), the service name (sns.amazonaws.com) or the provider. */
  id: string;
  /** The 12-digit account (AWS principals). */
  account?: string;
  /** For a role session: the role's ARN, which a Principal naming the role also matches. */
  roleArn?: string;
}

export interface EvaluationRequest {
  principal: EvaluationPrincipal;
  action: string;
  resource: string;
  /** Condition keys (any case); see contextFor for the global ones. */
  context: Record<string, ContextValue>;
}

/** The principal type AWS reports as aws:PrincipalType. */
export function principalType(arn: string): string | undefined {
  if (/^arn:aws:iam::\d{12}:root$/.test(arn)) return 'Account';
  if (/^arn:aws:iam::\d{12}:user\//.test(arn)) return 'User';
  if (/^arn:aws:sts::\d{12}:assumed-role\//.test(arn)) return 'AssumedRole';
  if (/^arn:aws:sts::\d{12}:federated-user\//.test(arn)) return 'FederatedUser';
  return undefined;
}

/**
 * The principal and global condition keys of a caller at `now`. A service calling on a
 * resource's behalf (SNS delivering to SQS) is a service principal with aws:SourceArn and
 * aws:SourceAccount; an identity gets aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
 * aws:userid and (IAM users) aws:username.
 */
export function contextFor(caller: Caller, now: Date, extra: Record<string, ContextValue> = {}): { principal: EvaluationPrincipal; context: Record<string, ContextValue> } {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    // Nimbus is served over plain HTTP locally; aws:SecureTransport is false unless a caller says so.
    'aws:SecureTransport': 'false',
  };
  let principal: EvaluationPrincipal;
  if (caller.servicePrincipal) {
    principal = { type: 'Service', id: caller.servicePrincipal };
    context['aws:PrincipalServiceName'] = caller.servicePrincipal;
    if (caller.sourceArn) context['aws:SourceArn'] = caller.sourceArn;
    if (caller.sourceAccount) context['aws:SourceAccount'] = caller.sourceAccount;
  } else {
    const arn = caller.principal ?? `arn:aws:iam::${caller.account}:root`;
    principal = { type: 'AWS', id: arn, account: caller.account };
    if (caller.roleArn) principal.roleArn = caller.roleArn;
    context['aws:PrincipalArn'] = caller.roleArn ?? arn;
    context['aws:PrincipalAccount'] = caller.account;
    const type = principalType(arn);
    if (type) context['aws:PrincipalType'] = type;
    context['aws:userid'] = caller.userId ?? caller.account;
    if (type === 'User') context['aws:username'] = arn.slice(arn.lastIndexOf('/') + 1);
    if (caller.sourceIdentity) context['aws:SourceIdentity'] = caller.sourceIdentity;
    for (const [k, v] of Object.entries(caller.principalTags ?? {})) context[`aws:PrincipalTag/${k}`] = v;
  }
  return { principal, context: { ...context, ...extra } };
}

/** Case-insensitive lookup of a condition key. */
export function lookup(context: Record<string, ContextValue>, key: string): ContextValue | undefined {
  if (Object.hasOwn(context, key)) return context[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(context)) if (k.toLowerCase() === lower) return context[k];
  return undefined;
}
