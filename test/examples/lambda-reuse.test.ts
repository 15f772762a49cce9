import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runReuse } from '../../examples/lambda-reuse/index.js';

test('examples/lambda-reuse: the client and connection made at init serve every invocation', async () => {
  const r = await runReuse({ invocations: 5, prefix: `reuse-${process.pid}` });
  assert.equal(r.connections, 1, 'one connection for five invocations');
  assert.deepEqual(r.results, [1, 2, 3, 4, 5].map((n) => ({ invocations: n, connection: 1, total: n })));
  assert.deepEqual(r.queued, [1, 2, 3, 4, 5]);
});
