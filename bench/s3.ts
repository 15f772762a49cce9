// S3 object benchmark ("s3" in --only): PutObject and GetObject of 4 KiB and 8 MiB objects at
// concurrency 32 (wrk, keep-alive) on Nimbus, moto_server, s3rver and the bare node:http ceiling
// (bench/bare-server.ts: reads the body, answers a fixed 200), one server at a time, with the
// server's CPU time per request (its process tree's, from /proc), and in
// the same run the raw disk copy speed (32 concurrent 8 MiB file copies through streams, the
// floor an 8 MiB PUT or GET is compared with). "s3-memory" in --only adds the 2 GiB figure: the
// RSS growth of a Nimbus child while an SDK v3 client (another child) uploads (aws-chunked) and
// downloads 2 GiB.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { unlink } from 'node:fs/promises';
import { fakeAuthorization, type BuiltRequest } from './operations.js';
import { CLK_TCK, freePort, nimbusLaunch, request, serverDefs, startServer, type Launch, type RunningServer } from './servers.js';
import { runWrk, type WrkResult } from './wrk.js';

export type S3Server = 'nimbus' | 'moto' | 's3rver' | 'bare';
export const S3_SERVERS: S3Server[] = ['nimbus', 'moto', 's3rver', 'bare'];

interface Case {
  name: string;
  method: 'PUT' | 'GET';
  size: number;
}

const KiB = 1024;
const MiB = 1024 * 1024;
const CASES: Case[] = [
  { name: 'PutObject 4 KiB', method: 'PUT', size: 4 * KiB },
  { name: 'GetObject 4 KiB', method: 'GET', size: 4 * KiB },
  { name: 'PutObject 8 MiB', method: 'PUT', size: 8 * MiB },
  { name: 'GetObject 8 MiB', method: 'GET', size: 8 * MiB },
];
const CONNECTIONS = 32;
const BUCKET = 'bench-bucket';

export interface S3BenchResult {
  servers: Partial<Record<S3Server, Record<string, { rps: number; mbPerSec: number; p99Ms: number; cpuUsPerReq?: number; ok: boolean; failSample?: string } | { error: string }>>>;
  diskCopyMbPerSec: number;
  memory?: { size: number; uploadGrowthMb: number; downloadGrowthMb: number } | { error: string };
}

// s3rver checks signatures unless told not to, and knows only its own access key.
function auth(server: S3Server): Record<string, string> {
  const a = fakeAuthorization('s3', 'host;x-amz-content-sha256;x-amz-date');
  return {
    authorization: server === 's3rver' ? a.replace('AKIAIOSFODNN7EXAMPLE', 'S3RVER') : a,
    // The current time: s3rver refuses a skewed date.
    'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''),
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
  };
}

function req(server: S3Server, method: string, path: string, body = Buffer.alloc(0)): BuiltRequest {
  return { method, path, headers: { ...auth(server), ...(body.length > 0 && { 'content-type': 'application/octet-stream' }) }, body };
}

function launch(server: S3Server, repoRoot: string, port: number, dataDir: string): Launch | { unavailable: string } {
  if (server === 'nimbus') return nimbusLaunch(repoRoot, port);
  if (server === 'moto') return serverDefs(repoRoot).moto.resolve(port);
  if (server === 'bare') return serverDefs(repoRoot).bare.resolve(port);
  const bin = join(repoRoot, 'node_modules/s3rver/bin/s3rver.js');
  const args = [bin, '-d', dataDir, '-a', '127.0.0.1', '-p', String(port), '--silent', '--allow-mismatched-signatures'];
  return { command: process.execPath, args, cwd: repoRoot, display: `node s3rver ${args.slice(1).join(' ')}` };
}

async function benchServer(server: S3Server, repoRoot: string, durationS: number, log: (s: string) => void): Promise<NonNullable<S3BenchResult['servers'][S3Server]>> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${server}-`));
  const l = launch(server, repoRoot, port, dataDir);
  if ('unavailable' in l) {
    log(`  [${server}] unavailable: ${l.unavailable}`);
    return { all: { error: l.unavailable } };
  }
  let running: RunningServer | undefined;
  const out: NonNullable<S3BenchResult['servers'][S3Server]> = {};
  try {
    running = (await startServer(l, 'nimbus', port, req(server, 'GET', '/'), (r) => r.status === 200)).server;
    const made = await request(port, req(server, 'PUT', `/${BUCKET}`));
    if (made.status !== 200) throw new Error(`CreateBucket answered ${made.status}: ${made.body.toString().slice(0, 200)}`);
    for (const c of CASES) {
      const key = `${c.method === 'PUT' ? 'put' : 'get'}-${c.size}`;
      const body = Buffer.alloc(c.size, 'nimbus bench ');
      if (c.method === 'GET') {
        const put = await request(port, req(server, 'PUT', `/${BUCKET}/${key}`, body), 60_000);
        if (put.status !== 200) throw new Error(`seeding ${key} answered ${put.status}`);
      }
      const run = { url: `http://127.0.0.1:${port}`, request: req(server, c.method, `/${BUCKET}/${key}`, c.method === 'PUT' ? body : Buffer.alloc(0)), check: { status: 200 }, connections: CONNECTIONS };
      // 8 MiB at c=32 moves 256 MiB at a time: allow slow answers on a loaded machine.
      const timeoutS = c.size > MiB ? 60 : 5;
      // One verified request first: during the runs wrk counts only non-2xx answers (wrk.ts).
      const verified = await request(port, run.request, 60_000);
      if (verified.status !== 200) throw new Error(`${c.name} answered ${verified.status}: ${verified.body.toString().slice(0, 200)}`);
      await runWrk({ ...run, durationS: 1, timeoutS }); // warm-up
      const ticks0 = running.cpuTicks();
      const r: WrkResult = await runWrk({ ...run, durationS: c.size > MiB ? Math.max(durationS, 5) : durationS, timeoutS });
      const cpuUsPerReq = r.requests > 0 ? ((running.cpuTicks() - ticks0) * 1e6) / CLK_TCK / r.requests : undefined;
      out[c.name] = { rps: r.rps, mbPerSec: (r.rps * c.size) / MiB, p99Ms: r.latencyUs.p99 / 1000, ...(cpuUsPerReq !== undefined && { cpuUsPerReq }), ok: r.ok, ...(r.failSample && { failSample: r.failSample }) };
      const cpu = cpuUsPerReq === undefined ? '' : `, server CPU ${cpuUsPerReq.toFixed(0)} us/req`;
      log(`  [${server}] ${c.name} c=${CONNECTIONS}: ${Math.round(r.rps).toLocaleString('en-US')} req/s, ${((r.rps * c.size) / MiB).toFixed(1)} MiB/s, p99 ${(r.latencyUs.p99 / 1000).toFixed(1)} ms${cpu}${r.ok ? '' : ` FAILED (${r.failed} bad: ${r.failSample})`}`);
    }
  } catch (e) {
    log(`  [${server}] failed: ${(e as Error).message}`);
    out.all = { error: (e as Error).message };
  } finally {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return out;
}

/** 32 concurrent 8 MiB file copies (read stream -> write stream, like an object PUT's blob write
 *  or a GET's read), for `durationS`: MiB/s copied. */
export async function diskCopySpeed(durationS: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-disk-'));
  const src = join(dir, 'src');
  writeFileSync(src, Buffer.alloc(8 * MiB, 'disk copy '));
  let copied = 0;
  let n = 0;
  const end = performance.now() + durationS * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      const dst = join(dir, `dst-${n++}`);
      await pipeline(createReadStream(src), createWriteStream(dst));
      copied += 8 * MiB;
      await unlink(dst);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return copied / MiB / seconds;
}

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** 2 GiB up and down through a Nimbus child, its RSS sampled from /proc. */
async function memory(repoRoot: string, log: (s: string) => void): Promise<S3BenchResult['memory']> {
  const size = 2 * 1024 * MiB;
  const port = await freePort();
  const l = nimbusLaunch(repoRoot, port);
  if ('unavailable' in l) return { error: l.unavailable };
  const { server } = await startServer(l, 'nimbus', port, req('nimbus', 'GET', '/'), (r) => r.status === 200);
  try {
    await request(port, req('nimbus', 'PUT', '/memory-bucket'));
    const client = join(repoRoot, 'dist/test/support/s3-stream-client.js');
    const run = (op: string, key: string, bytes: number) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [client, `http://127.0.0.1:${port}`, op, key, String(bytes), 'memory-bucket'], { stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`client ${op} exited ${code}`))));
      });
    const growth = async (work: () => Promise<void>) => {
      const start = rssOf(server.child.pid!);
      let peak = start;
      const timer = setInterval(() => (peak = Math.max(peak, rssOf(server.child.pid!))), 50);
      try {
        await work();
      } finally {
        clearInterval(timer);
      }
      return (peak - start) / MiB;
    };
    await run('put', 'warm', 64 * MiB);
    await run('get', 'warm', 64 * MiB);
    const up = await growth(() => run('put', 'big', size));
    const down = await growth(() => run('get', 'big', size));
    log(`  [nimbus] 2 GiB: RSS grew by ${up.toFixed(1)} MB during the upload, ${down.toFixed(1)} MB during the download (target < 50 MB)`);
    return { size, uploadGrowthMb: up, downloadGrowthMb: down };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    await server.stop();
  }
}

export async function runS3Bench(repoRoot: string, servers: readonly S3Server[], durationS: number, withMemory: boolean, log: (s: string) => void): Promise<S3BenchResult> {
  log(`\n[s3] PutObject/GetObject 4 KiB and 8 MiB at c=${CONNECTIONS}, ${durationS}s per run on ${servers.join(', ')}; then raw disk copy`);
  const result: S3BenchResult = { servers: {}, diskCopyMbPerSec: 0 };
  for (const s of servers) result.servers[s] = await benchServer(s, repoRoot, durationS, log);
  result.diskCopyMbPerSec = await diskCopySpeed(durationS);
  log(`  raw disk copy (32 x 8 MiB streams): ${result.diskCopyMbPerSec.toFixed(1)} MiB/s`);
  if (withMemory) result.memory = await memory(repoRoot, log);
  log(s3Report(result));
  return result;
}

function rate(r: S3BenchResult, s: S3Server, c: string): number | undefined {
  const cell = r.servers[s]?.[c];
  return cell && 'rps' in cell && cell.ok ? cell.rps : undefined;
}

function cpuOf(r: S3BenchResult, s: S3Server, c: string): number | undefined {
  const cell = r.servers[s]?.[c];
  return cell && 'rps' in cell && cell.ok ? cell.cpuUsPerReq : undefined;
}

export function s3Report(r: S3BenchResult): string {
  const lines = ['\nS3 objects, c=32 (req/s; ratios from the same run)'];
  for (const c of CASES) {
    const n = rate(r, 'nimbus', c.name);
    const cells = S3_SERVERS.map((s) => `${s} ${rate(r, s, c.name)?.toFixed(0) ?? '-'}`).join(', ');
    const vs = (s: S3Server) => {
      const o = rate(r, s, c.name);
      return n !== undefined && o ? `${(n / o).toFixed(2)}x ${s}` : `- ${s}`;
    };
    const disk = c.size === 8 * MiB && n !== undefined ? `, ${((n * c.size) / MiB).toFixed(0)} MiB/s = ${(((n * c.size) / MiB / r.diskCopyMbPerSec) * 100).toFixed(0)}% of disk copy` : '';
    const cpu = S3_SERVERS.map((s) => [s, cpuOf(r, s, c.name)] as const).filter(([, us]) => us !== undefined).map(([s, us]) => `${s} ${us!.toFixed(0)}`);
    lines.push(`  ${c.name}: ${cells}; nimbus ${vs('s3rver')}, ${vs('moto')}, ${vs('bare')}${disk}${cpu.length > 0 ? `; server CPU us/req: ${cpu.join(', ')}` : ''}`);
  }
  lines.push(`  targets: 4 KiB ops >= 3x s3rver; 8 MiB throughput within 2x of raw disk copy (${r.diskCopyMbPerSec.toFixed(0)} MiB/s)`);
  return lines.join('\n');
}
