// Functions: create/get/list/update/delete, states, tags, reserved concurrency with throttling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  DeleteFunctionConcurrencyCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  PutFunctionConcurrencyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { createHash } from 'node:crypto';
import { unzipSync, strFromU8 } from 'fflate';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json, ROLE, zip } from './support.js';

const t = useNimbus();

test('CreateFunction reports Pending, then Active; GetFunction serves the code; every ARN form finds it', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('crud');
  const code = zip({ 'index.js': 'exports.handler = async () => "v1";' });
  const created = await lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: code }, Timeout: 7, MemorySize: 256, Tags: { team: 'a' } }));
  assert.equal(created.State, 'Pending');
  assert.equal(created.StateReasonCode, 'Creating');
  assert.equal(created.CodeSha256, createHash('sha256').update(code).digest('base64'));
  assert.equal(created.CodeSize, code.length);
  assert.equal(created.FunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${FunctionName}`);
  assert.match(created.LastModified!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  await createFunction(lambda, { FunctionName: uniqueName('other'), files: { 'index.js': '' } });
  const got = await lambda.send(new GetFunctionCommand({ FunctionName }));
  assert.equal(got.Configuration!.State, 'Active');
  assert.equal(got.Configuration!.LastUpdateStatus, 'Successful');
  assert.deepEqual(got.Tags, { team: 'a' });
  const zipped = new Uint8Array(await (await fetch(got.Code!.Location!)).arrayBuffer());
  assert.equal(strFromU8(unzipSync(zipped)['index.js']!), 'exports.handler = async () => "v1";');
  for (const form of [FunctionName, created.FunctionArn!, `000000000000:function:${FunctionName}`, `${FunctionName}:$LATEST`]) {
    const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: form }));
    assert.deepEqual([c.FunctionName, c.Timeout, c.MemorySize], [FunctionName, 7, 256]);
  }
  await assert.rejects(lambda.send(new CreateFunctionCommand({ FunctionName, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: code } })), { name: 'ResourceConflictException', message: `Function already exist: ${FunctionName}` });
  await assert.rejects(lambda.send(new CreateFunctionCommand({ FunctionName: uniqueName('bad'), Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: Buffer.from('not a zip') } })), { name: 'InvalidParameterValueException', message: 'Could not unzip uploaded file. Please check your file, then try to upload again.' });
  await assert.rejects(lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })), (e: any) => e.name === 'ResourceNotFoundException' && e.$metadata.httpStatusCode === 404 && e.message === 'Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope');
});

test('UpdateFunctionCode and UpdateFunctionConfiguration change what runs (waiters see Successful); ListFunctions pages; DeleteFunction', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('update');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async () => ({ v: 1, e: process.env.XX ?? null });' } });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), { v: 1, e: null });
  const upd = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: zip({ 'index.js': 'exports.handler = async () => ({ v: 2, e: process.env.XX ?? null });' }) }));
  assert.equal(upd.LastUpdateStatus, 'InProgress');
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), { v: 2, e: null });
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName, Environment: { Variables: { XX: 'x' } }, Description: 'described' }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), { v: 2, e: 'x' });
  const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }));
  assert.deepEqual([c.Description, c.Environment?.Variables], ['described', { XX: 'x' }]);

  const names: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 1, Marker }));
    names.push(...page.Functions!.map((f) => f.FunctionName!));
    Marker = page.NextMarker;
  } while (Marker);
  assert.ok(names.includes(FunctionName));
  assert.equal(new Set(names).size, names.length);

  await lambda.send(new DeleteFunctionCommand({ FunctionName }));
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName })), { name: 'ResourceNotFoundException' });
});

test('tags: TagResource, UntagResource, ListTags', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('tags');
  const { FunctionArn } = await createFunction(lambda, { FunctionName, files: { 'index.js': '' }, Tags: { a: '1' } });
  await lambda.send(new TagResourceCommand({ Resource: FunctionArn, Tags: { b: '2', c: '3' } }));
  await lambda.send(new UntagResourceCommand({ Resource: FunctionArn, TagKeys: ['a'] }));
  assert.deepEqual((await lambda.send(new ListTagsCommand({ Resource: FunctionArn }))).Tags, { b: '2', c: '3' });
});

test('reserved concurrency: 0 throttles every invocation, 1 throttles the second concurrent one', async () => {
  // The SDK retries throttling errors: one attempt shows the throttle itself.
  const lambda = new LambdaClient({ ...t.config(), maxAttempts: 1 });
  const FunctionName = uniqueName('throttle');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.wait ?? 0)); return "ok"; };' } });
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: 0 }));
  assert.equal((await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName }))).ReservedConcurrentExecutions, 0);
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName })), (e: any) => e.name === 'TooManyRequestsException' && e.$metadata.httpStatusCode === 429 && e.Reason === 'ReservedFunctionConcurrentInvocationLimitExceeded');
  await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName, ReservedConcurrentExecutions: 1 }));
  const results = await Promise.allSettled([lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"wait":400}') })), new Promise((r) => setTimeout(r, 150)).then(() => lambda.send(new InvokeCommand({ FunctionName })))]);
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[1].status === 'rejected' && (results[1].reason as Error).name, 'TooManyRequestsException');
  await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName }));
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 'ok');
});
