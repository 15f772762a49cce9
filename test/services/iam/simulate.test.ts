// SimulatePrincipalPolicy and SimulateCustomPolicy answered by the policy engine (SDK v3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateUserCommand, IAMClient, PutUserPolicyCommand, SimulateCustomPolicyCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { uniqueName, useNimbus } from '../../support/nimbus.js';

const t = useNimbus();
const A = '111122223333';
const iam = () => new IAMClient(t.config({ accessKeyId: A }));

test('SimulatePrincipalPolicy: a user\'s inline policy, explicit deny, context keys, pagination', async () => {
  const name = uniqueName('sim');
  await iam().send(new CreateUserCommand({ UserName: name }));
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Queues', Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' },
      { Sid: 'FromOffice', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } },
    ],
  };
  await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
  const out = await iam().send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: `arn:aws:iam::${A}:user/${name}`,
      ActionNames: ['sqs:SendMessage', 'sqs:DeleteQueue', 's3:GetObject', 'sns:Publish'],
      ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ip', ContextKeyValues: ['203.0.113.9'] }],
    }),
  );
  assert.deepEqual(
    out.EvaluationResults!.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision]),
    [
      ['sqs:SendMessage', '*', 'allowed'],
      ['sqs:DeleteQueue', '*', 'explicitDeny'],
      ['s3:GetObject', '*', 'allowed'],
      ['sns:Publish', '*', 'implicitDeny'],
    ],
  );
  assert.equal(out.IsTruncated, false);
  const page = await iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${A}:user/${name}`, ActionNames: ['sqs:SendMessage', 's3:GetObject'], MaxItems: 1 }));
  assert.equal(page.IsTruncated, true);
  assert.equal(page.EvaluationResults!.length, 1);
  const rest = await iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${A}:user/${name}`, ActionNames: ['sqs:SendMessage', 's3:GetObject'], Marker: page.Marker }));
  // Without the context key, the IP condition cannot hold and the simulator says which key was missing.
  assert.equal(rest.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
  assert.deepEqual(rest.EvaluationResults![0]!.MissingContextValues, ['aws:SourceIp']);
  await assert.rejects(iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${A}:user/nobody`, ActionNames: ['sqs:SendMessage'] })), { name: 'NoSuchEntityException' });
});

test('SimulateCustomPolicy: given policies, a resource policy across accounts, a boundary', async () => {
  const queue = 'arn:aws:sqs:us-east-1:999988887777:shared';
  const identity = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] });
  const resource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sqs:SendMessage', Resource: queue }] });
  const out = await iam().send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [identity],
      ActionNames: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
      ResourceArns: [queue],
      ResourcePolicy: resource,
      ResourceOwner: 'arn:aws:iam::999988887777:root',
      CallerArn: `arn:aws:iam::${A}:user/someone`,
    }),
  );
  assert.deepEqual(out.EvaluationResults!.map((r) => r.EvalDecision), ['allowed', 'implicitDeny']);
  assert.deepEqual(out.EvaluationResults![0]!.MatchedStatements!.map((s) => s.SourcePolicyId).sort(), ['PolicyInputList.1', 'ResourcePolicy']);
  const bounded = await iam().send(
    new SimulateCustomPolicyCommand({
      PolicyInputList: [identity],
      PermissionsBoundaryPolicyInputList: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }] })],
      ActionNames: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
    }),
  );
  assert.deepEqual(bounded.EvaluationResults!.map((r) => [r.EvalDecision, r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary]), [['implicitDeny', false], ['allowed', true]]);
  await assert.rejects(iam().send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement": 1'], ActionNames: ['sqs:SendMessage'] })), { name: 'MalformedPolicyDocumentException' });
});
