// FIFO queues: per-group order under concurrent consumers, group locking, the exact 5-minute
// deduplication window (explicit and content-based, queue and message-group scope) on a
// ManualClock, sequence numbers, expired receipt handles, ReceiveRequestAttemptId.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import { useNimbus } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { client, createQueue, PROTOCOLS, queueOf, rejectsWith, until } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

const visible = async (sqs: ReturnType<typeof client>, url: string) =>
  Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes!.ApproximateNumberOfMessages);

for (const { name: protocol } of PROTOCOLS) {
  test(`per-group order holds under 8 concurrent consumers, and a group is never in flight twice (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `order${protocol}`, {}, true);
    const groups = ['g0', 'g1', 'g2', 'g3'];
    const perGroup = 40;
    for (let i = 0; i < perGroup; i += 10) {
      for (const g of groups) {
        const entries = Array.from({ length: 10 }, (_, k) => ({ Id: `m${i + k}`, MessageBody: `${g}:${i + k}`, MessageGroupId: g, MessageDeduplicationId: `${g}-${i + k}` }));
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
        assert.equal(out.Successful!.length, 10);
      }
    }
    const seen = new Map<string, number[]>(groups.map((g) => [g, []]));
    const held = new Set<string>();
    let total = 0;
    const consumer = async () => {
      let idle = 0;
      while (total < groups.length * perGroup && idle < 50) {
        const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 + Math.floor(Math.random() * 10), MessageSystemAttributeNames: ['MessageGroupId'] }));
        const msgs = got.Messages ?? [];
        if (msgs.length === 0) {
          idle++;
          await new Promise((r) => setImmediate(r));
          continue;
        }
        idle = 0;
        const mine = new Set(msgs.map((m) => m.Attributes!.MessageGroupId!));
        for (const g of mine) {
          assert.ok(!held.has(g), `group ${g} handed to two consumers at once`);
          held.add(g);
        }
        for (const m of msgs) {
          const [g, n] = m.Body!.split(':') as [string, string];
          seen.get(g)!.push(Number(n));
          total++;
        }
        await new Promise((r) => setImmediate(r));
        // Release before deleting: the server cannot hand the group out before it sees the delete.
        for (const g of mine) held.delete(g);
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: msgs.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, consumer));
    for (const g of groups) assert.deepEqual(seen.get(g), Array.from({ length: perGroup }, (_, i) => i), `order of ${g}`);
    assert.equal(await visible(sqs, url), 0);
  });

  test(`exact 5-minute deduplication window on the clock; sequence numbers (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `dedup${protocol}`, {}, true);
    const send = (body: string, dedup: string, group = 'g') => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup }));
    const first = await send('one', 'd1');
    assert.match(first.SequenceNumber!, /^\d{20}$/);
    clock.advance(5 * 60 * 1000 - 1);
    const dup = await send('one again', 'd1');
    assert.equal(dup.MessageId, first.MessageId);
    assert.equal(dup.SequenceNumber, first.SequenceNumber);
    assert.equal(await visible(sqs, url), 1);
    clock.advance(1);
    const after = await send('one later', 'd1');
    assert.notEqual(after.MessageId, first.MessageId);
    assert.ok(BigInt(after.SequenceNumber!) > BigInt(first.SequenceNumber!));
    assert.equal(await visible(sqs, url), 2);
    // Queue scope: the same id in another group is a duplicate too.
    const otherGroup = await send('other group', 'd1', 'g2');
    assert.equal(otherGroup.MessageId, after.MessageId);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
    assert.deepEqual(got.Messages!.map((m) => m.Body), ['one', 'one later']);
    const a = got.Messages![0]!.Attributes!;
    assert.equal(a.MessageGroupId, 'g');
    assert.equal(a.MessageDeduplicationId, 'd1');
    assert.equal(a.SequenceNumber, first.SequenceNumber);
  });

  test(`content-based deduplication, message-group scope, and FIFO send errors (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `cbd${protocol}`, { ContentBasedDeduplication: 'true', DeduplicationScope: 'messageGroup' }, true);
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g1' }));
    const b = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g1', MessageAttributes: { x: { DataType: 'String', StringValue: 'attributes do not count' } } }));
    assert.equal(b.MessageId, a.MessageId);
    const c = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g2' }));
    assert.notEqual(c.MessageId, a.MessageId);
    const d = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g1', MessageDeduplicationId: 'explicit' }));
    assert.notEqual(d.MessageId, a.MessageId);
    assert.equal(await visible(sqs, url), 3);

    const plain = await createQueue(sqs, `plainfifo${protocol}`, {}, true);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageDeduplicationId: 'd' })), 'MissingParameter', /MessageGroupId/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageGroupId: 'g' })), 'InvalidParameterValue', /ContentBasedDeduplication/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 3 })), 'InvalidParameterValue', /not valid for this queue type/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: plain, MessageBody: 'x', MessageGroupId: 'bad group id', MessageDeduplicationId: 'd' })), 'InvalidParameterValue', /MessageGroupId can only include/);
    // A batch entry without a group id fails the whole request (AWS answers 400, no Failed entry).
    await rejectsWith(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: plain, Entries: [{ Id: 'ok', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: '1' }, { Id: 'nogroup', MessageBody: 'y', MessageDeduplicationId: '2' }] })),
      'InvalidParameterValue',
      /MessageGroupId/,
    );
  });

  test(`a group is locked while in flight; expiry returns its messages in order; expired handles fail (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `lock${protocol}`, { VisibilityTimeout: '30' }, true);
    for (const [g, n] of [['A', 1], ['A', 2], ['B', 1]] as const) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `${g}${n}`, MessageGroupId: g, MessageDeduplicationId: `${g}${n}` }));
    }
    const r1 = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages!;
    assert.deepEqual(r1.map((m) => m.Body), ['A1']);
    // A is locked: the next receive skips to B even though A2 is visible.
    const r2 = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages!;
    assert.deepEqual(r2.map((m) => m.Body), ['B1']);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages, undefined);
    clock.advance(30_000);
    // Both visibility timeouts ended: A1 comes back first, then A2, in order.
    const r3 = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))).Messages!;
    assert.deepEqual(r3.map((m) => m.Body), ['A1', 'A2', 'B1']);
    await rejectsWith(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: r1[0]!.ReceiptHandle })), 'InvalidParameterValue', /The receipt handle has expired/);
    clock.advance(30_000);
    await rejectsWith(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: r3[0]!.ReceiptHandle })), 'InvalidParameterValue', /expired/);
  });

  test(`ReceiveRequestAttemptId returns the same messages and handles on retry (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `attempt${protocol}`, { ContentBasedDeduplication: 'true' }, true);
    for (const b of ['x1', 'x2', 'y1']) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: b, MessageGroupId: b[0]! }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'try-1' }))).Messages!;
    const retry = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'try-1' }))).Messages!;
    const key = (ms: Message[]) => ms.map((m) => [m.Body, m.ReceiptHandle]);
    assert.deepEqual(key(retry), key(first));
    assert.deepEqual(first.map((m) => m.Body), ['x1', 'x2']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle }));
    const fresh = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2, ReceiveRequestAttemptId: 'try-1' }))).Messages!;
    assert.deepEqual(fresh.map((m) => m.Body), ['y1']);
  });
}

test('boto3 on a FIFO queue: order, sequence numbers, dedup', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'pyfifo', { ContentBasedDeduplication: 'true' }, true);
  const py = await pythonJson(
    `
import boto3, json
sqs = boto3.client('sqs')
seqs = [sqs.send_message(QueueUrl='${url}', MessageBody=b, MessageGroupId='g')['SequenceNumber'] for b in ['a', 'b', 'a']]
r = sqs.receive_message(QueueUrl='${url}', MaxNumberOfMessages=10, AttributeNames=['SequenceNumber'])
print(json.dumps({'seqs': seqs, 'bodies': [m['Body'] for m in r['Messages']], 'rs': [m['Attributes']['SequenceNumber'] for m in r['Messages']]}))
`,
    t.env(),
  );
  assert.deepEqual(py.bodies, ['a', 'b']);
  assert.equal(py.seqs[2], py.seqs[0]);
  assert.deepEqual(py.rs, py.seqs.slice(0, 2));
});

test('a long poll on a FIFO queue wakes when the locking message of a group is deleted', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'fifowake', { ContentBasedDeduplication: 'true' }, true);
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'first', MessageGroupId: 'g' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'second', MessageGroupId: 'g' }));
  const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages![0]!;
  // 'second' is visible but its group is locked: the poll waits...
  const queue = await queueOf(t, url);
  const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
  await until(() => queue.waiting === 1);
  await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
  // ...and gets it as soon as the group unlocks (the clock, a ManualClock here, never moves: only
  // the delete can have woken it).
  assert.equal((await polling).Messages?.[0]?.Body, 'second');
});
