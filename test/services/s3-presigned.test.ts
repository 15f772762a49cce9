// Presigned URLs made by the SDK v3 (@aws-sdk/s3-request-presigner) and boto3 (SigV4 and SigV2),
// used with a plain HTTP client (fetch): a PUT then a GET of the same object; and the same URLs
// refused with AccessDenied "Request has expired" once the injectable clock passes their expiry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ManualClock } from '../../src/index.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const clock = new ManualClock();
const t = useNimbus({ clock });
const s3 = () => new S3Client({ ...t.config(), forcePathStyle: true });

async function newBucket(): Promise<string> {
  const name = uniqueName('ps').toLowerCase().slice(0, 50);
  await s3().send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

async function expectExpired(url: string, method = 'GET'): Promise<void> {
  const r = await fetch(url, { method, ...(method === 'PUT' && { body: 'late' }) });
  assert.equal(r.status, 403);
  const text = await r.text();
  assert.match(text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
}

test('SDK v3 presigned PUT and GET work with fetch; expired ones are refused', async () => {
  const bucket = await newBucket();
  const client = s3();
  const signingDate = new Date(clock.now());
  const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: 'via sdk.txt', ContentType: 'text/plain' }), { expiresIn: 300, signingDate });
  const put = await fetch(putUrl, { method: 'PUT', body: 'presigned by the SDK', headers: { 'content-type': 'text/plain' } });
  assert.equal(put.status, 200, await put.clone().text());
  assert.ok(put.headers.get('etag'));
  const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'via sdk.txt' }), { expiresIn: 300, signingDate });
  const get = await fetch(getUrl);
  assert.equal(get.status, 200);
  assert.equal(await get.text(), 'presigned by the SDK');
  assert.equal(get.headers.get('content-type'), 'text/plain');
  clock.advance(301_000);
  await expectExpired(getUrl);
  await expectExpired(putUrl, 'PUT');
  const tooLong = await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: 'via sdk.txt' }), { expiresIn: 604_800, signingDate: new Date(clock.now()) });
  assert.equal((await fetch(tooLong.replace('X-Amz-Expires=604800', 'X-Amz-Expires=604801'))).status, 400);
});

test('boto3 presigned PUT and GET (SigV4 and SigV2) work with fetch; expired ones are refused', async () => {
  const bucket = await newBucket();
  for (const version of ['s3v4', 's3']) {
    const urls = await pythonJson<Record<string, string>>(
      `import boto3, json
from botocore.config import Config
c = boto3.client('s3', config=Config(signature_version=${JSON.stringify(version)}, s3={'addressing_style': 'path'}))
print(json.dumps({
  'put': c.generate_presigned_url('put_object', Params={'Bucket': ${JSON.stringify(bucket)}, 'Key': 'boto-${version}.bin'}, ExpiresIn=120),
  'get': c.generate_presigned_url('get_object', Params={'Bucket': ${JSON.stringify(bucket)}, 'Key': 'boto-${version}.bin'}, ExpiresIn=120),
}))`,
      t.env(),
    );
    // boto3 signs with the real time; the Nimbus clock is set to it.
    clock.set(Date.now());
    const put = await fetch(urls.put!, { method: 'PUT', body: `boto3 ${version}` });
    assert.equal(put.status, 200, `${version}: ${await put.clone().text()}`);
    const get = await fetch(urls.get!);
    assert.equal(get.status, 200, version);
    assert.equal(await get.text(), `boto3 ${version}`);
    clock.advance(121_000);
    await expectExpired(urls.get!);
    await expectExpired(urls.put!, 'PUT');
  }
});

test('POST policy uploads (browser forms): fields, ${filename}, conditions, content-length-range, expiry', async () => {
  const bucket = await newBucket();
  const policyOf = (expiration: Date, conditions: unknown[]) => Buffer.from(JSON.stringify({ expiration: expiration.toISOString(), conditions })).toString('base64');
  const form = (fields: Record<string, string>, file: string, filename = 'photo.txt') => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    f.append('file', new Blob([file], { type: 'text/plain' }), filename);
    return f;
  };
  const conditions = [{ bucket }, ['starts-with', '$key', 'uploads/'], ['content-length-range', 1, 100], { 'x-amz-meta-who': 'browser' }];
  const policy = policyOf(new Date(clock.now() + 60_000), conditions);
  const fields = { key: 'uploads/${filename}', policy, 'x-amz-meta-who': 'browser', 'Content-Type': 'text/plain', success_action_status: '201', 'x-amz-credential': 'AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request', 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-signature': '00' };
  const ok = await fetch(`${t.nimbus.endpoint}/${bucket}`, { method: 'POST', body: form(fields, 'posted from a form') });
  assert.equal(ok.status, 201, await ok.clone().text());
  assert.match(await ok.text(), /<Key>uploads\/photo.txt<\/Key>/);
  const got = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/photo.txt' }));
  assert.equal(await got.Body!.transformToString(), 'posted from a form');
  assert.equal(got.ContentType, 'text/plain');
  assert.deepEqual(got.Metadata, { who: 'browser' });
  const wrongKey = await fetch(`${t.nimbus.endpoint}/${bucket}`, { method: 'POST', body: form({ ...fields, key: 'elsewhere/x' }, 'x') });
  assert.equal(wrongKey.status, 403);
  assert.match(await wrongKey.text(), /Policy Condition failed/);
  const tooBig = await fetch(`${t.nimbus.endpoint}/${bucket}`, { method: 'POST', body: form(fields, 'x'.repeat(101)) });
  assert.equal(tooBig.status, 400);
  assert.match(await tooBig.text(), /<Code>EntityTooLarge<\/Code>/);
  const plain = await fetch(`${t.nimbus.endpoint}/${bucket}`, { method: 'POST', body: form({ key: 'no-policy.txt' }, 'no policy') });
  assert.equal(plain.status, 204);
  clock.advance(61_000);
  const expired = await fetch(`${t.nimbus.endpoint}/${bucket}`, { method: 'POST', body: form(fields, 'late') });
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /Policy expired/);
});
