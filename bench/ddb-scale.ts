// DynamoDB at scale, in process (no HTTP, so the figures are the data structures' own): GetItem and
// a 100-item partition Query at 10,000, 100,000 and 1,000,000 items, and heap bytes per item beside
// the item's DynamoDB size. Run:
//   node --expose-gc dist/bench/ddb-scale.js [items...]     (default 10000 100000 1000000)
//   npm run bench -- --only ddb-scale                        (the same, as a child of bench/run.ts;
//                                                            also part of the default run)
// Costs are CPU time per operation (process.cpuUsage, so time the process spends descheduled on a
// loaded machine does not count), the best of ROUNDS rounds of many operations each, on random
// keys (a cold-cache read at 1M items, as a real workload's), and GetItem over 1,000 hot keys (the
// same work without the cache misses a bigger heap brings: what the algorithm costs). Heap per item is the heapUsed delta
// after a full GC (needs --expose-gc) divided by the items written. Not part of the test suite.
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/state/clock.js';
import { DurableState } from '../src/state/durable/durable-state.js';
import { randomIds } from '../src/state/ids.js';
import { ClockScheduler } from '../src/state/scheduler.js';
import type { Host } from '../src/services/host.js';
import type { RequestContext } from '../src/services/context.js';
import { createDynamoState } from '../src/services/dynamodb/state.js';
import { createTable } from '../src/services/dynamodb/tables.js';
import { getItem, putItem } from '../src/services/dynamodb/items.js';
import { query } from '../src/services/dynamodb/query.js';
import { itemSize, type Item } from '../src/services/dynamodb/values.js';

const PARTITION = 100;
const ROUNDS = 5;
const GETS = 20_000;
const QUERIES = 1_000;
const PUTS = 20_000;

/** A user-profile-like item: ~150 bytes as DynamoDB counts them. */
function item(i: number): Item {
  return {
    pk: { S: `user#${Math.floor(i / PARTITION)}` },
    sk: { N: String(i % PARTITION) },
    name: { S: `Name Surname ${i}` },
    email: { S: `user.${i}@example.com` },
    score: { N: String(i * 7) },
    createdAt: { S: '2026-12-02T10:00:00.000Z' },
    active: { BOOL: i % 2 === 0 },
    tags: { SS: ['alpha', 'beta'] },
  };
}

/** CPU µs per call of fn, best of ROUNDS rounds of n calls. */
function cpuPerOp(n: number, fn: (i: number) => void): number {
  let best = Infinity;
  let base = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn(base + i);
    const d = process.cpuUsage(t0);
    base += n;
    best = Math.min(best, (d.user + d.system) / n);
  }
  return best;
}

export interface ScaleResult {
  count: number;
  getUs: number;
  /** GetItem over the same 1,000 keys: the data structures' cost without cache misses. */
  hotGetUs: number;
  queryUs: number;
  putUs: number;
  heapPerItem: number;
  bytesPerItem: number;
}

export async function runScale(count: number): Promise<ScaleResult> {
  const clock = new ManualClock();
  const stores = await DurableState.open({});
  const host = { clock, ids: randomIds, scheduler: new ClockScheduler(clock), stores, blobs: stores.blobs } as unknown as Host;
  const state = createDynamoState(host);
  const ctx = { account: '000000000000', region: 'us-east-1', clock, ids: randomIds, host: 'localhost' } as unknown as RequestContext;
  createTable({ TableName: 't', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] }, ctx, state);
  global.gc?.();
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    // Through PutItem, as a request would store it (validation and normalization included).
    const it = item(i);
    bytes += itemSize(it);
    putItem({ TableName: 't', Item: it }, ctx, state);
  }
  global.gc?.();
  global.gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  const partitions = Math.floor(count / PARTITION);
  const rnd = (i: number): number => (i * 2654435761) % count;
  const getUs = cpuPerOp(GETS, (i) => {
    const k = item(rnd(i));
    const r = getItem({ TableName: 't', Key: { pk: k.pk, sk: k.sk } }, ctx, state) as { Item?: Item };
    if (!r.Item) throw new Error('GetItem found nothing');
  });
  const hotGetUs = cpuPerOp(GETS, (i) => {
    const k = item(rnd(i % 1000));
    const r = getItem({ TableName: 't', Key: { pk: k.pk, sk: k.sk } }, ctx, state) as { Item?: Item };
    if (!r.Item) throw new Error('GetItem found nothing');
  });
  const queryUs = cpuPerOp(QUERIES, (i) => {
    const r = query({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `user#${(i * 7919) % partitions}` } } }, ctx, state) as { Count: number };
    if (r.Count !== PARTITION) throw new Error(`query returned ${r.Count}`);
  });
  // Replacing existing items (the table keeps its size).
  const putUs = cpuPerOp(PUTS, (i) => {
    putItem({ TableName: 't', Item: item(rnd(i)) }, ctx, state);
  });
  return { count, getUs, hotGetUs, queryUs, putUs, heapPerItem: heap / count, bytesPerItem: bytes / count };
}

export function scaleReport(results: ScaleResult[], gc = global.gc !== undefined): string {
  const lines = [
    `DynamoDB in process (no HTTP): CPU µs per operation (best of ${ROUNDS} rounds), heap per item${gc ? '' : ' (run with --expose-gc for a meaningful heap figure)'}`,
    'items in table  GetItem (µs)  GetItem, 1,000 hot keys (µs)  Query 100 items (µs)  PutItem replace (µs)  heap per item (B)  item size (B)  heap/size',
  ];
  for (const r of results) {
    lines.push(
      `${r.count.toLocaleString('en-US').padEnd(15)} ${r.getUs.toFixed(2).padStart(12)}  ${r.hotGetUs.toFixed(2).padStart(28)}  ${r.queryUs.toFixed(1).padStart(20)}  ${r.putUs.toFixed(2).padStart(20)}  ${r.heapPerItem.toFixed(0).padStart(17)}  ${r.bytesPerItem.toFixed(0).padStart(13)}  ${(r.heapPerItem / r.bytesPerItem).toFixed(2).padStart(9)}`,
    );
  }
  if (results.length > 1) {
    const [a, b] = [results[0]!, results[results.length - 1]!];
    lines.push(`${b.count.toLocaleString('en-US')} / ${a.count.toLocaleString('en-US')} items: GetItem ${(b.getUs / a.getUs).toFixed(2)}x (hot keys ${(b.hotGetUs / a.hotGetUs).toFixed(2)}x), Query ${(b.queryUs / a.queryUs).toFixed(2)}x, PutItem ${(b.putUs / a.putUs).toFixed(2)}x`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const counts = args.map(Number).filter((n) => n > 0);
  const results: ScaleResult[] = [];
  // One table at a time: the previous one is garbage before the next is measured.
  for (const n of counts.length ? counts : [10_000, 100_000, 1_000_000]) results.push(await runScale(n));
  // --json: the results as one JSON line (bench/run.ts reads it).
  console.log(args.includes('--json') ? JSON.stringify(results) : scaleReport(results));
  process.exit(0);
}
