import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { awsJson, pythonJson, runAws } from '../support/python.js';

const t = useNimbus();

const bucketName = () => uniqueName('b').toLowerCase().slice(0, 50);

for (const style of ['virtual-host', 'path'] as const) {
  test(`bucket lifecycle, ${style} style (SDK v3, restXml)`, async () => {
    const s3 = new S3Client({ ...t.config({ accessKeyId: '210987654321' }), forcePathStyle: style === 'path' });
    const name = bucketName();
    const created = await s3.send(new CreateBucketCommand({ Bucket: name }));
    assert.equal(created.Location, `/${name}`);
    const head = await s3.send(new HeadBucketCommand({ Bucket: name }));
    assert.equal(head.BucketRegion, 'us-east-1');
    const listed = await s3.send(new ListBucketsCommand({}));
    const mine = listed.Buckets!.find((b) => b.Name === name)!;
    assert.ok(mine.CreationDate instanceof Date);
    assert.ok(Math.abs(mine.CreationDate!.getTime() - Date.now()) < 60_000);
    assert.match(listed.Owner!.ID!, /^[0-9a-f]{64}$/);
    await s3.send(new DeleteBucketCommand({ Bucket: name }));
    await assert.rejects(s3.send(new HeadBucketCommand({ Bucket: name })), (e: any) => {
      assert.equal(e.$metadata.httpStatusCode, 404);
      return true;
    });
    await assert.rejects(s3.send(new DeleteBucketCommand({ Bucket: name })), (e: any) => {
      assert.equal(e.name, 'NoSuchBucket');
      assert.equal(e.Code, 'NoSuchBucket');
      assert.equal(e.BucketName, name);
      return true;
    });
  });
}

test('bucket names are global; regions must match the location constraint', async () => {
  const name = bucketName();
  const owner = new S3Client({ ...t.config({ region: 'eu-west-1', accessKeyId: '111111111111' }), forcePathStyle: true });
  const other = new S3Client({ ...t.config({ region: 'eu-west-1', accessKeyId: '222222222222' }), forcePathStyle: true });
  await owner.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await assert.rejects(
    other.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    (e: any) => e.name === 'BucketAlreadyExists' && e.$metadata.httpStatusCode === 409,
  );
  await assert.rejects(
    owner.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    (e: any) => e.name === 'BucketAlreadyOwnedByYou',
  );
  const listedByOther = await other.send(new ListBucketsCommand({}));
  assert.ok(!(listedByOther.Buckets ?? []).some((b) => b.Name === name), 'ListBuckets shows only the caller’s buckets');
  const head = await owner.send(new HeadBucketCommand({ Bucket: name }));
  assert.equal(head.BucketRegion, 'eu-west-1');
  await assert.rejects(owner.send(new CreateBucketCommand({ Bucket: 'Not_Valid' })), (e: any) => e.name === 'InvalidBucketName');
});

test('boto3 and the AWS CLI: create, list, head, delete', async () => {
  const name = bucketName();
  const env = t.env();
  const out = await pythonJson(
    `import boto3, json
s3 = boto3.client('s3')
s3.create_bucket(Bucket='${name}')
names = [b['Name'] for b in s3.list_buckets()['Buckets']]
h = s3.head_bucket(Bucket='${name}')
try:
    boto3.client('s3', region_name='eu-west-1').create_bucket(Bucket='${name}-eu')
    illegal = 'created'
except Exception as e:
    illegal = e.response['Error']['Code']
print(json.dumps({'listed': '${name}' in names, 'status': h['ResponseMetadata']['HTTPStatusCode'], 'region': h['ResponseMetadata']['HTTPHeaders'].get('x-amz-bucket-region'), 'illegal': illegal}))`,
    env,
  );
  // Without a LocationConstraint a bucket can only be created through us-east-1 (the JS SDK adds one).
  assert.deepEqual(out, { listed: true, status: 200, region: 'us-east-1', illegal: 'IllegalLocationConstraintException' });
  const listed = await awsJson(['s3api', 'list-buckets'], env);
  assert.ok(listed.Buckets.some((b: any) => b.Name === name));
  const del = await runAws(['s3api', 'delete-bucket', '--bucket', name], env);
  assert.equal(del.status, 0, del.stderr);
  const again = await runAws(['s3api', 'head-bucket', '--bucket', name], env);
  assert.notEqual(again.status, 0);
  assert.match(again.stderr, /404|Not Found/);
});
