// A child process for the streaming tests: uploads or downloads `size` pattern bytes with the SDK
// v3 (PutObject streams aws-chunked with a CRC32 trailer), so that the test process's RSS is the
// server's alone. Prints {"size":..,"sha256":..} for a download, {"etag":..} for an upload.
//   node s3-stream-client.js <endpoint> put|put-plain|get <key> <size> [bucket, default b]
// put-plain sends a plain (not aws-chunked) body with raw node:http.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const CHUNK = Buffer.alloc(256 * 1024, 'nimbus streams ');

/** `size` bytes of the repeating pattern, produced as they are read. */
export function pattern(size: number): Readable {
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

export function patternSha256(size: number): string {
  const hash = createHash('sha256');
  for (let left = size; left > 0; left -= CHUNK.length) hash.update(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left));
  return hash.digest('hex');
}

async function main([endpoint, op, key, sizeText, bucket = 'b']: string[]): Promise<void> {
  const size = Number(sizeText);
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' } });
  if (op === 'put-plain') {
    process.stdout.write(JSON.stringify(await plainPut(endpoint!, bucket, key!, size)));
    return;
  }
  if (op === 'put') {
    const r = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key!, Body: pattern(size), ContentLength: size }));
    process.stdout.write(JSON.stringify({ etag: r.ETag }));
    return;
  }
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key! }));
  const hash = createHash('sha256');
  let n = 0;
  for await (const chunk of got.Body as Readable) {
    n += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  process.stdout.write(JSON.stringify({ size: n, contentLength: got.ContentLength, sha256: hash.digest('hex') }));
}

function plainPut(endpoint: string, bucket: string, key: string, size: number): Promise<{ status: number; etag?: string; body: string }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: `/${bucket}/${key}`,
        headers: {
          authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
          'content-length': String(size),
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, etag: res.headers.etag, body }));
      },
    );
    req.on('error', reject);
    pattern(size).pipe(req);
  });
}

// Only as a script: the test runner may load this file as a module and must find nothing to run.
if (process.argv[1]?.endsWith('s3-stream-client.js') && process.argv.length >= 6) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(String((e as Error)?.stack ?? e));
    process.exitCode = 1;
  });
}
