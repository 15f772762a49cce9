// Nimbus's Node.js runtime client: the process an execution environment of a nodejs* function runs
// (on the host's node). It speaks the Lambda Runtime API at AWS_LAMBDA_RUNTIME_API like AWS's own
// runtime interface client: loads the handler once (init: CommonJS or ESM, found as .js, .mjs or
// .cjs under LAMBDA_TASK_ROOT), then loops on /invocation/next, calling the handler async or
// callback style and posting /response or /error together with the next /invocation/next (one
// keep-alive connection, HTTP/1.1 written and parsed here: see RuntimeConnection). Console output gets AWS's prefix
// (timestamp, request id, level); a message's newlines become '\r' so it stays one log event, as on
// AWS when the runtime writes to stdout. awslambda.streamifyResponse gives response streaming.
//
// Standalone by design: it imports node builtins only, nothing of Nimbus.
import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const [apiHost, apiPort] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':') as [string, string];
const BASE = '/2018-06-01/runtime';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

// -- the Runtime API connection ---------------------------------------------------------------------
// HTTP/1.1 over one keep-alive socket, written and parsed here rather than with node:http: the
// client side of node:http (ClientRequest, agent, streams) cost more CPU per invocation than the
// rest of the loop together (AWS's own runtime clients use a native HTTP client for the same
// reason). Requests are answered in the order they were written (HTTP/1.1 pipelining), which lets
// the loop post a result and ask for the next event in one write.
const CRLF2 = Buffer.from('\r\n\r\n');

class RuntimeConnection {
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve(r: Reply): void; reject(e: Error): void }[] = [];

  /** Writes one request (head: request line and headers, no blank line) and resolves with its reply. */
  request(head: string, body?: Buffer | string): Promise<Reply> {
    const socket = this.open();
    const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const text = `${head}\r\nhost: ${apiHost}:${apiPort}\r\n${body === undefined ? '' : `content-length: ${length}\r\n`}\r\n`;
    if (typeof body === 'string') socket.write(text + body);
    else {
      socket.write(text);
      if (body?.length) socket.write(body);
    }
    return new Promise((resolvePromise, reject) => this.waiting.push({ resolve: resolvePromise, reject }));
  }

  /** Raw bytes on the connection (a streamed request body's chunks). */
  write(data: Buffer | string): boolean {
    return this.open().write(data);
  }

  /** Several requests in one write (cork / uncork). */
  batch<T>(f: () => T): T {
    const socket = this.open();
    socket.cork();
    try {
      return f();
    } finally {
      socket.uncork();
    }
  }

  drained(): Promise<void> {
    return new Promise((r) => this.open().once('drain', r));
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): Socket {
    if (this.socket) return this.socket;
    const socket = connect({ host: apiHost, port: Number(apiPort), noDelay: true });
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.parse();
    });
    const gone = (err?: Error) => {
      if (this.socket === socket) this.socket = undefined;
      this.buffered = Buffer.alloc(0);
      for (const w of this.waiting.splice(0)) w.reject(err ?? new Error('The Runtime API closed the connection'));
    };
    socket.on('error', gone);
    socket.on('close', () => gone());
    return socket;
  }

  /** Takes every complete reply off the buffer, in order. */
  private parse(): void {
    for (;;) {
      const b = this.buffered;
      const end = b.indexOf(CRLF2);
      if (end < 0) return;
      const lines = b.toString('latin1', 0, end).split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (let i = 1; i < lines.length; i++) {
        const line = lines[i]!;
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const start = end + 4;
      let body: Buffer;
      let next: number;
      if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
        const chunked = dechunk(b, start);
        if (!chunked) return;
        [body, next] = chunked;
      } else {
        const length = status === 204 || status === 304 || (status >= 100 && status < 200) ? 0 : Number(headers['content-length'] ?? 0);
        if (b.length < start + length) return;
        body = Buffer.from(b.subarray(start, start + length));
        next = start + length;
      }
      this.buffered = b.subarray(next);
      // 1xx replies (100 Continue) precede the real one.
      if (status >= 100 && status < 200) continue;
      this.waiting.shift()?.resolve({ status, headers, body });
    }
  }
}

/** A chunked body starting at `from`: the body and where the message ends, or undefined when not all here yet. */
function dechunk(b: Buffer, from: number): [Buffer, number] | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(b.toString('latin1', at, eol), 16);
    if (size === 0) {
      // Trailers (none expected) end with an empty line.
      const end = b.indexOf(CRLF2, eol);
      if (end < 0) return undefined;
      return [Buffer.concat(parts), end + 4];
    }
    if (b.length < eol + 2 + size + 2) return undefined;
    parts.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

const api = new RuntimeConnection();

function headerLines(headers: Record<string, string>): string {
  let text = '';
  for (const [k, v] of Object.entries(headers)) text += `\r\n${k}: ${v}`;
  return text;
}

function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return api.request(`${method} ${path} HTTP/1.1${body === undefined ? '' : '\r\ncontent-type: application/json'}${headerLines(headers)}`, body);
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

/** A streamed response: the POST's chunked body on a connection of its own, so that /error stays
 *  possible on the main one while the stream is open. */
function streamingResponse(requestId: string): { stream: Writable & { setContentType(): void }; finished: Promise<Reply>; connection: RuntimeConnection } {
  const connection = new RuntimeConnection();
  const finished = connection.request(`POST ${BASE}/invocation/${requestId}/response HTTP/1.1\r\nlambda-runtime-function-response-mode: streaming\r\ntransfer-encoding: chunked\r\ncontent-type: application/octet-stream`);
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!chunk.length) return callback();
      if (connection.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))) callback();
      else connection.drained().then(() => callback());
    },
    final(callback) {
      connection.write('0\r\n\r\n');
      callback();
    },
  }) as Writable & { setContentType(): void };
  stream.setContentType = () => {};
  return { stream, finished, connection };
}

// What the context reads from the environment does not change between invocations.
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
const functionVersion = process.env.AWS_LAMBDA_FUNCTION_VERSION;
const memoryLimitInMB = process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE;
const logGroupName = process.env.AWS_LAMBDA_LOG_GROUP_NAME;
const logStreamName = process.env.AWS_LAMBDA_LOG_STREAM_NAME;
const streaming = (handler as any)[STREAMING] === 'response';
const noop = () => {};

let next = call('GET', `${BASE}/invocation/next`);
for (;;) {
  const event = await next;
  const h = event.headers;
  const requestId = String(h['lambda-runtime-aws-request-id']);
  const deadline = Number(h['lambda-runtime-deadline-ms']);
  currentRequestId = requestId;
  if (h['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = String(h['lambda-runtime-trace-id']);
  const context: any = {
    awsRequestId: requestId,
    functionName,
    functionVersion,
    invokedFunctionArn: String(h['lambda-runtime-invoked-function-arn']),
    memoryLimitInMB,
    logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    clientContext: h['lambda-runtime-client-context'] ? JSON.parse(String(h['lambda-runtime-client-context'])) : undefined,
  };
  // The result (or the error) is posted and the next event asked for in one write; the 202 and the
  // next event come back in that order on the connection.
  let path: string;
  let body: string;
  let headers: Record<string, string> = {};
  let streamed: RuntimeConnection | undefined;
  try {
    const payload = event.body.length ? JSON.parse(event.body.toString('utf8')) : null;
    if (streaming) {
      const { stream, finished, connection } = streamingResponse(requestId);
      streamed = connection;
      await handler(payload, stream, context);
      await finished;
      connection.close();
      next = call('GET', `${BASE}/invocation/next`);
      continue;
    }
    const result = await invokeHandler(payload, context);
    path = `${BASE}/invocation/${requestId}/response`;
    body = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    const error = errorBody(err);
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error).replace(/\n/g, '\r')}\n`);
    path = `${BASE}/invocation/${requestId}/error`;
    body = JSON.stringify(error);
    headers = { 'lambda-runtime-function-error-type': error.errorType };
  }
  next = api.batch(() => {
    // Nothing waits for the 202 (its status changes nothing); a broken connection fails `next`.
    // A stream the handler left open is cut once the error is in.
    call('POST', path, body, headers).then(() => streamed?.close(), noop);
    return call('GET', `${BASE}/invocation/next`);
  });
}
