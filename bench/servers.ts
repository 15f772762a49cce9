// The servers under test: spawn, wait for the first served request (startup time), RSS and CPU of
// the process tree from /proc, stop. Every child is tracked and killed (whole process group) on exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import net from 'node:net';
import { delimiter, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BuiltRequest } from './operations.js';

/** nimbus-persist: Nimbus with --persist on a fresh, empty directory per spawn (removed after). */
export type ServerKind = 'nimbus' | 'nimbus-persist' | 'bare' | 'moto' | 'dynalite' | 'dynalite-path';
// dynalite (npm, DynamoDB only) answers the DynamoDB rows; its other rows fail verification.
export const SERVER_KINDS: ServerKind[] = ['nimbus', 'nimbus-persist', 'bare', 'moto', 'dynalite', 'dynalite-path'];

export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  /** Shown in the report. */
  display: string;
  /** A directory the server gets empty: created just before spawn, removed once the server has exited. */
  freshDir?: string;
}

export interface ServerDef {
  kind: ServerKind;
  /** Bare ceiling answers the same fixed response to everything: check status only. */
  statusOnly: boolean;
  resolve(port: number): Launch | { unavailable: string };
}

// ---- child tracking / cleanup ----

const children = new Set<ChildProcess>();

export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export function untrack(child: ChildProcess): void {
  children.delete(child);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // detached => its own process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Synchronous: safe to call from process.on('exit'). */
export function killAllChildren(): void {
  for (const c of children) killGroup(c, 'SIGKILL');
  children.clear();
}

let logs: string | undefined;

/** Temp directory for server logs and wrk scripts. */
export function logDir(): string {
  return (logs ??= mkdtempSync(join(tmpdir(), 'nimbus-bench-')));
}

export function removeLogDir(): void {
  if (logs) rmSync(logs, { recursive: true, force: true });
  logs = undefined;
}

// ---- server definitions ----

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** moto_server through a pyenv shim is a bash script that execs python: run the real script instead. */
function resolveMoto(): string | null {
  const p = onPath('moto_server');
  if (!p) return null;
  if (p.includes(`${'/'}shims${'/'}`)) {
    const r = spawnSync('pyenv', ['which', 'moto_server'], { encoding: 'utf8' });
    const real = r.status === 0 ? r.stdout.trim() : '';
    if (real && existsSync(real)) return real;
  }
  return p;
}

let persistDirs = 0;

/** A new path under the log directory for one spawn's --persist directory (not created yet). */
export function freshPersistDir(): string {
  return join(logDir(), `persist-${process.pid}-${++persistDirs}`);
}

/** The node options `npm start` runs Nimbus with (package.json's start script, the words between
 *  `node` and the script), so the bench measures Nimbus as users start it. */
function startNodeOptions(repoRoot: string): string[] {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.start ?? '').split(/\s+/);
  const script = words.indexOf('dist/src/cli/main.js');
  return words[0] === 'node' && script > 0 ? words.slice(1, script) : [];
}

/** `nimbus start` on the port, with npm start's node options and any extra arguments. */
export function nimbusLaunch(repoRoot: string, port: number, extra: string[] = []): Launch | { unavailable: string } {
  const main = join(repoRoot, 'dist/src/cli/main.js');
  if (!existsSync(main)) return { unavailable: 'dist/src/cli/main.js not built' };
  const args = [...startNodeOptions(repoRoot), 'dist/src/cli/main.js', 'start', '--port', String(port), '--host', '127.0.0.1', ...extra];
  return { command: process.execPath, args, cwd: repoRoot, display: `node ${args.join(' ')}` };
}

/** dynalite from node_modules, tables ACTIVE at once (as Nimbus's are). */
function dynaliteLaunch(repoRoot: string, port: number, extra: string[] = []): Launch | { unavailable: string } {
  const cli = join(repoRoot, 'node_modules/dynalite/cli.js');
  if (!existsSync(cli)) return { unavailable: 'dynalite not installed (npm ci)' };
  const args = [cli, '--port', String(port), '--host', '127.0.0.1', '--createTableMs', '0', ...extra];
  return { command: process.execPath, args, cwd: repoRoot, display: `node ${args.join(' ').replace(cli, 'node_modules/dynalite/cli.js')}` };
}

export function serverDefs(repoRoot: string): Record<ServerKind, ServerDef> {
  let moto: string | null | undefined;
  return {
    nimbus: {
      kind: 'nimbus',
      statusOnly: false,
      resolve: (port) => nimbusLaunch(repoRoot, port),
    },
    'nimbus-persist': {
      kind: 'nimbus-persist',
      statusOnly: false,
      resolve(port) {
        const dir = freshPersistDir();
        const l = nimbusLaunch(repoRoot, port, ['--persist', dir]);
        if ('unavailable' in l) return l;
        return { ...l, freshDir: dir, display: l.display.replace(dir, '<fresh empty dir>') };
      },
    },
    bare: {
      kind: 'bare',
      statusOnly: true,
      resolve(port) {
        const args = ['dist/bench/bare-server.js', '--port', String(port), '--host', '127.0.0.1'];
        return { command: process.execPath, args, cwd: repoRoot, display: `node ${args.join(' ')}` };
      },
    },
    dynalite: {
      kind: 'dynalite',
      statusOnly: false,
      resolve: (port) => dynaliteLaunch(repoRoot, port),
    },
    'dynalite-path': {
      kind: 'dynalite-path',
      statusOnly: false,
      resolve(port) {
        const dir = freshPersistDir();
        const l = dynaliteLaunch(repoRoot, port, ['--path', dir]);
        if ('unavailable' in l) return l;
        return { ...l, freshDir: dir, display: l.display.replace(dir, '<fresh empty dir>') };
      },
    },
    moto: {
      kind: 'moto',
      statusOnly: false,
      resolve(port) {
        moto ??= resolveMoto();
        if (!moto) return { unavailable: 'moto_server not on PATH' };
        const args = ['-H', '127.0.0.1', '-p', String(port)];
        return { command: moto, args, cwd: repoRoot, display: `${moto} ${args.join(' ')}` };
      },
    },
  };
}

// ---- running servers ----

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** One request on a fresh connection; rejects on connection errors. */
export function request(port: number, req: BuiltRequest, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, 'content-length': String(req.body.length) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error('request timed out')));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
export const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

export class RunningServer {
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  constructor(
    readonly kind: ServerKind,
    readonly port: number,
    readonly child: ChildProcess,
    readonly logPath: string,
    /** Removed once the server has exited (Launch.freshDir). */
    readonly freshDir?: string,
  ) {
    child.once('exit', (code, signal) => {
      this.exited = { code, signal };
      this.removeFreshDir();
    });
  }

  private removeFreshDir(): void {
    if (this.freshDir) rmSync(this.freshDir, { recursive: true, force: true });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get recentOutput(): string {
    try {
      return readFileSync(this.logPath, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }

  /** Pids of the process tree rooted at the server process. */
  treePids(): number[] {
    const out: number[] = [];
    const walk = (pid: number): void => {
      out.push(pid);
      let tasks: string[] = [];
      try {
        tasks = readdirSync(`/proc/${pid}/task`);
      } catch {
        return;
      }
      for (const t of tasks) {
        let kids = '';
        try {
          kids = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8');
        } catch {
          continue;
        }
        for (const k of kids.split(/\s+/).filter(Boolean)) walk(Number(k));
      }
    };
    walk(this.pid);
    return out;
  }

  /** VmRSS of the whole process tree, in KiB. */
  rssKb(): number {
    let total = 0;
    for (const pid of this.treePids()) {
      try {
        const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) total += Number(m[1]);
      } catch {
        /* exited */
      }
    }
    return total;
  }

  /** utime+stime of the process tree, in clock ticks (USER_HZ, 100/s on Linux). */
  cpuTicks(): number {
    let total = 0;
    for (const pid of this.treePids()) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        total += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
      } catch {
        /* exited */
      }
    }
    return total;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    killGroup(this.child, 'SIGTERM');
    const t = setTimeout(() => killGroup(this.child, 'SIGKILL'), 2000);
    await done;
    clearTimeout(t);
    // Reap any grandchildren left in the group.
    killGroup(this.child, 'SIGKILL');
    this.removeFreshDir();
  }
}

export interface Started {
  server: RunningServer;
  /** Spawn to first successful response to the probe request, in ms. */
  startupMs: number;
}

/**
 * Spawn the server and poll (fresh TCP connect + probe request every ~2 ms) until the probe succeeds;
 * the clock starts just before spawn.
 */
export async function startServer(
  launch: Launch,
  kind: ServerKind,
  port: number,
  probe: BuiltRequest,
  isSuccess: (r: RawResponse) => boolean,
  timeoutMs = 30_000,
): Promise<Started> {
  if (launch.freshDir) {
    rmSync(launch.freshDir, { recursive: true, force: true });
    mkdirSync(launch.freshDir, { recursive: true });
  }
  const t0 = performance.now();
  // Output goes straight to a file (no pipe for this process to drain while measuring).
  const logPath = join(logDir(), `${kind}-${port}.log`);
  const fd = openSync(logPath, 'w');
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  track(child);
  const server = new RunningServer(kind, port, child, logPath, launch.freshDir);
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
    if (launch.freshDir) rmSync(launch.freshDir, { recursive: true, force: true });
  });
  let last = '';
  while (performance.now() - t0 < timeoutMs) {
    if (spawnError) throw spawnError;
    if (server.exited) {
      throw new Error(`${kind} exited (${server.exited.code ?? server.exited.signal}) before serving:\n${server.recentOutput}`);
    }
    try {
      const r = await request(port, probe, timeoutMs);
      if (isSuccess(r)) return { server, startupMs: performance.now() - t0 };
      last = `status ${r.status}: ${r.body.toString('utf8').slice(0, 200)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(2);
  }
  await server.stop();
  throw new Error(`${kind} did not serve a successful probe within ${timeoutMs} ms (last: ${last})\n${server.recentOutput}`);
}
