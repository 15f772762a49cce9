// Failures as AWS reports them: function errors (Node and Python shapes), init errors, timeouts,
// crashes, out of memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const t = useNimbus();

test('a thrown error: X-Amz-Function-Error Unhandled with errorType, errorMessage and the trace', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('throws');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'class BadThing extends Error { constructor(m) { super(m); this.name = "BadThing"; } }\nexports.handler = async () => { throw new BadThing("it broke"); };' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName }));
  assert.equal(out.StatusCode, 200);
  assert.equal(out.FunctionError, 'Unhandled');
  const body = json(out.Payload) as any;
  assert.equal(body.errorType, 'BadThing');
  assert.equal(body.errorMessage, 'it broke');
  assert.match(body.trace[0], /^BadThing: it broke/);
  assert.ok(body.trace.some((l: string) => l.includes('index.js')));
});

test('a Python exception has the Python runtime shape', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('pyerr');
  await createFunction(lambda, { FunctionName, Runtime: 'python3.12', Handler: 'app.handler', files: { 'app.py': 'def handler(event, context):\n    raise ValueError("bad value")\n' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName }));
  assert.equal(out.FunctionError, 'Unhandled');
  const body = json(out.Payload) as any;
  assert.deepEqual([body.errorType, body.errorMessage, body.requestId.length], ['ValueError', 'bad value', 36]);
  assert.match(body.stackTrace.join(''), /app\.py", line 2, in handler/);
});

test('init errors: a missing module and a missing handler', async () => {
  const lambda = new LambdaClient(t.config());
  const missing = uniqueName('nomodule');
  await createFunction(lambda, { FunctionName: missing, Handler: 'nothere.handler', files: { 'index.js': '' } });
  const a = await lambda.send(new InvokeCommand({ FunctionName: missing }));
  assert.equal(a.FunctionError, 'Unhandled');
  assert.equal((json(a.Payload) as any).errorType, 'Runtime.ImportModuleError');
  assert.match((json(a.Payload) as any).errorMessage, /Cannot find module 'nothere'/);
  const nohandler = uniqueName('nohandler');
  await createFunction(lambda, { FunctionName: nohandler, files: { 'index.js': 'exports.other = () => 1;' } });
  const b = json((await lambda.send(new InvokeCommand({ FunctionName: nohandler }))).Payload) as any;
  assert.deepEqual([b.errorType, b.errorMessage], ['Runtime.HandlerNotFound', 'index.handler is undefined or not exported']);
});

test('a timeout ends the environment with "Task timed out after 1.00 seconds"; the next invocation starts a fresh one', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('timeout');
  await createFunction(lambda, { FunctionName, Timeout: 1, files: { 'index.js': 'let n = 0; exports.handler = async (e) => { n++; if (e.hang) await new Promise(() => setInterval(() => {}, 1000)); return n; };' } });
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 1);
  const out = await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"hang":true}'), LogType: 'Tail' }));
  assert.equal(out.FunctionError, 'Unhandled');
  const body = json(out.Payload) as any;
  assert.equal(body.errorType, 'Sandbox.Timedout');
  assert.match(body.errorMessage, /^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/);
  const log = Buffer.from(out.LogResult!, 'base64').toString('utf8');
  assert.match(log, /Task timed out after 1\.00 seconds/);
  assert.match(log, /Status: timeout/);
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), 1, 'a new environment: init ran again');
});

test('a crash (process.exit) reports Runtime.ExitError; running out of memory reports Runtime.OutOfMemory', async () => {
  const lambda = new LambdaClient(t.config());
  const crash = uniqueName('crash');
  await createFunction(lambda, { FunctionName: crash, files: { 'index.js': 'exports.handler = async () => { process.exit(3); };' } });
  const a = json((await lambda.send(new InvokeCommand({ FunctionName: crash }))).Payload) as any;
  assert.equal(a.errorType, 'Runtime.ExitError');
  assert.match(a.errorMessage, /Runtime exited with error: exit status 3$/);
  const oom = uniqueName('oom');
  // A long timeout: on a loaded machine filling the heap takes a while, and the timeout must not win.
  await createFunction(lambda, { FunctionName: oom, MemorySize: 128, Timeout: 120, files: { 'index.js': 'exports.handler = async () => { const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random())); };' } });
  const b = await lambda.send(new InvokeCommand({ FunctionName: oom }));
  assert.equal(b.FunctionError, 'Unhandled');
  assert.equal((json(b.Payload) as any).errorType, 'Runtime.OutOfMemory');
});
