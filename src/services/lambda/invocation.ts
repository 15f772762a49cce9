// Running one invocation in an execution environment: concurrency (reserved concurrency throttles
// with TooManyRequestsException), an environment from the pool (warm or cold), the START / END /
// REPORT lines and the function's output to CloudWatch Logs (logs.ts), the AWS/Lambda metrics
// (metrics.ts), and the result as Invoke reports it.
import { AwsError } from '../../protocol/errors.js';
import type { Environment, LogLine, Outcome } from './environment.js';
import { ACCOUNT_CONCURRENCY } from './concurrency-limits.js';
import { writeInvocationLogs } from './logs.js';
import { emitMetrics } from './metrics.js';
import type { LambdaState } from './store.js';
import type { InvokeTarget } from './target.js';

export type { InvokeTarget } from './target.js';


export interface InvokeOptions {
  clientContext?: string;
  /** Chunks of a streamed response (InvokeWithResponseStream). */
  stream?: (chunk: Buffer) => void;
  requestId?: string;
  /** The caller wants the invocation's log (LogType=Tail). */
  tail?: boolean;
}

export interface InvokeResult {
  requestId: string;
  payload: Buffer;
  /** 'Unhandled' when the function (or its environment) failed. */
  functionError?: string;
  /** The error type the runtime reported, for destinations and DLQ attributes. */
  errorType?: string;
  /** The invocation's log (START..REPORT), when asked for (InvokeOptions.tail). */
  log?: string;
  executedVersion: string;
}

/** Invocations running now, per function (account/region/name) and per account/region. */
const running = new WeakMap<LambdaState, Map<string, number>>();

function counters(state: LambdaState): Map<string, number> {
  let m = running.get(state);
  if (!m) running.set(state, (m = new Map()));
  return m;
}

function throttle(state: LambdaState, t: InvokeTarget, reason: string): never {
  emitMetrics(state, t, { throttled: true });
  throw new AwsError('TooManyRequestsException', 'Rate Exceeded.', { status: 429, fields: { Reason: reason, Type: 'User' } });
}

export async function invoke(state: LambdaState, t: InvokeTarget, payload: Buffer, options: InvokeOptions = {}): Promise<InvokeResult> {
  const c = t.config;
  const fnKey = `${t.fn.account}/${t.fn.region}/${c.FunctionName}`;
  const accountKey = `${t.fn.account}/${t.fn.region}`;
  const count = counters(state);
  const reserved = t.fn.row.reservedConcurrency;
  const active = count.get(fnKey) ?? 0;
  if (reserved !== undefined && active >= reserved) throttle(state, t, 'ReservedFunctionConcurrentInvocationLimitExceeded');
  if ((count.get(accountKey) ?? 0) >= ACCOUNT_CONCURRENCY) throttle(state, t, 'ConcurrentInvocationLimitExceeded');
  count.set(fnKey, active + 1);
  count.set(accountKey, (count.get(accountKey) ?? 0) + 1);
  const concurrent = active + 1;
  const host = state.host;
  const requestId = options.requestId ?? host.ids.uuid();
  try {
    const { env } = await state.environments.acquire({
      key: `${fnKey}/${t.version}/${c.RevisionId}`,
      functionName: c.FunctionName,
      functionArn: c.FunctionArn,
      version: t.version,
      runtime: c.Runtime!,
      handler: c.Handler ?? '',
      memoryMb: c.MemorySize,
      timeoutSeconds: c.Timeout,
      account: t.fn.account,
      region: t.fn.region,
      role: c.Role!,
      logGroup: `/aws/lambda/${c.FunctionName}`,
      variables: c.Environment ?? {},
      codeBlob: c.codeBlob,
      codeSha256: c.CodeSha256,
    });
    const initLines = env.takeLines();
    const startedAt = host.clock.now();
    const outcome: Outcome = await env.invoke({ requestId, payload, invokedArn: t.invokedArn, clientContext: options.clientContext, stream: options.stream });
    const endedAt = host.clock.now();
    const duration = Math.max(0.01, endedAt - startedAt);
    const failed = outcome.kind !== 'response';
    let initDuration: number | undefined;
    if (!env.initReported) {
      env.initReported = true;
      initDuration = env.initDurationMs;
    }
    // The invocation's log: INIT_START (first invocation), the init output, START, the output,
    // END and REPORT.
    const log = (): LogLine[] => {
      const lines: LogLine[] = [];
      if (initDuration !== undefined) {
        lines.push({ timestamp: env.initStartedAt, message: `INIT_START Runtime Version: ${c.Runtime}.nimbus\tRuntime Version ARN: arn:aws:lambda:${t.fn.region}::runtime:nimbus` });
      }
      lines.push(...initLines);
      lines.push({ timestamp: startedAt, message: `START RequestId: ${requestId} Version: ${t.version}` });
      lines.push(...env.takeLines());
      if (outcome.kind === 'failed') lines.push({ timestamp: endedAt, message: outcome.logLine });
      lines.push({ timestamp: endedAt, message: `END RequestId: ${requestId}` });
      const status = outcome.kind === 'failed' ? (outcome.errorType === 'Sandbox.Timedout' ? '\tStatus: timeout' : '\tStatus: error\tError Type: ' + outcome.errorType) : '';
      lines.push({
        timestamp: endedAt,
        message:
          `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration)} ms\tMemory Size: ${c.MemorySize} MB\tMax Memory Used: ${env.maxMemoryUsedMb()} MB` +
          (initDuration !== undefined ? `\tInit Duration: ${initDuration.toFixed(2)} ms` : '') +
          status,
      });
      return lines;
    };
    const logGroup = env.spec.logGroup;
    const logStream = env.logStream;
    const record = (lines: LogLine[]) => {
      writeInvocationLogs(state, t.fn, logGroup, logStream, lines);
      emitMetrics(state, t, { durationMs: duration, error: failed, concurrent });
    };
    const result = (lines?: LogLine[]): InvokeResult => ({
      requestId,
      payload: outcome.payload,
      ...(failed && { functionError: 'Unhandled', errorType: outcome.errorType }),
      ...(lines && { log: lines.map((l) => l.message).join('\n') + '\n' }),
      executedVersion: t.version,
    });
    // The runtime wrote its output to the pipes before it posted the result, but the pipes and the
    // Runtime API socket are read in whatever order the event loop polls them: one turn more
    // (setImmediate) lets output already written reach this invocation's log. Only LogType=Tail
    // waits for that turn; otherwise the caller is answered now and the log, the metrics and
    // REPORT's memory read are done in that turn, after the answer is written (AWS delivers logs
    // and metrics asynchronously too). The environment is then released at once (an in-process
    // caller invoking again right away finds it warm): output of a next invocation can only be read
    // in a later turn than this one's setImmediate.
    if (options.tail) {
      await new Promise((r) => setImmediate(r));
      release(state, env, outcome);
      const lines = log();
      setImmediate(() => record(lines));
      return result(lines);
    }
    release(state, env, outcome);
    setImmediate(() => record(log()));
    return result();
  } finally {
    count.set(fnKey, (count.get(fnKey) ?? 1) - 1);
    count.set(accountKey, (count.get(accountKey) ?? 1) - 1);
  }
}

/** An environment that ended (timeout, crash, init error) has left the pool already. */
function release(state: LambdaState, env: Environment, outcome: Outcome): void {
  if (outcome.kind !== 'failed' && env.state !== 'dead') state.environments.release(env);
}
