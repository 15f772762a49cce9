// A delivery a subscriber refuses is never lost without a trace: it counts as failed on the
// subscription and goes to the subscription's dead-letter queue (RedrivePolicy), for every
// protocol: an HTTP endpoint answering 4xx, a Lambda function Nimbus cannot invoke, a disabled
// platform endpoint, an opted-out phone number; a raw SQS delivery keeps its message attributes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import {
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateTopicCommand,
  PublishCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SnsState } from '../../../src/services/sns/store.js';
import { optOutPhoneNumber } from '../../../src/services/sns/sms.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { snsClient, sqsClient, startEndpoint, subscribeConfirmed, type Endpoint } from './support.js';

const t = useNimbus();
const endpoints: Endpoint[] = [];
after(async () => {
  for (const e of endpoints) await e.close();
});

async function deadLetterQueue(): Promise<{ url: string; arn: string }> {
  const sqs = sqsClient(t);
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('dlq') }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}

async function receiveOne(url: string): Promise<{ Body?: string; MessageAttributes?: Record<string, { StringValue?: string }> }> {
  const out = await sqsClient(t).send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10, MessageAttributeNames: ['All'] }));
  assert.equal(out.Messages?.length, 1, 'one message in the dead-letter queue');
  return out.Messages![0]!;
}

async function stats(subscriptionArn: string): Promise<{ delivered: number; failed: number; deadLettered?: number; lastError?: string }> {
  const state = (await t.nimbus.instance.serviceState<SnsState>('sns'))!;
  return state.regions.for('000000000000', 'us-east-1').subscriptions.get(subscriptionArn)!.stats;
}

const redrive = (arn: string) => ({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn }) });

test('an HTTP endpoint that answers 4xx: counted as failed, the envelope goes to the DLQ', async () => {
  const sns = snsClient(t);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('dlh') }))).TopicArn!;
  const endpoint = await startEndpoint();
  endpoints.push(endpoint);
  await subscribeConfirmed(sns, TopicArn, endpoint);
  const dlq = await deadLetterQueue();
  const subs = (await t.nimbus.instance.serviceState<SnsState>('sns'))!.regions.for('000000000000', 'us-east-1').subscriptions;
  const sub = [...subs.values()].find((s) => s.topicArn === TopicArn)!;
  const { SetSubscriptionAttributesCommand } = await import('@aws-sdk/client-sns');
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: sub.arn, AttributeName: 'RedrivePolicy', AttributeValue: redrive(dlq.arn).RedrivePolicy }));
  endpoint.statuses.push(403);
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'refused' }));
  const m = await receiveOne(dlq.url);
  const envelope = JSON.parse(m.Body!);
  assert.deepEqual([envelope.Type, envelope.MessageId, envelope.Message], ['Notification', MessageId, 'refused']);
  const s = await stats(sub.arn);
  // (the subscription confirmation before it was delivered)
  assert.deepEqual([s.delivered, s.failed, s.deadLettered, s.lastError], [1, 1, 1, `HTTP 403 from ${endpoint.url}`]);
});

test('Lambda, a disabled platform endpoint and an opted-out number: each failure goes to its DLQ', async () => {
  const sns = snsClient(t);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('dlx') }))).TopicArn!;
  const { PlatformApplicationArn } = await sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('dla'), Platform: 'GCM', Attributes: { PlatformCredential: 'k' } }));
  const { EndpointArn } = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'tok', Attributes: { Enabled: 'false' } }));
  const state = (await t.nimbus.instance.serviceState<SnsState>('sns'))!;
  optOutPhoneNumber(state, '000000000000', 'us-east-1', '+15555550177', Date.now());
  const cases = [
    { Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' },
    { Protocol: 'application', Endpoint: EndpointArn! },
    { Protocol: 'sms', Endpoint: '+15555550177' },
  ];
  const queues = [];
  for (const c of cases) {
    const dlq = await deadLetterQueue();
    const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, ...c, Attributes: redrive(dlq.arn) }));
    queues.push({ ...c, dlq, SubscriptionArn: SubscriptionArn! });
  }
  const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: 'nobody home' }));
  for (const q of queues) {
    const envelope = JSON.parse((await receiveOne(q.dlq.url)).Body!);
    assert.deepEqual([envelope.MessageId, envelope.Message], [MessageId, 'nobody home'], q.Protocol);
    const s = await stats(q.SubscriptionArn);
    assert.deepEqual([s.delivered, s.failed, s.deadLettered], [0, 1, 1], q.Protocol);
  }
});

test('a raw SQS delivery that fails goes to the DLQ as the bare message with its attributes', async () => {
  const sns = snsClient(t);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('dlr') }))).TopicArn!;
  const dlq = await deadLetterQueue();
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:000000000000:${uniqueName('missing')}`,
      Attributes: { ...redrive(dlq.arn), RawMessageDelivery: 'true' },
    }),
  );
  await sns.send(new PublishCommand({ TopicArn, Message: 'raw body', MessageAttributes: { n: { DataType: 'Number', StringValue: '42' } } }));
  const m = await receiveOne(dlq.url);
  assert.equal(m.Body, 'raw body');
  assert.equal(m.MessageAttributes!.n!.StringValue, '42');
});
