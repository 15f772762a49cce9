// The real S3 streams: an aws-chunked upload (SDK v3, CRC32 trailer) goes to a blob file and a
// download streams back from it while the server's RSS grows by less than 50 MB. The clients run
// in a child process, so this process's RSS is the server's alone. The suite moves 256 MiB each
// way (a buffered implementation would grow by that much); `npm run bench -- --only s3-memory`
// measures the 2 GiB figure.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useNimbus } from '../support/nimbus.js';
import { patternSha256 } from '../support/s3-stream-client.js';

const MB = 1024 * 1024;
const SIZE = 256 * MB;
const BUCKET = 'streaming-bucket';

const t = useNimbus();
const s3 = () => new S3Client({ ...t.config(), forcePathStyle: true });

async function rssGrowth(work: () => Promise<void>): Promise<number> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - start;
}

const CLIENT = fileURLToPath(new URL('../support/s3-stream-client.js', import.meta.url));

function client(op: 'put' | 'get', key: string, size: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, t.nimbus.endpoint, op, key, String(size), BUCKET], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`client ${op} failed (${code}): ${stderr}`))));
  });
}

test(`a ${SIZE / MB} MiB aws-chunked upload and its download stream through the real S3; RSS grows < 50 MB`, { timeout: 180_000 }, async () => {
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
  // Warm up: one-time costs (code, allocator arenas) are not what a large body costs.
  await client('put', 'warm-up', 32 * MB);
  await client('get', 'warm-up', 32 * MB);
  let up: { etag?: string } = {};
  const upGrowth = await rssGrowth(async () => {
    up = await client('put', 'big', SIZE);
  });
  const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big' }));
  assert.equal(head.ContentLength, SIZE);
  assert.match(up.etag!, /^"[0-9a-f]{32}"$/);
  let down: { size?: number; sha256?: string } = {};
  const downGrowth = await rssGrowth(async () => {
    down = await client('get', 'big', SIZE);
  });
  assert.equal(down.size, SIZE);
  assert.equal(down.sha256, patternSha256(SIZE));
  console.log(`s3 streaming: RSS grew by ${(upGrowth / MB).toFixed(1)} MB up, ${(downGrowth / MB).toFixed(1)} MB down`);
  assert.ok(upGrowth < 50 * MB, `upload: RSS grew by ${(upGrowth / MB).toFixed(1)} MB`);
  assert.ok(downGrowth < 50 * MB, `download: RSS grew by ${(downGrowth / MB).toFixed(1)} MB`);
});
