// SQS under --persist: Nimbus as a child process on a temporary directory, stopped or killed
// (SIGKILL) and started again on it. A restart restores queues and every message where it was;
// a kill at any instant loses no acknowledged send or delete and half-applies nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  AddPermissionCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { startChild, type ChildNimbus } from '../../support/child-nimbus.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nimbus-sqs-persist-'));
  dirs.push(d);
  return d;
}

function client(child: ChildNimbus): SQSClient {
  return new SQSClient({
    endpoint: child.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' },
    // No retries: a request either was acknowledged or it was not.
    maxAttempts: 1,
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 32 }) },
  });
}

async function url(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

async function create(sqs: SQSClient, name: string, attributes: Record<string, string> = {}, tags?: Record<string, string>): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes, ...(tags && { tags }) }))).QueueUrl!;
}

async function attrs(sqs: SQSClient, queueUrl: string): Promise<Record<string, string>> {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }))).Attributes!;
}

async function receive(sqs: SQSClient, queueUrl: string, options: { max?: number; visibility?: number; wait?: number } = {}): Promise<Message[]> {
  const out = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.max ?? 10,
      VisibilityTimeout: options.visibility ?? 30,
      WaitTimeSeconds: options.wait ?? 0,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return out.Messages ?? [];
}

/** Polls `f` until it returns a value (bounded by tries, never by elapsed time). */
async function eventually<T>(f: () => Promise<T | undefined>, tries = 40, pauseMs = 500): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  throw new Error('condition never held');
}

test('a restart restores queues, messages where they were, FIFO order, deduplication, redrive and move tasks', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  let child = await startChild(['--persist', dir]);
  let sqs = client(child);
  try {
    // Queues: attributes, tags, a policy, a dead-letter queue with its redrive policy.
    const dlqUrl = await create(sqs, 'p-dlq');
    const dlqArn = (await attrs(sqs, dlqUrl)).QueueArn!;
    let srcUrl = await create(sqs, 'p-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 1 }), VisibilityTimeout: '1' }, { team: 'a' });
    let stdUrl = await create(sqs, 'p-std', { MessageRetentionPeriod: '3600', VisibilityTimeout: '45' }, { env: 'test', owner: 'x' });
    await sqs.send(new AddPermissionCommand({ QueueUrl: stdUrl, Label: 'p1', AWSAccountIds: ['111111111111'], Actions: ['SendMessage'] }));
    let fifoUrl = await create(sqs, 'p-f.fifo', { FifoQueue: 'true' });

    // Standard messages: one in flight for 60 s, one in flight for 1 s, one delayed 60 s, one
    // delayed 1 s, one visible.
    await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'long-flight' }));
    const [longFlight] = await receive(sqs, stdUrl, { max: 1, visibility: 60 });
    await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'short-flight' }));
    const [shortFlight] = await receive(sqs, stdUrl, { max: 1, visibility: 1 });
    assert.equal(longFlight!.Body, 'long-flight');
    assert.equal(shortFlight!.Body, 'short-flight');
    await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'long-delay', DelaySeconds: 60 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'short-delay', DelaySeconds: 1 }));
    const visible = await sqs.send(
      new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'visible', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Uint8Array.of(0, 1, 255) }, s: { DataType: 'String', StringValue: 'v' } } }),
    );

    // FIFO: two groups; g1's head in flight (g1 locked).
    const sent = new Map<string, { id: string; seq: string }>();
    for (const [group, body] of [['g1', 'a'], ['g2', 'x'], ['g1', 'b'], ['g2', 'y'], ['g1', 'c']] as const) {
      const r = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: `d-${body}` }));
      sent.set(body, { id: r.MessageId!, seq: r.SequenceNumber! });
    }
    const [fifoHead] = await receive(sqs, fifoUrl, { max: 1, visibility: 60 });
    assert.equal(fifoHead!.Body, 'a');

    // Redrive: received once (maxReceiveCount 1), so its next receive moves it to the DLQ.
    await sqs.send(new SendMessageCommand({ QueueUrl: srcUrl, MessageBody: 'to-dlq' }));
    assert.equal((await receive(sqs, srcUrl, { max: 1, visibility: 1 }))[0]!.Body, 'to-dlq');

    // A move task at 1 message a second, out of a dead-letter queue with 8 messages.
    const moveDlqUrl = await create(sqs, 'p-move-dlq');
    const moveDlqArn = (await attrs(sqs, moveDlqUrl)).QueueArn!;
    await create(sqs, 'p-move-src', { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: moveDlqArn, maxReceiveCount: 3 }) });
    const targetUrl = await create(sqs, 'p-move-target');
    const targetArn = (await attrs(sqs, targetUrl)).QueueArn!;
    for (let i = 0; i < 8; i++) await sqs.send(new SendMessageCommand({ QueueUrl: moveDlqUrl, MessageBody: `move-${i}` }));
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: moveDlqArn, DestinationArn: targetArn, MaxNumberOfMessagesPerSecond: 1 }));

    const before = { std: await attrs(sqs, stdUrl), src: await attrs(sqs, srcUrl), fifo: await attrs(sqs, fifoUrl) };
    const tagsBefore = (await sqs.send(new ListQueueTagsCommand({ QueueUrl: stdUrl }))).Tags;
    assert.equal((await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: moveDlqArn }))).Results![0]!.Status, 'RUNNING');

    await child.stop();
    child = await startChild(['--persist', dir]);
    sqs = client(child);
    [stdUrl, srcUrl, fifoUrl] = await Promise.all([url(sqs, 'p-std'), url(sqs, 'p-src'), url(sqs, 'p-f.fifo')]);

    // Queues as they were (counts included: the 60 s deadlines cannot have passed).
    const stdAfter = await attrs(sqs, stdUrl);
    // (The 1 s delay may or may not have ended by now; the 60 s one cannot have.)
    assert.ok(Number(stdAfter.ApproximateNumberOfMessagesDelayed) >= 1);
    for (const k of ['QueueArn', 'CreatedTimestamp', 'LastModifiedTimestamp', 'VisibilityTimeout', 'MessageRetentionPeriod', 'Policy', 'DelaySeconds']) {
      assert.equal(stdAfter[k], before.std[k], k);
    }
    assert.deepEqual(await attrs(sqs, fifoUrl), before.fifo);
    assert.equal((await attrs(sqs, srcUrl)).RedrivePolicy, before.src.RedrivePolicy);
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: stdUrl }))).Tags, tagsBefore);

    // The 60 s in-flight and delayed messages stay invisible; the others come, the 1 s in-flight
    // one with its receive count + 1, the visible one with its attributes.
    const got = new Map<string, Message>();
    await eventually(async () => {
      for (const m of await receive(sqs, stdUrl, { wait: 1 })) got.set(m.Body!, m);
      return got.size >= 3 ? true : undefined;
    });
    assert.deepEqual([...got.keys()].sort(), ['short-delay', 'short-flight', 'visible']);
    assert.equal(got.get('short-flight')!.Attributes!.ApproximateReceiveCount, '2');
    assert.equal(got.get('short-flight')!.MessageId, shortFlight!.MessageId);
    assert.equal(got.get('visible')!.MessageId, visible.MessageId);
    assert.equal(got.get('visible')!.MD5OfMessageAttributes, visible.MD5OfMessageAttributes);
    assert.deepEqual([...got.get('visible')!.MessageAttributes!.bin!.BinaryValue!], [0, 1, 255]);

    // A receipt handle from before the restart still works.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: stdUrl, ReceiptHandle: longFlight!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const [again] = await receive(sqs, stdUrl, { max: 1 });
    assert.equal(again!.Body, 'long-flight');
    assert.equal(again!.Attributes!.ApproximateReceiveCount, '2');

    // FIFO: a duplicate within the window answers with the original; numbering goes on upwards;
    // g1 stays locked until its head is deleted (with the old handle), then goes on in order.
    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'b', MessageGroupId: 'g1', MessageDeduplicationId: 'd-b' }));
    assert.equal(dup.MessageId, sent.get('b')!.id);
    assert.equal(dup.SequenceNumber, sent.get('b')!.seq);
    const z = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'z', MessageGroupId: 'g1', MessageDeduplicationId: 'd-z' }));
    for (const s of sent.values()) assert.ok(BigInt(z.SequenceNumber!) > BigInt(s.seq));
    assert.deepEqual((await receive(sqs, fifoUrl)).map((m) => m.Body), ['x', 'y']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: fifoUrl, ReceiptHandle: fifoHead!.ReceiptHandle! }));
    assert.deepEqual((await receive(sqs, fifoUrl)).map((m) => m.Body), ['b', 'c', 'z']);

    // Redrive after the restart: the next receive moves the message to the dead-letter queue.
    const dlq = await url(sqs, 'p-dlq');
    const dead = await eventually(async () => {
      await receive(sqs, srcUrl, { wait: 1 });
      const m = await receive(sqs, dlq);
      return m.length > 0 ? m[0] : undefined;
    });
    assert.equal(dead.Body, 'to-dlq');
    assert.equal(dead.Attributes!.DeadLetterQueueSourceArn, before.src.QueueArn);

    // The move task goes on after the restart and completes.
    const task = await eventually(async () => {
      const t = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: moveDlqArn }))).Results![0]!;
      return t.Status === 'COMPLETED' ? t : undefined;
    }, 120);
    assert.equal(task.ApproximateNumberOfMessagesMoved, 8);
    const target = await attrs(sqs, await url(sqs, 'p-move-target'));
    assert.equal(target.ApproximateNumberOfMessages, '8');
    // Moved with their content, read from the store (the task's messages were restored without it).
    const moved = await receive(sqs, await url(sqs, 'p-move-target'));
    assert.deepEqual(moved.map((m) => m.Body).sort(), Array.from({ length: 8 }, (_, i) => `move-${i}`));
    assert.equal((await attrs(sqs, await url(sqs, 'p-move-dlq'))).ApproximateNumberOfMessages, '0');
  } finally {
    await child.kill();
  }
});

test('SIGKILL under load loses no acknowledged send or delete; FIFO order and deduplication hold', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  let child = await startChild(['--persist', dir]);
  let sqs = client(child);
  const stdName = 'k-std';
  const fifoName = 'k-f.fifo';
  try {
    const std = await create(sqs, stdName, { VisibilityTimeout: '4' });
    const fifo = await create(sqs, fifoName, { FifoQueue: 'true', VisibilityTimeout: '4' });

    const sentStd = new Set<string>();
    const deletedStd = new Set<string>();
    /** FIFO acknowledged sends: body -> MessageId; bodies are `g<writer>-<n>`, n increasing. */
    const sentFifo = new Map<string, string>();
    const deletedFifo = new Set<string>();
    let ops = 0;
    let stopped = false;
    const killAt = 300 + Math.floor(Math.random() * 500);
    let killed: Promise<void> | undefined;
    const tick = (): void => {
      if (++ops >= killAt && !killed) {
        stopped = true;
        killed = child.kill();
      }
    };
    const loop = async (step: () => Promise<void>): Promise<void> => {
      while (!stopped) {
        try {
          await step();
        } catch {
          return; // killed: the request was not acknowledged
        }
      }
    };
    const stdWriter = (w: number) => {
      let n = 0;
      return loop(async () => {
        const r = await sqs.send(new SendMessageCommand({ QueueUrl: std, MessageBody: `s${w}-${n++}` }));
        sentStd.add(r.MessageId!);
        tick();
      });
    };
    const fifoWriter = (w: number) => {
      let n = 0;
      return loop(async () => {
        const body = `g${w}-${n++}`;
        const r = await sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: body, MessageGroupId: `g${w}`, MessageDeduplicationId: body }));
        sentFifo.set(body, r.MessageId!);
        tick();
      });
    };
    /** Deletes sent whose answer the kill may have cut off: done or not, either is right. */
    const deleting = new Set<string>();
    const reader = (queueUrl: string, deleted: Set<string>) =>
      loop(async () => {
        const messages = await receive(sqs, queueUrl, { max: 5, visibility: 4 });
        for (const m of messages) {
          deleting.add(m.MessageId!);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
          deleting.delete(m.MessageId!);
          deleted.add(m.MessageId!);
          tick();
        }
        if (messages.length === 0) tick();
      });
    await Promise.all([
      stdWriter(0), stdWriter(1), stdWriter(2), fifoWriter(0), fifoWriter(1), fifoWriter(2),
      reader(std, deletedStd), reader(std, deletedStd), reader(fifo, deletedFifo),
    ]);
    await killed;
    assert.ok(sentStd.size > 0 && sentFifo.size > 0 && deletedStd.size > 0);

    child = await startChild(['--persist', dir]);
    sqs = client(child);
    const stdUrl = await url(sqs, stdName);
    const fifoUrl = await url(sqs, fifoName);

    // Every acknowledged FIFO send is still remembered: sending it again is deduplicated.
    for (const [body, id] of [...sentFifo].slice(-30)) {
      const g = body.slice(0, body.indexOf('-'));
      const r = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: body, MessageGroupId: g, MessageDeduplicationId: body }));
      assert.equal(r.MessageId, id, `resend of ${body}`);
    }

    // Drain both queues (in-flight messages come back within their 4 s) until nothing is left.
    const drain = async (queueUrl: string): Promise<Message[]> => {
      const out: Message[] = [];
      await eventually(async () => {
        const got = await receive(sqs, queueUrl, { wait: 1, visibility: 60 });
        for (const m of got) {
          out.push(m);
          await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
        }
        if (got.length > 0) return undefined;
        const a = await attrs(sqs, queueUrl);
        const left = Number(a.ApproximateNumberOfMessages) + Number(a.ApproximateNumberOfMessagesNotVisible) + Number(a.ApproximateNumberOfMessagesDelayed);
        return left === 0 ? true : undefined;
      }, 200, 0);
      return out;
    };
    const drainedStd = new Set((await drain(stdUrl)).map((m) => m.MessageId!));
    const drainedFifo = await drain(fifoUrl);
    const drainedFifoIds = new Set(drainedFifo.map((m) => m.MessageId!));

    // A send is kept unless its message was deleted (acknowledged, or a delete the kill cut off).
    for (const id of sentStd) assert.ok(drainedStd.has(id) || deletedStd.has(id) || deleting.has(id), `acknowledged send ${id} lost`);
    for (const id of deletedStd) assert.ok(!drainedStd.has(id), `acknowledged delete of ${id} undone`);
    for (const id of sentFifo.values()) assert.ok(drainedFifoIds.has(id) || deletedFifo.has(id) || deleting.has(id), `acknowledged FIFO send ${id} lost`);
    for (const id of deletedFifo) assert.ok(!drainedFifoIds.has(id), `acknowledged FIFO delete of ${id} undone`);
    // Within each group, the drained messages come in send order, each once.
    const last = new Map<string, number>();
    for (const m of drainedFifo) {
      const [g, n] = m.Body!.split('-') as [string, string];
      assert.ok(Number(n) > (last.get(g) ?? -1), `group ${g} out of order at ${m.Body}`);
      last.set(g, Number(n));
    }
  } finally {
    await child.kill();
  }
});

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

test('a message received after a restart has its id, body, attributes and MD5s exactly as sent; its content outlives receives and goes with its delete', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  let child = await startChild(['--persist', dir]);
  let sqs = client(child);
  try {
    let stdUrl = await create(sqs, 'c-std');
    let fifoUrl = await create(sqs, 'c-f.fifo', { FifoQueue: 'true' });
    const body = 'héllo ✓ 𝄞 <&> "quoted"\n\ttabbed';
    const attributes = {
      s: { DataType: 'String', StringValue: 'ünïcode' },
      n: { DataType: 'Number.float', StringValue: '-1.5e3' },
      b: { DataType: 'Binary', BinaryValue: Uint8Array.of(0, 1, 127, 128, 255) },
      c: { DataType: 'String.custom', StringValue: 'x'.repeat(300) },
    };
    const trace = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';
    const a = await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: body, MessageAttributes: attributes, MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: trace } } }));
    const plain = await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'plain' }));
    const f = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'fifo body', MessageGroupId: 'grp', MessageDeduplicationId: 'dedup-1', MessageAttributes: { s: attributes.s } }));
    // `a` received once before the restart and made visible again: its state row was re-put, its
    // content (the row's detail) kept.
    const [first] = await receive(sqs, stdUrl, { max: 1 });
    assert.equal(first!.MessageId, a.MessageId);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: stdUrl, ReceiptHandle: first!.ReceiptHandle!, VisibilityTimeout: 0 }));

    await child.stop();
    child = await startChild(['--persist', dir]);
    sqs = client(child);
    [stdUrl, fifoUrl] = await Promise.all([url(sqs, 'c-std'), url(sqs, 'c-f.fifo')]);

    const got = new Map<string, Message>();
    for (const m of await receive(sqs, stdUrl, { visibility: 60 })) got.set(m.MessageId!, m);
    assert.deepEqual([...got.keys()].sort(), [a.MessageId, plain.MessageId].sort());
    const ra = got.get(a.MessageId!)!;
    assert.equal(ra.Body, body);
    assert.equal(ra.MD5OfBody, a.MD5OfMessageBody);
    assert.equal(ra.MD5OfBody, md5(body));
    assert.equal(ra.MD5OfMessageAttributes, a.MD5OfMessageAttributes);
    assert.deepEqual(Object.keys(ra.MessageAttributes!).sort(), ['b', 'c', 'n', 's']);
    assert.deepEqual(ra.MessageAttributes!.s, { DataType: 'String', StringValue: 'ünïcode' });
    assert.deepEqual(ra.MessageAttributes!.n, { DataType: 'Number.float', StringValue: '-1.5e3' });
    assert.deepEqual(ra.MessageAttributes!.c, attributes.c);
    assert.equal(ra.MessageAttributes!.b!.DataType, 'Binary');
    assert.deepEqual([...ra.MessageAttributes!.b!.BinaryValue!], [0, 1, 127, 128, 255]);
    assert.equal(ra.Attributes!.AWSTraceHeader, trace);
    for (const k of ['SenderId', 'SentTimestamp', 'ApproximateFirstReceiveTimestamp'] as const) assert.equal(ra.Attributes![k], first!.Attributes![k], k);
    assert.equal(ra.Attributes!.ApproximateReceiveCount, '2');
    const rp = got.get(plain.MessageId!)!;
    assert.equal(rp.Body, 'plain');
    assert.equal(rp.MD5OfBody, plain.MD5OfMessageBody);
    assert.equal(rp.MessageAttributes, undefined);
    assert.equal(rp.MD5OfMessageAttributes, undefined);

    const [rf] = await receive(sqs, fifoUrl, { visibility: 60 });
    assert.equal(rf!.MessageId, f.MessageId);
    assert.equal(rf!.Body, 'fifo body');
    assert.equal(rf!.MD5OfBody, f.MD5OfMessageBody);
    assert.equal(rf!.MD5OfMessageAttributes, f.MD5OfMessageAttributes);
    assert.deepEqual(rf!.MessageAttributes, { s: attributes.s });
    assert.equal(rf!.Attributes!.SequenceNumber, f.SequenceNumber);
    assert.equal(rf!.Attributes!.MessageGroupId, 'grp');
    assert.equal(rf!.Attributes!.MessageDeduplicationId, 'dedup-1');

    // `a` deleted, `plain` left in flight; after another restart `plain` comes back (its content
    // still there after a receive that only re-wrote its state) and `a` is gone.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: stdUrl, ReceiptHandle: ra.ReceiptHandle! }));
    await child.stop();
    child = await startChild(['--persist', dir]);
    sqs = client(child);
    stdUrl = await url(sqs, 'c-std');
    const counts = await attrs(sqs, stdUrl);
    assert.equal(counts.ApproximateNumberOfMessages, '0');
    assert.equal(counts.ApproximateNumberOfMessagesNotVisible, '1');
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: stdUrl, ReceiptHandle: rp.ReceiptHandle!, VisibilityTimeout: 0 }));
    const again = await receive(sqs, stdUrl);
    assert.deepEqual(again.map((m) => [m.MessageId, m.Body, m.MD5OfBody, m.Attributes!.ApproximateReceiveCount]), [[plain.MessageId, 'plain', plain.MD5OfMessageBody, '2']]);
  } finally {
    await child.kill();
  }
});

test('a directory whose messages were written whole (format 1, messages store version 1) restores them, content moved to the rows\' details', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  let child = await startChild(['--persist', dir]);
  let sqs = client(child);
  try {
    let stdUrl = await create(sqs, 'v1-std');
    let fifoUrl = await create(sqs, 'v1-f.fifo', { FifoQueue: 'true' });
    const s = await sqs.send(new SendMessageCommand({ QueueUrl: stdUrl, MessageBody: 'old std', MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Uint8Array.of(9, 8, 7) } } }));
    const f = await sqs.send(new SendMessageCommand({ QueueUrl: fifoUrl, MessageBody: 'old fifo', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    await child.stop();

    // Rewrite the directory as format 1 with messages store version 1 wrote it: one row per
    // message, the whole message in it, and no detail column.
    const Database = createRequire(import.meta.url)('better-sqlite3');
    const db = new Database(join(dir, 'nimbus.db'));
    const messages = '"store:sqs/messages"';
    const rows = db.prepare(`SELECT scope, key, row, detail FROM ${messages}`).all() as Array<{ scope: string; key: string; row: string; detail: string }>;
    assert.equal(rows.length, 2);
    for (const r of rows) {
      const [serial, sentAt, state, visibleAt, receiveCount, firstReceiveAt, receivedAt] = JSON.parse(r.row) as number[];
      const [messageId, body, md5OfBody, senderId, extra] = JSON.parse(r.detail) as [string, string, string, string, unknown?];
      const v1 = [serial, messageId, body, md5OfBody, senderId, sentAt, state, visibleAt, receiveCount, firstReceiveAt, receivedAt, ...(extra === undefined ? [] : [extra])];
      db.prepare(`UPDATE ${messages} SET row = ? WHERE scope = ? AND key = ?`).run(JSON.stringify(v1), r.scope, r.key);
    }
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'store:%'").all() as Array<{ name: string }>) {
      db.exec(`ALTER TABLE "${name}" DROP COLUMN detail`);
    }
    db.prepare("UPDATE stores SET version = 1 WHERE service = 'sqs' AND name = 'messages'").run();
    db.pragma('user_version = 1');
    db.close();

    // Restored, then received: as sent. A second restart reads them from the split rows.
    for (let round = 0; round < 2; round++) {
      child = await startChild(['--persist', dir]);
      sqs = client(child);
      [stdUrl, fifoUrl] = await Promise.all([url(sqs, 'v1-std'), url(sqs, 'v1-f.fifo')]);
      const [rs] = await receive(sqs, stdUrl, { visibility: 0 });
      assert.equal(rs!.MessageId, s.MessageId);
      assert.equal(rs!.Body, 'old std');
      assert.equal(rs!.MD5OfBody, s.MD5OfMessageBody);
      assert.equal(rs!.MD5OfMessageAttributes, s.MD5OfMessageAttributes);
      assert.deepEqual([...rs!.MessageAttributes!.bin!.BinaryValue!], [9, 8, 7]);
      assert.equal(rs!.Attributes!.ApproximateReceiveCount, String(round + 1));
      const [rf] = await receive(sqs, fifoUrl, { visibility: 0 });
      assert.equal(rf!.MessageId, f.MessageId);
      assert.equal(rf!.Body, 'old fifo');
      assert.equal(rf!.Attributes!.SequenceNumber, f.SequenceNumber);
      assert.equal(rf!.Attributes!.MessageGroupId, 'g');
      await child.stop();
    }
  } finally {
    await child.kill();
  }
});
