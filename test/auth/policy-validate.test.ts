// The policy validator: AWS's MalformedPolicyDocument message for each kind of fault, per kind of
// policy (identity, resource, trust), and undefined for valid documents.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePolicyDocument, type PolicyKind } from '../../src/auth/policy-validate.js';

const V = '2012-10-17';
const stmt = (s: Record<string, unknown>) => JSON.stringify({ Version: V, Statement: [s] });
const allow = { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' };
const trust = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' };
const queuePolicy = { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' };

const cases: [string, string, PolicyKind, string | undefined][] = [
  ['valid identity policy', stmt(allow), 'identity', undefined],
  ['valid identity policy, one statement object, lists', JSON.stringify({ Version: V, Statement: { Effect: 'Deny', NotAction: ['s3:*', 'iam:*'], NotResource: ['arn:aws:s3:::b/*'] } }), 'identity', undefined],
  ['valid with conditions', stmt({ ...allow, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*'] }, DateLessThanIfExists: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } }), 'identity', undefined],
  ['valid trust policy', stmt(trust), 'trust', undefined],
  ['valid trust policy for a service', stmt({ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), 'trust', undefined],
  ['valid resource policy', stmt(queuePolicy), 'resource', undefined],
  ['valid resource policy, 2008 version and Id', JSON.stringify({ Version: '2008-10-17', Id: 'x', Statement: [{ ...queuePolicy, Principal: '*' }] }), 'resource', undefined],
  ['not JSON', '{"Version": "2012-10-17",', 'identity', 'Syntax errors in policy.'],
  ['a JSON array', '[]', 'identity', 'Syntax errors in policy.'],
  ['unknown top-level element', JSON.stringify({ Version: V, Statement: [allow], Extra: 1 }), 'identity', 'Syntax errors in policy.'],
  ['no Statement', JSON.stringify({ Version: V }), 'identity', 'Syntax errors in policy.'],
  ['empty Statement list', JSON.stringify({ Version: V, Statement: [] }), 'identity', 'Syntax errors in policy.'],
  ['unknown Version', JSON.stringify({ Version: '2012-10-18', Statement: [allow] }), 'identity', 'Syntax errors in policy.'],
  ['unknown statement element', stmt({ ...allow, Actions: 'sqs:*' }), 'identity', 'Syntax errors in policy.'],
  ['Action and NotAction', stmt({ ...allow, NotAction: 'sqs:*' }), 'identity', 'Syntax errors in policy.'],
  ['invalid Effect', stmt({ ...allow, Effect: 'Maybe' }), 'identity', 'Syntax errors in policy.'],
  ['Effect in the wrong case', stmt({ ...allow, Effect: 'allow' }), 'identity', 'The policy failed legacy parsing'],
  ['unknown condition operator', stmt({ ...allow, Condition: { StringSortOf: { 'aws:SourceAccount': '1' } } }), 'identity', 'Syntax errors in policy.'],
  ['malformed date in a Date condition', stmt({ ...allow, Condition: { DateGreaterThan: { 'aws:CurrentTime': 'tomorrow-ish' } } }), 'identity', 'The policy failed legacy parsing'],
  ['duplicate Sids', JSON.stringify({ Version: V, Statement: [{ ...allow, Sid: 'a' }, { ...allow, Sid: 'a' }] }), 'identity', 'Statement IDs (SID) in a single policy must be unique.'],
  ['no action', stmt({ Effect: 'Allow', Resource: '*' }), 'identity', 'Policy statement must contain actions.'],
  ['action without a vendor', stmt({ ...allow, Action: 'SendMessage' }), 'identity', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['action with two colons', stmt({ ...allow, Action: 'sqs:Send:Message' }), 'identity', 'Actions/Condition can contain only one colon.'],
  ['invalid vendor', stmt({ ...allow, Action: 's q s:SendMessage' }), 'identity', 'Vendor s q s is not valid'],
  ['resource not an ARN', stmt({ ...allow, Resource: 'my-queue' }), 'identity', 'Resource my-queue must be in ARN format or "*".'],
  ['unknown partition', stmt({ ...allow, Resource: 'arn:aws-moon:sqs:us-east-1:1:q' }), 'identity', 'Partition "aws-moon" is not valid for resource "arn:aws-moon:sqs:us-east-1:1:q".'],
  ['IAM resource with a region', stmt({ ...allow, Action: 'iam:GetRole', Resource: 'arn:aws:iam:us-east-1:111122223333:role/x' }), 'identity', 'IAM resource arn:aws:iam:us-east-1:111122223333:role/x cannot contain region information.'],
  ['identity policy naming a principal', stmt({ ...allow, Principal: '*' }), 'identity', 'Policy document should not specify a principal.'],
  ['identity policy without a resource', stmt({ Effect: 'Allow', Action: 'sqs:*' }), 'identity', 'Policy statement must contain resources.'],
  ['trust policy with a resource', stmt({ ...trust, Resource: '*' }), 'trust', 'Has prohibited field Resource.'],
  ['trust policy without a principal', stmt({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', 'Missing required field Principal.'],
  ['trust policy with a non-STS action', stmt({ ...trust, Action: 'sqs:SendMessage' }), 'trust', 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity'],
  ['trust policy with an invalid principal', stmt({ ...trust, Principal: { AWS: 'bob' } }), 'trust', 'Invalid principal in policy: "AWS":"bob"'],
  ['unknown principal type', stmt({ ...trust, Principal: { Person: 'bob' } }), 'trust', 'Syntax errors in policy.'],
  ['resource policy without a principal', stmt(allow), 'resource', 'Missing required field Principal.'],
  ['resource policy without a resource', stmt({ Effect: 'Allow', Principal: '*', Action: 'sqs:*' }), 'resource', 'Policy statement must contain resources.'],
];

for (const [name, document, kind, expected] of cases) {
  test(`${kind}: ${name}`, () => {
    assert.equal(validatePolicyDocument(document, kind), expected);
  });
}

test('managed policies must be version 2012-10-17; inline policies may omit Version', () => {
  const noVersion = JSON.stringify({ Statement: [allow] });
  assert.equal(validatePolicyDocument(noVersion, 'identity'), undefined);
  assert.equal(validatePolicyDocument(noVersion, 'identity', { requireCurrentVersion: true }), 'Policy document must be version 2012-10-17 or greater.');
  assert.equal(validatePolicyDocument(JSON.stringify({ Version: '2008-10-17', Statement: [allow] }), 'identity', { requireCurrentVersion: true }), 'Policy document must be version 2012-10-17 or greater.');
});

test('a document nested past any sensible depth is a syntax error, not a crash', () => {
  const deep = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5001) + ']}';
  assert.equal(validatePolicyDocument(deep, 'identity'), 'Syntax errors in policy.');
});
