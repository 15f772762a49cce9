// restXml codec (S3) against the real JS v3 S3 client: SDK-built requests (headers, labels, XML
// payloads with flattened lists and attributes) decode back to the input; our responses and errors
// parse back to the expected values and error names; malformed XML is MalformedXML.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import {
  CompleteMultipartUploadCommand,
  DeleteObjectsCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { HttpResponse as SmithyResponse } from '@smithy/core/transport';
import type { OperationModel, ServiceModel } from '../../src/models/types.js';
import { restXml } from '../../src/protocol/codecs/rest-xml.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // Node 20 is supported by the pinned SDKs

const model = JSON.parse(readFileSync(new URL('../../../src/models/s3.json', import.meta.url), 'utf8')) as ServiceModel;
function op(name: string): OperationModel {
  const o = model.operations[name];
  assert.ok(o, `s3.${name} in the model`);
  return o;
}
const ec = { requestId: 'S3REQ123' };

interface SmithyRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

async function toHttpRequest(r: SmithyRequest): Promise<HttpRequest> {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(r.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push(item === null ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
  }
  let body = Buffer.alloc(0);
  if (typeof r.body === 'string' || r.body instanceof Uint8Array) body = Buffer.from(r.body);
  else if (r.body && typeof (r.body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of r.body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c));
    body = Buffer.concat(chunks);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  return { method: r.method, path: r.path, rawQuery: parts.join('&'), headers, body };
}

/** A path-style S3 client whose transport captures the request and answers with `respond`'s. */
function client(respond: (req: HttpRequest) => HttpResponse, sink: HttpRequest[] = []): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: 'http://localhost:4566',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: {
      async handle(r: SmithyRequest) {
        const req = await toHttpRequest(r);
        sink.push(req);
        const res = respond(req);
        const body = Buffer.from(res.body);
        return { response: new SmithyResponse({ statusCode: res.status, headers: res.headers, body: Readable.from(body.length ? [body] : []) }) };
      },
    },
  });
}

/** Path-style labels, as the router would give them (percent-decoded). */
function labelsOf(req: HttpRequest): Record<string, string> {
  const [, bucket = '', ...key] = req.path.split('/');
  const labels: Record<string, string> = { Bucket: decodeURIComponent(bucket) };
  if (key.length > 0 && key.join('/') !== '') labels.Key = decodeURIComponent(key.join('/'));
  return labels;
}

async function decodeSent(opName: string, send: (c: S3Client) => Promise<unknown>): Promise<Record<string, unknown>> {
  const sink: HttpRequest[] = [];
  await send(client(() => restXml.encode({}, model, op(opName), ec), sink));
  const req = sink[0]!;
  return restXml.decode(req, model, op(opName), { labels: labelsOf(req) });
}

// ------------------------------------------------------------------------------------------------
// Requests built by the SDK decode to the same input

test('PutObject: labels, headers (timestamps, enums), metadata prefix headers, blob payload', async () => {
  const input = {
    Bucket: 'bucket',
    Key: 'dir/a key+é&?.txt',
    ContentType: 'text/plain',
    CacheControl: 'no-cache',
    ContentDisposition: 'attachment; filename="x.txt"',
    Expires: new Date('2027-01-01T00:00:00.000Z'),
    Metadata: { color: 'blue', 'multi-word': 'v a l' },
    StorageClass: 'STANDARD_IA' as const,
    Tagging: 'a=b&c=d',
    ServerSideEncryption: 'AES256' as const,
    ObjectLockRetainUntilDate: new Date('2027-02-03T04:05:06.000Z'),
  };
  const decoded = await decodeSent('PutObject', (c) => c.send(new PutObjectCommand({ ...input, Body: 'hello' })));
  assert.deepEqual(decoded.Body, Buffer.from('hello'));
  delete decoded.Body;
  delete decoded.ContentLength; // the SDK adds Content-Length for a string body
  assert.deepEqual(decoded, input);
});

test('PutBucketTagging, DeleteObjects, CompleteMultipartUpload: XML payloads with flattened lists', async () => {
  const tagging = { Bucket: 'bucket', Tagging: { TagSet: [{ Key: 'k1', Value: 'v1' }, { Key: 'k & <2>', Value: '' }] } };
  const t = await decodeSent('PutBucketTagging', (c) => c.send(new PutBucketTaggingCommand({ ...tagging })));
  assert.equal(t.ChecksumAlgorithm, 'CRC32'); // the SDK adds it to httpChecksumRequired operations
  delete t.ChecksumAlgorithm;
  assert.deepEqual(t, tagging);

  const del = {
    Bucket: 'bucket',
    Delete: { Objects: [{ Key: 'a' }, { Key: ' spaced key \r\n', VersionId: 'v1' }], Quiet: true },
  };
  const d = await decodeSent('DeleteObjects', (c) => c.send(new DeleteObjectsCommand({ ...del })));
  delete d.ChecksumAlgorithm;
  assert.deepEqual(d, del);

  const complete = {
    Bucket: 'bucket',
    Key: 'big/object',
    UploadId: 'upload-1',
    MultipartUpload: { Parts: [{ ETag: '"e1"', PartNumber: 1, ChecksumCRC32: 'AAAAAA==' }, { ETag: '"e2"', PartNumber: 2 }] },
  };
  assert.deepEqual(await decodeSent('CompleteMultipartUpload', (c) => c.send(new CompleteMultipartUploadCommand(complete))), complete);
});

test('PutBucketAcl: xsi:type attribute and namespaced Grantee', async () => {
  const acl = {
    Bucket: 'bucket',
    AccessControlPolicy: {
      Grants: [
        { Grantee: { Type: 'CanonicalUser' as const, ID: 'owner-id', DisplayName: 'me' }, Permission: 'FULL_CONTROL' as const },
        { Grantee: { Type: 'Group' as const, URI: 'http://acs.amazonaws.com/groups/global/AllUsers' }, Permission: 'READ' as const },
      ],
      Owner: { ID: 'owner-id' },
    },
  };
  const decoded = await decodeSent('PutBucketAcl', (c) => c.send(new PutBucketAclCommand({ ...acl })));
  delete decoded.ChecksumAlgorithm;
  assert.deepEqual(decoded, acl);
});

// ------------------------------------------------------------------------------------------------
// Our responses parse back to the values

test('ListBuckets and ListObjectsV2: root xmlName, wrapped and flattened lists, dates, numbers', async () => {
  const created = new Date('2026-11-27T10:00:00.000Z');
  let res = restXml.encode(
    { Buckets: [{ Name: 'a', CreationDate: created, BucketRegion: 'us-east-1' }, { Name: 'b', CreationDate: created }], Owner: { ID: 'id', DisplayName: 'me' } },
    model,
    op('ListBuckets'),
    ec,
  );
  assert.equal(res.headers['x-amz-request-id'], 'S3REQ123');
  assert.ok(res.headers['x-amz-id-2']);
  assert.ok(String(res.body).includes('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'));
  const buckets = await client(() => res).send(new ListBucketsCommand({}));
  assert.deepEqual(buckets.Buckets, [{ Name: 'a', CreationDate: created, BucketRegion: 'us-east-1' }, { Name: 'b', CreationDate: created }]);
  assert.deepEqual(buckets.Owner, { ID: 'id', DisplayName: 'me' });

  const listing = {
    Name: 'bucket',
    Prefix: '',
    KeyCount: 2,
    MaxKeys: 1000,
    IsTruncated: false,
    Contents: [
      { Key: 'a.txt', LastModified: created, ETag: '"e"', Size: 5, StorageClass: 'STANDARD' },
      { Key: 'key with \u0001 control & <markup>', LastModified: created, ETag: '"f"', Size: 0, StorageClass: 'STANDARD' },
    ],
    CommonPrefixes: [{ Prefix: 'dir/' }],
  };
  res = restXml.encode(listing, model, op('ListObjectsV2'), ec);
  const listed = await client(() => res).send(new ListObjectsV2Command({ Bucket: 'bucket' }));
  const { $metadata, ...rest } = listed;
  assert.equal($metadata.httpStatusCode, 200);
  assert.deepEqual(rest, listing);
});

test('GetObject: blob payload, headers (http-date, long), metadata; GetBucketLocation; GetBucketAcl', async () => {
  const modified = new Date('2026-11-27T10:00:00.000Z');
  let res = restXml.encode(
    { Body: Buffer.from('object data'), ContentType: 'text/plain', ContentLength: 11, ETag: '"etag"', LastModified: modified, Metadata: { color: 'blue' }, TagCount: 2 },
    model,
    op('GetObject'),
    ec,
  );
  const got = await client(() => res).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'object data');
  assert.equal(got.ContentType, 'text/plain');
  assert.equal(got.ContentLength, 11);
  assert.equal(got.ETag, '"etag"');
  assert.deepEqual(got.LastModified, modified);
  assert.deepEqual(got.Metadata, { color: 'blue' });
  assert.equal(got.TagCount, 2);

  res = restXml.encode({ LocationConstraint: 'eu-west-1' }, model, op('GetBucketLocation'), ec);
  assert.ok(String(res.body).includes('<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>'));
  const location = await client(() => res).send(new GetBucketLocationCommand({ Bucket: 'bucket' }));
  assert.equal(location.LocationConstraint, 'eu-west-1');

  const grants = [{ Grantee: { Type: 'CanonicalUser' as const, ID: 'owner-id' }, Permission: 'FULL_CONTROL' as const }];
  res = restXml.encode({ Owner: { ID: 'owner-id' }, Grants: grants }, model, op('GetBucketAcl'), ec);
  assert.ok(String(res.body).includes('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">'));
  const acl = await client(() => res).send(new GetBucketAclCommand({ Bucket: 'bucket' }));
  assert.deepEqual(acl.Grants, grants);
});

// ------------------------------------------------------------------------------------------------
// Errors

async function sendExpectingError(send: () => Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number }; [k: string]: unknown }> {
  try {
    await send();
  } catch (e) {
    return e as Error & { $metadata: { httpStatusCode?: number }; [k: string]: unknown };
  }
  assert.fail('expected an error');
}

test('errors: <Error> with code, message, extra fields and ids; HEAD errors have no body', async () => {
  let res = restXml.encodeError(new AwsError('NoSuchKey', 'The specified key does not exist.', { fields: { Key: 'k' } }), model, op('GetObject'), ec);
  assert.equal(res.status, 404);
  assert.ok(String(res.body).includes('<Key>k</Key><RequestId>S3REQ123</RequestId><HostId>'));
  let err = await sendExpectingError(() => client(() => res).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
  assert.equal(err.name, 'NoSuchKey');
  assert.equal(err.message, 'The specified key does not exist.');
  assert.equal(err.$metadata.httpStatusCode, 404);

  res = restXml.encodeError(new AwsError('NoSuchBucket', 'The specified bucket does not exist', { fields: { BucketName: 'nope' } }), model, op('ListObjectsV2'), ec);
  err = await sendExpectingError(() => client(() => res).send(new ListObjectsV2Command({ Bucket: 'nope' })));
  assert.equal(err.name, 'NoSuchBucket');
  assert.equal(err.BucketName, 'nope');
  assert.equal(err.$metadata.httpStatusCode, 404);

  res = restXml.encodeError(new AwsError('NoSuchKey', 'The specified key does not exist.'), model, op('HeadObject'), ec);
  assert.equal(res.body, '');
  err = await sendExpectingError(() => client(() => res).send(new HeadObjectCommand({ Bucket: 'bucket', Key: 'k' })));
  assert.equal(err.$metadata.httpStatusCode, 404);
  assert.ok(err.name === 'NotFound' || err.name === 'NoSuchKey', err.name);

  res = restXml.encodeError(new AwsError('InvalidArgument', 'Invalid argument.', { headers: { 'x-amz-bucket-region': 'us-east-1' } }), model, undefined, ec);
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amz-bucket-region'], 'us-east-1');
  err = await sendExpectingError(() => client(() => res).send(new ListBucketsCommand({})));
  assert.equal(err.name, 'InvalidArgument');
});

// ------------------------------------------------------------------------------------------------
// Malformed input

function rawRequest(opName: string, body: string, headers: Record<string, string> = {}, rawQuery = ''): Record<string, unknown> {
  return restXml.decode({ method: 'PUT', path: '/bucket', rawQuery, headers, body: Buffer.from(body) }, model, op(opName), { labels: { Bucket: 'bucket', Key: 'k' } });
}

function assertS3Error(fn: () => unknown, code: string, fragment = ''): void {
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code && e.status === 400 && e.message.includes(fragment));
}

test('broken XML is MalformedXML; values that do not convert are InvalidArgument', () => {
  const malformed = 'The XML you provided was not well-formed or did not validate against our published schema';
  assertS3Error(() => rawRequest('PutBucketTagging', '<Tagging><TagSet><Tag><Key>k</Key></TagSet></Tagging>'), 'MalformedXML', malformed);
  assertS3Error(() => rawRequest('PutBucketTagging', 'not xml at all'), 'MalformedXML');
  assertS3Error(() => rawRequest('DeleteObjects', '<Delete><Object><Key>a</Key></Object></Delete><Delete/>'), 'MalformedXML');
  assertS3Error(() => rawRequest('DeleteObjects', '<Delete><Object><Key>a & b</Key></Object></Delete>'), 'MalformedXML');
  assertS3Error(() => rawRequest('CompleteMultipartUpload', '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber></Part></CompleteMultipartUpload>', {}, 'uploadId=u'), 'InvalidArgument');
  assertS3Error(() => rawRequest('DeleteObjects', '<Delete><Quiet>perhaps</Quiet></Delete>'), 'InvalidArgument');
  assertS3Error(() => rawRequest('PutObject', '', { 'content-length': 'twelve' }), 'InvalidArgument');

  // An empty body leaves the payload absent (the validator reports the required member).
  assert.deepEqual(rawRequest('DeleteObjects', ''), { Bucket: 'bucket' });
  // Entities, CDATA, namespaces and unknown elements.
  assert.deepEqual(
    rawRequest('DeleteObjects', '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>&lt;a&#xD;&#13;&#x1F600;&quot;</Key><Unknown>u</Unknown></Object><Object><Key><![CDATA[<b>&amp;]]></Key></Object></Delete>'),
    { Bucket: 'bucket', Delete: { Objects: [{ Key: '<a\r\r😀"' }, { Key: '<b>&amp;' }] } },
  );
});
