// HTTP/S subscriptions: the SubscriptionConfirmation handshake (SubscribeURL and ConfirmSubscription),
// notification headers and body, raw delivery, retries per delivery policy (at AWS's delays, on a
// ManualClock the test moves), UnsubscribeConfirmation, and signatures a standard validator accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/index.js';
import type { SnsState } from '../../../src/services/sns/store.js';
import { retryDelays, DEFAULT_RETRY_POLICY } from '../../../src/services/sns/delivery/policy.js';
import type { Timer } from '../../../src/state/scheduler.js';
import { useNimbus, uniqueName, type TestNimbus } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { snsClient, startEndpoint, validateWithSnsValidator, verifyInPython, type Endpoint } from './support.js';

const t = useNimbus();
/** A second Nimbus on a ManualClock: retries run when the test moves the clock. */
const clock = new ManualClock();
const manual = useNimbus({ clock });

async function snsState(n: TestNimbus): Promise<SnsState> {
  return (await n.nimbus.instance.serviceState<SnsState>('sns'))!;
}

/** Resolves once `condition` holds, checked on each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

/** The retry a failed HTTP/S attempt left on the scheduler, once its answer has been handled. */
async function pendingRetry(state: SnsState): Promise<Timer> {
  const find = (): Timer | undefined => [...state.pending].find((p): p is Timer => 'at' in p);
  await until(() => find() !== undefined);
  return find()!;
}

function noRetryPending(state: SnsState): boolean {
  return ![...state.pending].some((p) => 'at' in p);
}

async function confirmedTopic(endpoint: Endpoint, attributes?: Record<string, string>, n: TestNimbus = t): Promise<{ TopicArn: string; SubscriptionArn: string }> {
  const sns = snsClient(n);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('http') }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url, Attributes: attributes }));
  const confirmation = JSON.parse((await endpoint.waitFor(endpoint.posts.length + 1)).at(-1)!.body);
  const res = await fetch(confirmation.SubscribeURL);
  assert.equal(res.status, 200);
  const SubscriptionArn = /<SubscriptionArn>(.*)<\/SubscriptionArn>/.exec(await res.text())![1]!;
  return { TopicArn: TopicArn!, SubscriptionArn };
}

test('SubscriptionConfirmation: headers, signed body, GET SubscribeURL confirms', async () => {
  const sns = snsClient(t);
  const endpoint = await startEndpoint();
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('handshake') }));
    const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url }));
    assert.equal(sub.SubscriptionArn, 'pending confirmation');
    const [post] = await endpoint.waitFor(1);
    assert.equal(post!.headers['x-amz-sns-message-type'], 'SubscriptionConfirmation');
    assert.equal(post!.headers['x-amz-sns-topic-arn'], TopicArn);
    assert.equal(post!.headers['x-amz-sns-subscription-arn'], undefined);
    assert.equal(post!.headers['content-type'], 'text/plain; charset=UTF-8');
    const body = JSON.parse(post!.body);
    assert.deepEqual(Object.keys(body), ['Type', 'MessageId', 'Token', 'TopicArn', 'Message', 'SubscribeURL', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL']);
    assert.equal(body.MessageId, post!.headers['x-amz-sns-message-id']);
    assert.equal(body.Message, `You have chosen to subscribe to the topic ${TopicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`);
    assert.equal(body.SubscribeURL, `${t.nimbus.endpoint}/?Action=ConfirmSubscription&TopicArn=${TopicArn}&Token=${body.Token}`);
    assert.match(body.Timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await validateWithSnsValidator(body);

    const pending = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!;
    assert.equal(pending[0]!.SubscriptionArn, 'PendingConfirmation');
    const res = await fetch(body.SubscribeURL);
    const arn = /<SubscriptionArn>(.*)<\/SubscriptionArn>/.exec(await res.text())![1]!;
    const a = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: arn }))).Attributes!;
    assert.equal(a.PendingConfirmation, 'false');
    assert.equal(a.ConfirmationWasAuthenticated, 'false', 'confirmed by an unsigned GET');
    assert.equal(JSON.parse(a.EffectiveDeliveryPolicy!).healthyRetryPolicy.numRetries, 3);
  } finally {
    await endpoint.close();
  }
});

test('ConfirmSubscription with the token (SDK and boto3), ReturnSubscriptionArn', async () => {
  const sns = snsClient(t);
  const endpoint = await startEndpoint();
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('token') }));
    const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url, ReturnSubscriptionArn: true }));
    assert.match(sub.SubscriptionArn!, /^arn:aws:sns:/);
    const { Token } = JSON.parse((await endpoint.waitFor(1))[0]!.body);
    const confirmed = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token, AuthenticateOnUnsubscribe: 'true' }));
    assert.equal(confirmed.SubscriptionArn, sub.SubscriptionArn);
    const a = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }))).Attributes!;
    assert.deepEqual([a.PendingConfirmation, a.ConfirmationWasAuthenticated], ['false', 'true']);
    // Confirming again is idempotent; boto3 sees the same answer.
    const py = await pythonJson(`import boto3, json; print(json.dumps(boto3.client('sns').confirm_subscription(TopicArn='${TopicArn}', Token='${Token}')['SubscriptionArn']))`, t.env());
    assert.equal(py, sub.SubscriptionArn);
  } finally {
    await endpoint.close();
  }
});

test('Notification: headers, envelope fields in AWS order, validator accepts it; SignatureVersion 2', async () => {
  const endpoint = await startEndpoint();
  try {
    const sns = snsClient(t);
    const { TopicArn, SubscriptionArn } = await confirmedTopic(endpoint);
    const { MessageId } = await sns.send(
      new PublishCommand({ TopicArn, Message: 'héllo\nworld', Subject: 'Greeting', MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' }, bin: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) } } }),
    );
    const post = (await endpoint.waitFor(2))[1]!;
    assert.deepEqual(
      ['x-amz-sns-message-type', 'x-amz-sns-message-id', 'x-amz-sns-topic-arn', 'x-amz-sns-subscription-arn', 'content-type', 'user-agent'].map((h) => post.headers[h]),
      ['Notification', MessageId, TopicArn, SubscriptionArn, 'text/plain; charset=UTF-8', 'Amazon Simple Notification Service Agent'],
    );
    const body = JSON.parse(post.body);
    assert.deepEqual(Object.keys(body), ['Type', 'MessageId', 'TopicArn', 'Subject', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL', 'UnsubscribeURL', 'MessageAttributes']);
    assert.equal(body.Message, 'héllo\nworld');
    assert.equal(body.SignatureVersion, '1');
    assert.equal(body.UnsubscribeURL, `${t.nimbus.endpoint}/?Action=Unsubscribe&SubscriptionArn=${SubscriptionArn}`);
    assert.deepEqual(body.MessageAttributes, { kind: { Type: 'String', Value: 'greeting' }, bin: { Type: 'Binary', Value: 'AQID' } });
    assert.match(post.body, /^\{\n {2}"Type" : "Notification",\n {2}"MessageId" : /);
    await validateWithSnsValidator(body);
    assert.equal(await verifyInPython(body, t.env()), true);
    // A tampered message fails the same validator.
    await assert.rejects(validateWithSnsValidator({ ...body, Message: 'tampered' }), /signature is invalid/);

    // Without Subject, the canonical string has no Subject line; SignatureVersion 2 signs with SHA-256.
    const { SetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: '2' }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'v2' }));
    const v2 = JSON.parse((await endpoint.waitFor(3))[2]!.body);
    assert.equal(v2.SignatureVersion, '2');
    assert.equal('Subject' in v2, false);
    await validateWithSnsValidator(v2);
  } finally {
    await endpoint.close();
  }
});

test('raw delivery to HTTP: the bare message and x-amz-sns-rawdelivery', async () => {
  const endpoint = await startEndpoint();
  try {
    const { TopicArn, SubscriptionArn } = await confirmedTopic(endpoint);
    const sns = snsClient(t);
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'RawMessageDelivery', AttributeValue: 'true' }));
    await sns.send(new PublishCommand({ TopicArn, Message: '{"raw":true}' }));
    const post = (await endpoint.waitFor(2))[1]!;
    assert.equal(post.body, '{"raw":true}');
    assert.equal(post.headers['x-amz-sns-rawdelivery'], 'true');
  } finally {
    await endpoint.close();
  }
});

test('retries: 5xx and connection failures are retried per policy, 4xx is final; Publish never waits', async () => {
  const endpoint = await startEndpoint();
  try {
    const { TopicArn, SubscriptionArn } = await confirmedTopic(endpoint, undefined, manual);
    const state = await snsState(manual);
    const sub = state.regions.for('000000000000', 'us-east-1').subscriptions.get(SubscriptionArn)!;
    const sns = snsClient(manual);
    const { delivered, failed } = sub.stats;
    // Publish answers while the endpoint still holds the first attempt unanswered.
    const release = endpoint.hold();
    endpoint.statuses.push(500, 503);
    await sns.send(new PublishCommand({ TopicArn, Message: 'eventually' }));
    await endpoint.waitFor(2);
    assert.deepEqual([sub.stats.delivered, sub.stats.failed], [delivered, failed], 'the attempt is still unanswered');
    release();

    // Default policy: 3 retries, 20 s apart, run when the clock gets there and not before.
    let retry = await pendingRetry(state);
    assert.equal(retry.at - clock.now(), 20_000);
    clock.advance(19_999);
    assert.ok(state.pending.has(retry), 'not due yet');
    assert.equal(endpoint.posts.length, 2);
    clock.advance(1);
    await endpoint.waitFor(3);
    retry = await pendingRetry(state);
    assert.equal(retry.at - clock.now(), 20_000);
    clock.advance(20_000);
    const posts = await endpoint.waitFor(4);
    await until(() => sub.stats.delivered === delivered + 1);
    assert.deepEqual(posts.slice(1).map((p) => JSON.parse(p.body).Message), ['eventually', 'eventually', 'eventually']);
    assert.ok(noRetryPending(state));

    // A 404 is not retried: the delivery fails at once, with nothing left pending.
    endpoint.statuses.push(404);
    await sns.send(new PublishCommand({ TopicArn, Message: 'rejected' }));
    await until(() => sub.stats.failed === failed + 1);
    assert.ok(noRetryPending(state));
    assert.equal(endpoint.posts.length, 5);

    // Subscription delivery policy: 2 retries, 1 s apart; all attempts fail, then the delivery counts as failed.
    await sns.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'DeliveryPolicy', AttributeValue: JSON.stringify({ healthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 } }) }),
    );
    endpoint.statuses.push(500, 500, 500);
    await sns.send(new PublishCommand({ TopicArn, Message: 'doomed' }));
    for (let i = 0; i < 2; i++) {
      retry = await pendingRetry(state);
      assert.equal(retry.at - clock.now(), 1_000);
      clock.advance(1_000);
    }
    await until(() => sub.stats.failed === failed + 2);
    assert.ok(noRetryPending(state));
    assert.equal(endpoint.posts.length, 8, 'one attempt + 2 retries');
    assert.match(sub.stats.lastError!, /HTTP 500/);
  } finally {
    await endpoint.close();
  }
});

test('an attempt unanswered for 15 s of clock time fails as timed out and is retried', async () => {
  const endpoint = await startEndpoint();
  try {
    const { TopicArn, SubscriptionArn } = await confirmedTopic(endpoint, undefined, manual);
    const state = await snsState(manual);
    const sub = state.regions.for('000000000000', 'us-east-1').subscriptions.get(SubscriptionArn)!;
    const { delivered } = sub.stats;
    const release = endpoint.hold();
    await snsClient(manual).send(new PublishCommand({ TopicArn, Message: 'slow' }));
    await endpoint.waitFor(2);
    assert.ok(noRetryPending(state));
    clock.advance(15_000);
    const retry = await pendingRetry(state);
    assert.equal(retry.at - clock.now(), 20_000);
    release();
    clock.advance(20_000);
    await until(() => sub.stats.delivered === delivered + 1);
    assert.deepEqual(endpoint.posts.slice(1).map((p) => JSON.parse(p.body).Message), ['slow', 'slow']);
  } finally {
    await endpoint.close();
  }
});

test('retry schedule follows the delivery policy phases', () => {
  assert.deepEqual(retryDelays(DEFAULT_RETRY_POLICY), [20, 20, 20]);
  assert.deepEqual(
    retryDelays({ minDelayTarget: 1, maxDelayTarget: 9, numRetries: 8, numNoDelayRetries: 1, numMinDelayRetries: 1, numMaxDelayRetries: 1, backoffFunction: 'linear' }),
    [0, 1, 1, 3, 5, 7, 9, 9],
  );
});

test('Unsubscribe sends a signed UnsubscribeConfirmation whose SubscribeURL restores the subscription', async () => {
  const endpoint = await startEndpoint();
  try {
    const { TopicArn, SubscriptionArn } = await confirmedTopic(endpoint);
    const sns = snsClient(t);
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    const post = (await endpoint.waitFor(2))[1]!;
    assert.equal(post.headers['x-amz-sns-message-type'], 'UnsubscribeConfirmation');
    assert.equal(post.headers['x-amz-sns-subscription-arn'], SubscriptionArn);
    const body = JSON.parse(post.body);
    assert.equal(body.Message, `You have chosen to deactivate subscription ${SubscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`);
    // sns-validator 0.3.5 leaves Token out of an UnsubscribeConfirmation's canonical string, unlike
    // AWS's documentation (and AWS's messages): verify it in Python with the documented fields.
    assert.equal(await verifyInPython(body, t.env()), true);
    assert.equal(await verifyInPython({ ...body, Token: 'other' }, t.env()), false);
    assert.equal((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!.length, 0);
    await fetch(body.SubscribeURL);
    assert.equal((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions![0]!.SubscriptionArn, SubscriptionArn);
    // The UnsubscribeURL of a notification unsubscribes with a plain GET.
    await sns.send(new PublishCommand({ TopicArn, Message: 'bye' }));
    const note = JSON.parse((await endpoint.waitFor(3))[2]!.body);
    assert.equal((await fetch(note.UnsubscribeURL)).status, 200);
    assert.equal((await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }))).Subscriptions!.length, 0);
  } finally {
    await endpoint.close();
  }
});
