// Execution environments: init once, warm reuse, /tmp per environment, concurrency, runtimes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const t = useNimbus();

const COUNTER = `
const fs = require('node:fs');
const path = require('node:path');
let count = 0;
const initPid = process.pid;
exports.handler = async (event) => {
  count++;
  const file = path.join(require('node:os').tmpdir(), 'seen.txt');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  fs.writeFileSync(file, String(count));
  if (event.wait) await new Promise((r) => setTimeout(r, event.wait));
  return { count, pid: initPid, before, env: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, handler: process.env._HANDLER, region: process.env.AWS_REGION, version: process.env.AWS_LAMBDA_FUNCTION_VERSION, memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, group: process.env.AWS_LAMBDA_LOG_GROUP_NAME, api: process.env.AWS_LAMBDA_RUNTIME_API, key: process.env.AWS_ACCESS_KEY_ID, endpoint: process.env.AWS_ENDPOINT_URL, root: process.env.LAMBDA_TASK_ROOT, mine: process.env.MINE } };
};`;

test('init runs once per environment; the warm environment is reused with its /tmp; the standard environment is set', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('counter');
  await createFunction(lambda, { FunctionName, files: { 'index.js': COUNTER }, Environment: { Variables: { MINE: 'yes' } } });
  const first = json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{}') }))).Payload) as any;
  const second = json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{}') }))).Payload) as any;
  assert.equal(first.count, 1);
  assert.equal(first.before, null);
  assert.equal(second.count, 2, 'module state survives: init ran once');
  assert.equal(second.pid, first.pid, 'same environment');
  assert.equal(second.before, '1', 'the /tmp file written by the first invocation is there');
  assert.deepEqual(
    { ...first.env, api: /^127\.0\.0\.1:\d+$/.test(first.env.api), root: first.env.root.endsWith('/task') },
    { name: FunctionName, handler: 'index.handler', region: 'us-east-1', version: '$LATEST', memory: '128', group: `/aws/lambda/${FunctionName}`, api: true, key: '000000000000', endpoint: t.nimbus.endpoint, root: true, mine: 'yes' },
  );
});

test('two concurrent invocations run in two environments', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('concurrent');
  await createFunction(lambda, { FunctionName, files: { 'index.js': COUNTER } });
  const [a, b] = await Promise.all([0, 1].map(async () => json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"wait":300}') }))).Payload) as any));
  assert.notEqual(a.pid, b.pid);
  assert.deepEqual([a.count, b.count], [1, 1]);
});

test('an ESM handler (.mjs) with a callback-free async export, and a CommonJS callback handler', async () => {
  const lambda = new LambdaClient(t.config());
  const esm = uniqueName('esm');
  await createFunction(lambda, { FunctionName: esm, Handler: 'app.main', files: { 'app.mjs': `import { sep } from 'node:path';\nexport const main = async (e) => ({ esm: typeof require === 'undefined', sep, got: e.x });` } });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName: esm, Payload: Buffer.from('{"x":5}') }))).Payload), { esm: true, sep: '/', got: 5 });
  const cb = uniqueName('callback');
  await createFunction(lambda, { FunctionName: cb, files: { 'index.js': `exports.handler = (e, ctx, callback) => setTimeout(() => callback(null, { id: ctx.awsRequestId.length, left: ctx.getRemainingTimeInMillis() > 0 }), 5);` } });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName: cb }))).Payload), { id: 36, left: true });
});

test('a Python function, with boto3 from the runtime reaching Nimbus', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('python');
  await createFunction(lambda, {
    FunctionName,
    Runtime: 'python3.12',
    Handler: 'lambda_function.handler',
    files: { 'lambda_function.py': `import boto3, os\ncount = 0\ndef handler(event, context):\n    global count\n    count += 1\n    fns = boto3.client('lambda').list_functions()['Functions']\n    return {'count': count, 'name': context.function_name, 'seen': os.environ['AWS_LAMBDA_FUNCTION_NAME'] in [f['FunctionName'] for f in fns], 'echo': event}\n` },
  });
  const a = json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"k":[1,2]}') }))).Payload);
  const b = json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{}') }))).Payload);
  assert.deepEqual(a, { count: 1, name: FunctionName, seen: true, echo: { k: [1, 2] } });
  assert.equal((b as any).count, 2);
});

test('the SDK v3 the runtime provides reaches Nimbus from inside a Node function', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('sdk');
  await createFunction(lambda, {
    FunctionName,
    Handler: 'index.handler',
    files: { 'index.mjs': `import { LambdaClient, GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';\nconst client = new LambdaClient({});\nexport const handler = async () => { const c = await client.send(new GetFunctionConfigurationCommand({ FunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME })); return { name: c.FunctionName, runtime: c.Runtime }; };` },
  });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName }))).Payload), { name: FunctionName, runtime: 'nodejs20.x' });
});

test('a provided.al2023 function runs its own bootstrap against the Runtime API', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('provided');
  const bootstrap = `#!/bin/sh
set -e
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS -D "$HEADERS" "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next")
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  curl -sS -X POST "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/$ID/response" -d "{\\"shell\\":$EVENT}" > /dev/null
done
`;
  await createFunction(lambda, { FunctionName, Runtime: 'provided.al2023', Handler: 'unused', files: { bootstrap } });
  assert.deepEqual(json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"a":1}') }))).Payload), { shell: { a: 1 } });
});

test('the Runtime API listener takes HTTP/1.0, Expect: 100-continue and chunked bodies (a curl bootstrap)', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('provided-http');
  // GET /next over HTTP/1.0 (the listener closes after answering); the result posted chunked
  // with Expect: 100-continue (which curl would also get past, a second later, unanswered), padded
  // to 3,000 bytes.
  const bootstrap = `#!/bin/sh
set -e
while true; do
  HEADERS=$(mktemp)
  EVENT=$(curl -sS --http1.0 -D "$HEADERS" "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/next")
  ID=$(grep -i lambda-runtime-aws-request-id "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)
  BODY=$(mktemp)
  printf '{"event":%s,"pad":"' "$EVENT" > "$BODY"
  head -c 3000 /dev/zero | tr '\\0' 'x' >> "$BODY"
  printf '"}' >> "$BODY"
  curl -sS -X POST -H "Expect: 100-continue" -H "Transfer-Encoding: chunked" --data-binary @"$BODY" "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation/$ID/response" > /dev/null
done
`;
  await createFunction(lambda, { FunctionName, Runtime: 'provided.al2023', Handler: 'unused', files: { bootstrap } });
  for (const n of [1, 2]) {
    const out = json((await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from(`{"n":${n}}`) }))).Payload) as { event: unknown; pad: string };
    assert.deepEqual(out.event, { n });
    assert.equal(out.pad, 'x'.repeat(3000));
  }
});
