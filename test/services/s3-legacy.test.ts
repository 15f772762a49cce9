// S3's legacy bucket operations, which only botocore still models: PutBucketLifecycle /
// GetBucketLifecycle (rules with a top-level Prefix, singular Transition) and PutBucketNotification
// / GetBucketNotification (singular Topic/Queue/CloudFunction configurations with `Event`). They
// share their routes with the current operations, whose handlers keep one configuration for both
// forms: boto3's legacy calls put and read it, the current calls read what they put, and a legacy
// queue configuration delivers events to SQS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModel } from '../../src/models/load.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const t = useNimbus();

test('the model carries the legacy operations, served by the current ones', () => {
  const ops = loadModel('s3').operations;
  assert.deepEqual(
    ['PutBucketLifecycle', 'GetBucketLifecycle', 'PutBucketNotification', 'GetBucketNotification'].map((n) => [ops[n]?.http?.method, ops[n]?.http?.uri, ops[n]?.servedBy]),
    [
      ['PUT', '/{Bucket}?lifecycle', 'PutBucketLifecycleConfiguration'],
      ['GET', '/{Bucket}?lifecycle', 'GetBucketLifecycleConfiguration'],
      ['PUT', '/{Bucket}?notification', 'PutBucketNotificationConfiguration'],
      ['GET', '/{Bucket}?notification', 'GetBucketNotificationConfiguration'],
    ],
  );
});

test('boto3 put_bucket_lifecycle / get_bucket_lifecycle and put_bucket_notification / get_bucket_notification', async () => {
  const bucket = uniqueName('legacy').toLowerCase();
  const queue = uniqueName('legacy-q');
  const out = await pythonJson(
    `import boto3, json
s3 = boto3.client('s3', config=boto3.session.Config(s3={'addressing_style': 'path'}))
sqs = boto3.client('sqs')
s3.create_bucket(Bucket='${bucket}')
s3.put_bucket_lifecycle(Bucket='${bucket}', LifecycleConfiguration={'Rules': [
    {'ID': 'logs', 'Prefix': 'logs/', 'Status': 'Enabled', 'Expiration': {'Days': 30}, 'Transition': {'Days': 7, 'StorageClass': 'GLACIER'}},
    {'ID': 'tmp', 'Prefix': 'tmp/', 'Status': 'Disabled', 'NoncurrentVersionExpiration': {'NoncurrentDays': 2}}]})
legacy_rules = s3.get_bucket_lifecycle(Bucket='${bucket}')['Rules']
current_rules = s3.get_bucket_lifecycle_configuration(Bucket='${bucket}')['Rules']
url = sqs.create_queue(QueueName='${queue}')['QueueUrl']
arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['QueueArn'])['Attributes']['QueueArn']
s3.put_bucket_notification(Bucket='${bucket}', NotificationConfiguration={
    'QueueConfiguration': {'Id': 'to-queue', 'Event': 's3:ObjectCreated:*', 'Queue': arn}})
legacy_notification = s3.get_bucket_notification(Bucket='${bucket}')
legacy_notification.pop('ResponseMetadata')
current_notification = s3.get_bucket_notification_configuration(Bucket='${bucket}')
current_notification.pop('ResponseMetadata')
s3.put_object(Bucket='${bucket}', Key='logs/a.txt', Body=b'hello')
events = []
for _ in range(3):
    for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get('Messages', []):
        body = json.loads(m['Body'])
        events += [(r['eventName'], r['s3']['bucket']['name'], r['s3']['object']['key'], r['s3']['configurationId']) for r in body.get('Records', [])]
    if events: break
try:
    s3.put_bucket_notification(Bucket='${bucket}', NotificationConfiguration={'QueueConfiguration': {'Event': 's3:ObjectCreated:*', 'Queue': arn + '-missing'}})
    missing = 'accepted'
except Exception as e:
    missing = e.response['Error']['Code']
print(json.dumps({'legacy_rules': legacy_rules, 'current_rules': current_rules, 'legacy_notification': legacy_notification,
                  'current_notification': current_notification, 'events': events, 'missing': missing, 'arn': arn}))`,
    t.env(),
  );
  assert.deepEqual(out.legacy_rules, [
    { Expiration: { Days: 30 }, ID: 'logs', Prefix: 'logs/', Status: 'Enabled', Transition: { Days: 7, StorageClass: 'GLACIER' } },
    { ID: 'tmp', Prefix: 'tmp/', Status: 'Disabled', NoncurrentVersionExpiration: { NoncurrentDays: 2 } },
  ]);
  // The same configuration, read through the current operation.
  assert.deepEqual(out.current_rules, [
    { Expiration: { Days: 30 }, ID: 'logs', Prefix: 'logs/', Status: 'Enabled', Transitions: [{ Days: 7, StorageClass: 'GLACIER' }] },
    { ID: 'tmp', Prefix: 'tmp/', Status: 'Disabled', NoncurrentVersionExpiration: { NoncurrentDays: 2 } },
  ]);
  assert.deepEqual(out.legacy_notification, { QueueConfiguration: { Id: 'to-queue', Event: 's3:ObjectCreated:*', Events: ['s3:ObjectCreated:*'], Queue: out.arn } });
  assert.deepEqual(out.current_notification, { QueueConfigurations: [{ Id: 'to-queue', QueueArn: out.arn, Events: ['s3:ObjectCreated:*'] }] });
  assert.deepEqual(out.events, [['ObjectCreated:Put', bucket, 'logs/a.txt', 'to-queue']]);
  assert.equal(out.missing, 'InvalidArgument');
});
