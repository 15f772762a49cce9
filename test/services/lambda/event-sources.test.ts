// Event sources: an SQS event source mapping drains a queue and honours partial batch failures
// (failed messages return, then go to the queue's DLQ); SNS lambda subscriptions deliver the SNS event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction } from './support.js';

const t = useNimbus();

async function queue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url: QueueUrl!, arn };
}

test('an SQS mapping drains the queue in batches; messages reported in batchItemFailures return and end in the DLQ', async () => {
  const lambda = new LambdaClient(t.config());
  const sqs = new SQSClient(t.config());
  const dlq = await queue(sqs, uniqueName('esm-dlq'));
  const source = await queue(sqs, uniqueName('esm-src'), { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }) });
  const sink = await queue(sqs, uniqueName('esm-sink'));
  const FunctionName = uniqueName('consumer');
  // The function forwards each good record to the sink and reports bodies starting with "bad" as failures.
  await createFunction(lambda, {
    FunctionName,
    Environment: { Variables: { SINK: sink.url } },
    files: {
      'index.mjs': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const failures = [];
  for (const r of event.Records) {
    if (r.body.startsWith('bad')) { failures.push({ itemIdentifier: r.messageId }); continue; }
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SINK, MessageBody: JSON.stringify({ body: r.body, source: r.eventSource, arn: r.eventSourceARN, batch: event.Records.length, count: r.attributes.ApproximateReceiveCount, attr: r.messageAttributes.kind?.stringValue ?? null }) }));
  }
  return { batchItemFailures: failures };
};`,
    },
  });
  const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: i === 3 ? 'bad-3' : `good-${i}`, MessageAttributes: { kind: { DataType: 'String', StringValue: `k${i}` } } }));
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: source.url, Entries: entries }));
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: source.arn, BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] }));
  assert.equal(mapping.State, 'Creating');
  assert.equal((await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).State, 'Enabled');

  const delivered: any[] = [];
  while (delivered.length < 9) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sink.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 5 }));
    if (!got.Messages) break;
    delivered.push(...got.Messages.map((m) => JSON.parse(m.Body!)));
  }
  assert.deepEqual(delivered.map((d) => d.body).sort(), entries.filter((_, i) => i !== 3).map((e) => e.MessageBody).sort());
  assert.ok(delivered.every((d) => d.source === 'aws:sqs' && d.arn === source.arn && d.batch <= 5 && d.count === '1'));
  assert.deepEqual(delivered.map((d) => d.attr).sort(), entries.filter((_, i) => i !== 3).map((e) => e.MessageAttributes.kind.StringValue).sort());
  // The failed one is received twice (it returns after its 1 s visibility timeout), then SQS moves it to the DLQ.
  const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url, WaitTimeSeconds: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  assert.equal(dead.Messages?.[0]?.Body, 'bad-3');
  const left = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: source.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  assert.deepEqual([left.Attributes!.ApproximateNumberOfMessages, left.Attributes!.ApproximateNumberOfMessagesNotVisible], ['0', '0']);
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
});

test('an SNS subscription with protocol lambda invokes the function with the SNS event', async () => {
  const lambda = new LambdaClient(t.config());
  const sqs = new SQSClient(t.config());
  const sns = new SNSClient(t.config());
  const sink = await queue(sqs, uniqueName('sns-sink'));
  const FunctionName = uniqueName('snsfn');
  const fn = await createFunction(lambda, {
    FunctionName,
    Environment: { Variables: { SINK: sink.url } },
    files: { 'index.mjs': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport const handler = async (event) => { await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SINK, MessageBody: JSON.stringify(event) })); };` },
  });
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('topic') }));
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: fn.FunctionArn }));
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'hello lambda', Subject: 'greeting', MessageAttributes: { a: { DataType: 'String', StringValue: 'b' } } }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: sink.url, WaitTimeSeconds: 10 }));
  const event = JSON.parse(got.Messages![0]!.Body!);
  const record = event.Records[0];
  assert.deepEqual([record.EventSource, record.EventVersion, record.EventSubscriptionArn], ['aws:sns', '1.0', SubscriptionArn]);
  assert.deepEqual([record.Sns.Type, record.Sns.MessageId, record.Sns.TopicArn, record.Sns.Subject, record.Sns.Message], ['Notification', MessageId, TopicArn, 'greeting', 'hello lambda']);
  assert.deepEqual(record.Sns.MessageAttributes, { a: { Type: 'String', Value: 'b' } });
});
