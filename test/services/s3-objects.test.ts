// S3 objects through the SDK v3 (default checksums: CRC32 in an aws-chunked trailer for streams,
// a header for buffered bodies): put/get/head/delete, metadata and content headers, ranges,
// checksums (every algorithm, verified on upload, returned with ChecksumMode), Content-MD5,
// conditional reads and writes, copy, tagging, listing, DeleteObjects.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { useNimbus, uniqueName } from '../support/nimbus.js';

const t = useNimbus();
const s3 = () => new S3Client({ ...t.config(), forcePathStyle: true });
const bucketName = () => uniqueName('obj').toLowerCase().slice(0, 50);

async function newBucket(client = s3()): Promise<string> {
  const name = bucketName();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const crc32b64 = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b) >>> 0);
  return out.toString('base64');
};

function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(t.nimbus.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const AUTH = { authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };

test('put, get, head and delete an object with metadata, content headers and storage class', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const body = 'hello, nimbus objects';
  const put = await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'dir/hello.txt',
      Body: body,
      ContentType: 'text/plain',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="hello.txt"',
      ContentLanguage: 'en',
      Metadata: { Colour: 'blue', 'x-y': 'z' },
      StorageClass: 'STANDARD_IA',
    }),
  );
  assert.equal(put.ETag, `"${md5(body)}"`);
  assert.equal(put.ChecksumCRC32, crc32b64(Buffer.from(body)), 'the SDK sent CRC32 by default and S3 echoes it');
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/hello.txt' }));
  assert.equal(await got.Body!.transformToString(), body);
  assert.equal(got.ContentType, 'text/plain');
  assert.equal(got.CacheControl, 'max-age=60');
  assert.equal(got.ContentDisposition, 'attachment; filename="hello.txt"');
  assert.equal(got.ContentLanguage, 'en');
  assert.deepEqual(got.Metadata, { colour: 'blue', 'x-y': 'z' });
  assert.equal(got.StorageClass, 'STANDARD_IA');
  assert.equal(got.ContentLength, body.length);
  assert.equal(got.ETag, put.ETag);
  assert.ok(got.LastModified instanceof Date);
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/hello.txt' }));
  assert.equal(head.ContentLength, body.length);
  assert.equal(head.ETag, put.ETag);
  assert.equal(head.AcceptRanges, 'bytes');
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'dir/hello.txt' }));
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'dir/hello.txt' })), (e: any) => e.name === 'NoSuchKey' && e.$metadata.httpStatusCode === 404);
  await assert.rejects(client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/hello.txt' })), (e: any) => e.$metadata.httpStatusCode === 404);
  // Deleting a missing key is a 204 too.
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'never' }));
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
});

test('a streamed upload (aws-chunked, CRC32 trailer) and every checksum algorithm, verified and returned', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const data = Buffer.alloc(3 * 1024 * 1024 + 17, 'nimbus checksums ');
  const streamed = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'streamed', Body: Readable.from([data.subarray(0, 1e6), data.subarray(1e6)]), ContentLength: data.length }));
  assert.equal(streamed.ETag, `"${md5(data)}"`);
  assert.equal(streamed.ChecksumCRC32, crc32b64(data));
  for (const algorithm of ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as ChecksumAlgorithm[]) {
    const key = `alg-${algorithm}`;
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ChecksumAlgorithm: algorithm }));
    const member = `Checksum${algorithm}` as const;
    assert.ok(put[member], algorithm);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
    assert.equal(got[member], put[member], algorithm);
    assert.equal(got.ChecksumType, 'FULL_OBJECT');
    // The SDK validated the returned checksum against the bytes it read.
    assert.equal(md5(Buffer.from(await got.Body!.transformToByteArray())), md5(data));
  }
  const sha = createHash('sha256').update(data).digest('base64');
  const sha256 = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'alg-SHA256', ChecksumMode: 'ENABLED' }));
  assert.equal(sha256.ChecksumSHA256, sha);
  await sha256.Body!.transformToByteArray();
});

test('a wrong checksum or Content-MD5 is refused with BadDigest; a malformed one with InvalidRequest', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  await assert.rejects(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'abc', ChecksumCRC32: crc32b64(Buffer.from('abd')) })), (e: any) => {
    assert.equal(e.name, 'BadDigest');
    assert.equal(e.message, 'The CRC32 you specified did not match the calculated checksum.');
    return true;
  });
  const path = `/${bucket}/k`;
  const badMd5 = await raw('PUT', path, { ...AUTH, 'content-md5': Buffer.from(md5('other'), 'hex').toString('base64') }, Buffer.from('abc'));
  assert.equal(badMd5.status, 400);
  assert.match(badMd5.body, /<Code>BadDigest<\/Code><Message>The Content-MD5 you specified did not match what we received.<\/Message>/);
  const goodMd5 = await raw('PUT', path, { ...AUTH, 'content-md5': Buffer.from(md5('abc'), 'hex').toString('base64') }, Buffer.from('abc'));
  assert.equal(goodMd5.status, 200);
  const malformed = await raw('PUT', path, { ...AUTH, 'x-amz-checksum-sha256': 'bm90LXZhbGlk' }, Buffer.from('abc'));
  assert.equal(malformed.status, 400);
  assert.match(malformed.body, /<Code>InvalidRequest<\/Code><Message>Value for x-amz-checksum-sha256 header is invalid.<\/Message>/);
  const two = await raw('PUT', path, { ...AUTH, 'x-amz-checksum-crc32': crc32b64(Buffer.from('abc')), 'x-amz-checksum-sha1': createHash('sha1').update('abc').digest('base64') }, Buffer.from('abc'));
  assert.equal(two.status, 400);
  assert.match(two.body, /Expecting a single x-amz-checksum- header/);
  // Nothing failed was stored: the object is still the good upload.
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'abc');
});

test('Range reads: 206 with Content-Range, suffix and open ranges, 416 past the end', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const data = Buffer.from('0123456789abcdefghij');
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'r', Body: data }));
  const cases: [string, string, string][] = [
    ['bytes=0-4', '01234', 'bytes 0-4/20'],
    ['bytes=15-', 'fghij', 'bytes 15-19/20'],
    ['bytes=-3', 'hij', 'bytes 17-19/20'],
    ['bytes=18-100', 'ij', 'bytes 18-19/20'],
  ];
  for (const [range, text, contentRange] of cases) {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'r', Range: range }));
    assert.equal(got.$metadata.httpStatusCode, 206, range);
    assert.equal(got.ContentRange, contentRange, range);
    assert.equal(got.ContentLength, text.length, range);
    assert.equal(await got.Body!.transformToString(), text, range);
  }
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: bucket, Key: 'r', Range: 'bytes=20-' })), (e: any) => e.name === 'InvalidRange' && e.$metadata.httpStatusCode === 416);
});

test('conditional reads (304/412) and conditional writes (If-None-Match: *, If-Match)', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'c', Body: 'v1' }));
  const etag = put.ETag!;
  const past = new Date(Date.now() - 3600_000);
  const future = new Date(Date.now() + 3600_000);
  const status = async (input: Record<string, unknown>) => {
    try {
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'c', ...input }));
      await r.Body!.transformToString();
      return r.$metadata.httpStatusCode;
    } catch (e: any) {
      return e.$metadata.httpStatusCode;
    }
  };
  assert.equal(await status({ IfMatch: etag }), 200);
  assert.equal(await status({ IfMatch: '"nope"' }), 412);
  assert.equal(await status({ IfNoneMatch: etag }), 304);
  assert.equal(await status({ IfNoneMatch: '"nope"' }), 200);
  assert.equal(await status({ IfModifiedSince: future }), 304);
  assert.equal(await status({ IfModifiedSince: past }), 200);
  assert.equal(await status({ IfUnmodifiedSince: past }), 412);
  // If-Match true wins over If-Unmodified-Since false; If-None-Match false (a match) wins over If-Modified-Since.
  assert.equal(await status({ IfMatch: etag, IfUnmodifiedSince: past }), 200);
  assert.equal(await status({ IfNoneMatch: etag, IfModifiedSince: past }), 304);
  await assert.rejects(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'c', Body: 'v2', IfNoneMatch: '*' })), (e: any) => e.name === 'PreconditionFailed' && e.$metadata.httpStatusCode === 412);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'new', Body: 'n', IfNoneMatch: '*' }));
  await assert.rejects(client.send(new PutObjectCommand({ Bucket: bucket, Key: 'c', Body: 'v2', IfMatch: '"nope"' })), (e: any) => e.$metadata.httpStatusCode === 412);
  const v2 = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'c', Body: 'v2', IfMatch: etag }));
  assert.equal(v2.ETag, `"${md5('v2')}"`);
});

test('CopyObject: metadata directives, conditional copy, copy onto itself refused unless something changes', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const other = await newBucket(client);
  const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'src key+1', Body: 'copy me', ContentType: 'text/x-src', Metadata: { a: '1' }, Tagging: 't=1' }));
  const copied = await client.send(new CopyObjectCommand({ Bucket: other, Key: 'dst', CopySource: `${bucket}/${encodeURIComponent('src key+1')}` }));
  assert.equal(copied.CopyObjectResult!.ETag, put.ETag);
  const dst = await client.send(new GetObjectCommand({ Bucket: other, Key: 'dst' }));
  assert.equal(await dst.Body!.transformToString(), 'copy me');
  assert.equal(dst.ContentType, 'text/x-src');
  assert.deepEqual(dst.Metadata, { a: '1' });
  assert.equal(dst.TagCount, 1);
  await client.send(new CopyObjectCommand({ Bucket: other, Key: 'dst2', CopySource: `/${bucket}/${encodeURIComponent('src key+1')}`, MetadataDirective: 'REPLACE', ContentType: 'text/x-new', Metadata: { b: '2' } }));
  const dst2 = await client.send(new HeadObjectCommand({ Bucket: other, Key: 'dst2' }));
  assert.equal(dst2.ContentType, 'text/x-new');
  assert.deepEqual(dst2.Metadata, { b: '2' });
  await assert.rejects(client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'src key+1', CopySource: `${bucket}/${encodeURIComponent('src key+1')}` })), (e: any) => e.name === 'InvalidRequest');
  await client.send(new CopyObjectCommand({ Bucket: bucket, Key: 'src key+1', CopySource: `${bucket}/${encodeURIComponent('src key+1')}`, MetadataDirective: 'REPLACE', Metadata: { c: '3' } }));
  await assert.rejects(client.send(new CopyObjectCommand({ Bucket: other, Key: 'x', CopySource: `${bucket}/${encodeURIComponent('src key+1')}`, CopySourceIfMatch: '"nope"' })), (e: any) => e.name === 'PreconditionFailed');
  await assert.rejects(client.send(new CopyObjectCommand({ Bucket: other, Key: 'x', CopySource: `${bucket}/missing` })), (e: any) => e.name === 'NoSuchKey');
  // The source deleted: the copy still reads (shared blob kept while named).
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'src key+1' }));
  const after = await client.send(new GetObjectCommand({ Bucket: other, Key: 'dst' }));
  assert.equal(await after.Body!.transformToString(), 'copy me');
});

test('object tagging: header, Put/Get/DeleteObjectTagging, limits', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged', Body: 'x', Tagging: 'a=1&b=two%20words' }));
  const tags = await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }));
  assert.deepEqual(tags.TagSet, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }]);
  await client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }));
  assert.deepEqual((await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged' }))).TagSet, [{ Key: 'k', Value: 'v' }]);
  const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await assert.rejects(client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged', Tagging: { TagSet: eleven } })), (e: any) => e.name === 'BadRequest');
});

test('ListObjectsV2 and ListObjects: prefix, delimiter, common prefixes, start-after, pages, url encoding', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const keys = ['a.txt', 'b/1.txt', 'b/2.txt', 'b/c/3.txt', 'd e.txt', 'z/9.txt', 'é.txt'];
  for (const Key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
  const all = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  assert.deepEqual(all.Contents!.map((o) => o.Key), keys);
  assert.equal(all.KeyCount, keys.length);
  assert.equal(all.IsTruncated, false);
  assert.equal(all.Contents![0]!.Size, 5);
  assert.equal(all.Contents![0]!.ETag, `"${md5('a.txt')}"`);
  const grouped = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
  assert.deepEqual(grouped.Contents!.map((o) => o.Key), ['a.txt', 'd e.txt', 'é.txt']);
  assert.deepEqual(grouped.CommonPrefixes!.map((p) => p.Prefix), ['b/', 'z/']);
  const underB = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'b/', Delimiter: '/' }));
  assert.deepEqual(underB.Contents!.map((o) => o.Key), ['b/1.txt', 'b/2.txt']);
  assert.deepEqual(underB.CommonPrefixes!.map((p) => p.Prefix), ['b/c/']);
  const after = await client.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'b/2.txt' }));
  assert.deepEqual(after.Contents!.map((o) => o.Key), ['b/c/3.txt', 'd e.txt', 'z/9.txt', 'é.txt']);
  // Paging two at a time, with the delimiter: common prefixes count as keys.
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
    seen.push(...(page.Contents ?? []).map((o) => o.Key!), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix!));
    token = page.NextContinuationToken;
    assert.equal(page.IsTruncated, token !== undefined);
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(seen.sort(), ['a.txt', 'b/', 'd e.txt', 'z/', 'é.txt'].sort());
  const encoded = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'd', EncodingType: 'url' }));
  assert.deepEqual(encoded.Contents!.map((o) => o.Key), ['d%20e.txt']);
  const v1 = await client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 2 }));
  assert.deepEqual(v1.Contents!.map((o) => o.Key), ['a.txt']);
  assert.deepEqual(v1.CommonPrefixes!.map((p) => p.Prefix), ['b/']);
  assert.equal(v1.IsTruncated, true);
  assert.equal(v1.NextMarker, 'b/');
  const v1next = await client.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', Marker: v1.NextMarker }));
  assert.deepEqual(v1next.Contents!.map((o) => o.Key), ['d e.txt', 'é.txt']);
  assert.deepEqual(v1next.CommonPrefixes!.map((p) => p.Prefix), ['z/']);
  assert.ok(v1next.Contents![0]!.Owner?.ID);
});

test('DeleteObjects, verbose and quiet; BucketNotEmpty until the bucket is empty', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  for (const Key of ['1', '2', '3']) await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
  await assert.rejects(client.send(new DeleteBucketCommand({ Bucket: bucket })), (e: any) => e.name === 'BucketNotEmpty' && e.$metadata.httpStatusCode === 409);
  const verbose = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: '1' }, { Key: 'missing' }] } }));
  assert.deepEqual(verbose.Deleted!.map((d) => d.Key), ['1', 'missing']);
  const quiet = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: '2' }, { Key: '3' }], Quiet: true } }));
  assert.equal(quiet.Deleted, undefined);
  assert.equal((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount, 0);
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
});

test('virtual-host style: the bucket from the Host header (bucket.localhost, bucket.s3.localhost.localstack.cloud)', async () => {
  const client = s3();
  const bucket = await newBucket(client);
  const port = new URL(t.nimbus.endpoint).port;
  for (const host of [`${bucket}.localhost:${port}`, `${bucket}.s3.localhost.localstack.cloud:${port}`]) {
    const put = await raw('PUT', '/vhost/key.txt', { ...AUTH, host }, Buffer.from(host));
    assert.equal(put.status, 200, put.body);
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/key.txt' }));
    assert.equal(await got.Body!.transformToString(), host);
    const list = await raw('GET', '/?list-type=2', { ...AUTH, host });
    assert.match(list.body, new RegExp(`<Name>${bucket}</Name>`));
    assert.match(list.body, /<Key>vhost\/key.txt<\/Key>/);
  }
});
