// Idle reaping on the instance's clock: an environment is reaped idleSeconds after its last
// release, however often it was used before (one reaper timer per environment, re-armed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ManualClock } from '../../../src/state/clock.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const clock = new ManualClock();
const t = useNimbus({ clock, lambda: { idleSeconds: 60 } });

test('an environment used again within idleSeconds stays warm past its first release plus idleSeconds; reaped idleSeconds after the last', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('idle-clock');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'let n = 0; exports.handler = async () => ++n;' } });
  const state = await t.nimbus.instance.serviceState<{ environments: { size: number } }>('lambda');
  const invoke = async () => json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload);
  assert.equal(await invoke(), 1);
  clock.advance(40_000);
  assert.equal(await invoke(), 2, 'warm');
  // 70 s after the first release, 30 s after the last: the reaper fired and waits again.
  clock.advance(30_000);
  await new Promise((r) => setImmediate(r));
  assert.equal(state!.environments.size, 1);
  assert.equal(await invoke(), 3, 'still the same environment');
  clock.advance(61_000);
  for (let i = 0; i < 100 && state!.environments.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(state!.environments.size, 0, 'reaped idleSeconds after its last invocation');
  assert.equal(await invoke(), 1, 'a fresh environment');
});
