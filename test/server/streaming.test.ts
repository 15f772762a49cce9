// Streamed bodies in both directions, through the SDK v3 and raw HTTP, against a stand-in S3
// defined here (the real S3 arrives with its own issue): a HeadObject-style ContentLength output
// reaches the client intact (one Content-Length header), a 2 GiB upload (plain and aws-chunked)
// reaches the handler as a stream and a 2 GiB download leaves as one, while the process's RSS grows
// by less than 50 MB.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ServiceDefinition } from '../../src/services/service.js';
import { useNimbus } from '../support/nimbus.js';
import { pattern, patternSha256 } from '../support/s3-stream-client.js';

const GiB = 1024 ** 3;
const MB = 1024 * 1024;
const TWO_GIB = 2 * GiB;

interface Stored {
  size: number;
  sha256: string;
}

/** A stand-in S3: PutObject hashes its streamed body; GetObject streams `size` pattern bytes. */
const standInS3: ServiceDefinition<Map<string, Stored>> = {
  id: 's3',
  createState: () => new Map(),
  operations: {
    async PutObject(input: { Bucket: string; Key: string; Body: Readable }, _ctx, objects) {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of input.Body) {
        size += (chunk as Buffer).length;
        hash.update(chunk as Buffer);
      }
      const sha256 = hash.digest('hex');
      objects.set(`${input.Bucket}/${input.Key}`, { size, sha256 });
      return { ETag: `"${sha256.slice(0, 32)}"` };
    },
    HeadObject(input: { Bucket: string; Key: string }, _ctx, objects) {
      const o = objects.get(`${input.Bucket}/${input.Key}`);
      return { ContentLength: o?.size ?? 12345, ETag: '"etag"', ContentType: 'application/octet-stream' };
    },
    GetObject(input: { Bucket: string; Key: string }) {
      const size = Number(input.Key.split('-').pop());
      return { Body: pattern(size), ContentLength: size, ContentType: 'application/octet-stream' };
    },
  },
};

const t = useNimbus({ services: { s3: async () => standInS3 } });

function s3(options: Record<string, unknown> = {}): S3Client {
  return new S3Client({ ...t.config(), forcePathStyle: true, ...options });
}

/** Runs `work` while sampling RSS; returns the largest growth over the starting RSS. */
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
  const growth = Math.max(peak, process.memoryUsage().rss) - start;
  console.log(`streaming: RSS grew by ${(growth / 1024 / 1024).toFixed(1)} MB`);
  return growth;
}


test('a HeadObject ContentLength output reaches the SDK v3 intact (one Content-Length)', async () => {
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'never-put' }));
  assert.equal(head.ContentLength, 12345);
  assert.equal(head.ETag, '"etag"');
  const raw = await rawRequest('HEAD', '/b/never-put');
  assert.equal(raw.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length').length, 1);
  assert.equal(raw.headers['content-length'], '12345');
});

// The clients run in a child process: this process's RSS is then the server's alone.
test('a 2 GiB plain upload streams to the handler; RSS grows by less than 50 MB', async () => {
  let out: { status?: number; etag?: string; body?: string } = {};
  // Warm up first: the first streamed request's one-time costs (code, allocator arenas) are not
  // what a 2 GiB body costs.
  await sdkClient('put-plain', 'warm-up', 64 * MB);
  const growth = await rssGrowth(async () => {
    out = await sdkClient('put-plain', 'plain', TWO_GIB);
  });
  assert.equal(out.status, 200, out.body);
  const stored = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'plain' }));
  assert.equal(stored.ContentLength, TWO_GIB);
  assert.equal(out.etag, `"${patternSha256(TWO_GIB).slice(0, 32)}"`);
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

test('a 2 GiB aws-chunked upload from the SDK v3 (CRC32 trailer) streams decoded to the handler', async () => {
  let out: { etag?: string } = {};
  const growth = await rssGrowth(async () => {
    out = await sdkClient('put', 'chunked', TWO_GIB);
  });
  const stored = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'chunked' }));
  assert.equal(stored.ContentLength, TWO_GIB);
  assert.equal(out.etag, `"${patternSha256(TWO_GIB).slice(0, 32)}"`, 'the handler saw the decoded bytes, not the framing');
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

test('a 2 GiB download streams from the handler to the SDK v3', async () => {
  let out: { size?: number; contentLength?: number; sha256?: string } = {};
  const growth = await rssGrowth(async () => {
    out = await sdkClient('get', `download-${TWO_GIB}`, TWO_GIB);
  });
  assert.equal(out.contentLength, TWO_GIB);
  assert.equal(out.size, TWO_GIB);
  assert.equal(out.sha256, patternSha256(TWO_GIB));
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

const CLIENT = fileURLToPath(new URL('../support/s3-stream-client.js', import.meta.url));

function sdkClient(op: 'put' | 'put-plain' | 'get', key: string, size: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, t.nimbus.endpoint, op, key, String(size)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`client ${op} failed (${code}): ${stderr}`))));
  });
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body?: Readable): Promise<Raw> {
  const url = new URL(t.nimbus.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}
