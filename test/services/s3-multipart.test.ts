// Multipart uploads through @aws-sdk/lib-storage's Upload, the raw SDK v3 commands, boto3
// (s3transfer's upload_file/download_file) and the AWS CLI (`aws s3 cp/sync/rm` with a low
// multipart threshold): composite ETags, part and composite checksums, EntityTooSmall, ListParts,
// ListMultipartUploads, UploadPartCopy, abort.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { pythonJson, runAws } from '../support/python.js';

const t = useNimbus();
const s3 = () => new S3Client({ ...t.config(), forcePathStyle: true });
const bucketName = () => uniqueName('mp').toLowerCase().slice(0, 50);
const MiB = 1024 * 1024;

async function newBucket(client = s3()): Promise<string> {
  const name = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const crc = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b) >>> 0);
  return out;
};

/** Deterministic, non-repeating bytes (a repeating pattern would hide part-order mistakes). */
function data(size: number, seed: number): Buffer {
  const b = Buffer.alloc(Math.ceil(size / 4) * 4);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < b.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, i);
  }
  return b.subarray(0, size);
}

test('lib-storage Upload: parts, composite ETag and the CRC32 checksum of checksums, read back whole and by part', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const body = data(12 * MiB + 1000, 7);
  const upload = new Upload({ client, params: { Bucket: bucket, Key: 'big.bin', Body: body }, partSize: 5 * MiB, queueSize: 2 });
  const done = await upload.done();
  const parts = [body.subarray(0, 5 * MiB), body.subarray(5 * MiB, 10 * MiB), body.subarray(10 * MiB)];
  const etag = `"${createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-3"`;
  assert.equal(done.ETag, etag);
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin', ChecksumMode: 'ENABLED' }));
  assert.equal(head.ContentLength, body.length);
  assert.equal(head.ETag, etag);
  if (head.ChecksumCRC32) {
    // lib-storage sent CRC32 part checksums: S3 answers their composite checksum.
    assert.equal(head.ChecksumCRC32, `${crc(Buffer.concat(parts.map(crc))).toString('base64')}-3`);
    assert.equal(head.ChecksumType, 'COMPOSITE');
  }
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
  assert.equal(sha256(Buffer.from(await got.Body!.transformToByteArray())), sha256(body));
  const part2 = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', PartNumber: 2 }));
  assert.equal(part2.PartsCount, 3);
  assert.equal(part2.ContentLength, 5 * MiB);
  assert.equal(sha256(Buffer.from(await part2.Body!.transformToByteArray())), sha256(parts[1]!));
  const range = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', Range: `bytes=${5 * MiB - 10}-${5 * MiB + 9}` }));
  assert.deepEqual(Buffer.from(await range.Body!.transformToByteArray()), body.subarray(5 * MiB - 10, 5 * MiB + 10));
  const attrs = await client.send(new GetObjectAttributesCommand({ Bucket: bucket, Key: 'big.bin', ObjectAttributes: ['ETag', 'ObjectSize', 'ObjectParts', 'StorageClass'] }));
  assert.equal(attrs.ObjectSize, body.length);
  assert.equal(attrs.ETag, etag.slice(1, -1));
  assert.equal(attrs.ObjectParts!.TotalPartsCount, 3);
});

test('multipart commands: FULL_OBJECT CRC32, ListParts, ListMultipartUploads, UploadPartCopy, EntityTooSmall, InvalidPart, abort', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const a = data(5 * MiB, 1);
  const b = data(3 * MiB + 5, 2);
  const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'full', ChecksumAlgorithm: 'CRC32', ChecksumType: 'FULL_OBJECT' }));
  assert.equal(created.ChecksumType, 'FULL_OBJECT');
  const p1 = await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'full', UploadId: created.UploadId, PartNumber: 1, Body: a, ChecksumAlgorithm: 'CRC32' }));
  const p2 = await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'full', UploadId: created.UploadId, PartNumber: 2, Body: b, ChecksumAlgorithm: 'CRC32' }));
  assert.equal(p1.ChecksumCRC32, crc(a).toString('base64'));
  const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: 'full', UploadId: created.UploadId }));
  assert.deepEqual(listed.Parts!.map((p) => [p.PartNumber, p.Size, p.ETag]), [[1, a.length, p1.ETag], [2, b.length, p2.ETag]]);
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  assert.deepEqual(uploads.Uploads!.map((u) => [u.Key, u.UploadId]), [['full', created.UploadId]]);
  await assert.rejects(
    client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'full', UploadId: created.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0123"' }] } })),
    (e: any) => e.name === 'InvalidPart',
  );
  const whole = Buffer.concat([a, b]);
  const done = await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: 'full',
      UploadId: created.UploadId,
      ChecksumCRC32: crc(whole).toString('base64'),
      ChecksumType: 'FULL_OBJECT',
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag, ChecksumCRC32: p1.ChecksumCRC32 }, { PartNumber: 2, ETag: p2.ETag, ChecksumCRC32: p2.ChecksumCRC32 }] },
    }),
  );
  assert.equal(done.ChecksumCRC32, crc(whole).toString('base64'), 'the full-object CRC combined from the parts');
  assert.equal(done.ChecksumType, 'FULL_OBJECT');
  assert.equal((await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads, undefined);
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'full', ChecksumMode: 'ENABLED' }));
  assert.equal(got.ChecksumCRC32, crc(whole).toString('base64'));
  assert.equal(sha256(Buffer.from(await got.Body!.transformToByteArray())), sha256(whole));

  // A small first part: EntityTooSmall; UploadPartCopy of a range of another object.
  const small = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small' }));
  const s1 = await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: Buffer.from('tiny') }));
  const s2 = await client.send(new UploadPartCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: Buffer.from('tail') }));
  await assert.rejects(
    client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: s1.ETag }, { PartNumber: 2, ETag: s2.ETag }] } })),
    (e: any) => e.name === 'EntityTooSmall',
  );
  await assert.rejects(
    client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 2, ETag: s2.ETag }, { PartNumber: 1, ETag: s1.ETag }] } })),
    (e: any) => e.name === 'InvalidPartOrder',
  );
  const copied = await client.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 1, CopySource: `${bucket}/full`, CopySourceRange: `bytes=0-${5 * MiB - 1}` }));
  assert.equal(copied.CopyPartResult!.ETag, `"${md5(a).toString('hex')}"`);
  await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'small', UploadId: small.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag }, { PartNumber: 2, ETag: s2.ETag }] } }));
  const smallGot = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'small' }));
  assert.equal(sha256(Buffer.from(await smallGot.Body!.transformToByteArray())), sha256(Buffer.concat([a, Buffer.from('tail')])));

  const aborted = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'gone' }));
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'gone', UploadId: aborted.UploadId }));
  await assert.rejects(client.send(new UploadPartCommand({ Bucket: bucket, Key: 'gone', UploadId: aborted.UploadId, PartNumber: 1, Body: 'x' })), (e: any) => e.name === 'NoSuchUpload');
});

test('boto3: put_object, upload_file/download_file through s3transfer (multipart), get_object', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-boto3-'));
  try {
    const big = data(11 * MiB + 3, 3);
    writeFileSync(join(dir, 'big.bin'), big);
    const out = await pythonJson<Record<string, any>>(
      `import boto3, json, hashlib
from boto3.s3.transfer import TransferConfig
c = boto3.client('s3', config=boto3.session.Config(s3={'addressing_style': 'path'}))
b = ${JSON.stringify(bucket)}
put = c.put_object(Bucket=b, Key='small.txt', Body=b'from boto3', Metadata={'who': 'boto3'})
got = c.get_object(Bucket=b, Key='small.txt', ChecksumMode='ENABLED')
cfg = TransferConfig(multipart_threshold=5*1024*1024, multipart_chunksize=5*1024*1024)
c.upload_file(${JSON.stringify(join(dir, 'big.bin'))}, b, 'big.bin', Config=cfg)
c.download_file(b, 'big.bin', ${JSON.stringify(join(dir, 'back.bin'))}, Config=cfg)
head = c.head_object(Bucket=b, Key='big.bin')
print(json.dumps({'etag': put['ETag'], 'body': got['Body'].read().decode(), 'meta': got['Metadata'], 'crc': got.get('ChecksumCRC32'),
  'bigEtag': head['ETag'], 'size': head['ContentLength'],
  'sha': hashlib.sha256(open(${JSON.stringify(join(dir, 'back.bin'))}, 'rb').read()).hexdigest()}))`,
      t.env(),
    );
    assert.equal(out.etag, `"${md5(Buffer.from('from boto3')).toString('hex')}"`);
    assert.equal(out.body, 'from boto3');
    assert.deepEqual(out.meta, { who: 'boto3' });
    assert.equal(out.crc, crc(Buffer.from('from boto3')).toString('base64'));
    assert.equal(out.size, big.length);
    assert.match(out.bigEtag, /-3"$/);
    assert.equal(out.sha, sha256(big));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('AWS CLI: aws s3 cp, sync and rm of a small tree with one file over the multipart threshold', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-cli-'));
  try {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    const files: Record<string, Buffer> = {
      'a.txt': Buffer.from('alpha'),
      'sub/b.txt': Buffer.from('bravo'),
      'sub/big.bin': data(6 * MiB + 11, 4),
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tree, name), content);
    const config = join(dir, 'config');
    writeFileSync(config, '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n  addressing_style = path\n');
    const env = { ...t.env(), AWS_CONFIG_FILE: config };
    const sync = await runAws(['s3', 'sync', tree, `s3://${bucket}/tree`], env);
    assert.equal(sync.status, 0, sync.stderr);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'tree/' }));
    assert.deepEqual(listed.Contents!.map((o) => [o.Key, o.Size]), [['tree/a.txt', 5], ['tree/sub/b.txt', 5], ['tree/sub/big.bin', files['sub/big.bin']!.length]]);
    const big = listed.Contents!.find((o) => o.Key === 'tree/sub/big.bin')!;
    assert.match(big.ETag!, /-2"$/, 'the big file went up in two parts');
    // A second sync uploads nothing; cp brings the big file back intact.
    const again = await runAws(['s3', 'sync', tree, `s3://${bucket}/tree`], env);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.trim(), '');
    const back = join(dir, 'back.bin');
    const cp = await runAws(['s3', 'cp', `s3://${bucket}/tree/sub/big.bin`, back], env);
    assert.equal(cp.status, 0, cp.stderr);
    assert.equal(sha256(readFileSync(back)), sha256(files['sub/big.bin']!));
    const down = join(dir, 'down');
    const syncDown = await runAws(['s3', 'sync', `s3://${bucket}/tree`, down], env);
    assert.equal(syncDown.status, 0, syncDown.stderr);
    for (const [name, content] of Object.entries(files)) assert.equal(sha256(readFileSync(join(down, name))), sha256(content), name);
    const rm = await runAws(['s3', 'rm', `s3://${bucket}/tree`, '--recursive'], env);
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
    assert.ok(existsSync(back));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'after', Body: 'x' }));
});
