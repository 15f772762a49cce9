// Function code from S3: CreateFunction and UpdateFunctionCode read the zip through S3's in-process
// API (latest version or S3ObjectVersion); a missing bucket, key or version, or a bucket of another
// region, answers InvalidParameterValueException in Lambda's wording of S3's error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, UpdateFunctionCodeCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { json, ROLE, zip } from './support.js';

const t = useNimbus();

test('CreateFunction and UpdateFunctionCode take the zip from S3, by key and by version', async () => {
  const s3 = new S3Client({ ...t.config(), forcePathStyle: true });
  const lambda = new LambdaClient(t.config());
  const Bucket = uniqueName('code');
  await s3.send(new CreateBucketCommand({ Bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const v1 = zip({ 'index.js': 'exports.handler = async (e) => ({ from: "s3-v1", got: e.n });' });
  const v2 = zip({ 'index.js': 'exports.handler = async (e) => ({ from: "s3-v2", got: e.n * 2 });' });
  const put1 = await s3.send(new PutObjectCommand({ Bucket, Key: 'fn/code.zip', Body: v1 }));
  await s3.send(new PutObjectCommand({ Bucket, Key: 'fn/code.zip', Body: v2 }));

  const FunctionName = uniqueName('from-s3');
  // The first version, named: not the latest.
  const created = await lambda.send(
    new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { S3Bucket: Bucket, S3Key: 'fn/code.zip', S3ObjectVersion: put1.VersionId } }),
  );
  assert.equal(created.CodeSha256, createHash('sha256').update(v1).digest('base64'));
  assert.equal(created.CodeSize, v1.length);
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName });
  const first = await lambda.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify({ n: 21 }) }));
  assert.equal(first.FunctionError, undefined);
  assert.deepEqual(json(first.Payload), { from: 's3-v1', got: 21 });

  // The latest version, by key alone.
  const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, S3Bucket: Bucket, S3Key: 'fn/code.zip' }));
  assert.equal(updated.CodeSha256, createHash('sha256').update(v2).digest('base64'));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName });
  const second = await lambda.send(new InvokeCommand({ FunctionName, Payload: JSON.stringify({ n: 21 }) }));
  assert.deepEqual(json(second.Payload), { from: 's3-v2', got: 42 });
});

test('code from S3 that is not there answers as AWS: NoSuchKey, NoSuchBucket, NoSuchVersion, another region', async () => {
  const s3 = new S3Client({ ...t.config(), forcePathStyle: true });
  const lambda = new LambdaClient(t.config());
  const Bucket = uniqueName('nocode');
  await s3.send(new CreateBucketCommand({ Bucket }));
  const west = uniqueName('west');
  await new S3Client({ ...t.config(), region: 'eu-west-1', forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: west, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }),
  );
  await s3.send(new PutObjectCommand({ Bucket: west, Key: 'code.zip', Body: zip({ 'index.js': '' }) }));
  await s3.send(new PutObjectCommand({ Bucket, Key: 'not-a-zip', Body: 'hello' }));
  const create = (Code: Record<string, string>) =>
    lambda.send(new CreateFunctionCommand({ FunctionName: uniqueName('missing'), Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code }));
  const cases: [Record<string, string>, string][] = [
    [{ S3Bucket: Bucket, S3Key: 'nope.zip' }, 'Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.'],
    [{ S3Bucket: uniqueName('absent'), S3Key: 'code.zip' }, 'Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist'],
    [{ S3Bucket: Bucket, S3Key: 'not-a-zip', S3ObjectVersion: 'abc' }, 'Error occurred while GetObject. S3 Error Code: NoSuchVersion. S3 Error Message: The specified version does not exist.'],
    [{ S3Bucket: west, S3Key: 'code.zip' }, 'Error occurred while GetObject. S3 Error Code: PermanentRedirect. S3 Error Message: The bucket is in this region: eu-west-1. Please use this region to retry the request'],
    [{ S3Bucket: Bucket, S3Key: 'not-a-zip' }, 'Could not unzip uploaded file. Please check your file, then try to upload again.'],
  ];
  for (const [code, message] of cases) {
    await assert.rejects(create(code), (e: any) => {
      assert.equal(e.name, 'InvalidParameterValueException');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.message, message);
      return true;
    });
  }
});

test('code in another account’s bucket needs its bucket policy to allow the caller', async () => {
  const A = '111122223333';
  const B = '444455556666';
  const s3A = new S3Client({ ...t.config({ accessKeyId: A }), forcePathStyle: true });
  const lambdaB = new LambdaClient(t.config({ accessKeyId: B }));
  const Bucket = uniqueName('shared-code');
  await s3A.send(new CreateBucketCommand({ Bucket }));
  await s3A.send(new PutObjectCommand({ Bucket, Key: 'code.zip', Body: zip({ 'index.js': 'exports.handler = async () => "from A";' }) }));
  const create = (FunctionName: string) =>
    lambdaB.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: `arn:aws:iam::${B}:role/lambda-role`, Code: { S3Bucket: Bucket, S3Key: 'code.zip' } }));
  await assert.rejects(create(uniqueName('denied')), (e: any) => {
    assert.equal(e.name, 'InvalidParameterValueException');
    assert.equal(e.message, 'Error occurred while GetObject. S3 Error Code: AccessDenied. S3 Error Message: Access Denied');
    return true;
  });
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` }] };
  await s3A.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(policy) }));
  const FunctionName = uniqueName('allowed');
  await create(FunctionName);
  await waitUntilFunctionActiveV2({ client: lambdaB, maxWaitTime: 30, minDelay: 1 }, { FunctionName });
  const out = await lambdaB.send(new InvokeCommand({ FunctionName }));
  assert.deepEqual(json(out.Payload), 'from A');
});
