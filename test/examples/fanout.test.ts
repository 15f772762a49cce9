// The fanout example (examples/fanout/) run end to end against an in-process Nimbus.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFanout } from '../../examples/fanout/index.js';
import { validateWithSnsValidator } from '../services/sns/support.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';

const t = useNimbus();

test('fanout example: three consumers get what their subscriptions promise', async () => {
  const result = await runFanout({ endpoint: t.nimbus.endpoint, orders: 10, prefix: uniqueName('example') });
  assert.deepEqual(result.billing.map((o) => o.id), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(result.shipping.map((o) => o.id), [0, 2, 4, 6, 8]);
  assert.ok(result.shipping.every((o) => o.shipping));
  assert.equal(result.analytics.length, 10);
  assert.deepEqual(result.analytics.map((e) => JSON.parse(e.Message).id).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  for (const envelope of result.analytics) {
    assert.equal(envelope.Type, 'Notification');
    await validateWithSnsValidator(envelope as unknown as Record<string, unknown>);
  }
});

test('fanout example starts its own Nimbus when no endpoint is given', async () => {
  const saved = process.env.AWS_ENDPOINT_URL;
  delete process.env.AWS_ENDPOINT_URL;
  try {
    const result = await runFanout({ orders: 2 });
    assert.deepEqual([result.billing.length, result.shipping.length, result.analytics.length], [2, 1, 2]);
  } finally {
    if (saved !== undefined) process.env.AWS_ENDPOINT_URL = saved;
  }
});
