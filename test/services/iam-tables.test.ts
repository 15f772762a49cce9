// The authorize step's tables: every implemented operation of every service in the registry has
// an IAM entry, no entry names an operation the service's model does not have, and the actions
// and resources are AWS's for a few concrete requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iamRequest } from '../../src/auth/iam-request.js';
import { loadModel } from '../../src/models/load.js';
import type { RequestContext } from '../../src/services/context.js';
import { serviceLoaders } from '../../src/services/registry.js';
import type { ServiceDefinition } from '../../src/services/service.js';

const ctx = { region: 'us-east-1', account: '000000000000' } as RequestContext;

async function definition(id: string): Promise<ServiceDefinition<any>> {
  return serviceLoaders[id]!();
}

for (const id of Object.keys(serviceLoaders)) {
  test(`${id}: every implemented operation has an IAM entry, every entry is an operation`, async () => {
    const d = await definition(id);
    assert.ok(d.iam, `${id} has no iam table`);
    const model = loadModel(id);
    for (const op of Object.keys(d.operations)) {
      assert.ok(Object.hasOwn(d.iam.operations, op), `${id}.${op} has no iam entry`);
    }
    for (const op of Object.keys(d.iam.operations)) {
      assert.ok(Object.hasOwn(model.operations, op), `${id} iam entry ${op} is not an operation of the model`);
      const r = iamRequest(d, op, {}, ctx)!;
      assert.match(r.action, new RegExp(`^${d.iam.prefix}:[A-Z][A-Za-z0-9]+$`), `${id}.${op} action`);
      assert.equal(typeof r.resource, 'string');
    }
  });
}

test('SQS: the queue a QueueUrl names (account and name from the path, the request region)', async () => {
  const sqs = await definition('sqs');
  const url = 'http://localhost:4566/000000000000/q';
  assert.deepEqual(iamRequest(sqs, 'SendMessage', { QueueUrl: url }, ctx), { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:000000000000:q' });
  assert.deepEqual(iamRequest(sqs, 'SendMessageBatch', { QueueUrl: url }, ctx), { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:000000000000:q' });
  assert.deepEqual(iamRequest(sqs, 'ReceiveMessage', { QueueUrl: 'http://sqs.us-east-1.localhost:4566/111122223333/orders.fifo' }, { ...ctx, region: 'eu-west-1' }), {
    action: 'sqs:ReceiveMessage',
    resource: 'arn:aws:sqs:eu-west-1:111122223333:orders.fifo',
  });
  assert.equal(iamRequest(sqs, 'CreateQueue', { QueueName: 'new' }, ctx)!.resource, 'arn:aws:sqs:us-east-1:000000000000:new');
  assert.equal(iamRequest(sqs, 'GetQueueUrl', { QueueName: 'theirs', QueueOwnerAWSAccountId: '111122223333' }, ctx)!.resource, 'arn:aws:sqs:us-east-1:111122223333:theirs');
  assert.deepEqual(iamRequest(sqs, 'ListQueues', {}, ctx), { action: 'sqs:ListQueues', resource: '*' });
  assert.equal(iamRequest(sqs, 'DeleteQueue', { QueueUrl: 'not a url' }, ctx)!.resource, '*');
  const handle = Buffer.from(JSON.stringify({ taskId: 't', sourceArn: 'arn:aws:sqs:us-east-1:000000000000:dlq' })).toString('base64');
  assert.equal(iamRequest(sqs, 'CancelMessageMoveTask', { TaskHandle: handle }, ctx)!.resource, 'arn:aws:sqs:us-east-1:000000000000:dlq');
});

test('SNS: the topic, also for subscription operations; PublishBatch is sns:Publish', async () => {
  const sns = await definition('sns');
  const topic = 'arn:aws:sns:us-east-1:000000000000:t';
  assert.deepEqual(iamRequest(sns, 'Publish', { TopicArn: topic }, ctx), { action: 'sns:Publish', resource: topic });
  assert.deepEqual(iamRequest(sns, 'PublishBatch', { TopicArn: topic }, ctx), { action: 'sns:Publish', resource: topic });
  assert.equal(iamRequest(sns, 'Unsubscribe', { SubscriptionArn: `${topic}:0f5a9b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b` }, ctx)!.resource, topic);
  assert.equal(iamRequest(sns, 'CreateTopic', { Name: 't' }, ctx)!.resource, topic);
  assert.equal(iamRequest(sns, 'ListTopics', {}, ctx)!.resource, '*');
});

test('S3: action names as AWS authorizes them, bucket and object ARNs', async () => {
  const s3 = await definition('s3');
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['GetObject', { Bucket: 'b', Key: 'k' }, 's3:GetObject', 'arn:aws:s3:::b/k'],
    ['HeadObject', { Bucket: 'b', Key: 'a/b.txt' }, 's3:GetObject', 'arn:aws:s3:::b/a/b.txt'],
    ['ListObjectsV2', { Bucket: 'b' }, 's3:ListBucket', 'arn:aws:s3:::b'],
    ['HeadBucket', { Bucket: 'b' }, 's3:ListBucket', 'arn:aws:s3:::b'],
    ['CreateBucket', { Bucket: 'b' }, 's3:CreateBucket', 'arn:aws:s3:::b'],
    ['DeleteBucket', { Bucket: 'b' }, 's3:DeleteBucket', 'arn:aws:s3:::b'],
    ['GetBucketLocation', { Bucket: 'b' }, 's3:GetBucketLocation', 'arn:aws:s3:::b'],
    ['ListBuckets', {}, 's3:ListAllMyBuckets', '*'],
  ];
  for (const [op, input, action, resource] of cases) assert.deepEqual(iamRequest(s3, op, input, ctx), { action, resource }, op);
});

test('CloudWatch metrics and STS GetCallerIdentity act on *; an unknown operation has no entry', async () => {
  assert.deepEqual(iamRequest(await definition('cloudwatch'), 'PutMetricData', { Namespace: 'n' }, ctx), { action: 'cloudwatch:PutMetricData', resource: '*' });
  assert.deepEqual(iamRequest(await definition('sts'), 'GetCallerIdentity', {}, ctx), { action: 'sts:GetCallerIdentity', resource: '*' });
  assert.equal(iamRequest(await definition('sqs'), 'NoSuchOperation', {}, ctx), undefined);
  assert.equal(iamRequest({}, 'SendMessage', {}, ctx), undefined);
});
