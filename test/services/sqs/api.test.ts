// The in-process API other services use (SNS fanout): same rules as SendMessage, messages
// receivable when the call returns, waiting long polls woken; and under a ManualClock a long poll
// ends when the test moves the clock past its wait time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AwsError } from '../../../src/protocol/errors.js';
import { ManualClock } from '../../../src/index.js';
import { useNimbus } from '../../support/nimbus.js';
import { arnOf, client, createQueue, queueOf, until } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

test('sendMessage(queueArn) enqueues synchronously, with MD5s and attributes', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'api');
  const api = await t.nimbus.instance.host.api('sqs');
  assert.equal(api.queueExists(arnOf(url)), true);
  assert.equal(api.queueExists(arnOf(url) + '-nope'), false);
  const r = api.sendMessage({ account: '000000000000' }, arnOf(url), {
    body: '{"Type":"Notification"}',
    messageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
    messageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
  });
  assert.equal(r.md5OfMessageBody, createHash('md5').update('{"Type":"Notification"}').digest('hex'));
  assert.match(r.md5OfMessageAttributes!, /^[0-9a-f]{32}$/);
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['AWSTraceHeader', 'SentTimestamp'] }));
  const m = got.Messages![0]!;
  assert.equal(m.MessageId, r.messageId);
  assert.equal(m.MD5OfMessageAttributes, r.md5OfMessageAttributes);
  assert.deepEqual(m.Attributes, { AWSTraceHeader: 'Root=1-abc', SentTimestamp: String(clock.now()) });
  assert.throws(() => api.sendMessage({ account: '000000000000' }, arnOf(url) + '-nope', { body: 'x' }), (e: unknown) => e instanceof AwsError && e.code === 'QueueDoesNotExist');
  assert.throws(() => api.sendMessage({ account: '000000000000' }, arnOf(url), { body: '' }), (e: unknown) => e instanceof AwsError && e.code === 'MissingParameter');
});

test('sendMessage to a FIFO queue applies group, deduplication and sequence numbers', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'apififo', {}, true);
  const api = await t.nimbus.instance.host.api('sqs');
  assert.throws(() => api.sendMessage({ account: '000000000000' }, arnOf(url), { body: 'x', messageDeduplicationId: 'd' }), (e: unknown) => e instanceof AwsError && e.code === 'MissingParameter');
  const a = api.sendMessage({ account: '000000000000' }, arnOf(url), { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' });
  const b = api.sendMessage({ account: '000000000000' }, arnOf(url), { body: 'x', messageGroupId: 'g', messageDeduplicationId: 'd' });
  assert.equal(b.messageId, a.messageId);
  assert.match(a.sequenceNumber!, /^\d{20}$/);
});

test('a waiting long poll is woken by an in-process send; under a ManualClock it ends when the clock moves', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'apiwait');
  const api = await t.nimbus.instance.host.api('sqs');
  const queue = await queueOf(t, url);
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
  await until(() => queue.waiting === 1);
  api.sendMessage({ account: '000000000000' }, arnOf(url), { body: 'fanned out' });
  assert.equal((await polling).Messages?.[0]?.Body, 'fanned out');

  const empty = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
  await until(() => queue.waiting === 1);
  clock.advance(999);
  assert.equal(queue.waiting, 1, 'still waiting before its wait time');
  clock.advance(1);
  assert.equal(queue.waiting, 0);
  assert.equal((await empty).Messages, undefined);
});
