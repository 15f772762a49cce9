// Nimbus's Node.js runtime client: the process an execution environment of a nodejs* function runs
// (on the host's node). It speaks the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API like AWS's own
// runtime interface client: loads the handler once (init: CommonJS or ESM, found as .js, .mjs or
// .cjs under LAMBDA_TASK_ROOT), then loops on /invocation/next, calling the handler async or
// callback style and posting /response or /error. Console output gets AWS's prefix
// (timestamp, request id, level); a message's newlines become '\r' so it stays one log event, as on
// AWS when the runtime writes to stdout. awslambda.streamifyResponse gives response streaming.
//
// Standalone by design: it imports node builtins only, nothing of Nimbus.
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':') as [string, string];
const agent = new Agent({ keepAlive: true, maxSockets: 2, noDelay: true } as ConstructorParameters<typeof Agent>[0]);
const BASE = '/2018-06-01/runtime';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function call(method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolvePromise, reject) => {
    const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const req = httpRequest(
      { host: apiHost, port: Number(apiPort), method, path, agent, headers: { ...headers, ...(data && { 'content-type': 'application/json', 'content-length': String(data.length) }) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

let currentRequestId = '';

// -- console, as AWS's runtime formats it ----------------------------------------------------------
const levels: [keyof Console, string][] = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];
for (const [method, level] of levels) {
  (console as any)[method] = (...args: unknown[]) => {
    const text = format(...args).replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId || 'undefined'}\t${level}\t${text}\n`);
  };
}

function errorBody(err: unknown): { errorType: string; errorMessage: string; trace: string[] } {
  if (err instanceof Error) return { errorType: err.name || 'Error', errorMessage: err.message, trace: (err.stack ?? '').split('\n') };
  if (typeof err === 'string') return { errorType: 'string', errorMessage: err, trace: [] };
  return { errorType: typeof err, errorMessage: JSON.stringify(err) ?? String(err), trace: [] };
}

async function initError(errorType: string, err: unknown): Promise<never> {
  const body = { ...errorBody(err), errorType };
  process.stderr.write(`${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify(body)}\n`);
  await call('POST', `${BASE}/init/error`, JSON.stringify(body), { 'lambda-runtime-function-error-type': errorType });
  process.exit(129);
}

// -- response streaming ----------------------------------------------------------------------------
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
(globalThis as any).awslambda = {
  streamifyResponse(handler: (...a: any[]) => unknown) {
    (handler as any)[STREAMING] = 'response';
    return handler;
  },
  HttpResponseStream: { from: (stream: unknown) => stream },
};

// -- init ------------------------------------------------------------------------------------------
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerName = process.env._HANDLER ?? 'index.handler';

async function loadHandler(): Promise<(...a: any[]) => unknown> {
  const slash = handlerName.lastIndexOf('/');
  const dot = handlerName.indexOf('.', slash + 1);
  if (dot < 0) return initError('Runtime.MalformedHandlerName', new Error(`Bad handler ${handlerName}: missing module name`));
  const modulePath = handlerName.slice(0, dot);
  const path = handlerName.slice(dot + 1).split('.');
  const base = resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => existsSync(f));
  if (!file) {
    const e = new Error(`Cannot find module '${modulePath}'\nRequire stack:\n- ${join(taskRoot, 'index.mjs')}`);
    e.name = 'Error';
    return initError('Runtime.ImportModuleError', `Error: ${e.message}`);
  }
  let mod: any;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    if (e instanceof SyntaxError) return initError('Runtime.UserCodeSyntaxError', e);
    if ((e as any)?.code === 'ERR_MODULE_NOT_FOUND' || (e as any)?.code === 'MODULE_NOT_FOUND') return initError('Runtime.ImportModuleError', `Error: ${(e as Error).message}`);
    return initError((e as Error)?.name ?? 'Error', e);
  }
  let fn: any = mod;
  for (const p of path) fn = fn?.[p] ?? (fn === mod ? mod.default?.[p] : undefined);
  if (typeof fn !== 'function') return initError('Runtime.HandlerNotFound', new Error(`${handlerName} is undefined or not exported`));
  return fn;
}

// package.json "type" is read by node's loader itself; this read only keeps a broken one from
// passing silently (AWS fails such a function at init too).
try {
  const pkg = join(taskRoot, 'package.json');
  if (existsSync(pkg)) JSON.parse(readFileSync(pkg, 'utf8'));
} catch (e) {
  await initError('Runtime.UserCodeSyntaxError', e);
}

const handler = await loadHandler();

// -- the invocation loop ---------------------------------------------------------------------------
function invokeHandler(event: unknown, context: any): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const done = (err: unknown, result?: unknown) => {
      if (settled) return;
      settled = true;
      if (err !== undefined && err !== null) reject(err);
      else resolvePromise(result);
    };
    context.done = done;
    context.succeed = (r: unknown) => done(null, r);
    context.fail = (e: unknown) => done(e ?? new Error('handled'));
    let r: any;
    try {
      r = handler(event, context, done);
    } catch (e) {
      return done(e);
    }
    if (r && typeof r.then === 'function') r.then((v: unknown) => done(null, v), (e: unknown) => done(e ?? new Error('Promise rejected')));
    // Deliberate difference: a synchronous handler that takes no callback and returns no promise
    // answers null at once (AWS waits for the event loop to empty).
    else if (handler.length < 3) setImmediate(() => done(null, null));
  });
}

function streamingResponse(requestId: string): { stream: any; finished: Promise<void> } {
  let finishedResolve!: () => void;
  let finishedReject!: (e: unknown) => void;
  const finished = new Promise<void>((a, b) => ((finishedResolve = a), (finishedReject = b)));
  const req = httpRequest({
    host: apiHost,
    port: Number(apiPort),
    method: 'POST',
    path: `${BASE}/invocation/${requestId}/response`,
    agent,
    headers: { 'lambda-runtime-function-response-mode': 'streaming', 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream' },
  }, (res) => {
    res.resume();
    res.on('end', () => finishedResolve());
  });
  req.on('error', finishedReject);
  const stream = {
    write(chunk: string | Uint8Array) {
      return req.write(chunk);
    },
    end(chunk?: string | Uint8Array) {
      if (chunk !== undefined) req.write(chunk);
      req.end();
    },
    setContentType() {},
    on: req.on.bind(req),
  };
  return { stream, finished };
}

for (;;) {
  const next = await call('GET', `${BASE}/invocation/next`);
  const h = next.headers;
  const requestId = String(h['lambda-runtime-aws-request-id']);
  const deadline = Number(h['lambda-runtime-deadline-ms']);
  currentRequestId = requestId;
  if (h['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = String(h['lambda-runtime-trace-id']);
  const context: any = {
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: String(h['lambda-runtime-invoked-function-arn']),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    clientContext: h['lambda-runtime-client-context'] ? JSON.parse(String(h['lambda-runtime-client-context'])) : undefined,
  };
  try {
    const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
    if ((handler as any)[STREAMING] === 'response') {
      const { stream, finished } = streamingResponse(requestId);
      await handler(event, stream, context);
      await finished;
    } else {
      const result = await invokeHandler(event, context);
      await call('POST', `${BASE}/invocation/${requestId}/response`, JSON.stringify(result === undefined ? null : result));
    }
  } catch (err) {
    const body = errorBody(err);
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(body).replace(/\n/g, '\r')}\n`);
    await call('POST', `${BASE}/invocation/${requestId}/error`, JSON.stringify(body), { 'lambda-runtime-function-error-type': body.errorType });
  }
}
