import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startNimbus } from '../../src/index.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const t = useNimbus();

test('GET /_nimbus/health and the /_localstack/health alias', async () => {
  for (const path of ['/_nimbus/health', '/_localstack/health']) {
    const res = await fetch(`${t.nimbus.endpoint}${path}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.equal(body.status, 'running');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    // Every compiled model (DynamoDB Streams included).
    assert.equal(Object.keys(body.services).length, 21);
    assert.ok(['available', 'running'].includes(body.services.sqs));
    assert.ok(['available', 'running'].includes(body.services.kms));
    assert.equal(body.services.codebuild, 'routable');
  }
});

test('POST /_nimbus/reset and /moto-api/reset wipe every account and region', async () => {
  for (const path of ['/_nimbus/reset', '/moto-api/reset']) {
    const a = new S3Client({ ...t.config({ accessKeyId: '111111111111' }), forcePathStyle: true });
    const b = new S3Client({ ...t.config({ accessKeyId: '222222222222', region: 'eu-west-1' }), forcePathStyle: true });
    await a.send(new CreateBucketCommand({ Bucket: uniqueName('reset-a') }));
    await b.send(new CreateBucketCommand({ Bucket: uniqueName('reset-b'), CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const res = await fetch(`${t.nimbus.endpoint}${path}`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    assert.deepEqual((await a.send(new ListBucketsCommand({}))).Buckets ?? [], []);
    assert.deepEqual((await b.send(new ListBucketsCommand({}))).Buckets ?? [], []);
  }
});

test('POST /moto-api/reset-auth answers as moto does', async () => {
  const post = async (body: string) => {
    const res = await fetch(`${t.nimbus.endpoint}/moto-api/reset-auth`, { method: 'POST', body });
    return [res.status, await res.json()];
  };
  assert.deepEqual(await post('4'), [200, { status: 'ok', PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT: 'inf' }]);
  assert.deepEqual(await post('inf'), [200, { status: 'ok', PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT: '4.0' }]);
});

test('a moto-style boto3 suite: reset through the moto API, default account 123456789012', async () => {
  const moto = await startNimbus({ port: 0, defaultAccount: '123456789012' });
  try {
    const out = await pythonJson(
      `import boto3, json, urllib.request
urllib.request.urlopen(urllib.request.Request('${moto.endpoint}/moto-api/reset', method='POST'))
print(json.dumps(boto3.client('sts').get_caller_identity()['Account']))`,
      { ...t.env(), AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing' },
    );
    assert.equal(out, '123456789012');
  } finally {
    await moto.stop();
  }
});

test('library API: port 0, endpoint, reset() and stop()', async () => {
  const one = await startNimbus({ port: 0 });
  const two = await startNimbus({ port: 0, region: 'eu-central-1' });
  try {
    assert.notEqual(one.port, two.port);
    assert.equal(one.endpoint, `http://127.0.0.1:${one.port}`);
    const s3 = new S3Client({ endpoint: one.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'library-api-bucket' }));
    // Instances are isolated from each other.
    const s3two = new S3Client({ endpoint: two.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    assert.deepEqual((await s3two.send(new ListBucketsCommand({}))).Buckets ?? [], []);
    await one.reset();
    assert.deepEqual((await s3.send(new ListBucketsCommand({}))).Buckets ?? [], []);
    const id = await new STSClient({ endpoint: two.endpoint, region: 'eu-central-1', credentials: { accessKeyId: '999988887777', secretAccessKey: 'b' } }).send(new GetCallerIdentityCommand({}));
    assert.equal(id.Account, '999988887777');
  } finally {
    await one.stop();
    await two.stop();
  }
  await assert.rejects(fetch(`${one.endpoint}/_nimbus/health`));
});
