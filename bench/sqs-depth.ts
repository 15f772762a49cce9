// SQS cost per operation at 1,000 vs 1,000,000 messages of queue depth, and heap bytes per message.
// Runs the SQS handlers in-process (no HTTP), so the figures are the queue engine's and the
// handlers' own cost: they must not grow with depth (moto's do: it scans the queue per call).
//
//   node dist/bench/sqs-depth.js [--body 1024] [--ops 20000] [--depths 1000,1000000]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { Instance } from '../src/server/instance.js';
import { resolveOptions } from '../src/server/options.js';
import { createQueue } from '../src/services/sqs/queues.js';
import { deleteMessage, receiveMessage, sendMessage, sendMessageBatch } from '../src/services/sqs/messages.js';
import type { SqsState } from '../src/services/sqs/store.js';
import type { ReceiveMessageResult } from '@aws-sdk/client-sqs';
import { sqsBenchContext } from './sqs-context.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { values } = parseArgs({
  options: {
    body: { type: 'string', default: '1024' },
    ops: { type: 'string', default: '20000' },
    depths: { type: 'string', default: '1000,1000000' },
  },
});
const BODY = 'x'.repeat(Number(values.body));
const OPS = Number(values.ops);
const DEPTHS = values.depths!.split(',').map(Number);

const instance = await Instance.create(resolveOptions({ port: 0 }));
const definition = (await instance.definition('sqs'))!;
const state = instance.state(definition) as SqsState;
const ctx = sqsBenchContext(instance);

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function fill(url: string, n: number): void {
  for (let i = 0; i < n; i += 10) {
    const entries = Array.from({ length: Math.min(10, n - i) }, (_, k) => ({ Id: `e${k}`, MessageBody: body(i + k) }));
    sendMessageBatch({ QueueUrl: url, Entries: entries }, ctx, state);
  }
}

/** A fresh flat string per message, as a decoded request body is (JSON.parse, URLSearchParams). */
function body(i: number): string {
  return Buffer.from(BODY.slice(0, -8) + String(i).padStart(8, '0'), 'latin1').toString('latin1');
}

function usPerOp(n: number, f: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) f(i);
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

console.log(`SQS per-operation cost by queue depth (in-process handlers, ${BODY.length}-byte bodies, ${OPS} ops each)\n`);
console.log('depth        send µs/op   receive+delete µs/op   heap bytes/message   (body bytes)');
for (const depth of DEPTHS) {
  const { QueueUrl: url } = createQueue({ QueueName: `depth-${depth}` }, ctx, state) as { QueueUrl: string };
  const before = heapUsed();
  fill(url, depth);
  const perMessage = (heapUsed() - before) / depth;
  // Warm up the code paths, then measure at this depth (sends and receive+deletes keep it steady).
  usPerOp(2000, (i) => sendMessage({ QueueUrl: url, MessageBody: body(i) }, ctx, state));
  usPerOp(2000, () => {
    const r = receiveMessage({ QueueUrl: url }, ctx, state) as ReceiveMessageResult;
    deleteMessage({ QueueUrl: url, ReceiptHandle: r.Messages![0]!.ReceiptHandle! }, ctx, state);
  });
  const send = usPerOp(OPS, (i) => sendMessage({ QueueUrl: url, MessageBody: body(i) }, ctx, state));
  const recv = usPerOp(OPS, () => {
    const r = receiveMessage({ QueueUrl: url }, ctx, state) as ReceiveMessageResult;
    deleteMessage({ QueueUrl: url, ReceiptHandle: r.Messages![0]!.ReceiptHandle! }, ctx, state);
  });
  console.log(
    `${depth.toLocaleString('en-US').padEnd(12)} ${send.toFixed(2).padStart(11)}   ${recv.toFixed(2).padStart(20)}   ${perMessage.toFixed(0).padStart(18)}   (${BODY.length})`,
  );
  state.regions.for('000000000000', 'us-east-1').queues.get(`depth-${depth}`)!.purge();
}
await instance.reset();
