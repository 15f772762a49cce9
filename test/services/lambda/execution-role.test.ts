// A function's credentials are a session of its execution role, assumed by lambda.amazonaws.com
// (the SDK inside the function acts as arn:aws:sts::<acct>:assumed-role/<role>/<function>); a
// role IAM does not know leaves the function with its account's root credentials.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const t = useNimbus();
const WHO_AM_I = `import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
const sts = new STSClient({});
export const handler = async () => {
  const who = await sts.send(new GetCallerIdentityCommand({}));
  return { arn: who.Arn, account: who.Account, key: process.env.AWS_ACCESS_KEY_ID.slice(0, 4), token: Boolean(process.env.AWS_SESSION_TOKEN) };
};`;

test('the SDK inside a function acts as its execution role session; an unknown role acts as the account', async () => {
  const iam = new IAMClient(t.config());
  const lambda = new LambdaClient(t.config());
  const RoleName = uniqueName('exec');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const withRole = uniqueName('as-role');
  await createFunction(lambda, { FunctionName: withRole, Role: Role!.Arn, files: { 'index.mjs': WHO_AM_I } });
  const out = json((await lambda.send(new InvokeCommand({ FunctionName: withRole }))).Payload) as Record<string, unknown>;
  assert.deepEqual(out, { arn: `arn:aws:sts::000000000000:assumed-role/${RoleName}/${withRole}`, account: '000000000000', key: 'ASIA', token: true });

  const unknownRole = uniqueName('no-role');
  await createFunction(lambda, { FunctionName: unknownRole, files: { 'index.mjs': WHO_AM_I } });
  const root = json((await lambda.send(new InvokeCommand({ FunctionName: unknownRole }))).Payload) as Record<string, unknown>;
  assert.equal(root.arn, 'arn:aws:iam::000000000000:root');
});
