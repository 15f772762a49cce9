// A client that goes away in the middle of a large PUT leaves nothing behind: no object, no
// stuck upload, and the uploads after it (hashed on the same worker thread) complete as usual.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { test } from 'node:test';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useNimbus } from '../support/nimbus.js';

const MB = 1024 * 1024;
const t = useNimbus();
const s3 = () => new S3Client({ ...t.config(), forcePathStyle: true });

/** Starts an 8 MiB PUT, sends `sent` bytes of it, and cuts the connection. */
function interruptedPut(bucket: string, key: string, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const url = new URL(`/${bucket}/${key}`, t.nimbus.endpoint);
    const req = request(url, {
      method: 'PUT',
      headers: {
        'content-length': String(8 * MB),
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-date': '20261203T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20261203/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=00',
      },
    });
    req.on('error', () => resolve());
    req.write(Buffer.alloc(sent, 7), () => {
      req.destroy();
      resolve();
    });
  });
}

test('an upload cut off midway stores nothing, and later uploads of the key complete', async () => {
  const client = s3();
  const bucket = 'interrupted-uploads';
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const sent of [1 * MB, 3 * MB, 6 * MB]) await interruptedPut(bucket, 'k', sent);
  await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' })), (e: any) => e.name === 'NotFound');
  const body = Buffer.alloc(8 * MB, 'after the cut ');
  const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: body }));
  assert.equal(put.ETag, `"${createHash('md5').update(body).digest('hex')}"`);
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(Buffer.from(await got.Body!.transformToByteArray()).equals(body), true);
  // Another cut-off upload of the key now leaves the stored object as it was.
  await interruptedPut(bucket, 'k', 2 * MB);
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(head.ETag, put.ETag);
  assert.equal(head.ContentLength, 8 * MB);
});
