// The execution environments of every function: warm ones reused (most recently used first, as
// Lambda does), more started when invocations overlap, idle ones reaped after
// settings.lambda.idleSeconds on the scheduler. Child processes and their listeners all end on
// dispose. Code is unpacked once per CodeSha256 under one temporary root for the instance.
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Host } from '../host.js';
import { codeDirectory } from './code.js';
import { Environment, type EnvironmentSpec } from './environment.js';

/** The node_modules holding the SDK v3 packages Nimbus is installed with (the "runtime-provided SDK"). */
const SDK_NODE_MODULES: string | undefined = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'node_modules', '@aws-sdk'))) return join(dir, 'node_modules');
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
})();

export interface StartSpec extends Omit<EnvironmentSpec, 'taskRoot'> {
  codeBlob: string;
  codeSha256: string;
}

export class EnvironmentPool {
  private rootDir: string | undefined;
  private readonly idle = new Map<string, Environment[]>();
  private readonly all = new Set<Environment>();
  private disposed = false;

  constructor(private readonly host: Host) {}

  private get root(): string {
    return (this.rootDir ??= mkdtempSync(join(tmpdir(), 'nimbus-lambda-')));
  }

  /** How many environments exist (any state), for tests and metrics. */
  get size(): number {
    return this.all.size;
  }

  /** A warm environment for this spec, or a new one (its init run). Rejects with the init failure. */
  async acquire(spec: StartSpec): Promise<{ env: Environment; cold: boolean }> {
    const warm = this.idle.get(spec.key);
    while (warm && warm.length) {
      const env = warm.pop()!;
      if (env.state === 'idle') return { env, cold: false };
    }
    if (this.disposed) throw new Error('Lambda is stopping');
    const taskRoot = await codeDirectory(this.host, join(this.root, 'code'), spec.codeBlob, spec.codeSha256);
    const link = join(taskRoot, '..', 'node_modules');
    if (SDK_NODE_MODULES && !existsSync(link)) {
      try {
        symlinkSync(SDK_NODE_MODULES, link, 'dir');
      } catch {
        /* another environment linked it first */
      }
    }
    const env = new Environment({ ...spec, taskRoot }, this.host, this.root);
    this.all.add(env);
    env.onEnd = () => this.forget(env);
    const s = this.host.settings;
    const endpoint = `http://${s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host}:${s.port}`;
    await env.start(endpoint).catch((failure) => {
      // The first invocation reports the init failure (the environment has ended).
      if (env.state !== 'dead') throw failure;
    });
    return { env, cold: true };
  }

  /** An environment finished an invocation: warm for the next one until the idle time runs out. */
  release(env: Environment): void {
    if (env.state !== 'idle' || this.disposed) {
      if (env.state !== 'dead') void env.stop().then(() => this.forget(env));
      return;
    }
    let list = this.idle.get(env.spec.key);
    if (!list) this.idle.set(env.spec.key, (list = []));
    list.push(env);
    env.idleSince = this.host.clock.now();
    if (!env.idleTimer) this.reapAt(env, env.idleSince + this.host.settings.lambda.idleSeconds * 1000);
  }

  /** One reaper timer per environment, not one per release (the scheduler drops cancelled timers
   *  only when they come due, so a timer per invocation would pile up for idleSeconds): when it
   *  fires, an environment used since waits again from its last release; a busy one is left to
   *  its next release. */
  private reapAt(env: Environment, at: number): void {
    env.idleTimer = this.host.scheduler.at(at, () => {
      env.idleTimer = undefined;
      const l = this.idle.get(env.spec.key);
      const i = l?.indexOf(env) ?? -1;
      if (i < 0) return;
      const due = env.idleSince + this.host.settings.lambda.idleSeconds * 1000;
      if (this.host.clock.now() < due) return this.reapAt(env, due);
      l!.splice(i, 1);
      void env.stop().then(() => this.forget(env));
    });
  }

  /** Ends every environment of a function (its code or configuration changed, or it was deleted). */
  async retire(keyPrefix: string): Promise<void> {
    const ending: Promise<void>[] = [];
    for (const [key, list] of this.idle) {
      if (!key.startsWith(keyPrefix)) continue;
      for (const env of list) {
        env.idleTimer?.cancel();
        ending.push(env.stop().then(() => this.forget(env)));
      }
      this.idle.delete(key);
    }
    await Promise.all(ending);
  }

  private forget(env: Environment): void {
    this.all.delete(env);
    const l = this.idle.get(env.spec.key);
    const i = l?.indexOf(env) ?? -1;
    if (i >= 0) l!.splice(i, 1);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.all].map((env) => env.stop()));
    this.all.clear();
    this.idle.clear();
    if (this.rootDir) rmSync(this.rootDir, { recursive: true, force: true });
  }
}
