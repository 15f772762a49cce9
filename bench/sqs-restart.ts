// SQS under --persist: the cost of a persisted SendMessage and ReceiveMessage+DeleteMessage (each
// committed as its request would be, one transaction per operation), then the restart time of a
// directory holding N messages across a few queues (Instance.create, which restores SQS from its
// rows, plus the first ListQueues).
//
//   node dist/bench/sqs-restart.js [--messages 1000000] [--queues 4] [--body 100] [--ops 5000] [--dir DIR]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { Instance } from '../src/server/instance.js';
import { resolveOptions } from '../src/server/options.js';
import { deleteMessage, receiveMessage, sendMessage, sendMessageBatch } from '../src/services/sqs/messages.js';
import { createQueue, listQueues } from '../src/services/sqs/queues.js';
import type { SqsState } from '../src/services/sqs/store.js';
import { sqsBenchContext } from './sqs-context.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    queues: { type: 'string', default: '4' },
    body: { type: 'string', default: '100' },
    ops: { type: 'string', default: '5000' },
    dir: { type: 'string' },
    /** Only time the restart of an already filled --dir. */
    'restart-only': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(values.messages);
const QUEUES = Number(values.queues);
const BODY = 'x'.repeat(Number(values.body));
const OPS = Number(values.ops);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'nimbus-sqs-restart-'));

async function open(): Promise<{ instance: Instance; state: SqsState; ctx: ReturnType<typeof sqsBenchContext> }> {
  const instance = await Instance.create(resolveOptions({ port: 0, persist: dir }));
  const state = (await instance.serviceState<SqsState>('sqs'))!;
  const ctx = sqsBenchContext(instance);
  return { instance, state, ctx };
}

function usPerOp(n: number, f: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

if (!values['restart-only']) {
  const { instance, state, ctx } = await open();
  const urls = Array.from({ length: QUEUES }, (_, i) => (createQueue({ QueueName: `restart-${i}` }, ctx, state) as { QueueUrl: string }).QueueUrl);
  instance.commit();

  // Persisted per-operation costs, one commit per operation as the chain does per request.
  const probe = (createQueue({ QueueName: 'probe' }, ctx, state) as { QueueUrl: string }).QueueUrl;
  usPerOp(500, (i) => (sendMessage({ QueueUrl: probe, MessageBody: BODY + i }, ctx, state), instance.commit()));
  const send = usPerOp(OPS, (i) => (sendMessage({ QueueUrl: probe, MessageBody: BODY + i }, ctx, state), instance.commit()));
  const recv = usPerOp(OPS, () => {
    const r = receiveMessage({ QueueUrl: probe }, ctx, state) as ReceiveMessageResult;
    instance.commit();
    deleteMessage({ QueueUrl: probe, ReceiptHandle: r.Messages![0]!.ReceiptHandle! }, ctx, state);
    instance.commit();
  });
  console.log(`persisted (${BODY.length}-byte bodies, a commit per operation): send ${send.toFixed(1)} µs/op, receive+delete ${recv.toFixed(1)} µs/op`);

  const fillStart = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i += 10) {
    const entries = Array.from({ length: Math.min(10, MESSAGES - i) }, (_, k) => ({ Id: `e${k}`, MessageBody: `${BODY}${i + k}` }));
    sendMessageBatch({ QueueUrl: urls[(i / 10) % QUEUES]!, Entries: entries }, ctx, state);
    if (i % 10_000 === 0) instance.commit();
  }
  // Some in flight, so the heap is rebuilt too.
  for (const url of urls) for (let i = 0; i < 1000; i++) receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 10 }, ctx, state);
  instance.commit();
  console.log(`filled ${MESSAGES.toLocaleString('en-US')} messages in ${QUEUES} queues in ${(Number(process.hrtime.bigint() - fillStart) / 1e9).toFixed(1)} s (${dir})`);
  await instance.dispose();
}

{
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const { instance, state, ctx } = await open();
  const listed = listQueues({}, ctx, state);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  let total = 0;
  for (const q of state.regions.for('000000000000', 'us-east-1').queues.values()) total += q.totalCount;
  console.log(`restart: Instance.create + first ListQueues ${ms.toFixed(0)} ms (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, all threads), ${listed.QueueUrls?.length ?? 0} queues, ${total.toLocaleString('en-US')} messages restored`);
  await instance.dispose();
}
if (!values.dir) rmSync(dir, { recursive: true, force: true });
