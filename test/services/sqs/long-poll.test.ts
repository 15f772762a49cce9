// Real-time behaviour on the system clock (the scheduler arms real timers): long polls wake as soon
// as a message arrives (sent, delay ended, visibility ended), end on their wait time, end when the
// queue is deleted; and 32 concurrent consumers drain 10,000 messages with every message delivered
// exactly once while its visibility timeout holds. No elapsed time is asserted, only outcomes and
// order (queue-engine.test.ts pins the timings on a ManualClock): a poll that was not woken would
// answer empty after its 20-second wait and fail its assertion.
import assert from 'node:assert/strict';
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
import { client, createQueue, PROTOCOLS, queueOf, until } from './helpers.js';

const t = useNimbus();

for (const { name: protocol } of PROTOCOLS) {
  test(`a long poll returns as soon as a message is sent (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `lp${protocol}`);
    const queue = await queueOf(t, url);
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await until(() => queue.waiting === 1);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const got = await polling;
    assert.equal(got.Messages?.[0]?.Body, 'wake up');
    assert.equal(queue.waiting, 0);
  });

  test(`a long poll with nothing to receive ends after its wait time, empty (${protocol})`, async () => {
    const sqs = client(t, protocol);
    // The queue's ReceiveMessageWaitTimeSeconds applies when the request names no wait time.
    const url = await createQueue(sqs, `lpe${protocol}`, { ReceiveMessageWaitTimeSeconds: '1' });
    const queue = await queueOf(t, url);
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    await until(() => queue.waiting === 1);
    assert.equal((await polling).Messages, undefined);
    assert.equal(queue.waiting, 0);
  });
}

test('a long poll wakes when a delay or a visibility timeout ends', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'lpdeadline');
  const queue = await queueOf(t, url);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'delayed', DelaySeconds: 1 }));
  let got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, VisibilityTimeout: 1 }));
  assert.equal(got.Messages?.[0]?.Body, 'delayed');
  got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
  assert.equal(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '2');
  // ChangeMessageVisibility to 0 wakes a waiting poll at once.
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
  await until(() => queue.waiting === 1);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: got.Messages![0]!.ReceiptHandle, VisibilityTimeout: 0 }));
  assert.equal((await polling).Messages?.[0]?.Body, 'delayed');
});

test('several waiting polls share a batch; deleting the queue ends pending polls', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'lpmany');
  const queue = await queueOf(t, url);
  const polls = Array.from({ length: 5 }, () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })));
  await until(() => queue.waiting === 5);
  await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `m${i}` })) }));
  const bodies = (await Promise.all(polls)).map((r) => r.Messages?.[0]?.Body).sort();
  assert.deepEqual(bodies, ['m0', 'm1', 'm2', 'm3', 'm4']);

  const other = await createQueue(sqs, 'lpdel');
  const otherQueue = await queueOf(t, other);
  const pending = sqs.send(new ReceiveMessageCommand({ QueueUrl: other, WaitTimeSeconds: 20 }));
  await until(() => otherQueue.waiting === 1);
  await sqs.send(new DeleteQueueCommand({ QueueUrl: other }));
  assert.equal((await pending).Messages, undefined);
  assert.equal(otherQueue.waiting, 0);
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

test('a client that disconnects during a long poll stops it: the next message goes to the next consumer', async () => {
  const sqs = client(t, 'json');
  const url = await createQueue(sqs, 'lpabort');
  const queue = await queueOf(t, url);
  const abort = new AbortController();
  const gone = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }), { abortSignal: abort.signal });
  await until(() => queue.waiting === 1);
  abort.abort();
  await assert.rejects(gone);
  // The server sees the socket close and removes the poll: it must not take the next message to a
  // client that is no longer there (the message would be in flight, invisible to everyone).
  await until(() => queue.waiting === 0);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'for whoever is here' }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
  assert.equal(got.Messages?.[0]?.Body, 'for whoever is here');
});
