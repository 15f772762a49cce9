// S3 bucket features through the SDK v3: versioning (version ids, delete markers,
// ListObjectVersions, GetObject by version), location, policy, CORS (headers on browser requests,
// OPTIONS preflight), lifecycle expiration on the injectable clock, encryption, event
// notifications to SQS and SNS in AWS's event JSON (and the s3:TestEvent).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ManualClock } from '../../src/index.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';

const clock = new ManualClock(Date.UTC(2026, 5, 1, 12, 0, 0));
const t = useNimbus({ clock });
const s3 = (region = 'us-east-1') => new S3Client({ ...t.config({ region }), forcePathStyle: true });
const bucketName = () => uniqueName('bk').toLowerCase().slice(0, 50);

async function newBucket(client = s3()): Promise<string> {
  const name = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

test('versioning: version ids, delete markers, ListObjectVersions, GetObject by version, suspension', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  assert.equal((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, undefined);
  const before = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v0' }));
  assert.equal(before.VersionId, undefined, 'an unversioned bucket shows no version ids');
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  assert.equal((await client.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status, 'Enabled');
  const v1 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v1' }));
  const v2 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v2' }));
  assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
  const old = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: v1.VersionId }));
  assert.equal(await old.Body!.transformToString(), 'v1');
  assert.equal(old.VersionId, v1.VersionId);
  const nullVersion = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: 'null' }));
  assert.equal(await nullVersion.Body!.transformToString(), 'v0');
  const del = await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(del.DeleteMarker, true);
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })), (e: any) => e.name === 'NoSuchKey' && e.$response?.headers['x-amz-delete-marker'] === 'true');
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: del.VersionId })), (e: any) => e.$metadata.httpStatusCode === 405);
  assert.equal((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
  const versions = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.deepEqual(versions.Versions!.map((v) => [v.VersionId, v.IsLatest]), [[v2.VersionId, false], [v1.VersionId, false], ['null', false]]);
  assert.deepEqual(versions.DeleteMarkers!.map((m) => [m.VersionId, m.IsLatest]), [[del.VersionId, true]]);
  // Deleting the marker brings v2 back.
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'k', VersionId: del.VersionId }));
  const back = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(await back.Body!.transformToString(), 'v2');
  // Paging the versions one at a time.
  const paged: string[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
    paged.push(...(page.Versions ?? []).map((v) => v.VersionId!));
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
  assert.deepEqual(paged, [v2.VersionId, v1.VersionId, 'null']);
  await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
  const suspended = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'v3' }));
  assert.equal(suspended.VersionId, 'null');
  const all = await client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  assert.deepEqual(all.Versions!.map((v) => v.VersionId), ['null', v2.VersionId, v1.VersionId], 'the null version was replaced');
});

test('location, policy, encryption', async () => {
  const eu = s3('eu-west-1');
  const name = bucketName();
  await eu.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  assert.equal((await eu.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint, 'eu-west-1');
  const us = await newBucket();
  assert.equal((await s3().send(new GetBucketLocationCommand({ Bucket: us }))).LocationConstraint, undefined);
  const client = s3();
  await assert.rejects(client.send(new GetBucketPolicyCommand({ Bucket: us })), (e: any) => e.name === 'NoSuchBucketPolicy');
  await assert.rejects(client.send(new PutBucketPolicyCommand({ Bucket: us, Policy: 'not json' })), (e: any) => e.name === 'MalformedPolicy');
  const wrongResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }] });
  await assert.rejects(client.send(new PutBucketPolicyCommand({ Bucket: us, Policy: wrongResource })), (e: any) => e.name === 'MalformedPolicy' && /invalid resource/.test(e.message));
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${us}/*` }] });
  await client.send(new PutBucketPolicyCommand({ Bucket: us, Policy: policy }));
  assert.equal((await client.send(new GetBucketPolicyCommand({ Bucket: us }))).Policy, policy);
  await client.send(new DeleteBucketPolicyCommand({ Bucket: us }));
  await assert.rejects(client.send(new GetBucketPolicyCommand({ Bucket: us })), (e: any) => e.name === 'NoSuchBucketPolicy');
  const enc = await client.send(new GetBucketEncryptionCommand({ Bucket: us }));
  assert.equal(enc.ServerSideEncryptionConfiguration!.Rules![0]!.ApplyServerSideEncryptionByDefault!.SSEAlgorithm, 'AES256');
  await client.send(new PutBucketEncryptionCommand({ Bucket: us, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/k' } }] } }));
  const put = await client.send(new PutObjectCommand({ Bucket: us, Key: 'e', Body: 'x' }));
  assert.equal(put.ServerSideEncryption, 'aws:kms');
  assert.equal(put.SSEKMSKeyId, 'alias/k');
});

test('CORS: browser requests get Access-Control headers; OPTIONS preflight answered from the rules', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'page.html', Body: '<p>hi</p>' }));
  const preflight = (origin: string, method: string) =>
    fetch(`${t.nimbus.endpoint}/${bucket}/page.html`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'x-amz-meta-a' } });
  assert.equal((await preflight('https://app.example.com', 'GET')).status, 403, 'no CORS configuration');
  await client.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300 }] },
    }),
  );
  assert.equal((await client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules![0]!.MaxAgeSeconds, 300);
  const ok = await preflight('https://app.example.com', 'PUT');
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(ok.headers.get('access-control-allow-methods'), 'GET, PUT');
  assert.equal(ok.headers.get('access-control-max-age'), '300');
  assert.equal((await preflight('https://evil.test', 'GET')).status, 403);
  assert.equal((await preflight('https://app.example.com', 'DELETE')).status, 403);
  // A browser GET (an unsigned request with an Origin) carries the headers.
  const get = await fetch(`${t.nimbus.endpoint}/${bucket}/page.html`, {
    headers: { origin: 'https://app.example.com', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  assert.equal(get.status, 200);
  assert.equal(await get.text(), '<p>hi</p>');
  assert.equal(get.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.equal(get.headers.get('access-control-expose-headers'), 'ETag');
});

test('lifecycle expiration runs on the injectable clock (at the midnight UTC after the age)', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'logs/old.log', Body: 'x' }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/me.txt', Body: 'y' }));
  await client.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: [{ ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 1 } }] } }));
  clock.advance(6 * 3600_000); // 18:00 the same day: not yet
  assert.equal((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 2);
  clock.advance(36 * 3600_000); // past the midnight after one day
  clock.advance(3600_000); // the next hourly sweep
  const left = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.deepEqual(left.Contents!.map((o) => o.Key), ['keep/me.txt']);
});

test('event notifications: s3:TestEvent, ObjectCreated and ObjectRemoved to SQS and SNS in AWS event JSON', async () => {
  const client = s3();
  const sqs = new SQSClient(t.config());
  const sns = new SNSClient(t.config());
  const bucket = await newBucket(client);
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('s3events') }));
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const topicQueue = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('s3topic') }));
  const topicQueueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: topicQueue.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const topic = await sns.send(new CreateTopicCommand({ Name: uniqueName('s3topic') }));
  await sns.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: 'sqs', Endpoint: topicQueueArn, Attributes: { RawMessageDelivery: 'true' } }));
  await assert.rejects(
    client.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: { QueueConfigurations: [{ QueueArn: queueArn + '-missing', Events: ['s3:ObjectCreated:*'] }] } })),
    (e: any) => e.name === 'InvalidArgument',
  );
  await client.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [{ Id: 'to-queue', QueueArn: queueArn, Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'in/' }] } } }],
        TopicConfigurations: [{ Id: 'to-topic', TopicArn: topic.TopicArn, Events: ['s3:ObjectCreated:Put'] }],
      },
    }),
  );
  const config = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  assert.equal(config.QueueConfigurations![0]!.Id, 'to-queue');
  const receive = async (url: string, n: number) => {
    const bodies: any[] = [];
    for (let i = 0; i < 20 && bodies.length < n; i++) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      bodies.push(...(r.Messages ?? []).map((m) => JSON.parse(m.Body!)));
      if (bodies.length < n) await new Promise((r) => setTimeout(r, 25));
    }
    return bodies;
  };
  const [test1] = await receive(queue.QueueUrl!, 1);
  assert.equal(test1.Event, 's3:TestEvent');
  assert.equal(test1.Bucket, bucket);
  const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a b.txt', Body: 'hello' }));
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/skip.txt', Body: 'x' }));
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'in/a b.txt' }));
  const events = await receive(queue.QueueUrl!, 2);
  assert.deepEqual(events.map((e) => e.Records[0].eventName), ['ObjectCreated:Put', 'ObjectRemoved:Delete']);
  const created = events[0].Records[0];
  assert.equal(created.eventSource, 'aws:s3');
  assert.equal(created.eventVersion, '2.1');
  assert.equal(created.awsRegion, 'us-east-1');
  assert.equal(created.s3.configurationId, 'to-queue');
  assert.equal(created.s3.bucket.name, bucket);
  assert.equal(created.s3.bucket.arn, `arn:aws:s3:::${bucket}`);
  assert.equal(created.s3.object.key, 'in/a+b.txt');
  assert.equal(created.s3.object.size, 5);
  assert.equal(created.s3.object.eTag, put.ETag!.replace(/"/g, ''));
  assert.match(created.s3.object.sequencer, /^[0-9A-F]+$/);
  assert.equal(created.eventTime, new Date(clock.now()).toISOString());
  // Through SNS (raw delivery): the test event, then the two Puts.
  const viaTopic = await receive(topicQueue.QueueUrl!, 3);
  assert.equal(viaTopic[0].Event, 's3:TestEvent');
  assert.deepEqual(viaTopic.slice(1).map((e) => e.Records[0].s3.object.key), ['in/a+b.txt', 'out/skip.txt']);
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'out/skip.txt' }));
  assert.equal(head.ContentLength, 1);
});
