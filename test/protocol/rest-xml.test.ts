// restXml codec (S3) against the real JS v3 S3 client: SDK-built requests (headers, labels, XML
// payloads with flattened lists and attributes) decode back to the input; our responses and errors
// parse back to the expected values and error names; malformed XML is MalformedXML.
import { strict as assert } from 'node:assert';
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
import { restXml } from '../../src/protocol/codecs/rest-xml.js';
import { AwsError } from '../../src/protocol/errors.js';
import { answering, awsError, captureRequest, loadTestModel, matchLabels, op, sdkError, type ClientConfig } from './sdk-capture.js';

const model = loadTestModel('s3');
const ec = { requestId: 'S3REQ123' };

/** A path-style S3 client that sends only the checksums an operation requires. */
const s3 = (config: ClientConfig) =>
  new S3Client({ ...config, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

async function decodeSent(opName: string, send: (c: S3Client) => Promise<unknown>): Promise<Record<string, unknown>> {
  const o = op('s3', opName);
  const req = await captureRequest((config) => send(s3(config)), restXml.encode({}, model, o, ec));
  return restXml.decode(req, model, o, { labels: matchLabels(o.http!.uri, req.path) });
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
    op('s3', 'ListBuckets'),
    ec,
  );
  assert.equal(res.headers['x-amz-request-id'], 'S3REQ123');
  assert.ok(res.headers['x-amz-id-2']);
  assert.ok(String(res.body).includes('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'));
  const buckets = await s3(answering(res)).send(new ListBucketsCommand({}));
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
  res = restXml.encode(listing, model, op('s3', 'ListObjectsV2'), ec);
  const listed = await s3(answering(res)).send(new ListObjectsV2Command({ Bucket: 'bucket' }));
  const { $metadata, ...rest } = listed;
  assert.equal($metadata.httpStatusCode, 200);
  assert.deepEqual(rest, listing);
});

test('GetObject: blob payload, headers (http-date, long), metadata; GetBucketLocation; GetBucketAcl', async () => {
  const modified = new Date('2026-11-27T10:00:00.000Z');
  let res = restXml.encode(
    { Body: Buffer.from('object data'), ContentType: 'text/plain', ContentLength: 11, ETag: '"etag"', LastModified: modified, Metadata: { color: 'blue' }, TagCount: 2 },
    model,
    op('s3', 'GetObject'),
    ec,
  );
  const got = await s3(answering(res)).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' }));
  assert.equal(await got.Body!.transformToString(), 'object data');
  assert.equal(got.ContentType, 'text/plain');
  assert.equal(got.ContentLength, 11);
  assert.equal(got.ETag, '"etag"');
  assert.deepEqual(got.LastModified, modified);
  assert.deepEqual(got.Metadata, { color: 'blue' });
  assert.equal(got.TagCount, 2);

  res = restXml.encode({ LocationConstraint: 'eu-west-1' }, model, op('s3', 'GetBucketLocation'), ec);
  assert.ok(String(res.body).includes('<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>'));
  const location = await s3(answering(res)).send(new GetBucketLocationCommand({ Bucket: 'bucket' }));
  assert.equal(location.LocationConstraint, 'eu-west-1');

  const grants = [{ Grantee: { Type: 'CanonicalUser' as const, ID: 'owner-id' }, Permission: 'FULL_CONTROL' as const }];
  res = restXml.encode({ Owner: { ID: 'owner-id' }, Grants: grants }, model, op('s3', 'GetBucketAcl'), ec);
  assert.ok(String(res.body).includes('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">'));
  const acl = await s3(answering(res)).send(new GetBucketAclCommand({ Bucket: 'bucket' }));
  assert.deepEqual(acl.Grants, grants);
});

// ------------------------------------------------------------------------------------------------
// Errors

test('errors: <Error> with code, message, extra fields and ids; HEAD errors have no body', async () => {
  let res = restXml.encodeError(new AwsError('NoSuchKey', 'The specified key does not exist.', { fields: { Key: 'k' } }), model, op('s3', 'GetObject'), ec);
  assert.equal(res.status, 404);
  assert.ok(String(res.body).includes('<Key>k</Key><RequestId>S3REQ123</RequestId><HostId>'));
  await sdkError(s3(answering(res)).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })), {
    name: 'NoSuchKey',
    message: 'The specified key does not exist.',
    status: 404,
  });

  res = restXml.encodeError(new AwsError('NoSuchBucket', 'The specified bucket does not exist', { fields: { BucketName: 'nope' } }), model, op('s3', 'ListObjectsV2'), ec);
  await sdkError(s3(answering(res)).send(new ListObjectsV2Command({ Bucket: 'nope' })), { name: 'NoSuchBucket', status: 404, members: { BucketName: 'nope' } });

  res = restXml.encodeError(new AwsError('NoSuchKey', 'The specified key does not exist.'), model, op('s3', 'HeadObject'), ec);
  assert.equal(res.body, '');
  const err = await sdkError(s3(answering(res)).send(new HeadObjectCommand({ Bucket: 'bucket', Key: 'k' })), { status: 404 });
  assert.ok(err.name === 'NotFound' || err.name === 'NoSuchKey', err.name);

  res = restXml.encodeError(new AwsError('InvalidArgument', 'Invalid argument.', { headers: { 'x-amz-bucket-region': 'us-east-1' } }), model, undefined, ec);
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amz-bucket-region'], 'us-east-1');
  await sdkError(s3(answering(res)).send(new ListBucketsCommand({})), { name: 'InvalidArgument' });
});

// ------------------------------------------------------------------------------------------------
// Malformed input

function rawRequest(opName: string, body: string, headers: Record<string, string> = {}, rawQuery = ''): Record<string, unknown> {
  return restXml.decode({ method: 'PUT', path: '/bucket', rawQuery, headers, body: Buffer.from(body) }, model, op('s3', opName), { labels: { Bucket: 'bucket', Key: 'k' } });
}

test('broken XML is MalformedXML; values that do not convert are InvalidArgument', () => {
  const malformed = 'The XML you provided was not well-formed or did not validate against our published schema';
  assert.throws(() => rawRequest('PutBucketTagging', '<Tagging><TagSet><Tag><Key>k</Key></TagSet></Tagging>'), awsError('MalformedXML', 400, malformed));
  assert.throws(() => rawRequest('PutBucketTagging', 'not xml at all'), awsError('MalformedXML', 400));
  assert.throws(() => rawRequest('DeleteObjects', '<Delete><Object><Key>a</Key></Object></Delete><Delete/>'), awsError('MalformedXML', 400));
  assert.throws(() => rawRequest('DeleteObjects', '<Delete><Object><Key>a & b</Key></Object></Delete>'), awsError('MalformedXML', 400));
  assert.throws(() => rawRequest('CompleteMultipartUpload', '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber></Part></CompleteMultipartUpload>', {}, 'uploadId=u'), awsError('InvalidArgument', 400));
  assert.throws(() => rawRequest('DeleteObjects', '<Delete><Quiet>perhaps</Quiet></Delete>'), awsError('InvalidArgument', 400));
  assert.throws(() => rawRequest('PutObject', '', { 'content-length': 'twelve' }), awsError('InvalidArgument', 400));

  // An empty body leaves the payload absent (the validator reports the required member).
  assert.deepEqual(rawRequest('DeleteObjects', ''), { Bucket: 'bucket' });
  // Entities, CDATA, namespaces and unknown elements.
  assert.deepEqual(
    rawRequest('DeleteObjects', '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>&lt;a&#xD;&#13;&#x1F600;&quot;</Key><Unknown>u</Unknown></Object><Object><Key><![CDATA[<b>&amp;]]></Key></Object></Delete>'),
    { Bucket: 'bucket', Delete: { Objects: [{ Key: '<a\r\r😀"' }, { Key: '<b>&amp;' }] } },
  );
});
