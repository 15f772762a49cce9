// The policy engine's table: every evaluation rule, each case from the AWS documentation page it
// cites (the page's own example where it has one). Time comes in as aws:CurrentTime from a fixed
// instant, never from Date.now().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextFor, evaluate, parsePolicy, type Decision, type EvaluationRequest, type PolicySet } from '../../src/auth/policy/index.js';
import type { Caller } from '../../src/services/caller.js';

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/';
const A = '111122223333';
const B = '444455556666';
const NOW = new Date('2026-06-15T12:00:00Z');
const QUEUE = `arn:aws:sqs:us-east-1:${A}:orders`;

const user = (account: string, name: string): Caller => ({ account, principal: `arn:aws:iam::${account}:user/${name}`, userId: `AIDA${name.toUpperCase()}` });
const session = (account: string, role: string, name: string): Caller => ({
  account,
  principal: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  roleArn: `arn:aws:iam::${account}:role/${role}`,
  userId: `AROAEXAMPLE:${name}`,
});
const root = (account: string): Caller => ({ account, principal: `arn:aws:iam::${account}:root` });
const service = (name: string, sourceArn: string, sourceAccount: string): Caller => ({ account: sourceAccount, servicePrincipal: name, sourceArn, sourceAccount });

const allow = (stmt: object) => parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...stmt }] });
const deny = (stmt: object) => parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', ...stmt }] });

interface Case {
  page: string;
  name: string;
  caller: Caller;
  action?: string;
  resource?: string;
  extra?: EvaluationRequest['context'];
  set: PolicySet;
  expect: Decision;
}

const req = (c: Case): EvaluationRequest => {
  const { principal, context } = contextFor(c.caller, NOW, c.extra);
  return { principal, context, action: c.action ?? 'sqs:SendMessage', resource: c.resource ?? QUEUE };
};

const cases: Case[] = [
  // --- evaluation logic: deny / allow ---
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'no policy allows: implicit deny', caller: user(A, 'alice'), set: { identity: [] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'identity policy allows', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:SendMessage', Resource: QUEUE })] }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'explicit deny overrides allow', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' }), deny({ Action: 'sqs:SendMessage', Resource: '*' })] }, expect: 'ExplicitDeny' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'a deny in the resource policy overrides an identity allow', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' })], resource: deny({ Principal: '*', Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'ExplicitDeny' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'the root user has every permission in its account', caller: root(A), set: { identity: 'unrestricted' }, expect: 'Allow' },
  // --- same account: union of identity and resource policies ---
  { page: 'reference_policies_evaluation-logic.html', name: 'same account: resource policy alone allows the user it names', caller: user(A, 'alice'), set: { identity: [], resource: allow({ Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'same account: resource policy naming the user passes the boundary', caller: user(A, 'alice'), set: { identity: [], boundary: allow({ Action: 's3:*', Resource: '*' }), resource: allow({ Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'same account: resource policy naming the role is limited by the boundary', caller: session(A, 'app', 's1'), set: { identity: [], boundary: allow({ Action: 's3:*', Resource: '*' }), resource: allow({ Principal: { AWS: `arn:aws:iam::${A}:role/app` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'same account: resource policy naming the role session passes the session policy', caller: session(A, 'app', 's1'), set: { identity: [], session: [allow({ Action: 's3:*', Resource: '*' })], resource: allow({ Principal: { AWS: `arn:aws:sts::${A}:assumed-role/app/s1` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic_policy-eval-denyallow.html', name: 'same account: resource policy naming the account delegates to identity policies', caller: user(A, 'alice'), set: { identity: [], resource: allow({ Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'ImplicitDeny' },
  // --- cross account ---
  { page: 'reference_policies_evaluation-logic-cross-account.html', name: 'cross account: identity allows, no resource policy: denied', caller: user(B, 'bob'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' })], resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_evaluation-logic-cross-account.html', name: 'cross account: resource policy allows, identity does not: denied', caller: user(B, 'bob'), set: { identity: [], resource: allow({ Principal: { AWS: B }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_evaluation-logic-cross-account.html', name: 'cross account: both sides allow', caller: user(B, 'bob'), set: { identity: [allow({ Action: 'sqs:SendMessage', Resource: QUEUE })], resource: allow({ Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic-cross-account.html', name: 'cross account: the root of B with a policy naming account B', caller: root(B), set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: B }, Action: 'sqs:*', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_evaluation-logic-cross-account.html', name: 'cross account: a policy naming another account does not allow B', caller: root(B), set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: '999999999999' }, Action: 'sqs:*', Resource: QUEUE }), resourceAccount: A }, expect: 'ImplicitDeny' },
  // --- boundaries and session policies ---
  { page: 'access_policies_boundaries.html', name: 'boundary: effective permissions are the intersection', caller: user(A, 'alice'), set: { identity: [allow({ Action: ['sqs:*', 's3:*'], Resource: '*' })], boundary: allow({ Action: 's3:*', Resource: '*' }) }, expect: 'ImplicitDeny' },
  { page: 'access_policies_boundaries.html', name: 'boundary allows what identity allows', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' })], boundary: allow({ Action: 'sqs:SendMessage', Resource: '*' }) }, expect: 'Allow' },
  { page: 'access_policies_boundaries.html', name: 'a boundary alone grants nothing', caller: user(A, 'alice'), set: { identity: [], boundary: allow({ Action: 'sqs:*', Resource: '*' }) }, expect: 'ImplicitDeny' },
  { page: 'access_policies.html#policies_session', name: 'session policy limits the role session', caller: session(A, 'app', 's1'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' })], session: [allow({ Action: 'sqs:ReceiveMessage', Resource: '*' })] }, expect: 'ImplicitDeny' },
  { page: 'access_policies.html#policies_session', name: 'session policy within the role policy allows', caller: session(A, 'app', 's1'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' })], session: [allow({ Action: 'sqs:SendMessage', Resource: '*' })] }, expect: 'Allow' },
  // --- principals ---
  { page: 'reference_policies_elements_principal.html', name: 'Principal "*" is everyone', caller: user(B, 'bob'), set: { identity: 'unrestricted', resource: allow({ Principal: '*', Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_elements_principal.html', name: 'a role principal matches its sessions', caller: session(B, 'worker', 'w1'), set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: `arn:aws:iam::${B}:role/worker` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_elements_principal.html', name: 'a user principal does not match another user', caller: user(B, 'mallory'), set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: `arn:aws:iam::${B}:user/bob` }, Action: 'sqs:SendMessage', Resource: QUEUE }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_principal.html', name: 'a service principal with aws:SourceArn', caller: service('sns.amazonaws.com', `arn:aws:sns:us-east-1:${A}:topic`, A), set: { resource: allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` } } }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_elements_principal.html', name: 'a service principal for another topic is refused', caller: service('sns.amazonaws.com', `arn:aws:sns:us-east-1:${A}:other`, A), set: { resource: allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` } } }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_notprincipal.html', name: 'NotPrincipal with Deny denies everyone else', caller: user(B, 'bob'), set: { identity: 'unrestricted', resource: parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: QUEUE }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${B}:user/alice` }, Action: 'sqs:*', Resource: QUEUE }] }), resourceAccount: A }, expect: 'ExplicitDeny' },
  { page: 'reference_policies_elements_notprincipal.html', name: 'NotPrincipal with Deny spares the named principal', caller: user(B, 'alice'), set: { identity: 'unrestricted', resource: parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: QUEUE }, { Effect: 'Deny', NotPrincipal: { AWS: `arn:aws:iam::${B}:user/alice` }, Action: 'sqs:*', Resource: QUEUE }] }), resourceAccount: A }, expect: 'Allow' },
  // --- actions and resources ---
  { page: 'reference_policies_elements_action.html', name: 'action wildcard, case-insensitive', caller: user(A, 'alice'), action: 'sqs:SendMessage', set: { identity: [allow({ Action: 'SQS:send*', Resource: '*' })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_action.html', name: '? matches exactly one character', caller: user(A, 'alice'), action: 'sqs:SendMessage', set: { identity: [allow({ Action: 'sqs:?endMessage', Resource: '*' })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_notaction.html', name: 'NotAction allows everything but the listed actions', caller: user(A, 'alice'), action: 'sqs:DeleteQueue', set: { identity: [allow({ NotAction: 'sqs:DeleteQueue', Resource: '*' })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_notaction.html', name: 'NotAction matches other actions', caller: user(A, 'alice'), action: 'sqs:SendMessage', set: { identity: [allow({ NotAction: 'sqs:DeleteQueue', Resource: '*' })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_resource.html', name: 'resource wildcard', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:ord*` })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_resource.html', name: 'resources are case-sensitive', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:${A}:ORDERS` })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_notresource.html', name: 'NotResource excludes the listed resource', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', NotResource: QUEUE })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_notresource.html', name: 'Deny with NotResource denies every other resource', caller: user(A, 'alice'), resource: `arn:aws:sqs:us-east-1:${A}:other`, set: { identity: [allow({ Action: 'sqs:*', Resource: '*' }), deny({ Action: 'sqs:*', NotResource: QUEUE })] }, expect: 'ExplicitDeny' },
  // --- policy variables ---
  { page: 'reference_policies_variables.html', name: '${aws:username} in Resource', caller: user(A, 'alice'), resource: `arn:aws:sqs:us-east-1:${A}:alice-inbox`, set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:\${aws:username}-*` })] }, expect: 'Allow' },
  { page: 'reference_policies_variables.html', name: '${aws:username} is another user\'s queue: no match', caller: user(A, 'bob'), resource: `arn:aws:sqs:us-east-1:${A}:alice-inbox`, set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:\${aws:username}-*` })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_variables.html', name: 'variables are literal text in a 2008-10-17 policy', caller: user(A, 'alice'), resource: `arn:aws:sqs:us-east-1:${A}:alice-inbox`, set: { identity: [parsePolicy({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:\${aws:username}-*` }] })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_variables.html', name: 'a variable with a default value when the key is absent', caller: session(A, 'app', 's1'), resource: `arn:aws:sqs:us-east-1:${A}:shared-inbox`, set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:\${aws:username, 'shared'}-*` })] }, expect: 'Allow' },
  { page: 'reference_policies_variables.html', name: '${aws:PrincipalAccount} in a condition', caller: user(B, 'bob'), set: { identity: 'unrestricted', resource: allow({ Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { StringEquals: { 'aws:PrincipalAccount': '${aws:ResourceAccount}' } } }), resourceAccount: A }, extra: { 'aws:ResourceAccount': A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_variables.html', name: '${*} is a literal asterisk', caller: user(A, 'alice'), resource: `arn:aws:sqs:us-east-1:${A}:x`, set: { identity: [allow({ Action: 'sqs:*', Resource: `arn:aws:sqs:us-east-1:${A}:\${*}` })] }, expect: 'ImplicitDeny' },
  // --- condition operators ---
  { page: 'reference_policies_elements_condition_operators.html#Conditions_String', name: 'StringEquals on aws:PrincipalTag', caller: { ...user(A, 'alice'), principalTags: { 'job-category': 'iamuser-admin' } }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_String', name: 'a key absent from the request: positive operator false', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/job-category': 'iamuser-admin' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html', name: 'a key absent from the request: negated operator true', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringNotLike: { 'aws:PrincipalTag/team': 'ops*' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_String', name: 'StringNotEquals with several values is NOR', caller: { ...user(A, 'alice'), principalTags: { role: 'audit' } }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/role': ['audit', 'security'] } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_String', name: 'StringEqualsIgnoreCase', caller: { ...user(A, 'alice'), principalTags: { team: 'OPS' } }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'ops' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_String', name: 'StringLike with a wildcard', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/al*` } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Numeric', name: 'NumericLessThanEquals', caller: user(A, 'alice'), extra: { 's3:max-keys': '10' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { NumericLessThanEquals: { 's3:max-keys': '10' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Numeric', name: 'NumericLessThan false', caller: user(A, 'alice'), extra: { 's3:max-keys': '11' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Date', name: 'DateLessThan on aws:CurrentTime (from the injected clock)', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Date', name: 'DateGreaterThan on aws:CurrentTime, false', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Date', name: 'dates as epoch seconds (aws:EpochTime)', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { DateGreaterThanEquals: { 'aws:EpochTime': String(NOW.getTime() / 1000) } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Boolean', name: 'Bool aws:SecureTransport false denies plain HTTP', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*' }), deny({ Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] }, expect: 'ExplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Boolean', name: 'Bool aws:SecureTransport true over HTTPS', caller: user(A, 'alice'), extra: { 'aws:SecureTransport': 'true' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*' }), deny({ Action: 'sqs:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_IPAddress', name: 'IpAddress in a CIDR', caller: user(A, 'alice'), extra: { 'aws:SourceIp': '203.0.113.7' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_IPAddress', name: 'NotIpAddress outside the CIDR (IPv6)', caller: user(A, 'alice'), extra: { 'aws:SourceIp': '2001:db8::1' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '2001:db9::/32' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_ARN', name: 'ArnLike compares each ARN part', caller: service('sns.amazonaws.com', `arn:aws:sns:us-east-1:${A}:topic`, A), set: { resource: allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${A}:*` } } }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_ARN', name: 'ArnNotEquals', caller: service('sns.amazonaws.com', `arn:aws:sns:us-east-1:${A}:topic`, A), set: { resource: allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { ArnNotEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:topic` } } }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Null', name: 'Null true: the key is absent', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { Null: { 'aws:PrincipalTag/team': 'true' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_Null', name: 'Null false: the key must be present', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { Null: { 'aws:PrincipalTag/team': 'false' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_IfExists', name: '...IfExists: true when the key is absent', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_elements_condition_operators.html#Conditions_IfExists', name: '...IfExists: compared when the key is present', caller: { ...user(A, 'alice'), principalTags: { team: 'dev' } }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_condition-single-vs-multi-valued-context-keys.html', name: 'ForAllValues: every tag key allowed', caller: user(A, 'alice'), extra: { 'aws:TagKeys': ['team', 'cost'] }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost', 'env'] } } })] }, expect: 'Allow' },
  { page: 'reference_policies_condition-single-vs-multi-valued-context-keys.html', name: 'ForAllValues: one tag key not allowed', caller: user(A, 'alice'), extra: { 'aws:TagKeys': ['team', 'owner'] }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'cost'] } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_condition-single-vs-multi-valued-context-keys.html', name: 'ForAllValues: true when the key is absent', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })] }, expect: 'Allow' },
  { page: 'reference_policies_condition-single-vs-multi-valued-context-keys.html', name: 'ForAnyValue: one value matches', caller: user(A, 'alice'), extra: { 'aws:TagKeys': ['x', 'team'] }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } })] }, expect: 'Allow' },
  { page: 'reference_policies_condition-single-vs-multi-valued-context-keys.html', name: 'ForAnyValue: false when the key is absent', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition.html', name: 'operators of a block are ANDed', caller: user(A, 'alice'), extra: { 'aws:SourceIp': '10.0.0.1' }, set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, StringEquals: { 'aws:username': 'bob' } } })] }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_elements_condition.html', name: 'condition key names are case-insensitive', caller: user(A, 'alice'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEquals: { 'AWS:USERNAME': 'alice' } } })] }, expect: 'Allow' },
  // --- global keys ---
  { page: 'reference_policies_condition-keys.html#condition-keys-sourceaccount', name: 'aws:SourceAccount of a service call', caller: service('sns.amazonaws.com', `arn:aws:sns:us-east-1:${B}:topic`, B), set: { resource: allow({ Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: QUEUE, Condition: { StringEquals: { 'aws:SourceAccount': A } } }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'reference_policies_condition-keys.html#condition-keys-principalarn', name: 'aws:PrincipalArn of a session is its role ARN', caller: session(B, 'worker', 'w1'), set: { identity: 'unrestricted', resource: allow({ Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/worker` } } }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_condition-keys.html#condition-keys-principalaccount', name: 'aws:PrincipalAccount', caller: user(B, 'bob'), set: { identity: 'unrestricted', resource: allow({ Principal: '*', Action: 'sqs:*', Resource: QUEUE, Condition: { StringEquals: { 'aws:PrincipalAccount': B } } }), resourceAccount: A }, expect: 'Allow' },
  { page: 'reference_policies_condition-keys.html#condition-keys-principaltype', name: 'aws:PrincipalType AssumedRole', caller: session(A, 'app', 's'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalType': 'AssumedRole' } } })] }, expect: 'Allow' },
  { page: 'reference_policies_condition-keys.html#condition-keys-userid', name: 'aws:userid of a role session is role-id:session', caller: session(A, 'app', 's9'), set: { identity: [allow({ Action: 'sqs:*', Resource: '*', Condition: { StringLike: { 'aws:userid': 'AROA*:s9' } } })] }, expect: 'Allow' },
  // --- trust policies (STS) ---
  { page: 'id_roles_create_for-user_externalid.html', name: 'trust policy with sts:ExternalId: matching id', caller: root(B), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/r`, extra: { 'sts:ExternalId': 'Unique1' }, set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unique1' } } }), resourceAccount: A }, expect: 'Allow' },
  { page: 'id_roles_create_for-user_externalid.html', name: 'trust policy with sts:ExternalId: no id given', caller: root(B), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/r`, set: { identity: 'unrestricted', resource: allow({ Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'Unique1' } } }), resourceAccount: A }, expect: 'ImplicitDeny' },
  { page: 'id_roles_manage-assume.html', name: 'a trust policy naming only a service refuses the account\'s own root', caller: root(A), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/r`, set: { identity: 'unrestricted', resource: allow({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }), resourceAccount: A, requireResourceAllow: true }, expect: 'ImplicitDeny' },
  { page: 'id_roles_manage-assume.html', name: 'a trust policy naming the account lets its principals assume the role', caller: user(A, 'alice'), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/r`, set: { identity: [allow({ Action: 'sts:AssumeRole', Resource: '*' })], resource: allow({ Principal: { AWS: A }, Action: 'sts:AssumeRole' }), resourceAccount: A, requireResourceAllow: true }, expect: 'Allow' },
];

for (const c of cases) {
  test(`${c.name} (${DOCS}${c.page})`, () => {
    const result = evaluate(c.set, req(c));
    assert.equal(result.decision, c.expect);
    if (c.expect !== 'ImplicitDeny') assert.ok(result.matched.length > 0 || c.set.identity === 'unrestricted', 'the deciding statements are reported');
  });
}

test('matched statements name their Sid and document', () => {
  const doc = parsePolicy({ Version: '2012-10-17', Statement: [{ Sid: 'One', Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Sid: 'Two', Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }, 'my-policy');
  const r = evaluate({ identity: [doc] }, req({ page: '', name: '', caller: user(A, 'a'), set: {}, expect: 'Allow' }));
  assert.deepEqual(r.matched.map((m) => [m.document.source, m.statement.sid, m.statement.index]), [['my-policy', 'Two', 1]]);
});
