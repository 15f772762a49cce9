// `npm run bench`: Nimbus vs a bare node:http ceiling vs moto_server, side by side, in one run.
// nimbus-persist is Nimbus with --persist on a fresh empty directory per spawn.
// Measures startup (spawn -> first served request), idle RSS, and wrk throughput + p50/p99 latency at
// concurrency 1 and 32 for one cheap operation per protocol family; prints ratios and the issue's
// targets; writes bench/results/latest.json. Also the SNS -> SQS fanout (bench/fanout.ts: 1 topic,
// 3 queues, 1,000 publishes -> 3,000 receivable) on nimbus and moto_server ("fanout" in --only), and
// the restart time with 1,000,000 persisted SQS messages (bench/restart.ts, "restart" in --only).
//
//   npm run bench -- [--only sts,sqs-json] [--servers nimbus,nimbus-persist,bare,moto] [--duration 3] [--spawns 5]
//                    [--probe sts] [--no-install] [--out bench/results/latest.json]
//                    [--repeat 3 (rounds: each cell runs every server once per round; ratios = median of the rounds' ratios)] [--restart-messages 1000000] [--restart-samples 3]
//   env: BENCH_DURATION (seconds per measured run, default 3), BENCH_SPAWNS (startup samples, default 5),
//        BENCH_REPEAT (rounds per cell, default 3), BENCH_ONLY, BENCH_SERVERS,
//        BENCH_FANOUT_PUBLISHES (default 1000), BENCH_RESTART_MESSAGES (default 1000000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { scaleReport, type ScaleResult } from './ddb-scale.js';
import { FANOUT_DEFAULTS, runFanout, type FanoutResult } from './fanout.js';
import { lambdaReport, runLambdaBench, type LambdaBenchResult } from './lambda.js';
import { runS3Bench, S3_SERVERS, type S3Server } from './s3.js';
import { OPERATIONS, buildRequest, checkResponse, type Operation } from './operations.js';
import { RESTART_DEFAULTS, restartTarget, runRestart, type RestartResult } from './restart.js';
import {
  CLK_TCK,
  SERVER_KINDS,
  freePort,
  killAllChildren,
  removeLogDir,
  request,
  serverDefs,
  startServer,
  type Launch,
  type RunningServer,
  type ServerDef,
  type ServerKind,
} from './servers.js';
import { ensureWrk, runWrk, type WrkCheck, type WrkResult } from './wrk.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONCURRENCIES = [1, 32] as const;
const WARMUP_S = 1;
const FAILED_RUN_S = 1;
const IDLE_MS = 1000;
/** Runs where other processes used more than this much CPU (% of one core) are flagged as noisy. */
const NOISY_PCT = 15;
/** Extra runs allowed per cell when the best run so far is noisy, and in the whole bench (time bound). */
const NOISY_RETRIES = 2;
let noisyBudget = 12;

function isNoisy(r: WrkResult): boolean {
  return (r.otherCpuPct ?? 0) > NOISY_PCT;
}

/** Run selection: a failed run always wins (failures stay visible), then a quiet run over a noisy one, then throughput. */
function better(a: WrkResult, b: WrkResult): boolean {
  if (a.ok !== b.ok) return !a.ok;
  if (!a.ok) return false;
  if (isNoisy(a) !== isNoisy(b)) return !isNoisy(a);
  return a.rps > b.rps;
}

// ---------------------------------------------------------------- options

interface Options {
  ops: Operation[];
  servers: ServerKind[];
  durationS: number;
  spawns: number;
  repeat: number;
  probe: Operation;
  install: boolean;
  out: string;
  /** Run the SNS -> SQS fanout measurement (bench/fanout.ts). */
  fanout: boolean;
  /** Run the Lambda measurement (bench/lambda.ts). */
  lambda: boolean;
  /** Run DynamoDB at 10k/100k/1M items in process (bench/ddb-scale.ts). */
  ddbScale: boolean;
  s3: boolean;
  s3Memory: boolean;
  s3Servers: S3Server[];
  /** Run the restart measurement (bench/restart.ts). */
  restart: boolean;
  restartMessages: number;
  restartSamples: number;
}

function usage(): string {
  return [
    'usage: npm run bench -- [options]',
    `  --only a,b        operations (${OPERATIONS.map((o) => o.name).join(', ')}, fanout, lambda, ddb-scale, restart, s3, s3-memory); default all`,
    `  --servers a,b     servers (${SERVER_KINDS.join(', ')}); default all available`,
    `  --s3-servers a,b  servers of the s3 bench (${S3_SERVERS.join(', ')}); default all`,
    '  --duration N      seconds per measured wrk run (env BENCH_DURATION, default 3)',
    '  --spawns N        startup samples per server, median reported (env BENCH_SPAWNS, default 5)',
    "  --repeat N        rounds per cell (one run of each server per round); ratios are the rounds' median (env BENCH_REPEAT, default 3)",
    '  --probe NAME      operation used to detect "first served request" (default sts)',
    '  --no-install      never apt-get install wrk',
    '  --out PATH        results JSON (default bench/results/latest.json)',
    `  --restart-messages N  SQS messages persisted before the restart measurement (env BENCH_RESTART_MESSAGES, default ${RESTART_DEFAULTS.messages})`,
    `  --restart-samples N   cold restarts measured, median reported (default ${RESTART_DEFAULTS.samples})`,
  ].join('\n');
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      servers: { type: 'string' },
      's3-servers': { type: 'string' },
      duration: { type: 'string' },
      spawns: { type: 'string' },
      repeat: { type: 'string' },
      probe: { type: 'string' },
      'no-install': { type: 'boolean' },
      out: { type: 'string' },
      'restart-messages': { type: 'string' },
      'restart-samples': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage());
    process.exit(0);
  }
  const list = (s: string | undefined): string[] | undefined =>
    s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean);
  const byName = (n: string): Operation => {
    const op = OPERATIONS.find((o) => o.name === n);
    if (!op) throw new Error(`unknown operation "${n}"\n${usage()}`);
    return op;
  };
  const onlyAll = list(values.only ?? process.env.BENCH_ONLY);
  const only = onlyAll?.filter((n) => n !== 'fanout' && n !== 'restart' && n !== 'lambda' && n !== 'ddb-scale' && n !== 's3' && n !== 's3-memory');
  const servers = (list(values.servers ?? process.env.BENCH_SERVERS) ?? SERVER_KINDS).map((s) => {
    if (!SERVER_KINDS.includes(s as ServerKind)) throw new Error(`unknown server "${s}"\n${usage()}`);
    return s as ServerKind;
  });
  const s3Servers = (list(values['s3-servers']) ?? S3_SERVERS).map((s) => {
    if (!S3_SERVERS.includes(s as S3Server)) throw new Error(`unknown s3 server "${s}"\n${usage()}`);
    return s as S3Server;
  });
  const int = (v: string | undefined, fallback: number, what: string): number => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer (wrk takes whole seconds), got "${v}"`);
    return n;
  };
  return {
    ops: only ? only.map(byName) : OPERATIONS,
    fanout: !onlyAll || onlyAll.includes('fanout'),
    lambda: !onlyAll || onlyAll.includes('lambda'),
    ddbScale: !onlyAll || onlyAll.includes('ddb-scale'),
    // S3 objects beside moto_server and s3rver (bench/s3.ts); s3-memory adds the 2 GiB RSS figure.
    s3: !onlyAll || onlyAll.includes('s3') || onlyAll.includes('s3-memory'),
    s3Memory: onlyAll?.includes('s3-memory') ?? false,
    s3Servers,
    // Part of the default run when nimbus-persist is among the servers; always when asked for.
    restart: onlyAll ? onlyAll.includes('restart') : servers.includes('nimbus-persist'),
    restartMessages: int(values['restart-messages'] ?? process.env.BENCH_RESTART_MESSAGES, RESTART_DEFAULTS.messages, 'restart-messages'),
    restartSamples: int(values['restart-samples'], RESTART_DEFAULTS.samples, 'restart-samples'),
    servers,
    durationS: int(values.duration ?? process.env.BENCH_DURATION, 3, 'duration'),
    spawns: int(values.spawns ?? process.env.BENCH_SPAWNS, 5, 'spawns'),
    repeat: int(values.repeat ?? process.env.BENCH_REPEAT, 3, 'repeat'),
    probe: byName(values.probe ?? 'sts'),
    install: !values['no-install'],
    out: resolve(REPO_ROOT, values.out ?? 'bench/results/latest.json'),
  };
}

// ---------------------------------------------------------------- measuring

interface OpResult {
  /** null = verified OK; else why the single verification request (or setup) failed. */
  verifyError: string | null;
  /** The cell's best run (quiet over noisy, then throughput): the table's figures. */
  runs: Partial<Record<`c${number}`, WrkResult>>;
  /** Every run of the cell, one per round (measureInRounds): the ratios' source. */
  rounds: Partial<Record<`c${number}`, WrkResult[]>>;
  /** Run failed outright (wrk error / server died). */
  error?: string;
}

interface ServerResult {
  kind: ServerKind;
  command?: string;
  unavailable?: string;
  startupMs?: { median: number; min: number; max: number; samples: number[] };
  idleRssKb?: number;
  rssAfterLoadKb?: number;
  ops: Record<string, OpResult>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function wrkCheck(op: Operation, def: ServerDef): WrkCheck {
  if (def.statusOnly) return {};
  const c: WrkCheck = {};
  if (op.expect.status !== undefined) c.status = op.expect.status;
  if (op.expect.bodyIncludes !== undefined) c.bodyIncludes = op.expect.bodyIncludes;
  if (op.expect.header !== undefined) c.header = op.expect.header;
  return c;
}

/** Busy ticks of the whole machine (user+nice+system+irq+softirq+steal). */
function machineBusyTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + (f[7] ?? 0);
}

/** This process's CPU plus that of its reaped children (wrk runs), in ticks. */
function harnessTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return f[11]! + f[12]! + f[13]! + f[14]!;
}

function log(s: string): void {
  process.stdout.write(s + '\n');
}

function fmtRun(r: WrkResult): string {
  const lat = `p50 ${(r.latencyUs.p50 / 1000).toFixed(2)}ms p99 ${(r.latencyUs.p99 / 1000).toFixed(2)}ms`;
  const errs = Object.values(r.socketErrors).reduce((a, b) => a + b, 0);
  const bad = r.ok ? 'ok' : `FAILED ${r.failed}/${r.requests}${errs ? `, ${errs} socket errors` : ''}`;
  const noise = isNoisy(r) ? `  (noisy: other processes used ${r.otherCpuPct!.toFixed(0)}% of a core)` : '';
  return `${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  ${lat}  ${bad}${noise}`;
}

async function start(def: ServerDef, launch: (port: number) => Launch, opts: Options): Promise<RunningServer & { startupMs: number }> {
  const port = await freePort();
  // dynalite serves DynamoDB only: its first served request is a ListTables.
  const probeOp = def.kind.startsWith('dynalite') ? OPERATIONS.find((o) => o.name === 'ddb-list')! : opts.probe;
  const probe = buildRequest(probeOp, { endpoint: `http://127.0.0.1:${port}` });
  const { server, startupMs } = await startServer(launch(port), def.kind, port, probe, (r) =>
    checkResponse(probeOp.expect, r.status, r.headers, r.body, def.statusOnly) === null,
  );
  return Object.assign(server, { startupMs });
}

/** A server up, ready to be set up and measured operation by operation (prepareServer). */
interface Prepared {
  def: ServerDef;
  result: ServerResult;
  server: RunningServer & { startupMs: number };
  ctx: Record<string, string> & { endpoint: string };
  ops: Operation[];
}

/** Startup samples, then one instance kept up (its idle RSS); operations are set up as they are measured (setUp). */
async function prepareServer(def: ServerDef, ops: Operation[], opts: Options): Promise<Prepared | ServerResult> {
  const result: ServerResult = { kind: def.kind, ops: {} };
  const probeLaunch = def.resolve(0);
  if ('unavailable' in probeLaunch) {
    result.unavailable = probeLaunch.unavailable;
    log(`\n[${def.kind}] skipped: ${probeLaunch.unavailable}`);
    return result;
  }
  const launch = (port: number): Launch => {
    const l = def.resolve(port);
    if ('unavailable' in l) throw new Error(l.unavailable);
    return l;
  };
  result.command = launch(4566).display.replace('4566', '<port>');
  log(`\n[${def.kind}] ${result.command}`);

  // Startup: median over several fresh spawns.
  const samples: number[] = [];
  for (let i = 0; i < opts.spawns; i++) {
    let s: Awaited<ReturnType<typeof start>>;
    try {
      s = await start(def, launch, opts);
    } catch (e) {
      result.unavailable = `failed to start: ${(e as Error).message.split('\n')[0]}`;
      log(`  ${result.unavailable}\n${(e as Error).message.split('\n').slice(1).join('\n')}`);
      return result;
    }
    samples.push(s.startupMs);
    await s.stop();
  }
  result.startupMs = { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
  log(`  startup: median ${result.startupMs.median.toFixed(1)} ms (${samples.map((x) => x.toFixed(0)).join(', ')})`);

  // One more instance for RSS and load, kept up until every server has been measured.
  const server = await start(def, launch, opts);
  const ctx: Prepared['ctx'] = { endpoint: `http://127.0.0.1:${server.port}` };
  // Idle RSS before any setup: setups may load data (the SQS drain preloads 300,000 messages).
  await sleep(IDLE_MS);
  result.idleRssKb = server.rssKb();
  log(`  idle RSS: ${(result.idleRssKb / 1024).toFixed(1)} MiB`);
  return { def, result, server, ctx, ops };
}

/** An operation's setup and one verified request on a prepared server, just before the operation
 *  is measured there: what earlier rows loaded is gone by then (their teardown), so each row is
 *  measured on the state its own setup made (the drain's 300,000 preloaded messages no longer sit
 *  in the heap through every row before it). */
async function setUp(p: Prepared, op: Operation): Promise<void> {
  const r: OpResult = { verifyError: null, runs: {}, rounds: {} };
  p.result.ops[op.name] = r;
  try {
    const setupStart = Date.now();
    let sent = 0;
    for (const s of op.setup ?? []) {
      // A time budget bounds preloads on slow servers (moto's SQS sends slow down as the queue grows).
      if (op.setupBudgetMs !== undefined && Date.now() - setupStart > op.setupBudgetMs) {
        log(`  ${p.def.kind} ${op.name}: setup stopped after ${op.setupBudgetMs / 1000} s, ${sent} of ${op.setup!.length} requests sent`);
        break;
      }
      const res = await request(p.server.port, buildRequest(s, p.ctx));
      if (res.status < 200 || res.status > 299) throw new Error(`setup ${s.method} ${s.path}: status ${res.status}`);
      s.capture?.(res.body, p.ctx);
      sent++;
    }
    if (Date.now() - setupStart > 1000) log(`  ${p.def.kind} ${op.name}: setup ${sent} requests in ${((Date.now() - setupStart) / 1000).toFixed(1)} s`);
    const res = await request(p.server.port, buildRequest(op, p.ctx));
    const err = checkResponse(op.expect, res.status, res.headers, res.body, p.def.statusOnly);
    if (err) r.verifyError = `${err} (HTTP ${res.status}: ${res.body.toString('utf8').replace(/\s+/g, ' ').slice(0, 160)})`;
  } catch (e) {
    r.verifyError = (e as Error).message;
  }
  if (r.verifyError !== null) log(`  ${p.def.kind} ${op.name}: verification failed: ${r.verifyError}`);
}

/** An operation's teardown (what its runs piled up, such as sent messages), best effort. */
async function tearDown(p: Prepared, op: Operation): Promise<void> {
  for (const s of op.teardown ?? []) {
    if (p.server.exited) return;
    await request(p.server.port, buildRequest(s, p.ctx)).catch(() => undefined);
  }
}

/** One measured wrk run on a prepared server, with the server's CPU and other processes' CPU around it. */
async function measure(p: Prepared, op: Operation, c: number, durationS: number): Promise<WrkResult> {
  const [srv0, all0, own0] = [p.server.cpuTicks(), machineBusyTicks(), harnessTicks()];
  const w = await runWrk({ url: p.ctx.endpoint, request: buildRequest(op, p.ctx), check: wrkCheck(op, p.def), connections: c, durationS });
  const srv = p.server.cpuTicks() - srv0;
  const other = machineBusyTicks() - all0 - srv - (harnessTicks() - own0);
  if (w.requests > 0) w.serverCpuUsPerReq = (srv * 1e6) / CLK_TCK / w.requests;
  w.otherCpuPct = Math.max(0, (100 * other) / CLK_TCK / w.durationS);
  log(`  ${p.def.kind.padEnd(14)} ${op.name.padEnd(13)} c=${String(c).padEnd(3)}${fmtRun(w)}`);
  return w;
}

/**
 * Every server is up at once (an idle one costs nothing), and each cell is measured in rounds: one run
 * per server, back to back, in an order that rotates each round. A ratio is then the median of the
 * rounds' ratios, each taken between runs seconds apart. This machine's speed drifts by up to 40%
 * over minutes (a nested VM): measured one server after the other, minutes apart, the drift, not
 * the servers, decided the ratios.
 */
async function measureInRounds(prepared: Prepared[], opts: Options): Promise<void> {
  for (const op of opts.ops) {
    const cells = prepared.filter((p) => p.ops.includes(op));
    if (!cells.length) continue;
    log(`\n[${op.name}] ${op.label}: ${cells.map((p) => p.def.kind).join(', ')}; ${opts.repeat} round${opts.repeat > 1 ? 's' : ''} per concurrency`);
    const live = new Set<Prepared>();
    for (const p of cells) {
      await setUp(p, op);
      const r = p.result.ops[op.name]!;
      try {
        if (p.server.exited) throw new Error(`server exited (${p.server.exited.code ?? p.server.exited.signal})`);
        if (r.verifyError === null) await runWrk({ url: p.ctx.endpoint, request: buildRequest(op, p.ctx), check: wrkCheck(op, p.def), connections: 32, durationS: WARMUP_S });
        live.add(p);
      } catch (e) {
        r.error = (e as Error).message;
        log(`  ${p.def.kind} ${op.name}: ${r.error}`);
      }
    }
    for (const c of [...CONCURRENCIES].reverse()) {
      let rounds = opts.repeat;
      let retries = 0;
      for (let i = 0; i < rounds; i++) {
        const order = [...live];
        const turn = order.splice(0, i % Math.max(1, order.length));
        order.push(...turn);
        for (const p of order) {
          const r = p.result.ops[op.name]!;
          const verified = r.verifyError === null;
          // An unverified server gets one short run per cell, so its failures show in the report.
          if (!verified && i > 0) continue;
          try {
            if (p.server.exited) throw new Error(`server exited (${p.server.exited.code ?? p.server.exited.signal})`);
            const w = await measure(p, op, c, verified ? opts.durationS : FAILED_RUN_S);
            (r.rounds[`c${c}`] ??= []).push(w);
            const best = r.runs[`c${c}`];
            if (!best || better(w, best)) r.runs[`c${c}`] = w;
          } catch (e) {
            r.error = (e as Error).message;
            log(`  ${p.def.kind} ${op.name}: ${r.error}`);
            live.delete(p);
          }
        }
        // Another process competed for the CPU during this round: one more round (bounded).
        const noisy = [...live].some((p) => {
          const w = p.result.ops[op.name]!.rounds[`c${c}`]?.[i];
          return w !== undefined && w.ok && isNoisy(w);
        });
        if (i === rounds - 1 && noisy && retries < NOISY_RETRIES && noisyBudget > 0) {
          retries++;
          noisyBudget--;
          rounds++;
        }
      }
    }
    for (const p of cells) await tearDown(p, op);
  }
  for (const p of prepared) p.result.rssAfterLoadKb = p.server.rssKb();
}

// ---------------------------------------------------------------- report

const COLS: ServerKind[] = ['nimbus', 'nimbus-persist', 'bare', 'moto'];

function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`\n${title}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function ratio(a: number | undefined, b: number | undefined): string {
  return fmtRatio(div(a, b));
}

function div(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/**
 * Throughput of server a over server b in one cell: the median of the rounds' ratios, each between
 * two runs made seconds apart; rounds where another process competed are left out when quiet ones exist.
 */
function rpsRatio(ra: ServerResult | undefined, rb: ServerResult | undefined, op: string, c: number): number | undefined {
  if (!okRun(ra, op, c) || !okRun(rb, op, c)) return undefined;
  const xs = ra!.ops[op]!.rounds[`c${c}`] ?? [];
  const ys = rb!.ops[op]!.rounds[`c${c}`] ?? [];
  const pairs: { r: number; quiet: boolean }[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const [x, y] = [xs[i]!, ys[i]!];
    if (x.ok && y.ok && y.rps > 0) pairs.push({ r: x.rps / y.rps, quiet: !isNoisy(x) && !isNoisy(y) });
  }
  const quiet = pairs.filter((p) => p.quiet);
  const use = quiet.length ? quiet : pairs;
  return use.length ? median(use.map((p) => p.r)) : undefined;
}

function fmtRatio(x: number | undefined): string {
  return x === undefined ? '—' : `${x.toFixed(x < 0.1 ? 3 : 2)}x`;
}

/** Successful-run value or undefined (n/a). */
function okRun(res: ServerResult | undefined, op: string, c: number): WrkResult | undefined {
  const o = res?.ops[op];
  const r = o?.runs[`c${c}`];
  return o && o.verifyError === null && r?.ok ? r : undefined;
}

function cell(res: ServerResult | undefined, op: string, c: number, f: (r: WrkResult) => string): string {
  if (!res || res.unavailable) return '—';
  const o = res.ops[op];
  if (!o) return '—';
  const r = o.runs[`c${c}`];
  if (o.error && !r) return 'error';
  if (!r) return 'n/a';
  if (o.verifyError !== null || !r.ok) {
    const sock = Object.values(r.socketErrors).reduce((a, b) => a + b, 0);
    return `n/a (${r.failed + sock} err)`;
  }
  return f(r) + (isNoisy(r) ? '*' : '');
}

/** A target's verdict on a measured value (a ratio unless said otherwise). */
function target(name: string, op: '<=' | '>=', limit: number, measured: number | undefined, note?: string): Target {
  const verdict = measured === undefined ? 'n/a' : (op === '<=' ? measured <= limit : measured >= limit) ? 'PASS' : 'MISS';
  const r: Target = { name, op, limit, verdict };
  if (measured !== undefined) r.measured = measured;
  if (note) r.note = note;
  return r;
}

/** DynamoDB beside dynalite (in memory and with --path), with the issue's targets. */
function dynaliteReport(results: Partial<Record<ServerKind, ServerResult>>, opts: Options): { text: string; targets: Target[] } {
  const ops = opts.ops.filter((o) => o.name.startsWith('ddb-') && o.name !== 'ddb-list');
  if (!ops.length || (!results.dynalite && !results['dynalite-path'])) return { text: '', targets: [] };
  const kinds: ServerKind[] = ['nimbus', 'nimbus-persist', 'dynalite', 'dynalite-path', 'bare'];
  const rows: string[][] = [];
  const targets: Target[] = [];
  const paired = (a: ServerKind, b: ServerKind, op: string, c: number): number | undefined => rpsRatio(results[a], results[b], op, c);
  for (const op of ops) {
    for (const c of CONCURRENCIES) {
      rows.push([
        `${op.label} c=${c}`,
        ...kinds.map((k) => cell(results[k], op.name, c, (r) => Math.round(r.rps).toLocaleString('en-US'))),
        fmtRatio(paired('nimbus', 'dynalite', op.name, c)),
        fmtRatio(paired('nimbus-persist', 'dynalite-path', op.name, c)),
        fmtRatio(paired('dynalite', 'bare', op.name, c)),
      ]);
    }
    if (op.name === 'ddb-put' || op.name === 'ddb-get') {
      targets.push(target(`${op.label} c=32 throughput: nimbus / dynalite`, '>=', 2, paired('nimbus', 'dynalite', op.name, 32)));
    }
    if (op.name === 'ddb-put') {
      targets.push(target(`${op.label} c=32 throughput: nimbus-persist / dynalite --path`, '>=', 1, paired('nimbus-persist', 'dynalite-path', op.name, 32)));
    }
  }
  // Server CPU per request beside the throughput: on this 2-core machine wrk and the kernel's
  // loopback work share the cores with the server, which compresses throughput ratios; the CPU
  // each server spends per answer is the efficiency comparison that does not depend on that.
  const cpu = ops.map((op) => [
    `${op.label} c=32`,
    ...kinds.map((k) => cell(results[k], op.name, 32, (r) => (r.serverCpuUsPerReq === undefined ? '—' : r.serverCpuUsPerReq.toFixed(0)))),
  ]);
  return {
    text:
      table('DynamoDB beside dynalite (successful req/s)', ['', ...kinds, 'nimbus/dynalite', 'persist/dynalite-path', 'dynalite/bare'], rows) +
      '\n' +
      table('DynamoDB server CPU per request (µs, best run)', ['', ...kinds], cpu),
    targets,
  };
}

function report(results: Partial<Record<ServerKind, ServerResult>>, opts: Options): { text: string; targets: Target[] } {
  const out: string[] = [];
  const [n, p, b, m] = [results.nimbus, results['nimbus-persist'], results.bare, results.moto];
  const ms = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(1));
  const mib = (x: number | undefined): string => (x === undefined ? '—' : (x / 1024).toFixed(1));
  const colHead = COLS.map((k) => (results[k]?.unavailable || !results[k] ? `${k} (—)` : k));

  out.push(
    table(
      `Startup and memory (startup = median of ${opts.spawns} spawns, spawn -> first successful ${opts.probe.label})`,
      ['', ...colHead, 'nimbus/bare', 'nimbus/moto', 'persist/bare'],
      [
        ['startup (ms)', ...COLS.map((k) => ms(results[k]?.startupMs?.median)), ratio(n?.startupMs?.median, b?.startupMs?.median), ratio(n?.startupMs?.median, m?.startupMs?.median), ratio(p?.startupMs?.median, b?.startupMs?.median)],
        ['idle RSS (MiB)', ...COLS.map((k) => mib(results[k]?.idleRssKb)), ratio(n?.idleRssKb, b?.idleRssKb), ratio(n?.idleRssKb, m?.idleRssKb), ratio(p?.idleRssKb, b?.idleRssKb)],
        ['RSS after load (MiB)', ...COLS.map((k) => mib(results[k]?.rssAfterLoadKb)), ratio(n?.rssAfterLoadKb, b?.rssAfterLoadKb), ratio(n?.rssAfterLoadKb, m?.rssAfterLoadKb), ratio(p?.rssAfterLoadKb, b?.rssAfterLoadKb)],
      ],
    ),
  );

  const rowLabel = (op: Operation, c: number): string => `${op.label} (${op.protocol}) c=${c}`;
  const rps = (r: WrkResult): string => Math.round(r.rps).toLocaleString('en-US');
  const tput: string[][] = [];
  const lat: string[][] = [];
  const cpu: string[][] = [];
  for (const op of opts.ops) {
    for (const c of CONCURRENCIES) {
      const [rn, rp, rb, rm] = [okRun(n, op.name, c), okRun(p, op.name, c), okRun(b, op.name, c), okRun(m, op.name, c)];
      tput.push([
        rowLabel(op, c),
        ...COLS.map((k) => cell(results[k], op.name, c, rps)),
        fmtRatio(rpsRatio(n, b, op.name, c)),
        fmtRatio(rpsRatio(n, m, op.name, c)),
        fmtRatio(rpsRatio(m, b, op.name, c)),
        fmtRatio(rpsRatio(p, b, op.name, c)),
        fmtRatio(rpsRatio(p, m, op.name, c)),
      ]);
      const pp = (r: WrkResult): string => `${(r.latencyUs.p50 / 1000).toFixed(2)} / ${(r.latencyUs.p99 / 1000).toFixed(2)}`;
      const pr = (x: WrkResult | undefined, y: WrkResult | undefined): string =>
        x && y ? `${ratio(x.latencyUs.p50, y.latencyUs.p50)} / ${ratio(x.latencyUs.p99, y.latencyUs.p99)}` : '—';
      lat.push([rowLabel(op, c), ...COLS.map((k) => cell(results[k], op.name, c, pp)), pr(rn, rb), pr(rn, rm), pr(rp, rb)]);
      const cu = (r: WrkResult): string => (r.serverCpuUsPerReq === undefined ? '—' : r.serverCpuUsPerReq.toFixed(0));
      if (c === 32) cpu.push([rowLabel(op, c), ...COLS.map((k) => cell(results[k], op.name, c, cu)), ratio(rn?.serverCpuUsPerReq, rb?.serverCpuUsPerReq), ratio(rn?.serverCpuUsPerReq, rm?.serverCpuUsPerReq), ratio(rp?.serverCpuUsPerReq, rn?.serverCpuUsPerReq)]);
    }
  }
  out.push(table(`Throughput (successful req/s, wrk -t1, ${opts.durationS}s per run${opts.repeat > 1 ? `, best of ${opts.repeat} rounds; ratios: median of the rounds' ratios` : ''})`, ['', ...colHead, 'nimbus/bare', 'nimbus/moto', 'moto/bare', 'persist/bare', 'persist/moto'], tput));
  out.push(table('Latency p50 / p99 (ms)', ['', ...colHead, 'nimbus/bare', 'nimbus/moto', 'persist/bare'], lat));
  out.push(table('Server CPU per request (µs, user+sys of the server process tree)', ['', ...colHead, 'nimbus/bare', 'nimbus/moto', 'persist/nimbus'], cpu));

  // Failures: one line each.
  const fails: string[] = [];
  for (const k of COLS) {
    const r = results[k];
    if (!r) continue;
    if (r.unavailable) fails.push(`  ${k}: ${r.unavailable}`);
    for (const [name, o] of Object.entries(r.ops)) {
      if (o.error) fails.push(`  ${k} ${name}: ${o.error}`);
      else if (o.verifyError) fails.push(`  ${k} ${name}: ${o.verifyError}`);
      else
        for (const [c, w] of Object.entries(o.runs)) {
          if (w && !w.ok) fails.push(`  ${k} ${name} ${c}: ${w.failed} failed of ${w.requests}, socket errors ${JSON.stringify(w.socketErrors)}${w.failSample ? `; first: ${w.failSample.slice(0, 160)}` : ''}`);
        }
    }
  }
  if (fails.length) out.push(`\nFailures / not available (n/a cells):\n${fails.join('\n')}`);
  const noisy = COLS.flatMap((k) =>
    Object.entries(results[k]?.ops ?? {}).flatMap(([name, o]) =>
      Object.entries(o.runs)
        .filter(([, w]) => w !== undefined && isNoisy(w))
        .map(([c, w]) => `${k} ${name} ${c} ${w!.otherCpuPct!.toFixed(0)}%`),
    ),
  );
  if (noisy.length) {
    out.push(`\n* noisy: other processes on this machine used >${NOISY_PCT}% of a core during: ${noisy.join(', ')}. Noisy cells are re-measured (up to ${NOISY_RETRIES} times each, 12 in all); re-run on a quiet machine.`);
  }

  const targets = computeTargets(results);
  out.push('\nTargets (ratios measured in this run)');
  out.push(...targetLines(targets));
  return { text: out.join('\n'), targets };
}

function targetLines(targets: Target[]): string[] {
  const width = Math.max(58, ...targets.map((t) => t.name.length));
  return targets.map((t) => {
    const unit = t.unit === 'ms' ? ' ms' : 'x';
    const v = t.measured === undefined ? 'n/a' : t.unit === 'ms' ? `${t.measured.toFixed(0)} ms` : `${t.measured.toFixed(3)}x`;
    return `  ${t.verdict.padEnd(4)}  ${t.name.padEnd(width)} ${t.op} ${t.limit}${unit}   measured ${v}${t.note ? `  (${t.note})` : ''}`;
  });
}

interface Target {
  name: string;
  op: '<=' | '>=';
  limit: number;
  /** Default: a ratio (x). */
  unit?: 'ms';
  measured?: number;
  verdict: 'PASS' | 'MISS' | 'n/a';
  note?: string;
}

function computeTargets(results: Partial<Record<ServerKind, ServerResult>>): Target[] {
  const [n, p, b, m] = [results.nimbus, results['nimbus-persist'], results.bare, results.moto];
  const tput = (x: ServerResult | undefined, y: ServerResult | undefined, op: string): number | undefined => rpsRatio(x, y, op, 32);
  const motoPct = (op: string): string | undefined => {
    const r = tput(m, b, op);
    return r !== undefined ? `moto/bare ${(100 * r).toFixed(1)}%` : undefined;
  };
  return [
    target('startup: nimbus / bare node:http', '<=', 1.5, div(n?.startupMs?.median, b?.startupMs?.median)),
    target('startup: nimbus / moto_server', '<=', 0.3, div(n?.startupMs?.median, m?.startupMs?.median)),
    target('idle RSS: nimbus / bare node:http', '<=', 1.3, div(n?.idleRssKb, b?.idleRssKb)),
    target('STS GetCallerIdentity c=32 throughput: nimbus / bare', '>=', 0.6, tput(n, b, 'sts'), motoPct('sts')),
    target('SQS ListQueues (awsJson1_0) c=32 throughput: nimbus / bare', '>=', 0.6, tput(n, b, 'sqs-json'), motoPct('sqs-json')),
    target('SQS SendMessage (awsJson1_0) c=32 throughput: nimbus / bare', '>=', 0.5, tput(n, b, 'sqs-send-json'), motoPct('sqs-send-json')),
    target('SQS SendMessage (awsQuery) c=32 throughput: nimbus / bare', '>=', 0.5, tput(n, b, 'sqs-send-query'), motoPct('sqs-send-query')),
    target('SQS ReceiveMessage+DeleteMessage c=32 throughput: nimbus / bare', '>=', 0.3, tput(n, b, 'sqs-drain'), motoPct('sqs-drain')),
    target('SSM PutParameter c=32 throughput: nimbus / bare', '>=', 0.5, tput(n, b, 'ssm-put'), motoPct('ssm-put')),
    target('SSM GetParameter c=32 throughput: nimbus / bare', '>=', 0.5, tput(n, b, 'ssm-get'), motoPct('ssm-get')),
    target('KMS Encrypt c=32 throughput: nimbus / bare', '>=', 0.3, tput(n, b, 'kms-encrypt'), motoPct('kms-encrypt')),
    target('KMS Decrypt c=32 throughput: nimbus / bare', '>=', 0.3, tput(n, b, 'kms-decrypt'), motoPct('kms-decrypt')),
    // --persist: every acknowledged write committed to SQLite before its response.
    target('SQS SendMessage (awsJson1_0) c=32 throughput: nimbus-persist / bare', '>=', 0.25, tput(p, b, 'sqs-send-json')),
    target('SQS SendMessage (awsJson1_0) c=32 throughput: nimbus-persist / moto', '>=', 30, tput(p, m, 'sqs-send-json')),
  ];
}

// ---------------------------------------------------------------- fanout (SNS -> SQS)

type FanoutCell = FanoutResult | { unavailable: string };
type FanoutMode = 'envelope' | 'raw';
type FanoutResults = Partial<Record<FanoutMode, Partial<Record<ServerKind, FanoutCell>>>>;
const FANOUT_MODES: FanoutMode[] = ['envelope', 'raw'];

async function benchFanout(defs: Record<ServerKind, ServerDef>, opts: Options): Promise<FanoutResults> {
  const publishes = Number(process.env.BENCH_FANOUT_PUBLISHES ?? FANOUT_DEFAULTS.publishes);
  const out: FanoutResults = {};
  for (const mode of FANOUT_MODES) {
    const cells: Partial<Record<ServerKind, FanoutCell>> = (out[mode] = {});
    for (const kind of (['nimbus', 'moto'] as const).filter((k) => opts.servers.includes(k))) {
      const def = defs[kind];
      const probe = def.resolve(0);
      if ('unavailable' in probe) {
        cells[kind] = { unavailable: probe.unavailable };
        continue;
      }
      const server = await start(def, (port) => def.resolve(port) as Launch, opts);
      try {
        const o = { ...FANOUT_DEFAULTS, raw: mode === 'raw', warmup: 0 };
        // Warm-up round first (untimed), then the timed run with the server's CPU measured around it.
        const w = await runFanout(server.port, { ...o, publishes: FANOUT_DEFAULTS.warmup });
        const [srv0, all0, own0] = [server.cpuTicks(), machineBusyTicks(), harnessTicks()];
        const r = w.error ? { ...w, error: `warm-up: ${w.error}` } : await runFanout(server.port, { ...o, publishes });
        const srv = server.cpuTicks() - srv0;
        const other = machineBusyTicks() - all0 - srv - (harnessTicks() - own0);
        if (!r.error) r.serverCpuUsPerPublish = (srv * 1e6) / CLK_TCK / r.publishes;
        const otherPct = r.error ? 0 : Math.max(0, (100 * other) / CLK_TCK / (r.receivableMs / 1000));
        cells[kind] = r;
        log(
          `  [${kind}] fanout (${mode}) ${r.publishes} publishes -> ${r.deliveries} deliveries: ${r.error ?? `publish ${r.publishMs.toFixed(0)} ms, all receivable ${r.receivableMs.toFixed(0)} ms, ${Math.round(r.deliveriesPerSec).toLocaleString('en-US')} deliveries/s, server CPU ${r.serverCpuUsPerPublish!.toFixed(0)} µs/publish`}` +
            (otherPct > NOISY_PCT ? `  (noisy: other processes used ${otherPct.toFixed(0)}% of a core)` : ''),
        );
      } finally {
        await server.stop();
      }
    }
  }
  return out;
}

function fanoutRate(c: FanoutCell | undefined): number | undefined {
  return c && !('unavailable' in c) && !c.error ? c.deliveriesPerSec : undefined;
}

function fanoutReport(results: FanoutResults): string {
  const kinds: ServerKind[] = ['nimbus', 'moto'];
  const rows: string[][] = [];
  const errors: string[] = [];
  for (const mode of FANOUT_MODES) {
    const f = results[mode];
    if (!f) continue;
    const cell = (k: ServerKind, g: (r: FanoutResult) => string): string => {
      const c = f[k];
      if (!c) return '—';
      if ('unavailable' in c) return 'n/a';
      return c.error ? 'error' : g(c);
    };
    rows.push(
      [`${mode}: all receivable (ms)`, ...kinds.map((k) => cell(k, (r) => r.receivableMs.toFixed(0))), ''],
      [`${mode}: deliveries/s`, ...kinds.map((k) => cell(k, (r) => Math.round(r.deliveriesPerSec).toLocaleString('en-US'))), ratio(fanoutRate(f.nimbus), fanoutRate(f.moto))],
      [`${mode}: server CPU per publish (µs)`, ...kinds.map((k) => cell(k, (r) => (r.serverCpuUsPerPublish === undefined ? '—' : r.serverCpuUsPerPublish.toFixed(0)))), ''],
    );
    for (const k of kinds) {
      const c = f[k];
      if (c && 'error' in c && c.error) errors.push(`  ${k} (${mode}): ${c.error}`);
      else if (c && 'unavailable' in c) errors.push(`  ${k} (${mode}): ${c.unavailable}`);
    }
  }
  const t = fanoutTarget(results);
  return (
    table(`Fanout: 1 topic -> 3 SQS queues, ${FANOUT_DEFAULTS.publishes} publishes, ${FANOUT_DEFAULTS.concurrency} concurrent publishers (envelope = signed SNS JSON, raw = RawMessageDelivery)`, ['', ...kinds, 'nimbus/moto'], rows) +
    (errors.length ? `\n${errors.join('\n')}` : '') +
    `\n  ${t.verdict.padEnd(4)}  ${t.name.padEnd(58)} ${t.op} ${t.limit}x   measured ${t.measured === undefined ? 'n/a' : `${t.measured.toFixed(1)}x`}`
  );
}

/** The issue's target, on the default (signed envelope) delivery. */
function fanoutTarget(results: FanoutResults): Target {
  const n = fanoutRate(results.envelope?.nimbus);
  const m = fanoutRate(results.envelope?.moto);
  return target('SNS->SQS fanout delivery rate: nimbus / moto_server', '>=', 100, div(n, m));
}

// ---------------------------------------------------------------- restart (persisted SQS messages)

function restartReport(r: RestartResult | undefined): string {
  const ms = (x: number | undefined): string => (x === undefined ? '—' : x.toFixed(0));
  const rows: string[][] = r
    ? [
        ['spawn -> first ListQueues (ms)', ...r.samples.map((s) => ms(s.listQueuesMs)), ms(r.median?.listQueuesMs)],
        [`spawn -> all ${r.messages.toLocaleString('en-US')} messages (ms)`, ...r.samples.map((s) => ms(s.allMessagesMs)), ms(r.median?.allMessagesMs)],
        ['messages found', ...r.samples.map((s) => s.found.toLocaleString('en-US')), r.found === undefined ? '—' : r.found.toLocaleString('en-US')],
      ]
    : [];
  const header = ['', ...(r?.samples.map((_, i) => `#${i + 1}`) ?? []), r?.samples.length ? 'median / min' : ''];
  const size = r?.fill ? `, ${(r.fill.dirBytes / 1024 / 1024).toFixed(1)} MiB on disk, filled in ${(r.fill.ms / 1000).toFixed(1)} s` : '';
  return (
    '\n' +
    table(`Restart: nimbus start --persist on a directory holding ${(r?.messages ?? RESTART_DEFAULTS.messages).toLocaleString('en-US')} SQS messages in ${r?.queues ?? RESTART_DEFAULTS.queues} queues${size}`, header, rows) +
    (r?.error ? `\n  ${r.error}` : '') +
    '\n' +
    targetLines([restartTarget(r)]).join('\n')
  );
}

// ---------------------------------------------------------------- main

function installCleanup(): void {
  process.on('exit', () => {
    killAllChildren();
    removeLogDir();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping servers`);
      process.exit(130);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(e);
    process.exit(1);
  });
}

async function main(): Promise<void> {
  installCleanup();
  const opts = parseOptions(process.argv.slice(2));
  const wrk = ensureWrk(opts.install);
  const defs = serverDefs(REPO_ROOT);
  const t0 = Date.now();
  log(
    `nimbus bench: ${os.cpus().length} cores, node ${process.version}, wrk ${wrk}; ` +
      `operations ${opts.ops.map((o) => o.name).join(',')}; ${opts.durationS}s per run (+${WARMUP_S}s warm-up), c=${CONCURRENCIES.join(',')}`,
  );
  const results: Partial<Record<ServerKind, ServerResult>> = {};
  // Each server is started and set up in turn, then all are measured side by side in rounds.
  // dynalite answers only the DynamoDB rows.
  const ddbOps = opts.ops.filter((o) => o.name.startsWith('ddb-'));
  const prepared: Prepared[] = [];
  try {
    for (const kind of (['bare', 'nimbus', 'nimbus-persist', 'moto', 'dynalite', 'dynalite-path'] as const).filter((k) => opts.servers.includes(k))) {
      const ops = kind.startsWith('dynalite') ? ddbOps : opts.ops;
      if (!ops.length) continue;
      const p = await prepareServer(defs[kind], ops, opts);
      if ('server' in p) {
        prepared.push(p);
        results[kind] = p.result;
      } else results[kind] = p;
    }
    await measureInRounds(prepared, opts);
  } finally {
    for (const p of prepared) await p.server.stop();
  }
  const fanout = opts.fanout ? await benchFanout(defs, opts) : undefined;
  let lambda: LambdaBenchResult | undefined;
  if (opts.lambda) {
    log('\n[lambda] a trivial Node function: cold starts, warm invoke latency and throughput beside the bare ceiling');
    lambda = await runLambdaBench();
  }
  let ddbScale: ScaleResult[] | undefined;
  if (opts.ddbScale) {
    log('\n[ddb-scale] DynamoDB in process at 10,000, 100,000 and 1,000,000 items (a child with --expose-gc)');
    // A child of its own: a clean heap for the per-item figure, and --expose-gc.
    const r = spawnSync(process.execPath, ['--expose-gc', resolve(REPO_ROOT, 'dist/bench/ddb-scale.js'), '--json'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status === 0) ddbScale = JSON.parse(r.stdout.trim().split('\n').pop()!) as ScaleResult[];
    else log(`ddb-scale failed: ${r.stderr || r.stdout}`);
  }
  const s3 = opts.s3 ? await runS3Bench(REPO_ROOT, opts.s3Servers, opts.durationS, opts.s3Memory, log) : undefined;
  let restart: RestartResult | undefined;
  if (opts.restart) {
    log(`\n[restart] ${opts.restartMessages.toLocaleString('en-US')} SQS messages persisted in ${RESTART_DEFAULTS.queues} queues, then ${opts.restartSamples} cold starts of nimbus start --persist <that dir>`);
    restart = await runRestart(REPO_ROOT, { messages: opts.restartMessages, samples: opts.restartSamples }, log);
  }
  const { text, targets } = report(results, opts);
  const ddb = dynaliteReport(results, opts);
  targets.push(...ddb.targets);
  if (fanout) targets.push(fanoutTarget(fanout));
  if (opts.restart) targets.push(restartTarget(restart));
  log(text + ddb.text + (fanout ? fanoutReport(fanout) : '') + (lambda ? lambdaReport(lambda) : '') + (ddbScale ? '\n' + scaleReport(ddbScale, true) + '\n' : '') + (opts.restart ? restartReport(restart) : ''));
  mkdirSync(dirname(opts.out), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    elapsedS: Math.round((Date.now() - t0) / 1000),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, kernel: os.release(), node: process.version, wrk },
    config: { operations: opts.ops.map((o) => o.name), servers: opts.servers, durationS: opts.durationS, repeat: opts.repeat, warmupS: WARMUP_S, spawns: opts.spawns, probe: opts.probe.name, concurrencies: CONCURRENCIES },
    servers: results,
    ...(fanout && { fanout }),
    ...(lambda && { lambda }),
    ...(ddbScale && { ddbScale }),
    ...(s3 && { s3 }),
    ...(restart && { restart }),
    targets,
  };
  writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
  log(`\nwrote ${relative(process.cwd(), opts.out) || opts.out} (${json.elapsedS}s total)`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
