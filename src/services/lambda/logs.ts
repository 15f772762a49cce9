// The invocation log: Lambda writes START / END / REPORT and the function's output to the log
// group /aws/lambda/<name>, one stream per execution environment, through CloudWatch Logs'
// in-process API (logs/api.ts). Writes are queued in order and never fail an invocation.
import type { LogLine } from './environment.js';
import type { LambdaFunction, LambdaState } from './store.js';

export function writeInvocationLogs(state: LambdaState, fn: LambdaFunction, group: string, stream: string, lines: LogLine[]): void {
  if (!lines.length) return;
  state.host.api('logs').then(
    (logs) => logs.putLogEvents(fn.account, fn.region, group, stream, lines),
    (err) => console.error('nimbus: Lambda could not write its logs', err),
  );
}

/** The last 4 KB of an invocation's log, base64 (Invoke with LogType=Tail). */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
}
