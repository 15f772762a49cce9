// S3 bucket notifications to a function: an object put invokes the function asynchronously with
// S3's event (its outcome, here, lands in the function's on-success queue); a configuration naming
// a function that does not exist is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AddPermissionCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction } from './support.js';

const t = useNimbus();

test('S3 ObjectCreated invokes a subscribed function with the S3 event', async () => {
  const lambda = new LambdaClient(t.config());
  const s3 = new S3Client({ ...t.config(), forcePathStyle: true });
  const sqs = new SQSClient(t.config());
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('s3-fn-out') }));
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const FunctionName = uniqueName('on-upload');
  const fn = await createFunction(lambda, {
    FunctionName,
    files: { 'index.js': 'exports.handler = async (e) => e.Records.map((r) => `${r.eventName} ${r.s3.bucket.name}/${r.s3.object.key} ${r.s3.object.size}`);' },
  });
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, DestinationConfig: { OnSuccess: { Destination: queueArn } } }));
  const Bucket = uniqueName('uploads').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  await lambda.send(new AddPermissionCommand({ FunctionName, StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${Bucket}` }));
  const missing = `arn:aws:lambda:us-east-1:000000000000:function:${uniqueName('nope')}`;
  await assert.rejects(
    s3.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: missing, Events: ['s3:ObjectCreated:*'] }] } })),
    { name: 'InvalidArgument' },
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: fn.FunctionArn, Events: ['s3:ObjectCreated:*'] }] } }),
  );
  await s3.send(new PutObjectCommand({ Bucket, Key: 'in/report.csv', Body: 'a,b\n1,2\n' }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
  const record = JSON.parse(got.Messages![0]!.Body!);
  assert.equal(record.requestContext.condition, 'Success');
  assert.equal(record.requestPayload.Records[0].eventSource, 'aws:s3');
  assert.deepEqual(record.responsePayload, [`ObjectCreated:Put ${Bucket}/in/report.csv 8`]);
});
