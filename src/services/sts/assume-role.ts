// AssumeRole and AssumeRoleWithWebIdentity: the role's trust policy, evaluated by the policy
// engine against the caller (the role is the resource, its trust policy the resource policy),
// decides — across accounts together with the caller's identity policies, which must allow
// sts:AssumeRole on the role; the session then acts in the role's account with the role's ARN
// until it expires.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_assumerole.html
import type {
  AssumeRoleRequest,
  AssumeRoleResponse,
  AssumeRoleWithWebIdentityRequest,
  AssumeRoleWithWebIdentityResponse,
  PolicyDescriptorType,
  Tag,
} from '@aws-sdk/client-sts';
import { contextFor, evaluate, parsePolicy, PolicyParseError, type ContextValue, type EvaluationPrincipal } from '../../auth/policy/index.js';
import { identitySide, type IdentitySide } from '../../auth/identity-policies.js';
import { validatePolicyDocument } from '../../auth/policy-validate.js';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { IamApi, IamRole } from '../iam/api.js';
import type { Caller } from '../caller.js';
import type { StsSession } from './api.js';
import type { StsState } from './credentials.js';
import { malformedPolicy, notAuthorized, validationError } from './errors.js';
import { parseWebIdentityToken, type WebIdentityToken } from './web-identity.js';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\u0021-\u007e]*\/)?([\w+=,.@-]+)$/;
/** Role chaining (an assumed-role session assuming a role) is limited to one hour. */
const CHAINED_MAX_SECONDS = 3600;
/** The packed size limit of session policies and tags (PackedPolicySize is its percentage). */
const PACKED_LIMIT = 2048;

/** The role a RoleArn names, or undefined (AWS answers AccessDenied either way: it never tells a
 *  caller whether a role exists). */
function roleOf(iam: IamApi, roleArn: string): IamRole | undefined {
  const m = ROLE_ARN.exec(roleArn);
  const role = m ? iam.role(m[1]!, m[2]!) : undefined;
  return role && role.arn === roleArn ? role : undefined;
}

/** Session policies (inline Policy and managed PolicyArns), checked as AWS checks them. */
function sessionPolicies(iam: IamApi, policy: string | undefined, arns: PolicyDescriptorType[] | undefined): string[] {
  const out: string[] = [];
  if (policy !== undefined) {
    const problem = validatePolicyDocument(policy, 'identity');
    if (problem) throw malformedPolicy(problem);
    out.push(policy);
  }
  for (const d of arns ?? []) {
    const doc = d.arn ? iam.managedPolicyDocument(d.arn) : undefined;
    if (!doc) throw new AwsError('InvalidParameterValue', `Policy ${d.arn ?? ''} does not exist or is not attachable.`);
    out.push(doc);
  }
  if (arns && arns.length > 10) throw validationError('Session policy ARNs cannot exceed 10.');
  return out;
}

/** The model's patterns are unanchored (Smithy's rule); STS applies them to the whole value. */
const NAME = /^[\w+=,.@-]*$/;

function checkName(value: string | undefined, member: string): void {
  if (value !== undefined && !NAME.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
}

function sessionTags(tags: Tag[] | undefined): Record<string, string> | undefined {
  if (!tags?.length) return undefined;
  if (tags.length > 50) throw validationError('1 validation error detected: Value at \'tags\' failed to satisfy constraint: Member must have length less than or equal to 50');
  const out: Record<string, string> = {};
  for (const t of tags) {
    const lower = t.Key!.toLowerCase();
    if (Object.keys(out).some((k) => k.toLowerCase() === lower)) throw validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    out[t.Key!] = t.Value!;
  }
  return out;
}

/** PackedPolicySize: the session policies and tags as a percentage of what fits. AWS packs them
 *  in a compressed binary form; Nimbus measures their minified JSON (an approximation). */
function packedSize(inline: string | undefined, arns: PolicyDescriptorType[] | undefined, tags: Record<string, string> | undefined): number | undefined {
  if (inline === undefined && !arns?.length && !tags) return undefined;
  // Managed session policies count by their ARN, not their document (as on AWS).
  let bytes = inline === undefined ? 0 : JSON.stringify(JSON.parse(inline)).length;
  for (const a of arns ?? []) bytes += (a.arn ?? '').length;
  if (tags) bytes += JSON.stringify(tags).length;
  const percent = Math.ceil((bytes * 100) / PACKED_LIMIT);
  if (percent > 100) throw new AwsError('PackedPolicyTooLargeException', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`, { status: 400 });
  return percent;
}

/** Does the trust policy let this principal perform `action` (sts:AssumeRole, sts:TagSession,
 *  sts:SetSourceIdentity, sts:AssumeRoleWithWebIdentity) on the role, and — across accounts —
 *  the caller's identity side (`identity`) too? */
function trusted(role: IamRole, principal: EvaluationPrincipal, context: Record<string, ContextValue>, action: string, identity: IdentitySide = UNRESTRICTED): boolean {
  let trust;
  try {
    trust = parsePolicy(role.assumeRolePolicyDocument);
  } catch (e) {
    if (e instanceof PolicyParseError) return false;
    throw e;
  }
  const decision = evaluate({ ...identity, resource: trust, resourceAccount: role.account, requireResourceAllow: true }, { principal, context, action, resource: role.arn });
  return decision.decision === 'Allow';
}

const UNRESTRICTED: IdentitySide = { identity: 'unrestricted' };

/** The caller's identity side for assuming `role`: across accounts its own identity policies must
 *  allow the action (an IAM user of B needs sts:AssumeRole on A's role), as on AWS. Within one
 *  account the trust policy decides alone — a deliberate difference until IAM enforcement. */
function identityFor(caller: Caller, role: IamRole | undefined, iam: IamApi): IdentitySide {
  if (!role || role.account === caller.account) return UNRESTRICTED;
  try {
    return identitySide(caller, iam);
  } catch (e) {
    if (e instanceof PolicyParseError) return { identity: [] };
    throw e;
  }
}

function duration(requested: number | undefined, role: IamRole, chained: boolean): number {
  const seconds = requested ?? 3600;
  if (chained && seconds > CHAINED_MAX_SECONDS) {
    throw validationError('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (seconds > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  return seconds;
}

function credentialsOf(s: StsSession) {
  return { AccessKeyId: s.accessKeyId, SecretAccessKey: s.secretAccessKey, SessionToken: s.sessionToken, Expiration: new Date(s.expiration) };
}

interface SessionRequest {
  role: IamRole;
  sessionName: string;
  seconds: number;
  policies: string[];
  tags?: Record<string, string>;
  sourceIdentity?: string;
}

function issueRoleSession(state: StsState, kind: string, r: SessionRequest, now: number) {
  const arn = `arn:aws:sts::${r.role.account}:assumed-role/${r.role.roleName}/${r.sessionName}`;
  const userId = `${r.role.roleId}:${r.sessionName}`;
  const session = state.issue(kind, {
    expiration: now + r.seconds * 1000,
    account: r.role.account,
    arn,
    userId,
    roleArn: r.role.arn,
    ...(r.policies.length && { sessionPolicies: r.policies }),
    ...(r.tags && { tags: r.tags }),
    ...(r.sourceIdentity && { sourceIdentity: r.sourceIdentity }),
  });
  return { session, assumedRoleUser: { AssumedRoleId: userId, Arn: arn } };
}

function requestKeys(input: { RoleSessionName?: string; SourceIdentity?: string; ExternalId?: string }, tags: Record<string, string> | undefined) {
  const extra: Record<string, ContextValue> = {};
  if (input.RoleSessionName !== undefined) extra['sts:RoleSessionName'] = input.RoleSessionName;
  if (input.ExternalId !== undefined) extra['sts:ExternalId'] = input.ExternalId;
  if (input.SourceIdentity !== undefined) extra['sts:SourceIdentity'] = input.SourceIdentity;
  if (tags) {
    for (const [k, v] of Object.entries(tags)) extra[`aws:RequestTag/${k}`] = v;
    extra['aws:TagKeys'] = Object.keys(tags);
  }
  return extra;
}

/** StsApi.assumeRoleAsService: the role's trust policy must allow the calling service
 *  (sts:AssumeRole by its service principal); the session has no policies or tags of its own.
 *  Deliberate difference: the duration is the service's (Lambda's environments outlive an hour),
 *  not bounded by the role's MaxSessionDuration. */
export async function assumeRoleAsService(state: StsState, caller: Caller, roleArn: string, sessionName: string, seconds: number): Promise<StsSession | undefined> {
  const iam = await state.host.api('iam');
  const role = roleOf(iam, roleArn);
  const now = state.host.clock.now();
  const { principal, context } = contextFor(caller, new Date(now), { 'sts:RoleSessionName': sessionName });
  if (!role || !trusted(role, principal, context, 'sts:AssumeRole')) return undefined;
  return issueRoleSession(state, 'AssumeRole', { role, sessionName, seconds, policies: [] }, now).session;
}

export async function assumeRole(input: AssumeRoleRequest, ctx: RequestContext, state: StsState): Promise<AssumeRoleResponse> {
  checkName(input.RoleSessionName, 'roleSessionName');
  checkName(input.SourceIdentity, 'sourceIdentity');
  const iam = await ctx.nimbus.api('iam');
  const caller = ctx.caller;
  const principalArn = caller.principal ?? `arn:aws:iam::${ctx.account}:root`;
  const role = roleOf(iam, input.RoleArn!);
  const tags = sessionTags(input.Tags);
  const now = ctx.clock.now();
  const { principal, context } = contextFor(caller, new Date(now), requestKeys(input, tags));
  const denied = () => notAuthorized(principalArn, 'sts:AssumeRole', input.RoleArn!);
  const identity = identityFor(caller, role, iam);
  if (!role || !trusted(role, principal, context, 'sts:AssumeRole', identity)) throw denied();
  // Session tags and a source identity need their own permissions in the trust policy.
  if (tags && !trusted(role, principal, context, 'sts:TagSession', identity)) throw notAuthorized(principalArn, 'sts:TagSession', input.RoleArn!);
  if (input.SourceIdentity !== undefined) {
    if (caller.sourceIdentity !== undefined && caller.sourceIdentity !== input.SourceIdentity) {
      throw new AwsError('AccessDenied', 'Source identity cannot be changed once it is set on a role session.', { status: 403 });
    }
    if (!trusted(role, principal, context, 'sts:SetSourceIdentity', identity)) throw notAuthorized(principalArn, 'sts:SetSourceIdentity', input.RoleArn!);
  }
  for (const key of input.TransitiveTagKeys ?? []) {
    if (!tags || !Object.keys(tags).includes(key)) throw validationError('The specified transitive tag key must be included in the requested tags.');
  }
  const chained = principal.type === 'AWS' && caller.roleArn !== undefined;
  const seconds = duration(input.DurationSeconds, role, chained);
  const policies = sessionPolicies(iam, input.Policy, input.PolicyArns);
  const packed = packedSize(input.Policy, input.PolicyArns, tags);
  // A source identity set on the calling session carries over to the chained one (as on AWS).
  const sourceIdentity = input.SourceIdentity ?? caller.sourceIdentity;
  const { session, assumedRoleUser } = issueRoleSession(
    state,
    'AssumeRole',
    { role, sessionName: input.RoleSessionName!, seconds, policies, ...(tags && { tags }), ...(sourceIdentity && { sourceIdentity }) },
    now,
  );
  return {
    Credentials: credentialsOf(session),
    AssumedRoleUser: assumedRoleUser,
    ...(packed !== undefined && { PackedPolicySize: packed }),
    ...(sourceIdentity && { SourceIdentity: sourceIdentity }),
  };
}

/** Identity providers AWS knows by name: a trust policy names them as the Federated principal
 *  itself; any other issuer is an IAM OIDC provider, named by its ARN. */
const WELL_KNOWN_PROVIDERS = new Set(['accounts.google.com', 'graph.facebook.com', 'www.amazon.com', 'cognito-identity.amazonaws.com']);

/** The ARN of the role account's IAM OIDC provider for the token's issuer, which must list the
 *  token's audience among its client ids, as STS requires. Deliberate difference: the token's
 *  signature is not verified against the provider's keys (Nimbus fetches no JWKS), only its form,
 *  expiry, issuer and audience. */
function oidcProvider(iam: IamApi, account: string, token: WebIdentityToken): string {
  const registered = iam.openIdConnectProvider?.(account, token.rawIssuer);
  if (!registered) throw new AwsError('InvalidIdentityTokenException', `No OpenIDConnect provider found in your account for ${token.rawIssuer}`, { status: 400 });
  if (!registered.clientIds.includes(token.audience)) throw new AwsError('InvalidIdentityTokenException', 'Incorrect token audience', { status: 400 });
  return registered.arn;
}

export async function assumeRoleWithWebIdentity(input: AssumeRoleWithWebIdentityRequest, ctx: RequestContext, state: StsState): Promise<AssumeRoleWithWebIdentityResponse> {
  checkName(input.RoleSessionName, 'roleSessionName');
  const iam = await ctx.nimbus.api('iam');
  const now = ctx.clock.now();
  const token = parseWebIdentityToken(input.WebIdentityToken!, now);
  const role = roleOf(iam, input.RoleArn!);
  const issuer = token.issuer;
  const provider = WELL_KNOWN_PROVIDERS.has(issuer) ? issuer : oidcProvider(iam, role?.account ?? ctx.account, token);
  const principal: EvaluationPrincipal = { type: 'Federated', id: provider };
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': new Date(now).toISOString(),
    'aws:EpochTime': String(Math.floor(now / 1000)),
    'sts:RoleSessionName': input.RoleSessionName!,
    [`${issuer}:sub`]: token.subject,
    [`${issuer}:aud`]: token.audience,
    [`${issuer}:iss`]: token.rawIssuer,
    ...(token.amr && { [`${issuer}:amr`]: token.amr }),
  };
  if (!role || !trusted(role, principal, context, 'sts:AssumeRoleWithWebIdentity')) {
    throw new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', { status: 403 });
  }
  const seconds = duration(input.DurationSeconds, role, false);
  const policies = sessionPolicies(iam, input.Policy, input.PolicyArns);
  const packed = packedSize(input.Policy, input.PolicyArns, undefined);
  const { session, assumedRoleUser } = issueRoleSession(state, 'AssumeRoleWithWebIdentity', { role, sessionName: input.RoleSessionName!, seconds, policies }, now);
  return {
    Credentials: credentialsOf(session),
    SubjectFromWebIdentityToken: token.subject,
    AssumedRoleUser: assumedRoleUser,
    Provider: WELL_KNOWN_PROVIDERS.has(issuer) ? issuer : provider,
    Audience: token.audience,
    ...(packed !== undefined && { PackedPolicySize: packed }),
  };
}
