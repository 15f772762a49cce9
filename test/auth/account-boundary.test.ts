// The account boundary (auth/authorize.ts): account B (another 12-digit key) is refused on
// account A's queue, topic and bucket, in each service's own words, until a resource policy of A
// allows it; calls within an account stay allowed; SNS delivery from another account's topic
// needs the queue policy AWS needs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SetTopicAttributesCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { uniqueName, useNimbus } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const t = useNimbus();
const A = '111122223333';
const B = '444455556666';
const sqs = (account: string) => new SQSClient(t.config({ accessKeyId: account }));
const sns = (account: string) => new SNSClient(t.config({ accessKeyId: account }));
const s3 = (account: string) => new S3Client({ ...t.config({ accessKeyId: account }), forcePathStyle: true });

async function refused(p: Promise<unknown>, name: string, message: RegExp, status = 403) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    assert.match(e.message, message);
    assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}

test('SQS: B is refused on A\'s queue (AccessDenied, SQS wording) until the queue policy allows B', async () => {
  const name = uniqueName('boundary');
  const { QueueUrl: url } = await sqs(A).send(new CreateQueueCommand({ QueueName: name }));
  const arn = `arn:aws:sqs:us-east-1:${A}:${name}`;
  await sqs(A).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'for A only' }));
  const denied = new RegExp(`^Access to the resource https://sqs\\.us-east-1\\.amazonaws\\.com/${A}/${name} is denied\\.$`);
  await refused(sqs(B).send(new ReceiveMessageCommand({ QueueUrl: url })), 'AccessDenied', denied);
  await refused(sqs(B).send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })), 'AccessDenied', denied);
  await refused(sqs(B).send(new DeleteQueueCommand({ QueueUrl: url })), 'AccessDenied', denied);
  // A policy naming another account does not help B.
  const allow = (principal: string, actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: arn }] });
  await sqs(A).send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: allow('999999999999', ['sqs:*']) } }));
  await refused(sqs(B).send(new ReceiveMessageCommand({ QueueUrl: url })), 'AccessDenied', denied);
  // Allowed to receive, not to delete the queue.
  await sqs(A).send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: allow(`arn:aws:iam::${B}:root`, ['sqs:ReceiveMessage']) } }));
  const got = await sqs(B).send(new ReceiveMessageCommand({ QueueUrl: url }));
  assert.equal(got.Messages?.[0]?.Body, 'for A only');
  await refused(sqs(B).send(new DeleteQueueCommand({ QueueUrl: url })), 'AccessDenied', denied);
  // A itself is never refused on its own queue.
  const attrs = await sqs(A).send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
  assert.equal(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible, '1');
});

test('SQS over the query protocol (boto3): the same AccessDenied', async () => {
  const name = uniqueName('boundary-q');
  const { QueueUrl: url } = await sqs(A).send(new CreateQueueCommand({ QueueName: name }));
  const out = await pythonJson(
    `import boto3, json, botocore
from botocore.config import Config
c = boto3.client('sqs')
try:
    c.receive_message(QueueUrl='${url}')
    print(json.dumps({}))
except botocore.exceptions.ClientError as e:
    print(json.dumps({'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}))`,
    t.env({ accessKeyId: B }),
  );
  assert.deepEqual(out, { code: 'AccessDenied', message: `Access to the resource https://sqs.us-east-1.amazonaws.com/${A}/${name} is denied.`, status: 403 });
});

test('SNS: B is refused on A\'s topic (AuthorizationError) until the topic policy allows B', async () => {
  const { TopicArn: topic } = await sns(A).send(new CreateTopicCommand({ Name: uniqueName('boundary') }));
  // The default topic policy allows only the owner's account (AWS:SourceOwner).
  await refused(
    sns(B).send(new PublishCommand({ TopicArn: topic, Message: 'x' })),
    'AuthorizationErrorException',
    new RegExp(`^User: arn:aws:iam::${B}:root is not authorized to perform: SNS:Publish on resource: ${topic!.replace(/[.]/g, '\\.')} because no resource-based policy allows the SNS:Publish action$`),
  );
  await sns(A).send(new PublishCommand({ TopicArn: topic, Message: 'A publishes' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 'sns:Publish', Resource: topic }] };
  await sns(A).send(new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: 'Policy', AttributeValue: JSON.stringify(policy) }));
  const published = await sns(B).send(new PublishCommand({ TopicArn: topic, Message: 'B publishes' }));
  assert.match(published.MessageId ?? '', /^[0-9a-f-]{36}$/);
  const wire = await pythonJson(
    `import boto3, json, botocore
try:
    boto3.client('sns').publish(TopicArn='${topic}', Message='x')
except botocore.exceptions.ClientError as e:
    print(json.dumps(e.response['Error']['Code']))`,
    t.env({ accessKeyId: '777777777777' }),
  );
  assert.equal(wire, 'AuthorizationError');
  await refused(sns(B).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:${B}:q` })), 'AuthorizationErrorException', /SNS:Subscribe/);
});

test('S3: B is refused on A\'s bucket (AccessDenied); B cannot delete it', async () => {
  const bucket = uniqueName('boundary').toLowerCase();
  await s3(A).send(new CreateBucketCommand({ Bucket: bucket }));
  await refused(s3(B).send(new DeleteBucketCommand({ Bucket: bucket })), 'AccessDenied', /^Access Denied$/);
  await refused(s3(B).send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied', /^Access Denied$/);
  await assert.rejects(s3(B).send(new HeadBucketCommand({ Bucket: bucket })), (e: any) => e.$metadata.httpStatusCode === 403);
  // The name is still A's: B's CreateBucket gets S3's own answer.
  await assert.rejects(s3(B).send(new CreateBucketCommand({ Bucket: bucket })), { name: 'BucketAlreadyExists' });
  assert.equal((await s3(A).send(new HeadBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode, 200);
  await s3(A).send(new DeleteBucketCommand({ Bucket: bucket }));
});

test('S3: a bucket policy naming B lets B read objects, and nothing more', async () => {
  const bucket = uniqueName('boundary-policy').toLowerCase();
  await s3(A).send(new CreateBucketCommand({ Bucket: bucket }));
  await s3(A).send(new PutObjectCommand({ Bucket: bucket, Key: 'shared.txt', Body: 'from A' }));
  await refused(s3(B).send(new GetObjectCommand({ Bucket: bucket, Key: 'shared.txt' })), 'AccessDenied', /^Access Denied$/);
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
  };
  await s3(A).send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  const got = await s3(B).send(new GetObjectCommand({ Bucket: bucket, Key: 'shared.txt' }));
  assert.equal(await got.Body!.transformToString(), 'from A');
  await refused(s3(B).send(new PutObjectCommand({ Bucket: bucket, Key: 'b.txt', Body: 'from B' })), 'AccessDenied', /^Access Denied$/);
  await refused(s3(B).send(new DeleteBucketCommand({ Bucket: bucket })), 'AccessDenied', /^Access Denied$/);
});

test('SNS -> SQS across accounts: delivered only when the queue policy allows the topic', async () => {
  const { TopicArn: topic } = await sns(A).send(new CreateTopicCommand({ Name: uniqueName('xacct') }));
  const name = uniqueName('xacct-q');
  const { QueueUrl: url } = await sqs(B).send(new CreateQueueCommand({ QueueName: name }));
  const queueArn = `arn:aws:sqs:us-east-1:${B}:${name}`;
  // A subscribes B's queue (SQS endpoints are confirmed at once).
  await sns(A).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
  await sns(A).send(new PublishCommand({ TopicArn: topic, Message: 'without a policy' }));
  const none = await sqs(B).send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
  assert.equal(none.Messages, undefined, 'no queue policy: SNS cannot deliver across accounts');
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: queueArn, Condition: { ArnEquals: { 'aws:SourceArn': topic } } }],
  };
  await sqs(B).send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
  await sns(A).send(new PublishCommand({ TopicArn: topic, Message: 'with the policy' }));
  const got = await sqs(B).send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
  assert.deepEqual(got.Messages?.map((m) => m.Body), ['with the policy']);
});
