// Restart time with a large persisted state: fill a --persist directory with small SQS messages
// across a few queues (bench/restart-fill.ts, in a child process: the SQS handlers in-process, a
// commit every 10,000 sends), then spawn `nimbus start --persist DIR` cold, several times, and time
// from spawn to the first successful ListQueues and to GetQueueAttributes reporting every message
// (ApproximateNumberOfMessages summed over the queues). The count found is reported whatever it is:
// a restart that restores fewer messages than were committed misses the target ("restored N of M").
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildRequest, type RequestSpec } from './operations.js';
import { freePort, freshPersistDir, nimbusLaunch, request, startServer, track } from './servers.js';

export const RESTART_DEFAULTS = {
  messages: 1_000_000,
  queues: 4,
  samples: 3,
  commitEvery: 10_000,
  /** Target: every message receivable within this long of spawn. */
  targetMs: 5000,
  /** Stop waiting for the full count this long after spawn (the count found so far is reported). */
  deadlineMs: 10_000,
  /** The fill may take this long (it is not measured, but it is bounded). */
  fillTimeoutMs: 15 * 60_000,
};

export type RestartOptions = typeof RESTART_DEFAULTS;

export interface RestartSample {
  /** Spawn -> first successful (HTTP 200) ListQueues. */
  listQueuesMs?: number;
  /** Queues that first ListQueues listed. */
  queuesListed?: number;
  /** Spawn -> the summed ApproximateNumberOfMessages equals the messages committed (absent: never, within deadlineMs). */
  allMessagesMs?: number;
  /** Messages the restarted server reported (the last poll's sum). */
  found: number;
  error?: string;
}

export interface RestartResult {
  messages: number;
  queues: number;
  /** Fill: wall time, messages the handlers counted before dispose, bytes on disk after. */
  fill?: { ms: number; counted: number; dirBytes: number };
  samples: RestartSample[];
  median?: { listQueuesMs?: number; allMessagesMs?: number };
  /** Fewest messages any restart found. */
  found?: number;
  error?: string;
}

const SQS_ACCOUNT = '000000000000';

function sqsJson(target: string, body: unknown): RequestSpec {
  return {
    signingName: 'sqs',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` },
    body: JSON.stringify(body),
  };
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** Runs bench/restart-fill.js in a child process; resolves with its JSON line. */
function fill(repoRoot: string, dir: string, o: RestartOptions): Promise<{ queues: string[]; sent: number; counted: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const args = [
      '--max-old-space-size=8192',
      'dist/bench/restart-fill.js',
      '--dir', dir,
      '--messages', String(o.messages),
      '--queues', String(o.queues),
      '--commit-every', String(o.commitEvery),
    ];
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.fillTimeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`fill exited (${code ?? signal}): ${(err || out).trim().slice(-600)}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`fill printed no result: ${(err || out).trim().slice(-600)}`));
      }
    });
  });
}

async function countMessages(port: number, queues: string[]): Promise<number> {
  let total = 0;
  for (const q of queues) {
    const spec = sqsJson('GetQueueAttributes', { QueueUrl: `http://127.0.0.1:${port}/${SQS_ACCOUNT}/${q}`, AttributeNames: ['ApproximateNumberOfMessages'] });
    const r = await request(port, buildRequest(spec, { endpoint: `http://127.0.0.1:${port}` }));
    if (r.status !== 200) continue; // e.g. QueueDoesNotExist: the queue was not restored, 0 messages
    const n = Number((JSON.parse(r.body.toString('utf8')) as { Attributes?: Record<string, string> }).Attributes?.ApproximateNumberOfMessages);
    if (Number.isFinite(n)) total += n;
  }
  return total;
}

/** One cold start on the filled directory. */
export async function sample(repoRoot: string, dir: string, queues: string[], expected: number, o: RestartOptions): Promise<RestartSample> {
  const port = await freePort();
  const launch = nimbusLaunch(repoRoot, port, ['--persist', dir]);
  if ('unavailable' in launch) return { found: 0, error: launch.unavailable };
  const probe = buildRequest(sqsJson('ListQueues', {}), { endpoint: `http://127.0.0.1:${port}` });
  let listed = 0;
  let started: Awaited<ReturnType<typeof startServer>>;
  try {
    started = await startServer(launch, 'nimbus-persist', port, probe, (r) => {
      if (r.status !== 200) return false;
      try {
        listed = ((JSON.parse(r.body.toString('utf8')) as { QueueUrls?: string[] }).QueueUrls ?? []).length;
      } catch {
        return false;
      }
      return true;
    }, Math.max(30_000, o.deadlineMs));
  } catch (e) {
    return { found: 0, error: (e as Error).message.split('\n')[0] };
  }
  // The clock started just before spawn: carry it on from the probe's success.
  const base = performance.now() - started.startupMs;
  const s: RestartSample = { listQueuesMs: started.startupMs, queuesListed: listed, found: 0 };
  try {
    for (;;) {
      s.found = await countMessages(port, queues);
      const at = performance.now() - base;
      if (s.found === expected) {
        s.allMessagesMs = at;
        break;
      }
      if (at > o.deadlineMs || started.server.exited) break;
      await sleep(5);
    }
  } catch (e) {
    s.error = (e as Error).message;
  } finally {
    await started.server.stop();
  }
  return s;
}

export async function runRestart(repoRoot: string, options: Partial<RestartOptions> = {}, log: (s: string) => void = () => {}): Promise<RestartResult> {
  const o = { ...RESTART_DEFAULTS, ...options };
  const result: RestartResult = { messages: o.messages, queues: o.queues, samples: [] };
  const dir = freshPersistDir();
  try {
    let queues: string[];
    try {
      const f = await fill(repoRoot, dir, o);
      queues = f.queues;
      result.fill = { ms: f.ms, counted: f.counted, dirBytes: dirBytes(dir) };
      log(`  fill: ${f.sent.toLocaleString('en-US')} messages in ${o.queues} queues in ${(f.ms / 1000).toFixed(1)} s (handlers counted ${f.counted.toLocaleString('en-US')}), ${(result.fill.dirBytes / 1024 / 1024).toFixed(1)} MiB on disk`);
      if (f.counted !== o.messages) throw new Error(`fill counted ${f.counted} messages, expected ${o.messages}`);
    } catch (e) {
      result.error = `fill: ${(e as Error).message}`;
      log(`  ${result.error}`);
      return result;
    }
    for (let i = 0; i < o.samples; i++) {
      const s = await sample(repoRoot, dir, queues, o.messages, o);
      result.samples.push(s);
      log(
        `  restart ${i + 1}: ` +
          (s.listQueuesMs === undefined ? 'did not serve' : `first ListQueues ${s.listQueuesMs.toFixed(0)} ms (${s.queuesListed} queues listed)`) +
          (s.allMessagesMs !== undefined ? `, all ${o.messages.toLocaleString('en-US')} messages ${s.allMessagesMs.toFixed(0)} ms` : `, restored ${s.found.toLocaleString('en-US')} of ${o.messages.toLocaleString('en-US')} messages after ${(o.deadlineMs / 1000).toFixed(0)} s`) +
          (s.error ? `; ${s.error}` : ''),
      );
    }
    const lq = median(result.samples.flatMap((s) => (s.listQueuesMs === undefined ? [] : [s.listQueuesMs])));
    const all = result.samples.every((s) => s.allMessagesMs !== undefined) ? median(result.samples.map((s) => s.allMessagesMs!)) : undefined;
    result.median = { ...(lq !== undefined && { listQueuesMs: lq }), ...(all !== undefined && { allMessagesMs: all }) };
    result.found = Math.min(...result.samples.map((s) => s.found));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

export interface RestartTarget {
  name: string;
  op: '<=';
  limit: number;
  unit: 'ms';
  measured?: number;
  verdict: 'PASS' | 'MISS' | 'n/a';
  note?: string;
}

/** `restart with N persisted messages <= 5000 ms`: the median spawn -> all messages reported; a
 *  restart that found fewer (or more) messages than were committed is a MISS whatever its time. */
export function restartTarget(r: RestartResult | undefined, limitMs = RESTART_DEFAULTS.targetMs): RestartTarget {
  const n = r?.messages ?? RESTART_DEFAULTS.messages;
  const t: RestartTarget = { name: `restart with ${n.toLocaleString('en-US')} persisted messages`, op: '<=', limit: limitMs, unit: 'ms', verdict: 'n/a' };
  if (!r) return t;
  if (r.error) return { ...t, note: r.error };
  const failed = r.samples.find((s) => s.listQueuesMs === undefined);
  if (failed) return { ...t, verdict: 'MISS', note: `a restart did not serve: ${failed.error ?? 'unknown'}` };
  if (r.found !== r.messages || r.median?.allMessagesMs === undefined) {
    return { ...t, verdict: 'MISS', note: `restored ${(r.found ?? 0).toLocaleString('en-US')} of ${n.toLocaleString('en-US')}` };
  }
  const measured = r.median.allMessagesMs;
  return { ...t, measured, verdict: measured <= limitMs ? 'PASS' : 'MISS', note: `first ListQueues ${r.median.listQueuesMs?.toFixed(0)} ms, median of ${r.samples.length}` };
}
