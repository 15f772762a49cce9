// Policy documents checked as IAM checks them before storing one: the grammar of the IAM policy
// language (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) and
// the rules per kind of policy. Returns the MalformedPolicyDocument message AWS gives, or
// undefined when the document is valid. One module for every service that takes a policy: IAM
// (identity and trust policies), SQS/SNS/S3 resource policies, KMS key policies.
//
// The checks run in AWS's order (syntax, version, legacy parsing, Sid uniqueness, actions,
// resources, principals), so a document with several faults gets the message AWS gives for it.
// The wording follows AWS's answers (moto's measured validator agrees on them).
//
// Deliberate difference from AWS: AWS also refuses principals that name users or roles that do not
// exist ("Invalid principal in policy"); here only the principal's form is checked, because the
// validator does not know which identities exist (a caller that does can check them after).

import { parseJsonDocument } from '../protocol/json-depth.js';

export type PolicyKind = 'identity' | 'resource' | 'trust';

export interface PolicyValidateOptions {
  /** Managed policies must be version 2012-10-17; inline and resource policies may omit Version
   *  (then 2008-10-17) as on AWS. */
  requireCurrentVersion?: boolean;
}

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const VERSIONS = new Set(['2008-10-17', '2012-10-17']);

/** Condition operators of the policy language (without ForAnyValue:/ForAllValues: and IfExists). */
const CONDITION_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

/** The actions a trust policy may name (AWS's list for role trust policies). */
const TRUST_ACTIONS = new Set([
  'sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity', 'sts:SetContext',
  'sts:*',
]);

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const IAM_RESOURCE_TYPES = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/'];

type Statement = Record<string, unknown>;

const SYNTAX = 'Syntax errors in policy.';

/** The MalformedPolicyDocument message for `document`, or undefined when it is a valid policy of `kind`. */
export function validatePolicyDocument(document: string, kind: PolicyKind, options: PolicyValidateOptions = {}): string | undefined {
  let policy: unknown;
  try {
    policy = parseJsonDocument(document);
  } catch {
    return SYNTAX;
  }
  const statements = syntaxCheck(policy);
  if (!statements) return SYNTAX;
  const version = (policy as Record<string, unknown>).Version;
  if (options.requireCurrentVersion && version !== '2012-10-17') return 'Policy document must be version 2012-10-17 or greater.';
  // "Legacy parsing": an Effect in the wrong case, a malformed date in a condition, a resource ARN
  // with an empty service.
  for (const s of statements) {
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return 'The policy failed legacy parsing';
    if (!conditionsParse(s.Condition)) return 'The policy failed legacy parsing';
  }
  const sids = new Set<string>();
  for (const s of statements) {
    if (typeof s.Sid === 'string' && s.Sid !== '') {
      if (sids.has(s.Sid)) return 'Statement IDs (SID) in a single policy must be unique.';
      sids.add(s.Sid);
    }
  }
  for (const s of statements) {
    const actions = s.Action ?? s.NotAction;
    if (actions === undefined || (Array.isArray(actions) && actions.length === 0)) return 'Policy statement must contain actions.';
  }
  for (const s of statements) {
    for (const r of list(s.Resource ?? s.NotResource)) {
      const problem = resourceProblem(r);
      if (problem) return problem;
    }
  }
  for (const s of statements) {
    for (const a of list(s.Action ?? s.NotAction)) {
      const problem = actionProblem(a);
      if (problem) return problem;
    }
  }
  return kindProblem(statements, kind);
}

/** The statements when the document has the grammar's shape, else undefined (a syntax error). */
function syntaxCheck(policy: unknown): Statement[] | undefined {
  if (!isObject(policy)) return undefined;
  for (const k of Object.keys(policy)) if (!TOP_ELEMENTS.has(k)) return undefined;
  if ('Version' in policy && !VERSIONS.has(policy.Version as string)) return undefined;
  if ('Id' in policy && typeof policy.Id !== 'string') return undefined;
  const raw = policy.Statement;
  const statements = Array.isArray(raw) ? raw : isObject(raw) ? [raw] : undefined;
  if (!statements || statements.length === 0) return undefined;
  for (const s of statements) if (!statementSyntax(s)) return undefined;
  return statements as Statement[];
}

function statementSyntax(s: unknown): boolean {
  if (!isObject(s)) return false;
  for (const k of Object.keys(s)) if (!STATEMENT_ELEMENTS.has(k)) return false;
  if (('Action' in s && 'NotAction' in s) || ('Resource' in s && 'NotResource' in s) || ('Principal' in s && 'NotPrincipal' in s)) return false;
  if (typeof s.Effect !== 'string' || !['allow', 'deny'].includes(s.Effect.toLowerCase())) return false;
  if ('Sid' in s && typeof s.Sid !== 'string') return false;
  for (const k of ['Action', 'NotAction', 'Resource', 'NotResource']) if (k in s && !stringOrStrings(s[k])) return false;
  for (const k of ['Principal', 'NotPrincipal']) if (k in s && !principalSyntax(s[k])) return false;
  if ('Condition' in s && !conditionSyntax(s.Condition)) return false;
  return true;
}

function principalSyntax(p: unknown): boolean {
  if (p === '*') return true;
  if (!isObject(p)) return false;
  for (const [type, value] of Object.entries(p)) {
    if (!PRINCIPAL_TYPES.has(type) || !stringOrStrings(value)) return false;
  }
  return true;
}

function conditionSyntax(c: unknown): boolean {
  if (!isObject(c)) return false;
  for (const [operator, block] of Object.entries(c)) {
    if (!isObject(block)) return false;
    for (const v of Object.values(block)) {
      if (!(typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => ['string', 'boolean', 'number'].includes(typeof x))))) return false;
    }
    // An unknown operator is a syntax error unless its block is empty (AWS's parser skips those).
    if (!CONDITION_OPERATORS.has(baseOperator(operator)) && Object.keys(block).length > 0) return false;
  }
  return true;
}

/** The operator without its set prefix and IfExists suffix. */
export function baseOperator(operator: string): string {
  let op = operator;
  if (op.startsWith('ForAnyValue:')) op = op.slice('ForAnyValue:'.length);
  else if (op.startsWith('ForAllValues:')) op = op.slice('ForAllValues:'.length);
  if (op.endsWith('IfExists')) op = op.slice(0, -'IfExists'.length);
  return op;
}

function conditionsParse(c: unknown): boolean {
  if (c === undefined) return true;
  for (const [operator, block] of Object.entries(c as Record<string, Record<string, unknown>>)) {
    if (!baseOperator(operator).startsWith('Date')) continue;
    for (const v of Object.values(block)) for (const d of Array.isArray(v) ? v : [v]) if (!dateValue(String(d))) return false;
  }
  return true;
}

/** An ISO 8601 date/time or epoch seconds, as the Date operators take them. */
function dateValue(v: string): boolean {
  if (/^\d+$/.test(v)) return true;
  return /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/i.test(v) && !Number.isNaN(Date.parse(v.length === 4 ? `${v}-01-01` : v));
}

function resourceProblem(r: string): string | undefined {
  if (r === '*') return undefined;
  const parts = r.split(':');
  if (parts.length < 2) return `Resource ${r} must be in ARN format or "*".`;
  if (parts[1] !== '*' && !PARTITIONS.has(parts[1]!)) return partitionProblem(parts);
  if (parts.length < 3) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  // A shortened ARN ("arn:aws:sqs:*") parses; one with an empty field before its sixth does not.
  if ((parts.length < 6 && r.includes('::')) || parts[2] === '') return 'The policy failed legacy parsing';
  const [, , service, region] = parts;
  const rest = parts.slice(5).join(':');
  if (service === 'iam') {
    if (region !== undefined && region !== '' && region !== '*') return `IAM resource ${r} cannot contain region information.`;
    if (parts.length >= 6 && rest !== '*' && !IAM_RESOURCE_TYPES.some((t) => rest.startsWith(t))) return `IAM resource path must either be "*" or start with ${IAM_RESOURCE_TYPES.join(', ')}.`;
  }
  if (service === 's3' && region !== undefined && region !== '' && region !== '*' && !rest.startsWith('accesspoint/')) return `Resource ${r} can not contain region information.`;
  return undefined;
}

function partitionProblem(parts: string[]): string {
  const at = (i: number) => (parts[i] !== undefined && parts[i] !== '' ? parts[i] : '*');
  return `Partition "${parts[1]}" is not valid for resource "arn:${parts[1]}:${at(2)}:${at(3)}:${at(4)}:${parts.length > 5 ? parts.slice(5).join(':') : '*'}".`;
}

function actionProblem(a: string): string | undefined {
  if (a === '*') return undefined;
  const parts = a.split(':');
  if (parts.length === 1) return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  if (/[^A-Za-z0-9.*?-]/.test(parts[0]!)) return `Vendor ${parts[0]} is not valid`;
  if (parts[1] === '') return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  return undefined;
}

/** The rules that differ by kind of policy: who names principals, who names resources. */
function kindProblem(statements: Statement[], kind: PolicyKind): string | undefined {
  for (const s of statements) {
    const hasPrincipal = 'Principal' in s || 'NotPrincipal' in s;
    const hasResource = 'Resource' in s || 'NotResource' in s;
    if (kind === 'identity') {
      if (hasPrincipal) return 'Policy document should not specify a principal.';
      if (!hasResource || (Array.isArray(s.Resource ?? s.NotResource) && list(s.Resource ?? s.NotResource).length === 0)) return 'Policy statement must contain resources.';
      continue;
    }
    if (!hasPrincipal) return 'Missing required field Principal.';
    const principalProblem = principalForm(s.Principal ?? s.NotPrincipal);
    if (principalProblem) return principalProblem;
    if (kind === 'trust') {
      if (hasResource) return 'Has prohibited field Resource.';
      if ('NotAction' in s) return 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity';
      for (const a of list(s.Action)) {
        if (!TRUST_ACTIONS.has(a)) return 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity';
      }
    } else if (!hasResource) {
      return 'Policy statement must contain resources.';
    }
  }
  return undefined;
}

const ACCOUNT = /^\d{12}$/;
const IAM_PRINCIPAL_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}|aws):(root|(user|role|assumed-role|federated-user|group)\/.+)$/;

/** AWS's "Invalid principal" for a principal value of the wrong form. */
function principalForm(p: unknown): string | undefined {
  if (p === '*') return undefined;
  for (const [type, value] of Object.entries(p as Record<string, unknown>)) {
    for (const v of list(value)) {
      const ok =
        type === 'AWS'
          ? v === '*' || ACCOUNT.test(v) || IAM_PRINCIPAL_ARN.test(v) || /^[A-Z0-9]{21}$/.test(v)
          : type === 'Service'
            ? /^[a-z0-9.-]+\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/.test(v) || v === '*'
            : type === 'Federated'
              ? v.length > 0
              : /^[0-9a-f]{64}$/.test(v);
      if (!ok) return `Invalid principal in policy: "${type}":"${v}"`;
    }
  }
  return undefined;
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

function stringOrStrings(v: unknown): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
