// S3's default checksum: an object uploaded without a checksum (single PUT, multipart, copy) gets a
// full-object CRC64NVME, returned by PutObject, by GetObject/HeadObject with ChecksumMode ENABLED,
// by GetObjectAttributes and ListObjectsV2; an upload naming an algorithm keeps that one alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Crc64NvmeJs } from '@aws-sdk/checksums/crc';
import { Crc64Nvme } from '../../src/services/s3/crc64nvme.js';
import { useNimbus, uniqueName } from '../support/nimbus.js';

const t = useNimbus();
// WHEN_REQUIRED: the SDK sends no checksum of its own, as older clients and plain HTTP do.
const plain = () => new S3Client({ ...t.config(), forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
const MiB = 1024 * 1024;

/** The CRC64NVME check value of "123456789" (the algorithm's published test vector). */
const CHECK_123456789 = Buffer.from('ae8b14860a799888', 'hex').toString('base64');

async function crc64(data: Uint8Array): Promise<string> {
  const c = new Crc64NvmeJs();
  c.update(data);
  return Buffer.from(await c.digest()).toString('base64');
}

test('a PUT without a checksum gets CRC64NVME: PutObject, HeadObject/GetObject (ChecksumMode), attributes, listings, copies', async () => {
  const s3 = plain();
  const Bucket = uniqueName('crc').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'digits', Body: '123456789' }));
  assert.deepEqual([put.ChecksumCRC64NVME, put.ChecksumType, put.ChecksumCRC32], [CHECK_123456789, 'FULL_OBJECT', undefined]);

  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'digits', ChecksumMode: 'ENABLED' }));
  assert.deepEqual([head.ChecksumCRC64NVME, head.ChecksumType], [CHECK_123456789, 'FULL_OBJECT']);
  const quiet = await s3.send(new HeadObjectCommand({ Bucket, Key: 'digits' }));
  assert.equal(quiet.ChecksumCRC64NVME, undefined);
  // The default client validates the returned CRC64NVME against the body it reads.
  const got = await new S3Client({ ...t.config(), forcePathStyle: true }).send(new GetObjectCommand({ Bucket, Key: 'digits', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ChecksumCRC64NVME, CHECK_123456789);
  assert.equal(await got.Body!.transformToString(), '123456789');

  const attrs = await s3.send(new GetObjectAttributesCommand({ Bucket, Key: 'digits', ObjectAttributes: ['Checksum', 'ObjectSize'] }));
  assert.deepEqual(attrs.Checksum, { ChecksumCRC64NVME: CHECK_123456789, ChecksumType: 'FULL_OBJECT' });

  // A checksum the client names is the object's only one.
  const withCrc32 = await s3.send(new PutObjectCommand({ Bucket, Key: 'named', Body: '123456789', ChecksumAlgorithm: 'CRC32' }));
  assert.deepEqual([withCrc32.ChecksumCRC32, withCrc32.ChecksumCRC64NVME], ['y/Q5Jg==', undefined]);

  const copied = await s3.send(new CopyObjectCommand({ Bucket, Key: 'copy', CopySource: `${Bucket}/digits` }));
  assert.deepEqual([copied.CopyObjectResult!.ChecksumCRC64NVME, copied.CopyObjectResult!.ChecksumType], [CHECK_123456789, 'FULL_OBJECT']);

  const listed = await s3.send(new ListObjectsV2Command({ Bucket }));
  assert.deepEqual(
    listed.Contents!.map((o) => [o.Key, o.ChecksumAlgorithm, o.ChecksumType]),
    [
      ['copy', ['CRC64NVME'], 'FULL_OBJECT'],
      ['digits', ['CRC64NVME'], 'FULL_OBJECT'],
      ['named', ['CRC32'], 'FULL_OBJECT'],
    ],
  );
});

test('a multipart upload without a checksum algorithm completes with the full-object CRC64NVME', async () => {
  const s3 = plain();
  const Bucket = uniqueName('crcmp').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  const first = Buffer.alloc(5 * MiB);
  for (let i = 0; i < first.length; i++) first[i] = (i * 7 + (i >> 9)) & 255;
  const second = Buffer.from('and the rest of the object');
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'big' }));
  const parts = [];
  for (const [i, Body] of [first, second].entries()) {
    const up = await s3.send(new UploadPartCommand({ Bucket, Key: 'big', UploadId, PartNumber: i + 1, Body }));
    // The part's CRC64NVME is S3's own, not shown: the upload named no algorithm.
    assert.equal(up.ChecksumCRC64NVME, undefined);
    parts.push({ PartNumber: i + 1, ETag: up.ETag! });
  }
  const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key: 'big', UploadId, MultipartUpload: { Parts: parts } }));
  const whole = await crc64(Buffer.concat([first, second]));
  assert.deepEqual([done.ChecksumCRC64NVME, done.ChecksumType], [whole, 'FULL_OBJECT']);
  const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'big', ChecksumMode: 'ENABLED' }));
  assert.deepEqual([head.ChecksumCRC64NVME, head.ChecksumType, head.ContentLength], [whole, 'FULL_OBJECT', 5 * MiB + second.length]);
  const got = await new S3Client({ ...t.config(), forcePathStyle: true }).send(new GetObjectCommand({ Bucket, Key: 'big', ChecksumMode: 'ENABLED' }));
  assert.equal(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat([first, second])), true);
});

test('Nimbus CRC64NVME matches the SDK implementation across any chunking', async () => {
  const data = Buffer.alloc(200_003);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7)) & 255;
  const expected = await crc64(data);
  for (const step of [1, 7, 15, 16, 17, 4096, 65_536, data.length]) {
    const c = new Crc64Nvme();
    for (let o = 0; o < data.length; o += step) c.update(data.subarray(o, o + step));
    assert.equal(c.digest().toString('base64'), expected, `chunks of ${step}`);
  }
  const check = new Crc64Nvme();
  check.update(Buffer.from('123456789'));
  assert.equal(check.digest().toString('base64'), CHECK_123456789);
});
