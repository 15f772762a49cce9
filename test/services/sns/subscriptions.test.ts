import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { snsClient } from './support.js';

const t = useNimbus();
const queueArn = (name: string, region = 'us-east-1'): string => `arn:aws:sqs:${region}:000000000000:${name}`;

async function topic(name = uniqueName('subs'), attributes?: Record<string, string>): Promise<string> {
  return (await snsClient(t).send(new CreateTopicCommand({ Name: name, Attributes: attributes }))).TopicArn!;
}

test('Subscribe sqs: confirmed at once, attributes, idempotent, counters', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const Endpoint = queueArn(uniqueName('q'));
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'True' } }));
  assert.match(SubscriptionArn!, new RegExp(`^${TopicArn}:[0-9a-f-]{36}$`));
  const { Attributes: a } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
  assert.deepEqual(a, {
    SubscriptionArn,
    TopicArn,
    Owner: '000000000000',
    Protocol: 'sqs',
    Endpoint,
    ConfirmationWasAuthenticated: 'true',
    PendingConfirmation: 'false',
    RawMessageDelivery: 'true',
  });
  // Same topic, protocol and endpoint: the same subscription.
  const again = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint }));
  assert.equal(again.SubscriptionArn, SubscriptionArn);
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint, Attributes: { RawMessageDelivery: 'false' } })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
  });
  let counters = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
  assert.deepEqual([counters.SubscriptionsConfirmed, counters.SubscriptionsPending, counters.SubscriptionsDeleted], ['1', '0', '0']);
  await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
  await sns.send(new UnsubscribeCommand({ SubscriptionArn })); // idempotent
  counters = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
  assert.deepEqual([counters.SubscriptionsConfirmed, counters.SubscriptionsPending, counters.SubscriptionsDeleted], ['0', '0', '1']);
  await assert.rejects(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })), { name: 'NotFoundException', message: 'Subscription does not exist' });
});

test('Set/GetSubscriptionAttributes: FilterPolicy (+scope), RedrivePolicy, DeliveryPolicy, RawMessageDelivery', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(uniqueName('q')) }));
  const filter = JSON.stringify({ store: ['example_corp'] });
  const redrive = JSON.stringify({ deadLetterTargetArn: queueArn('dlq') });
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: filter }));
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RedrivePolicy', AttributeValue: redrive }));
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'TRUE' }));
  let a = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
  assert.equal(a.FilterPolicy, filter);
  assert.equal(a.FilterPolicyScope, 'MessageAttributes');
  assert.equal(a.RedrivePolicy, redrive);
  assert.equal(a.RawMessageDelivery, 'true');
  // Clearing the filter policy hides the scope again, as AWS does.
  await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: '' }));
  a = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!;
  assert.equal(a.FilterPolicy, undefined);
  assert.equal(a.FilterPolicyScope, undefined);

  const errors: Array<[string, string, string]> = [
    ['Bogus', 'x', 'Invalid parameter: AttributeName'],
    ['RawMessageDelivery', 'yes', 'Invalid parameter: RawMessageDelivery: Invalid value [yes]. Must be true or false.'],
    ['FilterPolicyScope', 'Body', 'Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes'],
    ['FilterPolicy', '{oops', 'Invalid parameter: FilterPolicy: failed to parse JSON.'],
    ['RedrivePolicy', '{oops', 'Invalid parameter: RedrivePolicy: failed to parse JSON.'],
    ['RedrivePolicy', '{"deadLetterTargetArn": "nope"}', 'Invalid parameter: RedrivePolicy: deadLetterTargetArn is an invalid arn'],
  ];
  for (const [AttributeName, AttributeValue, message] of errors) {
    await assert.rejects(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName, AttributeValue })), { name: 'InvalidParameterException', message });
  }
});

test('FIFO topics: FIFO queues only with FIFO DLQs; FIFO queues cannot subscribe to standard topics', async () => {
  const sns = snsClient(t);
  const fifoTopic = await topic(`${uniqueName('f')}.fifo`, { FifoTopic: 'true' });
  const standard = await topic();
  const fifoQueue = queueArn(`${uniqueName('q')}.fifo`);
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn: standard, Protocol: 'sqs', Endpoint: fifoQueue })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
  });
  await assert.rejects(
    sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: fifoQueue, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn('dlq') }) } })),
    { message: 'Invalid parameter: Attributes Reason: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.' },
  );
  const ok = await sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: fifoQueue }));
  assert.match(ok.SubscriptionArn!, /\.fifo:[0-9a-f-]{36}$/);
  // A standard queue may subscribe to a FIFO topic; other protocols may not.
  await sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sqs', Endpoint: queueArn(uniqueName('std')) }));
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn: fifoTopic, Protocol: 'sms', Endpoint: '+15555550100' })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: Invalid protocol type: sms',
  });
});

test('Subscribe: protocol and endpoint errors', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const cases: Array<[string, string | undefined, string, string]> = [
    ['carrier-pigeon', 'x', 'InvalidParameterException', 'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon'],
    ['http', 'https://example.com', 'InvalidParameterException', 'Invalid parameter: Endpoint must match the specified protocol'],
    ['sqs', 'my-queue', 'InvalidParameterException', 'Invalid parameter: SQS endpoint ARN'],
    ['lambda', 'fn', 'InvalidParameterException', 'Invalid parameter: Lambda endpoint ARN'],
    ['sms', '12345', 'InvalidParameterException', 'Invalid SMS endpoint: 12345'],
    ['email', 'not-an-email', 'InvalidParameterException', 'Invalid parameter: Email address'],
    ['sqs', undefined, 'InvalidParameterException', 'Invalid parameter: Endpoint'],
  ];
  for (const [Protocol, Endpoint, name, message] of cases) {
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol, Endpoint })), { name, message }, `${Protocol} ${Endpoint}`);
  }
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn: `${TopicArn}-none`, Protocol: 'sqs', Endpoint: queueArn('q') })), {
    name: 'NotFoundException',
    message: 'Topic does not exist',
  });
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn('q'), Attributes: { Nope: '1' } })), {
    message: 'Invalid parameter: Attributes Reason: AttributeName',
  });
  await assert.rejects(sns.send(new UnsubscribeCommand({ SubscriptionArn: 'garbage' })), {
    message: 'Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1',
  });
});

test('email, sms, lambda, application: accepted as on AWS; email stays pending', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const email = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'dev@example.com' }));
  assert.equal(email.SubscriptionArn, 'pending confirmation');
  const sms = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: '+15555550100' }));
  const fn = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'lambda', Endpoint: 'arn:aws:lambda:us-east-1:000000000000:function:f' }));
  assert.match(sms.SubscriptionArn!, /^arn:aws:sns:/);
  assert.match(fn.SubscriptionArn!, /^arn:aws:sns:/);
  const listed = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!;
  assert.deepEqual(
    listed.map((s) => [s.Protocol, s.SubscriptionArn === 'PendingConfirmation' ? 'PendingConfirmation' : 'arn']),
    [['email', 'PendingConfirmation'], ['sms', 'arn'], ['lambda', 'arn']],
  );
  const counters = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
  assert.deepEqual([counters.SubscriptionsConfirmed, counters.SubscriptionsPending], ['2', '1']);
  // The email token (not mailed by Nimbus) is in the state; ConfirmSubscription confirms with it.
  const state = (await t.nimbus.instance.serviceState<any>('sns'))!.regions.for('000000000000', 'us-east-1');
  const token = [...state.tokens].find(([, arn]: [string, string]) => state.subscriptions.get(arn)?.endpoint === 'dev@example.com')![0];
  const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: token }));
  assert.match(confirmed.SubscriptionArn!, new RegExp(`^${TopicArn}:`));
  await assert.rejects(sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: 'bad' })), { name: 'InvalidParameterException', message: 'Invalid parameter: Token' });
});

test('ListSubscriptions / ListSubscriptionsByTopic page by 100; DeleteTopic removes its subscriptions', async () => {
  const region = 'sa-east-1';
  const sns = snsClient(t, region);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('many') }))).TopicArn!;
  const arns: string[] = [];
  for (let i = 0; i < 205; i++) {
    arns.push((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn(`q${i}`, region) }))).SubscriptionArn!);
  }
  const pages: string[][] = [];
  let NextToken: string | undefined;
  do {
    const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn, NextToken }));
    pages.push(page.Subscriptions!.map((s) => s.SubscriptionArn!));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.deepEqual(pages.map((p) => p.length), [100, 100, 5]);
  assert.deepEqual(pages.flat(), arns);
  const all = await sns.send(new ListSubscriptionsCommand({}));
  assert.equal(all.Subscriptions!.length, 100);
  assert.ok(all.NextToken);
  // boto3's paginator and the CLI (which follows NextToken itself) see all of them.
  const py = await pythonJson(
    `import boto3, json
p = boto3.client('sns', region_name='${region}').get_paginator('list_subscriptions_by_topic')
print(json.dumps(sum(len(page['Subscriptions']) for page in p.paginate(TopicArn='${TopicArn}'))))`,
    t.env({ region }),
  );
  assert.equal(py, 205);
  const cli = await awsJson(['sns', 'list-subscriptions-by-topic', '--topic-arn', TopicArn], t.env({ region }));
  assert.equal(cli.Subscriptions.length, 205);
  await sns.send(new DeleteTopicCommand({ TopicArn }));
  assert.equal((await sns.send(new ListSubscriptionsCommand({}))).Subscriptions?.length ?? 0, 0);
});
