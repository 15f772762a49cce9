// S3 objects on either side of the inline threshold (INLINE_PAYLOAD, 64 KiB): a payload of exactly
// 64 KiB is kept in its version's row, one byte more goes to a blob file. Both read back the same
// way, whole and by range, with their ETag (MD5) and checksums, copy (CopyObject, UploadPartCopy
// from a range), answer conditional reads and GetObjectAttributes, and survive a clean restart
// and kill -9 of a --persist Nimbus.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { INLINE_PAYLOAD } from '../../src/services/s3/store.js';
import { usePersistedChildren, type ChildNimbus } from '../support/child-nimbus.js';

const children = usePersistedChildren('nimbus-s3-inline');
const BUCKET = 'inline-objects';

const s3 = (c: ChildNimbus) =>
  new S3Client({ endpoint: c.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' } });
const hash = (algorithm: string, b: Uint8Array, encoding: 'hex' | 'base64' = 'hex') => createHash(algorithm).update(b).digest(encoding);
const blobFiles = (dir: string) => (existsSync(join(dir, 'blobs')) ? readdirSync(join(dir, 'blobs')).length : 0);

/** Bytes that differ at every offset (a wrong range or a shifted copy shows). */
function payload(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

// Exactly at the threshold (inline) and one byte above it (a blob file), each with a checksum of
// its own algorithm, verified on upload and returned in checksum mode.
const OBJECTS = [
  { key: 'at-threshold', body: payload(INLINE_PAYLOAD), algorithm: 'SHA256' as ChecksumAlgorithm, digest: 'sha256' },
  { key: 'above-threshold', body: payload(INLINE_PAYLOAD + 1), algorithm: 'SHA1' as ChecksumAlgorithm, digest: 'sha1' },
];

async function bytesOf(client: S3Client, key: string, range?: string): Promise<Buffer> {
  const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ...(range && { Range: range }) }));
  return Buffer.from(await got.Body!.transformToByteArray());
}

/** Everything read back from each object, as the tests expect it before and after restarts. */
async function checkObjects(client: S3Client): Promise<void> {
  for (const o of OBJECTS) {
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key, ChecksumMode: 'ENABLED' }));
    const body = Buffer.from(await got.Body!.transformToByteArray());
    assert.ok(body.equals(o.body), `${o.key}: the bytes put`);
    assert.equal(got.ETag, `"${hash('md5', o.body)}"`, `${o.key}: ETag is the MD5`);
    assert.equal(got.ContentLength, o.body.length);
    assert.equal((got as unknown as Record<string, unknown>)[`Checksum${o.algorithm}`], hash(o.digest, o.body, 'base64'), `${o.key}: ${o.algorithm} returned`);
    // Ranges: the first bytes, a middle slice, the last bytes (suffix form) and past the end.
    assert.ok((await bytesOf(client, o.key, 'bytes=0-9')).equals(o.body.subarray(0, 10)));
    assert.ok((await bytesOf(client, o.key, 'bytes=1000-40999')).equals(o.body.subarray(1000, 41000)));
    assert.ok((await bytesOf(client, o.key, 'bytes=-3')).equals(o.body.subarray(o.body.length - 3)));
    const ranged = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key, Range: `bytes=${INLINE_PAYLOAD - 2}-` }));
    assert.equal(ranged.ContentRange, `bytes ${INLINE_PAYLOAD - 2}-${o.body.length - 1}/${o.body.length}`);
    assert.ok(Buffer.from(await ranged.Body!.transformToByteArray()).equals(o.body.subarray(INLINE_PAYLOAD - 2)));
    await assert.rejects(bytesOf(client, o.key, `bytes=${o.body.length}-`), (e: any) => e.name === 'InvalidRange' && e.$metadata.httpStatusCode === 416);
    // Conditional reads against the stored ETag.
    await assert.rejects(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key, IfNoneMatch: got.ETag })), (e: any) => e.$metadata.httpStatusCode === 304);
    await assert.rejects(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.key, IfMatch: '"0123"' })), (e: any) => e.$metadata.httpStatusCode === 412);
    const attributes = await client.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: o.key, ObjectAttributes: ['ETag', 'Checksum', 'ObjectSize'] }));
    assert.equal(attributes.ObjectSize, o.body.length);
    assert.equal(attributes.ETag, hash('md5', o.body));
    assert.equal((attributes.Checksum as Record<string, unknown>)[`Checksum${o.algorithm}`], hash(o.digest, o.body, 'base64'));
    // The copy made of it (its source since deleted) and the part copied from its range.
    const copy = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${o.key}-copy`, ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await copy.Body!.transformToByteArray()).equals(o.body), `${o.key}: the copy reads`);
    assert.equal(copy.ETag, got.ETag);
    assert.equal((copy as unknown as Record<string, unknown>)[`Checksum${o.algorithm}`], hash(o.digest, o.body, 'base64'));
    assert.ok((await bytesOf(client, `${o.key}-part-copy`)).equals(o.body.subarray(10, 60010)), `${o.key}: UploadPartCopy's range`);
  }
}

test('objects at and just above the inline threshold: inline vs blob file, reads, ranges, copies, checksums, restart and kill -9', { timeout: 180_000 }, async () => {
  const dir = children.dir();
  let child = await children.start(dir);
  let client = s3(child);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

  const [inline, large] = OBJECTS;
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: inline!.key, Body: inline!.body, ChecksumAlgorithm: inline!.algorithm }));
  assert.equal(blobFiles(dir), 0, 'exactly INLINE_PAYLOAD bytes: no blob file');
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: large!.key, Body: large!.body, ChecksumAlgorithm: large!.algorithm }));
  assert.equal(blobFiles(dir), 1, 'one byte more: a blob file');

  // A checksum that does not match fails the PUT and leaves the object as it was.
  await assert.rejects(
    client.send(new PutObjectCommand({ Bucket: BUCKET, Key: inline!.key, Body: payload(100), ChecksumSHA256: hash('sha256', Buffer.from('other'), 'base64') })),
    (e: any) => e.name === 'BadDigest',
  );

  for (const o of OBJECTS) {
    // Copies of a source deleted afterwards: CopyObject shares its payload, UploadPartCopy writes
    // its range to a part (a blob file).
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${o.key}-source`, Body: o.body, ChecksumAlgorithm: o.algorithm }));
    await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: `${o.key}-copy`, CopySource: `${BUCKET}/${o.key}-source` }));
    const upload = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: `${o.key}-part-copy` }));
    const part = await client.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: `${o.key}-part-copy`, UploadId: upload.UploadId, PartNumber: 1, CopySource: `${BUCKET}/${o.key}-source`, CopySourceRange: 'bytes=10-60009' }));
    assert.equal(part.CopyPartResult!.ETag, `"${hash('md5', o.body.subarray(10, 60010))}"`);
    await client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: `${o.key}-part-copy`, UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.CopyPartResult!.ETag }] } }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${o.key}-source` }));
  }
  await checkObjects(client);

  // Overwrites across the threshold: the large object becomes inline and a small one large; the
  // files no row names any more are gone after the restart's sweep.
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shrinks', Body: payload(INLINE_PAYLOAD + 1) }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shrinks', Body: payload(10) }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'grows', Body: payload(10) }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'grows', Body: payload(INLINE_PAYLOAD + 7) }));

  await child.stop();
  child = await children.start(dir);
  client = s3(child);
  await checkObjects(client);
  assert.ok((await bytesOf(client, 'shrinks')).equals(payload(10)));
  assert.ok((await bytesOf(client, 'grows')).equals(payload(INLINE_PAYLOAD + 7)));
  // Blob files: above-threshold, its copy (the deleted source's file, shared), the two part
  // copies, 'grows'. No file for anything inline, and none left over ('shrinks' had one).
  const files = 1 + 1 + 2 + 1;
  assert.equal(blobFiles(dir), files);

  // Acknowledged inline PUTs survive kill -9 (their bytes were committed with their rows).
  const acked = await Promise.all(
    Array.from({ length: 8 }, (_, i) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `acked-${i}`, Body: payload(1000 * (i + 1)), ChecksumAlgorithm: 'CRC32C' }))),
  );
  await child.kill();
  child = await children.start(dir);
  client = s3(child);
  await checkObjects(client);
  for (let i = 0; i < 8; i++) {
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `acked-${i}`, ChecksumMode: 'ENABLED' }));
    assert.ok(Buffer.from(await got.Body!.transformToByteArray()).equals(payload(1000 * (i + 1))));
    assert.equal(got.ETag, acked[i]!.ETag);
    assert.equal(got.ChecksumCRC32C, acked[i]!.ChecksumCRC32C);
  }
  assert.equal(blobFiles(dir), files, 'the inline PUTs made no file');
  await child.stop();
});
