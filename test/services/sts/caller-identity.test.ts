import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';

const t = useNimbus();

test('GetCallerIdentity over query: default account for a non-numeric key (SDK v3)', async () => {
  const sts = new STSClient(t.config());
  const id = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(id.Account, '000000000000');
  assert.equal(id.Arn, 'arn:aws:iam::000000000000:root');
  assert.equal(id.UserId, '000000000000');
  assert.match(id.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
});

test('a 12-digit access key id is the account', async () => {
  const sts = new STSClient(t.config({ accessKeyId: '111122223333' }));
  const id = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(id.Account, '111122223333');
  assert.equal(id.Arn, 'arn:aws:iam::111122223333:root');
});

test('GetCallerIdentity with boto3', async () => {
  const out = await pythonJson(
    `import boto3, json; print(json.dumps(boto3.client('sts').get_caller_identity()))`,
    t.env({ accessKeyId: '444455556666' }),
  );
  assert.equal(out.Account, '444455556666');
  assert.equal(out.Arn, 'arn:aws:iam::444455556666:root');
  assert.equal(out.ResponseMetadata.HTTPStatusCode, 200);
});

test('GetCallerIdentity with the AWS CLI', async () => {
  const out = await awsJson(['sts', 'get-caller-identity'], t.env());
  assert.deepEqual(out, { UserId: '000000000000', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
});
