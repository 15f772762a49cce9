// SNS under --persist: Nimbus as a child process, killed with SIGKILL (no clean stop) and started
// again on the same directory (and port, so SubscribeURLs and SigningCertURLs stay reachable).
// Topics with their attributes, tags and policies, subscriptions confirmed and pending, filter
// policies, unsubscribe confirmations, FIFO sequence and deduplication, the signing key, fanout to
// SQS; a reset wipes it all for good.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  AddPermissionCommand,
  ConfirmSubscriptionCommand,
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateSMSSandboxPhoneNumberCommand,
  GetEndpointAttributesCommand,
  GetPlatformApplicationAttributesCommand,
  GetSMSAttributesCommand,
  ListSMSSandboxPhoneNumbersCommand,
  SetSMSAttributesCommand,
  VerifySMSSandboxPhoneNumberCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetDataProtectionPolicyCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PublishCommand,
  PutDataProtectionPolicyCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startChild, type ChildNimbus } from '../../support/child-nimbus.js';
import { startEndpoint, validateWithSnsValidator, type Endpoint } from './support.js';

const dirs: string[] = [];
const children: ChildNimbus[] = [];
const endpoints: Endpoint[] = [];
after(async () => {
  for (const c of children) await c.kill();
  for (const e of endpoints) await e.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-sns-durable-'));
  dirs.push(dir);
  return dir;
}

async function start(dir: string, port = '0'): Promise<ChildNimbus> {
  const child = await startChild(['--persist', dir, '--port', port], { NIMBUS_SNS_RETRY_DELAY_SCALE: '0.01' });
  children.push(child);
  return child;
}

/** SIGKILL, then the same directory on the same port. */
async function restart(child: ChildNimbus, dir: string): Promise<ChildNimbus> {
  await child.kill();
  return start(dir, new URL(child.endpoint).port);
}

function config(child: ChildNimbus) {
  return { endpoint: child.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' } };
}
const sns = (c: ChildNimbus) => new SNSClient(config(c));
const sqs = (c: ChildNimbus) => new SQSClient(config(c));

async function endpoint(): Promise<Endpoint> {
  const e = await startEndpoint();
  endpoints.push(e);
  return e;
}

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 's1', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: '*' }] });
const DELIVERY = JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 2, minDelayTarget: 1, maxDelayTarget: 1 } } });
const DATA_PROTECTION = JSON.stringify({ Name: 'p', Description: '', Version: '2021-06-01', Statement: [] });

test('topics, attributes, tags, policies and subscriptions (confirmed, pending, filtered) survive kill -9', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  let child = await start(dir);
  let client = sns(child);
  const http = await endpoint();

  const arns: string[] = [];
  for (let i = 0; i < 105; i++) arns.push((await client.send(new CreateTopicCommand({ Name: `t${String(i).padStart(3, '0')}` }))).TopicArn!);
  const topic = arns[0]!;
  await client.send(new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: 'DisplayName', AttributeValue: 'Display' }));
  await client.send(new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: 'DeliveryPolicy', AttributeValue: DELIVERY }));
  await client.send(new SetTopicAttributesCommand({ TopicArn: arns[1]!, AttributeName: 'Policy', AttributeValue: POLICY }));
  await client.send(new AddPermissionCommand({ TopicArn: topic, Label: 'friend', AWSAccountId: ['111111111111'], ActionName: ['Publish'] }));
  await client.send(new TagResourceCommand({ ResourceArn: topic, Tags: [{ Key: 'team', Value: 'core' }, { Key: 'env', Value: 'dev' }] }));
  await client.send(new PutDataProtectionPolicyCommand({ ResourceArn: topic, DataProtectionPolicy: DATA_PROTECTION }));
  // A topic deleted: pagination is by creation order, which must survive.
  await client.send(new DeleteTopicCommand({ TopicArn: arns[50]! }));

  // A confirmed HTTP subscription with a filter policy, and a pending one.
  await client.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: `${http.url}?filtered`, Attributes: { FilterPolicy: JSON.stringify({ color: ['red'] }) } }));
  const confirmation = JSON.parse((await http.waitFor(1))[0]!.body);
  await client.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: confirmation.Token }));
  await client.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: `${http.url}?pending` }));
  const pending = JSON.parse((await http.waitFor(2))[1]!.body);
  assert.equal(pending.Type, 'SubscriptionConfirmation');
  const before = (await client.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!;
  const subsBefore = (await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions!;
  const filteredArn = subsBefore.find((s) => s.Endpoint!.endsWith('?filtered'))!.SubscriptionArn!;

  child = await restart(child, dir);
  client = sns(child);

  assert.deepEqual((await client.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes, before);
  assert.equal((await client.send(new GetTopicAttributesCommand({ TopicArn: arns[1]! }))).Attributes!.Policy, POLICY);
  assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: topic }))).Tags, [
    { Key: 'team', Value: 'core' },
    { Key: 'env', Value: 'dev' },
  ]);
  assert.equal((await client.send(new GetDataProtectionPolicyCommand({ ResourceArn: topic }))).DataProtectionPolicy, DATA_PROTECTION);
  const page1 = await client.send(new ListTopicsCommand({}));
  assert.equal(page1.Topics!.length, 100);
  const page2 = await client.send(new ListTopicsCommand({ NextToken: page1.NextToken }));
  const listed = [...page1.Topics!, ...page2.Topics!].map((t) => t.TopicArn);
  assert.deepEqual(listed, arns.filter((_, i) => i !== 50));
  // A topic created after the restart comes after the others (the creation counter survived).
  const late = (await client.send(new CreateTopicCommand({ Name: 'late' }))).TopicArn!;
  const page2b = await client.send(new ListTopicsCommand({ NextToken: page1.NextToken }));
  assert.equal(page2b.Topics!.at(-1)!.TopicArn, late);

  assert.deepEqual((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions, subsBefore);
  const filtered = (await client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: filteredArn }))).Attributes!;
  assert.equal(filtered.FilterPolicy, JSON.stringify({ color: ['red'] }));
  assert.equal(filtered.PendingConfirmation, 'false');

  // The pending subscription is confirmed through its SubscribeURL (the token survived).
  const confirmed = await fetch(pending.SubscribeURL);
  assert.equal(confirmed.status, 200);
  const subsAfter = (await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions!;
  assert.ok(subsAfter.every((s) => s.SubscriptionArn !== 'PendingConfirmation'));

  // The filter policy (compiled again from its text) still filters; both deliveries are signed
  // with the persisted key, and the confirmation signed before the restart still verifies.
  await client.send(new PublishCommand({ TopicArn: topic, Message: 'blue', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }));
  await client.send(new PublishCommand({ TopicArn: topic, Message: 'red', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } }));
  const posts = await http.waitFor(5, 10_000);
  const notes = posts.slice(2).map((p) => ({ url: p.headers['x-amz-sns-subscription-arn'], m: JSON.parse(p.body) }));
  const toFiltered = notes.filter((n) => n.url === filteredArn).map((n) => n.m.Message);
  assert.deepEqual(toFiltered, ['red']);
  assert.equal(notes.length, 3, 'blue and red to the unfiltered one, red to the filtered one');
  await validateWithSnsValidator(pending);
  for (const n of notes) await validateWithSnsValidator(n.m);
  assert.equal(notes[0]!.m.SigningCertURL, pending.SigningCertURL, 'same key, same certificate URL');
});

test('an UnsubscribeConfirmation SubscribeURL restores the subscription after kill -9', { timeout: 30_000 }, async () => {
  const dir = tempDir();
  let child = await start(dir);
  let client = sns(child);
  const http = await endpoint();
  const topic = (await client.send(new CreateTopicCommand({ Name: 'unsub' }))).TopicArn!;
  await client.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: http.url }));
  await fetch(JSON.parse((await http.waitFor(1))[0]!.body).SubscribeURL);
  const arn = (await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions![0]!.SubscriptionArn!;
  await client.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
  const unsub = JSON.parse((await http.waitFor(2))[1]!.body);
  assert.equal(unsub.Type, 'UnsubscribeConfirmation');
  assert.equal((await client.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!.SubscriptionsDeleted, '1');

  child = await restart(child, dir);
  client = sns(child);
  assert.deepEqual((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions, []);
  assert.equal((await fetch(unsub.SubscribeURL)).status, 200);
  const subs = (await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions!;
  assert.deepEqual(subs.map((s) => s.SubscriptionArn), [arn]);
  assert.equal((await client.send(new GetTopicAttributesCommand({ TopicArn: topic }))).Attributes!.SubscriptionsDeleted, '0');

  // And it stays restored through another kill.
  child = await restart(child, dir);
  client = sns(child);
  assert.deepEqual((await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }))).Subscriptions!.map((s) => s.SubscriptionArn), [arn]);
});

test('FIFO: deduplication inside the window and the sequence survive kill -9', { timeout: 30_000 }, async () => {
  const dir = tempDir();
  let child = await start(dir);
  let client = sns(child);
  const topic = (await client.send(new CreateTopicCommand({ Name: 'f.fifo', Attributes: { FifoTopic: 'true' } }))).TopicArn!;
  const first = await client.send(new PublishCommand({ TopicArn: topic, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
  child = await restart(child, dir);
  client = sns(child);
  const again = await client.send(new PublishCommand({ TopicArn: topic, Message: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
  assert.equal(again.MessageId, first.MessageId, 'a duplicate inside the window is answered like the original');
  assert.equal(again.SequenceNumber, first.SequenceNumber);
  const next = await client.send(new PublishCommand({ TopicArn: topic, Message: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }));
  assert.equal(BigInt(next.SequenceNumber!), BigInt(first.SequenceNumber!) + 1n);
});

test('a topic fans out to its SQS queues (with its filter policy) after kill -9, with valid signatures', { timeout: 30_000 }, async (t) => {
  const dir = tempDir();
  let child = await start(dir);
  const topic = (await sns(child).send(new CreateTopicCommand({ Name: 'fanout' }))).TopicArn!;
  const queues: Array<{ name: string; arn: string }> = [];
  for (const name of ['fan-a', 'fan-b']) {
    const url = (await sqs(child).send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
    const arn = (await sqs(child).send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    await sqs(child).send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: arn }] }) },
      }),
    );
    queues.push({ name, arn });
  }
  await sns(child).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queues[0]!.arn }));
  await sns(child).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: queues[1]!.arn, Attributes: { FilterPolicy: JSON.stringify({ color: ['red'] }) } }));

  child = await restart(child, dir);
  const urls: string[] = [];
  for (const q of queues) {
    const url = await sqs(child)
      .send(new GetQueueUrlCommand({ QueueName: q.name }))
      .then((r) => r.QueueUrl!)
      .catch(() => undefined);
    if (!url) {
      // SQS persistence is a separate piece of work: until it lands the queues do not survive.
      t.skip(`SQS queue ${q.name} did not survive the restart (needs SQS persistence)`);
      return;
    }
    urls.push(url);
  }
  await sns(child).send(new PublishCommand({ TopicArn: topic, Message: 'blue', MessageAttributes: { color: { DataType: 'String', StringValue: 'blue' } } }));
  await sns(child).send(new PublishCommand({ TopicArn: topic, Message: 'red', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } }));
  const received: string[][] = [];
  for (const url of urls) {
    const r = await sqs(child).send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    const bodies = (r.Messages ?? []).map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
    for (const b of bodies) await validateWithSnsValidator(b);
    received.push(bodies.map((b) => b.Message as string).sort());
  }
  assert.deepEqual(received, [['blue', 'red'], ['red']]);
});

test('platform applications, endpoints, SMS attributes, sandbox numbers, email subscriptions and recorded deliveries survive kill -9', { timeout: 30_000 }, async () => {
  const dir = tempDir();
  let child = await start(dir);
  let client = sns(child);
  const { PlatformApplicationArn } = await client.send(new CreatePlatformApplicationCommand({ Name: 'app', Platform: 'GCM', Attributes: { PlatformCredential: 'k', EventEndpointCreated: 'arn:aws:sns:us-east-1:000000000000:e' } }));
  const { EndpointArn } = await client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'tok', CustomUserData: 'u' }));
  await client.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Transactional' } }));
  await client.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550142' }));
  const { TopicArn } = await client.send(new CreateTopicCommand({ Name: 'mail' }));
  await client.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'me@example.com' }));
  const pushed = await client.send(new PublishCommand({ TargetArn: EndpointArn, Message: 'push' }));
  const recorded = async () => ((await (await fetch(`${child.endpoint}/_nimbus/sns/deliveries`)).json()) as { deliveries: Array<Record<string, any>> }).deliveries;
  const before = await recorded();
  assert.deepEqual(before.map((d) => [d.protocol, d.type]), [['sms', 'SandboxVerification'], ['email', 'SubscriptionConfirmation'], ['application', 'Notification']]);

  child = await restart(child, dir);
  client = sns(child);

  assert.deepEqual(await recorded(), before);
  assert.equal(before[2]!.messageId, pushed.MessageId);
  assert.deepEqual((await client.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes, { Enabled: 'true', EventEndpointCreated: 'arn:aws:sns:us-east-1:000000000000:e' });
  assert.deepEqual((await client.send(new GetEndpointAttributesCommand({ EndpointArn }))).Attributes, { Enabled: 'true', CustomUserData: 'u', Token: 'tok' });
  // The duplicate-token rule still finds the endpoint.
  assert.equal((await client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'tok', CustomUserData: 'u' }))).EndpointArn, EndpointArn);
  assert.deepEqual((await client.send(new GetSMSAttributesCommand({}))).attributes, { DefaultSMSType: 'Transactional' });
  // The sandbox number verifies with the password texted before the restart.
  await client.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550142', OneTimePassword: before[0]!.details.oneTimePassword }));
  assert.deepEqual((await client.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [{ PhoneNumber: '+15555550142', Status: 'Verified' }]);
  // The pending email subscription confirms with the recorded token.
  const { SubscriptionArn } = await client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: before[1]!.details.token }));
  assert.match(SubscriptionArn!, /^arn:aws:sns:us-east-1:000000000000:mail:/);
});

test('POST /_nimbus/reset wipes persisted SNS state, and it stays gone after another restart', { timeout: 30_000 }, async () => {
  const dir = tempDir();
  let child = await start(dir);
  const topic = (await sns(child).send(new CreateTopicCommand({ Name: 'gone' }))).TopicArn!;
  await sns(child).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'a@example.com' }));
  const http = await endpoint();
  await sns(child).send(new SubscribeCommand({ TopicArn: topic, Protocol: 'http', Endpoint: http.url }));
  const signed = JSON.parse((await http.waitFor(1))[0]!.body);
  assert.equal((await fetch(`${child.endpoint}/_nimbus/reset`, { method: 'POST' })).status, 200);
  assert.deepEqual((await sns(child).send(new ListTopicsCommand({}))).Topics, []);
  child = await restart(child, dir);
  assert.deepEqual((await sns(child).send(new ListTopicsCommand({}))).Topics, []);
  assert.deepEqual((await sns(child).send(new ListSubscriptionsCommand({}))).Subscriptions, []);
  // The instance kept its signing key across the reset and wrote it again when SNS state was
  // created anew, so a message signed before the reset still verifies after the restart.
  await validateWithSnsValidator(signed);
});
