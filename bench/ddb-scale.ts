// DynamoDB at scale, in process (no HTTP, so the figures are the data structures' own): GetItem and
// a 100-item partition Query at 10,000 and at 1,000,000 items, and memory per item. Run:
//   node dist/bench/ddb-scale.js [items...]        (default 10000 1000000)
// Not part of the test suite (it holds a million items).
import { ManualClock } from '../src/state/clock.js';
import { DurableState } from '../src/state/durable/durable-state.js';
import { randomIds } from '../src/state/ids.js';
import { ClockScheduler } from '../src/state/scheduler.js';
import type { Host } from '../src/services/host.js';
import type { RequestContext } from '../src/services/context.js';
import { createDynamoState } from '../src/services/dynamodb/state.js';
import { createTable } from '../src/services/dynamodb/tables.js';
import { getItem } from '../src/services/dynamodb/items.js';
import { query } from '../src/services/dynamodb/query.js';
import { itemSize } from '../src/services/dynamodb/values.js';

const PARTITION = 100;

function item(i: number) {
  return {
    pk: { S: `user#${Math.floor(i / PARTITION)}` },
    sk: { N: String(i % PARTITION) },
    name: { S: `name ${i}` },
    score: { N: String(i * 7) },
    tags: { SS: ['a', 'b'] },
  };
}

function time(n: number, fn: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

async function run(count: number) {
  const clock = new ManualClock();
  const stores = await DurableState.open({});
  const host = { clock, ids: randomIds, scheduler: new ClockScheduler(clock), stores, blobs: stores.blobs } as unknown as Host;
  const state = createDynamoState(host);
  const ctx = { account: '000000000000', region: 'us-east-1', clock, ids: randomIds, host: 'localhost' } as unknown as RequestContext;
  createTable({ TableName: 't', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] }, ctx, state);
  const table = state.regions.for(ctx.account, ctx.region).tables.get('t')!;
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const it = item(i);
    bytes += itemSize(it);
    table.write(undefined, it, 0);
  }
  global.gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  const partitions = Math.floor(count / PARTITION);
  const rnd = (i: number) => (i * 2654435761) % count;
  const get = time(50_000, (i) => {
    const k = item(rnd(i));
    getItem({ TableName: 't', Key: { pk: k.pk, sk: k.sk } }, ctx, state);
  });
  const q = time(5_000, (i) => {
    const r = query({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `user#${(i * 7919) % partitions}` } } }, ctx, state) as { Count: number };
    if (r.Count !== PARTITION) throw new Error(`query returned ${r.Count}`);
  });
  return { count, getUs: get, queryUs: q, heapPerItem: heap / count, bytesPerItem: bytes / count };
}

const counts = process.argv.slice(2).map(Number).filter((n) => n > 0);
const results = [];
for (const n of counts.length ? counts : [10_000, 1_000_000]) results.push(await run(n));
console.log('items        GetItem (µs)  Query 100 items (µs)  heap per item (B)  item size (B)');
for (const r of results) {
  console.log(`${String(r.count).padEnd(12)} ${r.getUs.toFixed(2).padStart(12)}  ${r.queryUs.toFixed(1).padStart(20)}  ${r.heapPerItem.toFixed(0).padStart(17)}  ${r.bytesPerItem.toFixed(0).padStart(13)}`);
}
if (results.length > 1) {
  const [a, b] = [results[0]!, results[results.length - 1]!];
  console.log(`ratio ${b.count}/${a.count}: GetItem ${(b.getUs / a.getUs).toFixed(2)}x, Query ${(b.queryUs / a.queryUs).toFixed(2)}x`);
}
process.exit(0);
