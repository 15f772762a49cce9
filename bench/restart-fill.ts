// Fills a --persist directory with small SQS messages for the restart measurement (bench/restart.ts),
// in-process: the SQS handlers called directly (as bench/sqs-depth.ts does), a commit every
// --commit-every messages, then dispose (which commits the rest and closes the directory).
// Prints one JSON line: { "queues": [...names], "sent": N, "counted": N, "ms": ... }, where counted
// is the sum of ApproximateNumberOfMessages the handlers report before dispose.
//
//   node dist/bench/restart-fill.js --dir DIR [--messages 1000000] [--queues 4] [--commit-every 10000]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Instance } from '../src/server/instance.js';
import { resolveOptions } from '../src/server/options.js';
import { createQueue } from '../src/services/sqs/queues.js';
import { getQueueAttributes } from '../src/services/sqs/attributes.js';
import { sendMessageBatch } from '../src/services/sqs/messages.js';
import type { SqsState } from '../src/services/sqs/store.js';
import { sqsBenchContext } from './sqs-context.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    messages: { type: 'string', default: '1000000' },
    queues: { type: 'string', default: '4' },
    'commit-every': { type: 'string', default: '10000' },
  },
});
if (!values.dir) throw new Error('--dir is required');
const MESSAGES = Number(values.messages);
const QUEUES = Number(values.queues);
const COMMIT_EVERY = Number(values['commit-every']);
/** A small message (~100 bytes), distinct per message. */
const body = (i: number): string => `{"orderId":"${String(i).padStart(12, '0')}","status":"CREATED","amount":42.5,"currency":"EUR","note":"restart"}`;

const t0 = performance.now();
const instance = await Instance.create(resolveOptions({ port: 0, persist: values.dir }));
try {
  const definition = (await instance.definition('sqs'))!;
  const state = instance.state(definition) as SqsState;
  const ctx = sqsBenchContext(instance, 'SendMessageBatch');
  const names = Array.from({ length: QUEUES }, (_, i) => `bench-restart-${i}`);
  const urls = names.map((QueueName) => (createQueue({ QueueName }, ctx, state) as { QueueUrl: string }).QueueUrl);
  instance.commit();
  let sent = 0;
  let sinceCommit = 0;
  while (sent < MESSAGES) {
    const n = Math.min(10, MESSAGES - sent);
    const entries = Array.from({ length: n }, (_, k) => ({ Id: `e${k}`, MessageBody: body(sent + k) }));
    const r = sendMessageBatch({ QueueUrl: urls[Math.floor(sent / 10) % QUEUES]!, Entries: entries }, ctx, state);
    if (r.Failed?.length) throw new Error(`SendMessageBatch failed: ${JSON.stringify(r.Failed[0])}`);
    sent += n;
    sinceCommit += n;
    if (sinceCommit >= COMMIT_EVERY) {
      instance.commit();
      sinceCommit = 0;
    }
  }
  instance.commit();
  let counted = 0;
  for (const QueueUrl of urls) {
    const a = getQueueAttributes({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }, ctx, state);
    counted += Number(a.Attributes?.ApproximateNumberOfMessages ?? 0);
  }
  process.stdout.write(JSON.stringify({ queues: names, sent, counted, ms: performance.now() - t0 }) + '\n');
} finally {
  await instance.dispose();
}
