// Idle environments are reaped after settings.lambda.idleSeconds; the next invocation is a cold start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const t = useNimbus({ lambda: { idleSeconds: 0.2 } });

test('an environment idle longer than idleSeconds is ended; the next invocation runs init again', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('idle');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'let n = 0; exports.handler = async () => ++n;' } });
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 1);
  const state = await t.nimbus.instance.serviceState<{ environments: { size: number } }>('lambda');
  assert.equal(state!.environments.size, 1);
  for (let i = 0; i < 100 && state!.environments.size > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(state!.environments.size, 0, 'the idle environment was reaped');
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 1, 'a fresh environment');
});
