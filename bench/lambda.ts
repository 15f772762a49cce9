// Lambda benchmark (not a wrk run): a trivial Node function (`async () => ({ ok: true })`) on a
// Nimbus child process, invoked over plain node:http keep-alive connections with a SigV4-shaped
// request, beside the bare node:http ceiling answering the same client in the same run.
//   cold start   CreateFunction (waited Active) -> first Invoke answered, per fresh function
//   warm invoke  p50 / p99 latency of sequential invocations of a warm environment
//   throughput   invocations/s with C concurrent clients (C warm environments)
// Targets (the issue): warm p50 <= 3x the bare ceiling's request p50; warm throughput >= 2x
// serverless-offline's. serverless-offline runs only as a plugin of the Serverless Framework CLI;
// v4 needs a login, v3 (3.39.0, no login) works offline. Nimbus does not depend on either: set
// NIMBUS_BENCH_SERVERLESS_DIR to a directory holding `npm i serverless@3.39.0
// serverless-offline@13.9.0` and a serverless.yml (service bench, function warm, the same
// handler); the row then measures its Lambda endpoint (SDK Invoke) with the same client.
// Node >= 20.19 needs --no-experimental-require-module for serverless v3 (serverless#12936).
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { fakeAuthorization } from './operations.js';
import { freePort } from './servers.js';

export interface LambdaBenchResult {
  coldStartMs: { p50: number; max: number; samples: number };
  warm: { p50: number; p99: number; samples: number };
  bare: { p50: number; p99: number };
  throughput: { concurrency: number; invocationsPerSec: number; bareRequestsPerSec: number };
  serverlessOffline: string;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function start(args: string[], pattern: RegExp, cwd = REPO_ROOT, env = process.env): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolvePromise, reject) => {
    // stderr is read too: the Serverless Framework logs there.
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd, env });
    let out = '';
    const read = (d: string) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolvePromise({ child, port: Number(m[1]) });
    };
    child.stdout!.setEncoding('utf8').on('data', read);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      if (cwd !== REPO_ROOT) read(d);
      else process.stderr.write(d);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(port: number, method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const auth = (service: string) => ({ authorization: fakeAuthorization(service), 'x-amz-date': '20260101T000000Z' });

async function createFunction(port: number, name: string): Promise<void> {
  const zip = Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = async () => ({ ok: true });') })).toString('base64');
  const r = await call(port, 'POST', '/2015-03-31/functions', JSON.stringify({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::000000000000:role/r', Code: { ZipFile: zip } }), auth('lambda'));
  if (r.status !== 201) throw new Error(`CreateFunction: ${r.status} ${r.body}`);
  for (;;) {
    const c = await call(port, 'GET', `/2015-03-31/functions/${name}/configuration`, '', auth('lambda'));
    if (JSON.parse(c.body).State === 'Active') return;
  }
}

async function invoke(port: number, name: string): Promise<void> {
  const r = await call(port, 'POST', `/2015-03-31/functions/${name}/invocations`, '{}', auth('lambda'));
  if (r.status !== 200 || r.body !== '{"ok":true}') throw new Error(`Invoke: ${r.status} ${r.body}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latencies(n: number, f: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

async function throughput(concurrency: number, ms: number, f: () => Promise<void>): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await f();
        done++;
      }
    }),
  );
  return done / (ms / 1000);
}

export async function runLambdaBench(options: { samples?: number; coldStarts?: number; concurrency?: number; durationMs?: number } = {}): Promise<LambdaBenchResult> {
  const samples = options.samples ?? 2000;
  const concurrency = options.concurrency ?? 8;
  const durationMs = options.durationMs ?? 3000;
  const nimbus = await start([join(REPO_ROOT, 'dist/src/cli/main.js'), 'start', '--port', '0'], /Nimbus listening on http:\/\/[^:]+:(\d+)/);
  const bare = await start([join(REPO_ROOT, 'dist/bench/bare-server.js'), '--port', String(await freePort())], /listening on http:\/\/[^:]+:(\d+)/);
  try {
    const cold: number[] = [];
    for (let i = 0; i < (options.coldStarts ?? 5); i++) {
      const name = `cold-${i}`;
      await createFunction(nimbus.port, name);
      const t = performance.now();
      await invoke(nimbus.port, name);
      cold.push(performance.now() - t);
    }
    cold.sort((a, b) => a - b);
    await createFunction(nimbus.port, 'warm');
    // Warm up: the environments the throughput run uses, and the JIT.
    await Promise.all(Array.from({ length: concurrency }, () => invoke(nimbus.port, 'warm')));
    await latencies(300, () => invoke(nimbus.port, 'warm'));
    const warm = await latencies(samples, () => invoke(nimbus.port, 'warm'));
    const bareCall = async () => {
      await call(bare.port, 'POST', '/', '{}');
    };
    await latencies(300, bareCall);
    const b = await latencies(samples, bareCall);
    const invocationsPerSec = await throughput(concurrency, durationMs, () => invoke(nimbus.port, 'warm'));
    const bareRequestsPerSec = await throughput(concurrency, durationMs, bareCall);
    const serverlessOffline = await serverlessOfflineThroughput(concurrency, durationMs, invocationsPerSec);
    return {
      coldStartMs: { p50: percentile(cold, 50), max: cold[cold.length - 1]!, samples: cold.length },
      warm: { p50: percentile(warm, 50), p99: percentile(warm, 99), samples },
      bare: { p50: percentile(b, 50), p99: percentile(b, 99) },
      throughput: { concurrency, invocationsPerSec, bareRequestsPerSec },
      serverlessOffline,
    };
  } finally {
    nimbus.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
    agent.destroy();
  }
}

/** serverless-offline's warm Invoke throughput, as the report's row (see the header). */
async function serverlessOfflineThroughput(concurrency: number, ms: number, nimbusPerSec: number): Promise<string> {
  const dir = process.env.NIMBUS_BENCH_SERVERLESS_DIR;
  if (!dir) return 'not measured: set NIMBUS_BENCH_SERVERLESS_DIR (serverless@3.39.0 + serverless-offline@13.9.0 installed there)';
  const env = { ...process.env, NODE_OPTIONS: '--no-experimental-require-module', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' };
  const args = [join(dir, 'node_modules/serverless/bin/serverless.js'), 'offline', '--lambdaPort', String(await freePort()), '--httpPort', String(await freePort())];
  const sls = await start(args, /Offline \[http for lambda\] listening on http:\/\/[^:]+:(\d+)/, dir, env);
  try {
    const slsInvoke = async () => {
      const r = await call(sls.port, 'POST', '/2015-03-31/functions/bench-dev-warm/invocations', '{}', auth('lambda'));
      if (r.status !== 200 || r.body !== '{"ok":true}') throw new Error(`serverless-offline Invoke: ${r.status} ${r.body}`);
    };
    await Promise.all(Array.from({ length: concurrency }, slsInvoke));
    await latencies(100, slsInvoke);
    const perSec = await throughput(concurrency, ms, slsInvoke);
    const ratio = nimbusPerSec / perSec;
    return `${Math.round(perSec)} invocations/s (c=${concurrency}): Nimbus ${ratio.toFixed(2)}x ${ratio >= 2 ? 'MET' : 'MISSED'}`;
  } finally {
    sls.child.kill('SIGTERM');
  }
}

export function lambdaReport(r: LambdaBenchResult): string {
  const f = (n: number) => n.toFixed(2);
  const ratio = r.warm.p50 / r.bare.p50;
  return [
    '',
    `Lambda: a trivial Node function (nodejs20.x), Invoke over keep-alive node:http`,
    `  cold start (create -> first invoke answered): p50 ${f(r.coldStartMs.p50)} ms, max ${f(r.coldStartMs.max)} ms (${r.coldStartMs.samples} functions)`,
    `  warm invoke latency: p50 ${f(r.warm.p50)} ms, p99 ${f(r.warm.p99)} ms (${r.warm.samples} sequential)   bare node:http: p50 ${f(r.bare.p50)} ms, p99 ${f(r.bare.p99)} ms`,
    `  warm throughput c=${r.throughput.concurrency}: ${Math.round(r.throughput.invocationsPerSec)} invocations/s   (bare: ${Math.round(r.throughput.bareRequestsPerSec)} requests/s)`,
    `  target warm p50 <= 3x bare p50: ${f(ratio)}x ${ratio <= 3 ? 'MET' : 'MISSED'}`,
    `  target warm throughput >= 2x serverless-offline: ${r.serverlessOffline}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runLambdaBench();
  console.log(lambdaReport(r));
  process.exit(0);
}
