// --persist: functions, versions, aliases, code, tags, concurrency, event invoke configuration and
// logs survive a restart (and a SIGKILL); restored functions run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CreateAliasCommand, GetFunctionCommand, InvokeCommand, LambdaClient, ListVersionsByFunctionCommand, PublishVersionCommand, PutFunctionConcurrencyCommand, UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { startChild } from '../../support/child-nimbus.js';
import { createFunction, json, zip } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'nimbus-lambda-persist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' } });

test('a restart keeps functions, versions, aliases and code; a SIGKILL too', async () => {
  let child = await startChild(['--persist', dir]);
  let lambda = new LambdaClient(config(child.endpoint));
  const FunctionName = 'kept';
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async () => "one";' }, Tags: { t: '1' } });
  await lambda.send(new PublishVersionCommand({ FunctionName }));
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: zip({ 'index.js': 'exports.handler = async () => { console.log("two ran"); return "two"; };' }) }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName });
  await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'stable', FunctionVersion: '1' }));
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: 5 }));
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 'two');
  await child.stop();

  child = await startChild(['--persist', dir]);
  lambda = new LambdaClient(config(child.endpoint));
  const got = await lambda.send(new GetFunctionCommand({ FunctionName }));
  assert.deepEqual([got.Configuration!.State, got.Tags, got.Concurrency?.ReservedConcurrentExecutions], ['Active', { t: '1' }, 5]);
  assert.deepEqual((await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }))).Versions!.map((v) => v.Version), ['$LATEST', '1']);
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 'two');
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName, Qualifier: 'stable' }))).Payload), 'one');
  const logs = new CloudWatchLogsClient(config(child.endpoint));
  const ran = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${FunctionName}`, filterPattern: '"two ran"' }));
  assert.ok(ran.events!.length >= 1, 'the log written before the restart is there');
  await child.kill();

  child = await startChild(['--persist', dir]);
  lambda = new LambdaClient(config(child.endpoint));
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName: `${FunctionName}:1` }))).Payload), 'one');
  await child.stop();
});
