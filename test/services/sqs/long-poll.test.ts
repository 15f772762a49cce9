// Real-time behaviour: long polls wake as soon as a message arrives (sent, delay ended, visibility
// ended), end on their wait time, end when the queue is deleted; and 32 concurrent consumers drain
// 10,000 messages with every message delivered exactly once while its visibility timeout holds.
// Timings are asserted loosely (well before the wait time), never tightly.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { useNimbus } from '../../support/nimbus.js';
import { client, createQueue, PROTOCOLS } from './helpers.js';

const t = useNimbus();

for (const { name: protocol } of PROTOCOLS) {
  test(`a long poll returns as soon as a message is sent (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `lp${protocol}`);
    const started = Date.now();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await sleep(100);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const got = await polling;
    const elapsed = Date.now() - started;
    assert.equal(got.Messages?.[0]?.Body, 'wake up');
    assert.ok(elapsed < 5000, `long poll took ${elapsed} ms`);
  });

  test(`a long poll with nothing to receive ends after its wait time, empty (${protocol})`, async () => {
    const sqs = client(t, protocol);
    // The queue's ReceiveMessageWaitTimeSeconds applies when the request names no wait time.
    const url = await createQueue(sqs, `lpe${protocol}`, { ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const elapsed = Date.now() - started;
    assert.equal(got.Messages, undefined);
    assert.ok(elapsed >= 900 && elapsed < 5000, `waited ${elapsed} ms`);
  });
}

test('a long poll wakes when a delay or a visibility timeout ends', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'lpdeadline');
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 1 }));
  let started = Date.now();
  let got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, VisibilityTimeout: 1 }));
  let elapsed = Date.now() - started;
  assert.equal(got.Messages?.[0]?.Body, 'delayed');
  assert.ok(elapsed >= 500 && elapsed < 5000, `delay wake after ${elapsed} ms`);
  started = Date.now();
  got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  elapsed = Date.now() - started;
  assert.equal(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
  assert.ok(elapsed >= 500 && elapsed < 5000, `visibility wake after ${elapsed} ms`);
  // ChangeMessageVisibility to 0 wakes a waiting poll at once.
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
  await sleep(50);
  started = Date.now();
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
  assert.equal((await polling).Messages?.[0]?.Body, 'delayed');
  assert.ok(Date.now() - started < 5000);
});

test('several waiting polls share a batch; deleting the queue ends pending polls', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'lpmany');
  const polls = Array.from({ length: 5 }, () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })));
  await sleep(100);
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) }));
  const bodies = (await Promise.all(polls)).map((r) => r.Messages?.[0]?.Body).sort();
  assert.deepEqual(bodies, ['m0', 'm1', 'm2', 'm3', 'm4']);

  const other = await createQueue(sqs, 'lpdel');
  const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl: other, WaitTimeSeconds: 20 }));
  await sleep(50);
  const started = Date.now();
  await sqs.send(new DeleteQueueCommand({ QueueUrl: other }));
  assert.equal((await pending).Messages, undefined);
  assert.ok(Date.now() - started < 5000);
});

test('32 consumers drain 10,000 messages: each delivered once while its visibility timeout holds', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'drain', { VisibilityTimeout: '120' });
  const total = 10_000;
  let next = 0;
  const senders = Array.from({ length: 32 }, async () => {
    while (next < total) {
      const base = next;
      next += 10;
      const entries = Array.from({ length: Math.min(10, total - base) }, (_, i) => ({ Id: `e${i}`, MessageBody: `message ${base + i}` }));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      assert.equal(out.Successful!.length, entries.length);
    }
  });
  await Promise.all(senders);
  const delivered = new Map<string, number>();
  let received = 0;
  const consumers = Array.from({ length: 32 }, async () => {
    while (received < total) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const msgs = got.Messages ?? [];
      if (msgs.length === 0) continue;
      received += msgs.length;
      for (const m of msgs) delivered.set(m.Body!, (delivered.get(m.Body!) ?? 0) + 1);
      const del = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }));
      assert.equal(del.Successful!.length, msgs.length);
    }
  });
  await Promise.all(consumers);
  assert.equal(received, total);
  assert.equal(delivered.size, total);
  assert.ok([...delivered.values()].every((n) => n === 1), 'a message was delivered twice');
  const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
  assert.equal(attrs.ApproximateNumberOfMessages, '0');
  assert.equal(attrs.ApproximateNumberOfMessagesNotVisible, '0');
});
