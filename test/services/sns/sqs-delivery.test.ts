// SNS -> SQS through SQS's in-process API: the envelope (signed, verified by sns-validator and in
// Python), raw delivery with message attributes, synchronous fanout, FIFO topic -> FIFO queue order
// and deduplication with an injected clock, MessageStructure=json, filters, dead-letter queues.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import type { SnsState } from '../../../src/services/sns/store.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { snsClient, sqsClient, validateWithSnsValidator, verifyInPython } from './support.js';

const clock = new ManualClock(Date.parse('2026-11-27T08:00:00.000Z'));
const t = useNimbus({ clock });

async function queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }> {
  const sqs = sqsClient(t);
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}

/** Receives and deletes until the queue is empty (FIFO groups stay locked while in flight). */
async function drain(url: string, max = 10): Promise<Message[]> {
  const out: Message[] = [];
  const sqs = sqsClient(t);
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    if (!r.Messages?.length) return out;
    out.push(...r.Messages);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    if (out.length >= max) return out;
  }
}

async function topicWithQueues(n: number, topicAttributes?: Record<string, string>, queueAttributes?: Record<string, string>, subscriptionAttributes?: Record<string, string>) {
  const fifo = topicAttributes?.FifoTopic === 'true';
  const suffix = fifo ? '.fifo' : '';
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: `${uniqueName('fan')}${suffix}`, Attributes: topicAttributes }));
  const queues = [];
  for (let i = 0; i < n; i++) {
    const q = await queue(`${uniqueName(`q${i}`)}${queueAttributes?.FifoQueue === 'true' ? '.fifo' : ''}`, queueAttributes);
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn, Attributes: subscriptionAttributes }));
    queues.push({ ...q, SubscriptionArn: SubscriptionArn! });
  }
  return { TopicArn: TopicArn!, queues };
}

test('fanout: the envelope is in every queue when Publish returns; signature verified', async () => {
  const { TopicArn, queues } = await topicWithQueues(3);
  const { MessageId } = await snsClient(t).send(
    new PublishCommand({ TopicArn, Message: 'order #1 ✓', Subject: 'Order', MessageAttributes: { tier: { DataType: 'String', StringValue: 'gold' }, qty: { DataType: 'Number', StringValue: '3' } } }),
  );
  for (const q of queues) {
    const [m] = await drain(q.url);
    assert.ok(m, 'receivable immediately after Publish');
    const body = JSON.parse(m.Body!);
    assert.deepEqual(Object.keys(body), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    assert.equal(body.Type, 'Notification');
    assert.equal(body.MessageId, MessageId);
    assert.equal(body.TopicArn, TopicArn);
    assert.equal(body.Subject, 'Order');
    assert.equal(body.Message, 'order #1 ✓');
    assert.equal(body.Timestamp, '2026-11-27T08:00:00.000Z');
    assert.equal(body.SignatureVersion, '1');
    assert.match(body.SigningCertURL, new RegExp(`^${t.nimbus.endpoint}/_nimbus/sns/SimpleNotificationService-[0-9a-f]{32}\\.pem$`));
    assert.equal(body.UnsubscribeURL, `${t.nimbus.endpoint}/?Action=Unsubscribe&SubscriptionArn=${q.SubscriptionArn}`);
    assert.deepEqual(body.MessageAttributes, { tier: { Type: 'String', Value: 'gold' }, qty: { Type: 'Number', Value: '3' } });
    assert.equal(m.MessageAttributes, undefined, 'attributes travel inside the envelope, not as SQS attributes');
    await validateWithSnsValidator(body);
  }
  const body = JSON.parse((await (async () => {
    await snsClient(t).send(new PublishCommand({ TopicArn, Message: 'no subject' }));
    return (await drain(queues[0]!.url))[0]!.Body!;
  })()));
  assert.equal('Subject' in body, false);
  assert.equal('MessageAttributes' in body, false);
  await validateWithSnsValidator(body);
  assert.equal(await verifyInPython(body, t.env()), true);
});

test('raw delivery: the bare message, message attributes of every type as SQS attributes', async () => {
  const { TopicArn, queues } = await topicWithQueues(1, undefined, undefined, { RawMessageDelivery: 'true' });
  await snsClient(t).send(
    new PublishCommand({
      TopicArn,
      Message: '{"id": 7}',
      MessageAttributes: {
        s: { DataType: 'String', StringValue: 'text' },
        n: { DataType: 'Number', StringValue: '-1.5' },
        b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 255]) },
        arr: { DataType: 'String.Array', StringValue: '["a","b"]' },
        custom: { DataType: 'String.custom', StringValue: 'c' },
      },
    }),
  );
  const [m] = await drain(queues[0]!.url);
  assert.equal(m!.Body, '{"id": 7}');
  const a = m!.MessageAttributes!;
  assert.deepEqual([a.s!.DataType, a.s!.StringValue], ['String', 'text']);
  assert.deepEqual([a.n!.DataType, a.n!.StringValue], ['Number', '-1.5']);
  assert.deepEqual([a.b!.DataType, [...a.b!.BinaryValue!]], ['Binary', [0, 255]]);
  assert.deepEqual([a.arr!.DataType, a.arr!.StringValue], ['String.Array', '["a","b"]']);
  assert.deepEqual([a.custom!.DataType, a.custom!.StringValue], ['String.custom', 'c']);
});

test('FIFO topic -> FIFO queues: group order, deduplication inside and after the 5-minute window', async () => {
  const { TopicArn, queues } = await topicWithQueues(2, { FifoTopic: 'true', ContentBasedDeduplication: 'true' }, { FifoQueue: 'true' });
  const sns = snsClient(t);
  // Interleaved groups, published concurrently per group: each group's order is kept.
  const publishGroup = async (g: string) => {
    for (let i = 0; i < 5; i++) await sns.send(new PublishCommand({ TopicArn, Message: `${g}-${i}`, MessageGroupId: g }));
  };
  await Promise.all([publishGroup('A'), publishGroup('B'), publishGroup('C')]);
  await sns.send(new PublishCommand({ TopicArn, Message: 'A-0', MessageGroupId: 'A' })); // duplicate body: dropped
  await sns.send(new PublishCommand({ TopicArn, Message: 'x', MessageGroupId: 'A', MessageDeduplicationId: 'explicit' }));
  clock.advance(60_000);
  await sns.send(new PublishCommand({ TopicArn, Message: 'y', MessageGroupId: 'A', MessageDeduplicationId: 'explicit' })); // dropped
  for (const q of queues) {
    const messages = await drain(q.url, 100);
    const bodies = messages.map((m) => JSON.parse(m.Body!));
    for (const g of ['A', 'B', 'C']) {
      assert.deepEqual(bodies.filter((b) => b.Message.startsWith(`${g}-`)).map((b) => b.Message), [0, 1, 2, 3, 4].map((i) => `${g}-${i}`), `group ${g} in order`);
    }
    assert.equal(bodies.length, 16);
    assert.deepEqual(bodies.filter((b) => !/^[ABC]-/.test(b.Message)).map((b) => b.Message), ['x']);
    // FIFO notifications carry the topic's SequenceNumber and no signature, as on AWS.
    assert.match(bodies[0].SequenceNumber, /^\d{20}$/);
    assert.equal(bodies[0].Signature, undefined);
    assert.deepEqual(new Set(messages.map((m) => m.Attributes!.MessageGroupId)), new Set(['A', 'B', 'C']));
  }
  // Past the window, the same deduplication id is a new message (for the topic and for the queue).
  clock.advance(5 * 60_000);
  await sns.send(new PublishCommand({ TopicArn, Message: 'z', MessageGroupId: 'A', MessageDeduplicationId: 'explicit' }));
  for (const q of queues) assert.deepEqual((await drain(q.url)).map((m) => JSON.parse(m.Body!).Message), ['z']);
});

test('FIFO topic: PublishBatch keeps entry order in the queue', async () => {
  const { TopicArn, queues } = await topicWithQueues(1, { FifoTopic: 'true' }, { FifoQueue: 'true' }, { RawMessageDelivery: 'true' });
  await snsClient(t).send(
    new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, Message: `m${i}`, MessageGroupId: 'g', MessageDeduplicationId: `d${i}` })),
    }),
  );
  assert.deepEqual((await drain(queues[0]!.url, 10)).map((m) => m.Body), Array.from({ length: 10 }, (_, i) => `m${i}`));
});

test('MessageStructure=json: sqs subscribers get the "sqs" message; filters choose queues', async () => {
  const sns = snsClient(t);
  const { TopicArn, queues } = await topicWithQueues(2, undefined, undefined, { RawMessageDelivery: 'true' });
  const { SetSubscriptionAttributesCommand } = await import('@aws-sdk/client-sns');
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: queues[1]!.SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ kind: ['b'] }) }));
  await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'dflt', sqs: 'for queues' }), MessageAttributes: { kind: { DataType: 'String', StringValue: 'a' } } }));
  await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'only default' }), MessageAttributes: { kind: { DataType: 'String', StringValue: 'b' } } }));
  assert.deepEqual((await drain(queues[0]!.url)).map((m) => m.Body), ['for queues', 'only default']);
  assert.deepEqual((await drain(queues[1]!.url)).map((m) => m.Body), ['only default']);
});

test('a missing queue fails the delivery; the RedrivePolicy dead-letter queue receives it', async () => {
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('dlq') }));
  const dlq = await queue(uniqueName('dlq'));
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: `arn:aws:sqs:us-east-1:000000000000:${uniqueName('gone')}`, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn }) } }),
  );
  await sns.send(new PublishCommand({ TopicArn, Message: 'lost?' }));
  const [m] = await drain(dlq.url);
  assert.equal(JSON.parse(m!.Body!).Message, 'lost?');
  const state = (await t.nimbus.instance.serviceState<SnsState>('sns'))!;
  const sub = state.regions.for('000000000000', 'us-east-1').subscriptions.get(SubscriptionArn!)!;
  assert.equal(sub.stats.failed, 1);
});

test('boto3 and the AWS CLI: subscribe a queue, publish, receive the envelope', async () => {
  const q = await queue(uniqueName('py'));
  const topicName = uniqueName('py');
  const out = await pythonJson(
    `import boto3, json
sns = boto3.client('sns'); sqs = boto3.client('sqs')
arn = sns.create_topic(Name='${topicName}')['TopicArn']
sns.subscribe(TopicArn=arn, Protocol='sqs', Endpoint='${q.arn}')
mid = sns.publish(TopicArn=arn, Message='from boto3', MessageAttributes={'k': {'DataType': 'String', 'StringValue': 'v'}})['MessageId']
m = sqs.receive_message(QueueUrl='${q.url}', WaitTimeSeconds=0)['Messages'][0]
body = json.loads(m['Body'])
print(json.dumps({'arn': arn, 'mid': mid, 'body': body}))`,
    t.env(),
  );
  assert.equal(out.body.MessageId, out.mid);
  assert.equal(out.body.Message, 'from boto3');
  assert.deepEqual(out.body.MessageAttributes, { k: { Type: 'String', Value: 'v' } });
  await validateWithSnsValidator(out.body);
  const published = await awsJson(['sns', 'publish', '--topic-arn', out.arn, '--message', 'from the CLI'], t.env());
  const received = await awsJson(['sqs', 'receive-message', '--queue-url', q.url], t.env());
  const body = JSON.parse(received.Messages[0].Body);
  assert.deepEqual([body.MessageId, body.Message], [published.MessageId, 'from the CLI']);
});
