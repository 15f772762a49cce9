// Streamed bodies in both directions, through the SDK v3 and raw HTTP, against a stand-in S3
// defined here (the real S3 arrives with its own issue): a HeadObject-style ContentLength output
// reaches the client intact (one Content-Length header), a 2 GiB upload (plain and aws-chunked)
// reaches the handler as a stream and a 2 GiB download leaves as one, while the process's RSS grows
// by less than 50 MB.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ServiceDefinition } from '../../src/services/service.js';
import { useNimbus } from '../support/nimbus.js';

const GiB = 1024 ** 3;
const TWO_GIB = 2 * GiB;
const CHUNK = Buffer.alloc(256 * 1024, 'nimbus streams ');

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

/** `size` bytes of the repeating pattern, produced as they are read. */
function pattern(size: number): Readable {
  let left = size;
  return new Readable({
    read() {
      if (left === 0) return void this.push(null);
      const n = Math.min(left, CHUNK.length);
      left -= n;
      this.push(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    },
  });
}

function patternSha256(size: number): string {
  const hash = createHash('sha256');
  for (let left = size; left > 0; left -= CHUNK.length) hash.update(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left));
  return hash.digest('hex');
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
  return Math.max(peak, process.memoryUsage().rss) - start;
}

const MB = 1024 * 1024;

test('a HeadObject ContentLength output reaches the SDK v3 intact (one Content-Length)', async () => {
  const head = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'never-put' }));
  assert.equal(head.ContentLength, 12345);
  assert.equal(head.ETag, '"etag"');
  const raw = await rawRequest('HEAD', '/b/never-put');
  assert.equal(raw.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length').length, 1);
  assert.equal(raw.headers['content-length'], '12345');
});

test('a 2 GiB plain upload streams to the handler; RSS grows by less than 50 MB', async () => {
  let answer = '';
  const growth = await rssGrowth(async () => {
    const res = await rawRequest('PUT', '/b/plain', { 'content-length': String(TWO_GIB), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, pattern(TWO_GIB));
    assert.equal(res.status, 200, res.body);
    answer = res.headers.etag as string;
  });
  const stored = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'plain' }));
  assert.equal(stored.ContentLength, TWO_GIB);
  assert.equal(answer, `"${patternSha256(TWO_GIB).slice(0, 32)}"`);
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

test('a 2 GiB aws-chunked upload from the SDK v3 (CRC32 trailer) streams decoded to the handler', async () => {
  const growth = await rssGrowth(async () => {
    await s3().send(new PutObjectCommand({ Bucket: 'b', Key: 'chunked', Body: pattern(TWO_GIB), ContentLength: TWO_GIB }));
  });
  const stored = await s3().send(new HeadObjectCommand({ Bucket: 'b', Key: 'chunked' }));
  assert.equal(stored.ContentLength, TWO_GIB);
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

test('a 2 GiB download streams from the handler to the SDK v3', async () => {
  let size = 0;
  const hash = createHash('sha256');
  const growth = await rssGrowth(async () => {
    const got = await s3().send(new GetObjectCommand({ Bucket: 'b', Key: `download-${TWO_GIB}` }));
    assert.equal(got.ContentLength, TWO_GIB);
    for await (const chunk of got.Body as Readable) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
  });
  assert.equal(size, TWO_GIB);
  assert.equal(hash.digest('hex'), patternSha256(TWO_GIB));
  assert.ok(growth < 50 * MB, `RSS grew by ${(growth / MB).toFixed(1)} MB`);
});

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
