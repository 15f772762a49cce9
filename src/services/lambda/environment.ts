// One execution environment: a child process running a runtime (runtimes.ts) and the Runtime API
// listener it talks to (runtime-api.ts, its own 127.0.0.1 port: AWS_LAMBDA_RUNTIME_API is
// host:port, so one listener per environment is how a runtime client is told which environment it is). It runs init
// once (the runtime's first GET /invocation/next ends init), then one invocation at a time.
//
// Outcomes follow AWS: a response or a function error as the runtime posts it; init errors
// (/init/error, or the process ending before init completes); a timeout, which ends the
// environment; the process exiting mid-invocation (Runtime.ExitError, or Runtime.OutOfMemory when
// the runtime ran out of memory).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serviceCaller } from '../caller.js';
import type { Host } from '../host.js';
import type { Timer } from '../../state/scheduler.js';
import { RuntimeApiServer, type RuntimeExchange } from './runtime-api.js';
import { RUNTIMES } from './runtimes.js';

/** Largest synchronous response (AWS: 6 MB). */
export const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** /proc/<pid>/status is about 1.5 KB. */
const STATUS_BUFFER = Buffer.alloc(8192);

export interface EnvironmentSpec {
  /** Which environments may serve which invocations: same function, version and configuration. */
  key: string;
  functionName: string;
  functionArn: string;
  version: string;
  runtime: string;
  handler: string;
  memoryMb: number;
  timeoutSeconds: number;
  account: string;
  region: string;
  /** The execution role's ARN (spec Role). */
  role: string;
  taskRoot: string;
  logGroup: string;
  /** The function's Environment.Variables. */
  variables: Record<string, string>;
}

export interface InvocationRequest {
  requestId: string;
  payload: Buffer;
  invokedArn: string;
  clientContext?: string;
  /** A streamed response's chunks go here (InvokeWithResponseStream); the outcome carries no payload then. */
  stream?: (chunk: Buffer) => void;
}

export type Outcome =
  | { kind: 'response'; payload: Buffer }
  | { kind: 'error'; payload: Buffer; errorType?: string }
  /** Init failed or the environment ended: the payload is the error Lambda reports. */
  | { kind: 'failed'; payload: Buffer; errorType: string; logLine: string };

export interface LogLine {
  timestamp: number;
  message: string;
}

type EnvState = 'init' | 'idle' | 'busy' | 'dead';

let sequence = 0;

export class Environment {
  readonly id = `${process.pid}-${++sequence}`;
  state: EnvState = 'init';
  readonly logStream: string;
  readonly tmpDir: string;
  /** Absolute clock ms when init began and ended (REPORT's Init Duration). */
  readonly initStartedAt: number;
  initDurationMs: number | undefined;
  /** Set on the first invocation only: REPORT carries Init Duration once. */
  initReported = false;
  private proc: ChildProcess | undefined;
  private server: RuntimeApiServer | undefined;
  private heldNext: RuntimeExchange | undefined;
  private current: { req: InvocationRequest; delivered: boolean; done(o: Outcome): void; deadline: number; startedAt: number } | undefined;
  /** One timer per environment for the invocation deadline, not one per invocation: it fires at the
   *  deadline it was set for and, when that invocation is over, moves on to the current one's
   *  (the scheduler drops cancelled timers only when they come due). */
  private deadlineTimer: Timer | undefined;
  /** /proc/<pid>/status, kept open: REPORT's Max Memory Used reads it once per invocation. */
  private statusFd: number | undefined;
  private initWaiters: { resolve(): void; reject(o: Outcome): void }[] = [];
  private initFailure: Outcome | undefined;
  private lines: LogLine[] = [];
  private partial = { out: '', err: '' };
  private outOfMemory = false;
  /** Called when the environment ends (the pool forgets it). */
  onEnd: (() => void) | undefined;
  /** The pool's reaper for this environment, and when it last became idle (environments.ts). */
  idleTimer: Timer | undefined;
  idleSince = 0;

  constructor(
    readonly spec: EnvironmentSpec,
    private readonly host: Host,
    root: string,
  ) {
    this.initStartedAt = host.clock.now();
    const day = new Date(this.initStartedAt).toISOString().slice(0, 10).replaceAll('-', '/');
    this.logStream = `${day}/[${spec.version}]${host.ids.hex(32)}`;
    this.tmpDir = join(root, 'env', this.id, 'tmp');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** The execution role's session credentials, as Lambda gives a function (STS AssumeRole of the
   *  role by lambda.amazonaws.com for the function, session named after it, 12 hours). Deliberate
   *  difference: a role IAM does not know, or whose trust policy does not let Lambda assume it
   *  (AWS refuses such a role at CreateFunction), gets an access key id equal to the function's
   *  account id instead, which Nimbus resolves to that account's root (auth/identity.ts). */
  private async credentials(): Promise<Record<string, string>> {
    const s = this.spec;
    const sts = await this.host.api('sts');
    const session = await sts.assumeRoleAsService(serviceCaller('lambda.amazonaws.com', s.functionArn, s.account), s.role, s.functionName, 12 * 3600);
    if (session) return { AWS_ACCESS_KEY_ID: session.accessKeyId, AWS_SECRET_ACCESS_KEY: session.secretAccessKey, AWS_SESSION_TOKEN: session.sessionToken };
    return { AWS_ACCESS_KEY_ID: s.account, AWS_SECRET_ACCESS_KEY: 'nimbus-lambda', AWS_SESSION_TOKEN: `nimbus-lambda-${s.account}` };
  }

  /** Starts the listener and the process; resolves when init has completed. */
  async start(endpoint: string): Promise<void> {
    // The runtime's GET /next waits as long as the environment stays warm: the listener has no timeouts.
    this.server = new RuntimeApiServer((ex) => this.serve(ex));
    const port = await this.server.listen();
    const launch = RUNTIMES[this.spec.runtime]!(this.spec.taskRoot, this.spec.memoryMb);
    const s = this.spec;
    const credentials = await this.credentials();
    const env: Record<string, string> = {
      ...s.variables,
      // Reserved variables: set by Lambda, the function's own values never override them.
      PATH: this.host.settings.lambda.path,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      HOME: this.tmpDir,
      TMPDIR: this.tmpDir,
      _HANDLER: s.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${s.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: s.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: s.version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memoryMb),
      AWS_LAMBDA_LOG_GROUP_NAME: s.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: this.logStream,
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}`,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: s.region,
      AWS_DEFAULT_REGION: s.region,
      LAMBDA_TASK_ROOT: s.taskRoot,
      LAMBDA_RUNTIME_DIR: s.taskRoot,
      ...credentials,
      AWS_ENDPOINT_URL: endpoint,
      // The SDK a runtime provides: the SDK v3 packages Nimbus has installed (code.ts links them
      // beside the task root; NODE_PATH for require), boto3 from the host's python3.
      NODE_PATH: join(s.taskRoot, '..', 'node_modules'),
      PYTHONUNBUFFERED: '1',
    };
    const proc = spawn(launch.command, launch.args, { cwd: s.taskRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (b: Buffer) => this.output('out', b));
    proc.stderr!.on('data', (b: Buffer) => this.output('err', b));
    proc.on('error', (e) => this.ended(`Error: ${e.message}`));
    proc.on('exit', (code, signal) => this.ended(signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`));
    return new Promise<void>((resolve, reject) => this.initWaiters.push({ resolve, reject }));
  }

  /** Runs one invocation (the environment is idle or has just finished init). */
  invoke(req: InvocationRequest): Promise<Outcome> {
    if (this.initFailure) return Promise.resolve(this.initFailure);
    this.state = 'busy';
    return new Promise<Outcome>((resolve) => {
      const startedAt = this.host.clock.now();
      const deadline = startedAt + this.spec.timeoutSeconds * 1000;
      this.current = { req, delivered: false, startedAt, deadline, done: resolve };
      if (this.deadlineTimer && this.deadlineTimer.at > deadline) {
        this.deadlineTimer.cancel();
        this.deadlineTimer = undefined;
      }
      this.deadlineTimer ??= this.host.scheduler.at(deadline, () => this.deadlineReached());
      this.deliver();
    });
  }

  private deadlineReached(): void {
    this.deadlineTimer = undefined;
    const c = this.current;
    if (!c || this.state === 'dead') return;
    if (this.host.clock.now() >= c.deadline) return this.timedOut(c.req.requestId);
    this.deadlineTimer = this.host.scheduler.at(c.deadline, () => this.deadlineReached());
  }

  /** The process's peak resident set (Linux /proc VmHWM) in MB, for REPORT's Max Memory Used; 0 elsewhere. */
  maxMemoryUsedMb(): number {
    const pid = this.proc?.pid;
    if (!pid) return 0;
    try {
      this.statusFd ??= openSync(`/proc/${pid}/status`, 'r');
      const n = readSync(this.statusFd, STATUS_BUFFER, 0, STATUS_BUFFER.length, 0);
      const m = /VmHWM:\s+(\d+) kB/.exec(STATUS_BUFFER.toString('latin1', 0, n));
      return m ? Math.ceil(Number(m[1]) / 1024) : 0;
    } catch {
      return 0;
    }
  }

  /** The log lines written since the last call. */
  takeLines(): LogLine[] {
    this.flushPartial();
    const l = this.lines;
    this.lines = [];
    return l;
  }

  stop(): Promise<void> {
    if (this.state === 'dead' && !this.proc && !this.server) return Promise.resolve();
    this.state = 'dead';
    const proc = this.proc;
    this.proc = undefined;
    const waits: Promise<void>[] = [];
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      waits.push(new Promise<void>((r) => proc.once('exit', () => r())));
      proc.kill('SIGKILL');
    }
    this.heldNext?.destroy();
    this.heldNext = undefined;
    this.deadlineTimer?.cancel();
    this.deadlineTimer = undefined;
    this.idleTimer?.cancel();
    this.idleTimer = undefined;
    if (this.statusFd !== undefined) closeSync(this.statusFd);
    this.statusFd = undefined;
    if (this.server) {
      const server = this.server;
      this.server = undefined;
      waits.push(server.close());
    }
    return Promise.all(waits).then(() => {
      // Retries: a process the function started may still be writing there as it ends.
      rmSync(join(this.tmpDir, '..'), { recursive: true, force: true, maxRetries: 3 });
    });
  }

  private output(which: 'out' | 'err', b: Buffer): void {
    const text = this.partial[which] + b.toString('utf8');
    const parts = text.split('\n');
    this.partial[which] = parts.pop()!;
    const now = this.host.clock.now();
    for (const message of parts) {
      if (which === 'err' && /JavaScript heap out of memory|Reached heap limit|MemoryError/.test(message)) this.outOfMemory = true;
      this.lines.push({ timestamp: now, message });
    }
  }

  private flushPartial(): void {
    for (const which of ['out', 'err'] as const) {
      if (this.partial[which]) {
        this.lines.push({ timestamp: this.host.clock.now(), message: this.partial[which] });
        this.partial[which] = '';
      }
    }
  }

  private deliver(): void {
    const c = this.current;
    if (!c || c.delivered || !this.heldNext) return;
    const ex = this.heldNext;
    this.heldNext = undefined;
    c.delivered = true;
    c.startedAt = this.host.clock.now();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': c.req.requestId,
      'lambda-runtime-deadline-ms': String(c.startedAt + this.spec.timeoutSeconds * 1000),
      'lambda-runtime-invoked-function-arn': c.req.invokedArn,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(c.startedAt / 1000).toString(16)}-${this.host.ids.hex(24)};Parent=${this.host.ids.hex(16)};Sampled=0`,
    };
    if (c.req.clientContext) headers['lambda-runtime-client-context'] = c.req.clientContext;
    ex.reply(200, c.req.payload, headers);
  }

  private finish(outcome: Outcome): void {
    const c = this.current;
    if (!c) return;
    this.current = undefined;
    if (this.state === 'busy') this.state = 'idle';
    c.done(outcome);
  }

  private timedOut(requestId: string): void {
    if (this.current?.req.requestId !== requestId) return;
    const seconds = this.spec.timeoutSeconds.toFixed(2);
    const message = `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds`;
    this.state = 'dead';
    this.finish({
      kind: 'failed',
      errorType: 'Sandbox.Timedout',
      payload: Buffer.from(JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: message })),
      logLine: `${new Date(this.host.clock.now()).toISOString()} ${requestId} Task timed out after ${seconds} seconds`,
    });
    void this.stop().then(() => this.onEnd?.());
  }

  /** The process ended (or could not start). */
  private ended(how: string): void {
    const wasInit = this.state === 'init';
    this.flushPartial();
    this.state = 'dead';
    const errorType = this.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
    if (wasInit && !this.initFailure) {
      this.initFailure = this.failure(errorType, `RequestId: ${this.current?.req.requestId ?? ''} Error: Runtime exited with error: ${how}`);
    }
    if (this.current) {
      this.finish(this.initFailure ?? this.failure(errorType, `RequestId: ${this.current.req.requestId} Error: Runtime exited with error: ${how}`));
    }
    for (const w of this.initWaiters.splice(0)) w.reject(this.initFailure!);
    void this.stop().then(() => this.onEnd?.());
  }

  private failure(errorType: string, errorMessage: string): Outcome {
    return { kind: 'failed', errorType, payload: Buffer.from(JSON.stringify({ errorType, errorMessage })), logLine: `${errorMessage}\n${errorType}` };
  }

  // -- the Runtime API (2018-06-01) ---------------------------------------------------------------

  private serve(ex: RuntimeExchange): void {
    const url = ex.url;
    const m = /^\/2018-06-01\/runtime\/(?:invocation\/(next|[^/]+\/(response|error))|(init\/error))$/.exec(url);
    if (!m) return reply(ex, 404, { errorType: 'InvalidRequest', errorMessage: `Unknown Runtime API path ${url}` });
    if (m[1] === 'next') {
      if (ex.method !== 'GET') return reply(ex, 405, { errorType: 'InvalidRequest', errorMessage: 'Use GET' });
      return this.next(ex);
    }
    if (m[2] === 'response' && ex.headers['lambda-runtime-function-response-mode'] === 'streaming') return this.streamed(ex, url);
    void ex.read(MAX_RESPONSE_BYTES).then(({ body, size }) => this.posted(ex, m, url, body, size));
  }

  private next(ex: RuntimeExchange): void {
    if (this.state === 'init') {
      this.initDurationMs = this.host.clock.now() - this.initStartedAt;
      this.state = 'idle';
      for (const w of this.initWaiters.splice(0)) w.resolve();
    }
    if (this.heldNext) this.heldNext.destroy();
    this.heldNext = ex;
    ex.onClose(() => {
      if (this.heldNext === ex) this.heldNext = undefined;
    });
    this.deliver();
  }

  /** A streamed response (awslambda.streamifyResponse): chunks go to the caller as they come. */
  private streamed(ex: RuntimeExchange, url: string): void {
    const c = this.current;
    const requestId = decodeURIComponent(url.split('/')[4]!);
    if (!c || !c.delivered || c.req.requestId !== requestId) {
      return reply(ex, 400, { errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' });
    }
    const chunks: Buffer[] = [];
    ex.stream(
      (chunk) => (c.req.stream ? c.req.stream(Buffer.from(chunk)) : chunks.push(Buffer.from(chunk))),
      () => {
        reply(ex, 202, { status: 'OK' });
        if (this.current === c) this.finish({ kind: 'response', payload: Buffer.concat(chunks) });
      },
      () => {
        if (this.current === c) this.finish(this.failure('Runtime.ExitError', `RequestId: ${requestId} Error: the response stream broke`));
      },
    );
  }

  private posted(ex: RuntimeExchange, m: RegExpExecArray, url: string, body: Buffer, size: number): void {
    if (m[3]) {
      // Init error: the runtime reports what failed; the environment is ended.
      const errorType = ex.headers['lambda-runtime-function-error-type'] ?? 'Runtime.Unknown';
      this.initFailure = { kind: 'failed', errorType, payload: body.length ? body : Buffer.from(JSON.stringify({ errorType, errorMessage: 'Init failed' })), logLine: `INIT_REPORT Init Duration: ${(this.host.clock.now() - this.initStartedAt).toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}` };
      reply(ex, 202, { status: 'OK' });
      for (const w of this.initWaiters.splice(0)) w.reject(this.initFailure);
      if (this.current) this.finish(this.initFailure);
      this.state = 'dead';
      void this.stop().then(() => this.onEnd?.());
      return;
    }
    const requestId = decodeURIComponent(url.split('/')[4]!);
    const c = this.current;
    if (!c || !c.delivered || c.req.requestId !== requestId) {
      return reply(ex, 400, { errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' });
    }
    if (m[2] === 'error') {
      this.finish({ kind: 'error', payload: body, errorType: ex.headers['lambda-runtime-function-error-type'] });
    } else if (size > MAX_RESPONSE_BYTES) {
      const errorType = 'Function.ResponseSizeTooLarge';
      this.finish({ kind: 'error', errorType, payload: Buffer.from(JSON.stringify({ errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`, errorType })) });
    } else {
      this.finish({ kind: 'response', payload: body });
    }
    // With the runtime's next GET /invocation/next pipelined behind this POST, the 202 goes out
    // with the next event (runtime-api.ts).
    reply(ex, 202, { status: 'OK' }, true);
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function reply(ex: RuntimeExchange, status: number, body: unknown, withNext = false): void {
  ex.reply(status, JSON.stringify(body), JSON_HEADERS, { withNext });
}
