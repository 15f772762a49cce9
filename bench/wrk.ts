// wrk driver: Lua script generation (method/headers/body + per-response success checks), running,
// parsing. wrk is C and costs the server little CPU, unlike a Node load generator.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltRequest } from './operations.js';
import { logDir, track, untrack } from './servers.js';

export interface WrkCheck {
  /** Exact status; undefined = any 2xx. */
  status?: number;
  bodyIncludes?: string;
  header?: { name: string; includes: string };
}

export interface WrkResult {
  connections: number;
  durationS: number;
  /** All responses wrk received. */
  requests: number;
  /** Responses that failed the check (non-2xx / wrong status / missing body marker or header). */
  failed: number;
  /** wrk's own "Non-2xx or 3xx responses" count. */
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** Successful responses per second. */
  rps: number;
  latencyUs: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** First failing response (status and start of body), if any. */
  failSample?: string;
  /** Server CPU time (user+sys, whole process tree) per response, in microseconds. */
  serverCpuUsPerReq?: number;
  /** CPU used during the run by processes other than the server, wrk and the harness, in % of one core (noise). */
  otherCpuPct?: number;
  ok: boolean;
}

/** A Lua string literal for arbitrary bytes (decimal escapes: valid in Lua 5.1 and LuaJIT). */
export function luaString(s: string | Buffer): string {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  let out = '"';
  for (const c of b) {
    if (c === 0x22 || c === 0x5c || c < 0x20 || c > 0x7e) out += `\\${c.toString(10).padStart(3, '0')}`;
    else out += String.fromCharCode(c);
  }
  return out + '"';
}

export function wrkLuaScript(req: BuiltRequest, check: WrkCheck): string {
  const lines: string[] = [];
  lines.push(`wrk.method = ${luaString(req.method)}`);
  lines.push(`wrk.path = ${luaString(req.path)}`);
  lines.push('wrk.headers = {}');
  for (const [k, v] of Object.entries(req.headers)) lines.push(`wrk.headers[${luaString(k)}] = ${luaString(v)}`);
  if (req.body.length > 0) lines.push(`wrk.body = ${luaString(req.body)}`);
  const statusCond =
    check.status !== undefined ? `status ~= ${check.status}` : 'status < 200 or status > 299';
  lines.push(
    `local threads = {}`,
    `function setup(thread) table.insert(threads, thread) end`,
    `failed = 0`,
    `sample = nil`,
  );
  if (req.lua !== undefined) {
    // A request/response flow (operations.ts BuiltRequest.lua) replaces the fixed request and check.
    lines.push(`strict = ${check.status !== undefined || check.bodyIncludes !== undefined || check.header !== undefined}`, req.lua);
  } else if (check.bodyIncludes === undefined && check.header === undefined && (check.status === undefined || (check.status >= 200 && check.status <= 299))) {
    // A check of a 2xx status alone is wrk's own non-2xx count (parseWrkOutput). A response() hook
    // would make wrk hand every body to Lua: a copy per response that, for an 8 MiB GetObject,
    // capped the row at ~125 req/s on the client's side, whatever the server could do (209 without).
    // The exact status was checked on the verification request before measuring.
  } else lines.push(
    `local marker = ${check.bodyIncludes !== undefined ? luaString(check.bodyIncludes) : 'nil'}`,
    `local hname = ${check.header ? luaString(check.header.name.toLowerCase()) : 'nil'}`,
    `local hvalue = ${check.header ? luaString(check.header.includes.toLowerCase()) : 'nil'}`,
    `local function header_ok(headers)`,
    `  for k, v in pairs(headers) do`,
    `    if string.lower(k) == hname and string.find(string.lower(v), hvalue, 1, true) then return true end`,
    `  end`,
    `  return false`,
    `end`,
    `function response(status, headers, body)`,
    `  if (${statusCond}) or (marker and not string.find(body, marker, 1, true)) or (hname and not header_ok(headers)) then`,
    `    failed = failed + 1`,
    `    if sample == nil then sample = tostring(status) .. " " .. string.sub(body or "", 1, 300) end`,
    `  end`,
    `end`,
  );
  lines.push(
    `function done(summary, latency, requests)`,
    `  local f = 0`,
    `  local s = nil`,
    `  for _, t in ipairs(threads) do`,
    `    f = f + t:get("failed")`,
    `    if s == nil then s = t:get("sample") end`,
    `  end`,
    `  local e = summary.errors`,
    `  io.write(string.format("BENCH requests=%d duration_us=%d failed=%d status=%d connect=%d read=%d write=%d timeout=%d p50=%d p90=%d p99=%d mean=%.1f max=%d\\n",`,
    `    summary.requests, summary.duration, f, e.status, e.connect, e.read, e.write, e.timeout,`,
    `    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))`,
    `  if s ~= nil then io.write("BENCH_FAIL_SAMPLE " .. string.gsub(s, "[\\r\\n]+", " ") .. "\\n") end`,
    `end`,
  );
  return lines.join('\n') + '\n';
}

export function parseWrkOutput(stdout: string, connections: number, durationS: number): WrkResult {
  const line = /^BENCH (.*)$/m.exec(stdout);
  if (!line) throw new Error(`unexpected wrk output:\n${stdout}`);
  const kv: Record<string, number> = {};
  for (const part of line[1]!.trim().split(/\s+/)) {
    const [k, v] = part.split('=');
    kv[k!] = Number(v);
  }
  const n = (k: string): number => kv[k] ?? 0;
  const non2xxText = /Non-2xx or 3xx responses:\s*(\d+)/.exec(stdout);
  const non2xx = non2xxText ? Number(non2xxText[1]) : n('status');
  const socketErrors = { connect: n('connect'), read: n('read'), write: n('write'), timeout: n('timeout') };
  const requests = n('requests');
  const failed = Math.max(n('failed'), non2xx);
  const sample = /^BENCH_FAIL_SAMPLE (.*)$/m.exec(stdout)?.[1];
  const seconds = n('duration_us') / 1e6;
  const result: WrkResult = {
    connections,
    durationS,
    requests,
    failed,
    non2xx,
    socketErrors,
    rps: seconds > 0 ? (requests - failed) / seconds : 0,
    latencyUs: { p50: n('p50'), p90: n('p90'), p99: n('p99'), mean: n('mean'), max: n('max') },
    ok: requests > 0 && failed === 0 && socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout === 0,
  };
  if (sample !== undefined) result.failSample = sample;
  return result;
}

export interface WrkRun {
  url: string;
  request: BuiltRequest;
  check: WrkCheck;
  connections: number;
  durationS: number;
  /** wrk's per-request timeout (default 5 s; large S3 objects need more on a loaded machine). */
  timeoutS?: number;
}

export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const script = join(logDir(), 'request.lua');
  writeFileSync(script, wrkLuaScript(run.request, run.check));
  const args = ['-t1', `-c${run.connections}`, `-d${run.durationS}s`, '--timeout', `${run.timeoutS ?? 5}s`, '--latency', '-s', script, run.url];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  untrack(child);
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${err || out}`);
  return parseWrkOutput(out, run.connections, run.durationS);
}

/** Runs wrk with a custom Lua script (one thread) until its output matches `until` (then wrk is
 *  ended) or `timeoutMs` passes; returns stdout. */
export async function runWrkScript(lua: string, url: string, connections: number, timeoutMs: number, until: RegExp): Promise<string> {
  const script = join(logDir(), `script-${process.pid}-${Date.now()}.lua`);
  writeFileSync(script, lua);
  const args = ['-t1', `-c${connections}`, `-d${Math.ceil(timeoutMs / 1000)}s`, '--timeout', '10s', '-s', script, url];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  let out = '';
  let err = '';
  let ended = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (!ended && until.test(out)) {
      ended = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  untrack(child);
  if (!ended && code !== 0) throw new Error(`wrk exited with ${code}: ${err || out}`);
  return out;
}

export function wrkVersion(): string | null {
  const r = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (r.error) return null;
  const m = /wrk\s+(\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? m[1]! : 'unknown';
}

/** Make sure wrk is on PATH: install it with apt-get when running as root, else explain. */
export function ensureWrk(allowInstall: boolean): string {
  const v = wrkVersion();
  if (v) return v;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = !spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).error;
  if (allowInstall && isRoot && hasApt) {
    console.log('wrk not found; installing it from Debian packages:');
    for (const cmd of [['apt-get', 'update'], ['apt-get', 'install', '-y', 'wrk']]) {
      console.log(`  $ ${cmd.join(' ')}`);
      const r = spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed (exit ${r.status})`);
    }
    const after = wrkVersion();
    if (after) return after;
  }
  throw new Error(
    'wrk (HTTP load generator) is required and was not found on PATH.\n' +
      '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y wrk\n' +
      '  macOS: brew install wrk\n' +
      '  other: build from https://github.com/wg/wrk',
  );
}
