// Test support: Nimbus as a child process (`nimbus start --port 0 --persist DIR`), for tests that
// kill it (SIGKILL at any instant) and start it again on the same directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface ChildNimbus {
  endpoint: string;
  process: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), and wait until it is gone. */
  stop(): Promise<void>;
}

/** Starts `nimbus start --port 0` with `args`; resolves once it listens (rejects if it exits first). */
export function startChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildNimbus> {
  const child = spawn(process.execPath, [CLI, 'start', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /Nimbus listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        resolve({ endpoint: m[1]!, process: child, stderr: () => stderr, kill: () => gone('SIGKILL'), stop: () => gone('SIGTERM') });
      }
    });
    child.once('exit', (code, signal) => reject(new ChildExit(code, signal, stderr)));
  });
}

export class ChildExit extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super(`nimbus exited (${code ?? signal}) before listening: ${stderr}`);
  }
}

/** Persisted children for one test file: fresh directories and `--persist` children, all killed
 *  and removed when the file's tests end. */
export function usePersistedChildren(prefix: string): { dir(): string; start(dir: string, args?: string[], env?: NodeJS.ProcessEnv): Promise<ChildNimbus> } {
  const dirs: string[] = [];
  const children: ChildNimbus[] = [];
  after(async () => {
    for (const c of children) await c.kill();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    dir() {
      const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
      dirs.push(d);
      return d;
    },
    async start(dir, args = [], env = {}) {
      const child = await startChild(['--persist', dir, ...args], env);
      children.push(child);
      return child;
    },
  };
}
