// Malformed input: every broken request gets a clean 4xx in its protocol's shape, and the server
// keeps serving afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'node:http';
import { useNimbus } from '../support/nimbus.js';

const t = useNimbus({ maxBodyBytes: 1024 * 1024 });

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body: Buffer | string = ''): Promise<Raw> {
  const url = new URL(path, t.nimbus.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (target: string, service: string, body: string) =>
  send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, authorization: AUTH(service) }, body);

test('broken JSON -> 400 SerializationException', async () => {
  const r = await json('DynamoDB_20120810.ListTables', 'dynamodb', '{"Limit": ');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).__type.split('#').pop(), 'SerializationException');
});

test('wrong member type in JSON -> 400, with the query-compatible header for SQS', async () => {
  const r = await json('AmazonSQS.ListQueues', 'sqs', '{"MaxResults": "ten"}');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).__type.split('#').pop(), 'SerializationException');
});

test('constraint violation in JSON -> ValidationException naming the member', async () => {
  const r = await send(
    'POST', '/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter', authorization: AUTH('ssm') }, '{}',
  );
  assert.equal(r.status, 400);
  const body = JSON.parse(r.body);
  assert.equal(body.__type.split('#').pop(), 'ValidationException');
  assert.match(body.message, /1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null/);
});

test('unknown JSON operation -> 400 UnknownOperationException', async () => {
  const r = await json('AmazonSQS.Frobnicate', 'sqs', '{}');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).__type.split('#').pop(), 'UnknownOperationException');
});

test('unknown query action -> 400 InvalidAction in an ErrorResponse', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('sts') }, 'Action=Frobnicate&Version=2011-06-15');
  assert.equal(r.status, 400);
  assert.match(r.body, /<ErrorResponse[^>]*>\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidAction<\/Code>/);
});

test('bad form value for an integer member -> 400 in the query shape', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('sqs') }, 'Action=ListQueues&Version=2012-11-05&MaxResults=lots');
  assert.equal(r.status, 400);
  assert.match(r.body, /<ErrorResponse/);
  assert.match(r.body, /<Code>[A-Za-z.]+<\/Code>/);
});

test('broken CBOR -> 400 with the rpc-v2-cbor headers', async () => {
  const r = await send(
    'POST', '/service/GraniteServiceVersion20100801/operation/ListMetrics',
    { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor', authorization: AUTH('monitoring') },
    Buffer.from([0xbf, 0x61]),
  );
  assert.equal(r.status, 400);
  assert.equal(r.headers['smithy-protocol'], 'rpc-v2-cbor');
  assert.equal(r.headers['content-type'], 'application/cbor');
});

test('broken XML body -> 400 MalformedXML', async () => {
  const r = await send('PUT', '/malformed-xml-bucket', { 'content-type': 'application/xml', authorization: AUTH('s3') }, '<CreateBucketConfiguration><LocationConstraint>eu');
  assert.equal(r.status, 400);
  assert.match(r.body, /<Code>MalformedXML<\/Code>/);
});

test('garbage Authorization still routes by the protocol markers', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: 'garbage' }, 'Action=GetCallerIdentity&Version=2011-06-15');
  assert.equal(r.status, 200);
  assert.match(r.body, /<GetCallerIdentityResult>/);
});

test('unknown signing name -> 400', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.1', authorization: AUTH('frobnicator') }, '{}');
  assert.equal(r.status, 400);
});

test('an upload over the largest allowed gets S3\'s EntityTooLarge, and the server keeps serving', async () => {
  const big = Buffer.alloc(2 * 1024 * 1024, 0x61);
  const r = await send('PUT', '/big-bucket/key', { authorization: AUTH('s3') }, big).catch((e) => ({ status: 0, body: String(e), headers: {} }));
  // 0: the server answered and closed before the client finished sending (also correct).
  assert.ok(r.status === 400 || r.status === 0, `status ${r.status}`);
  if (r.status === 400) assert.match(r.body, /<Code>EntityTooLarge<\/Code>/);
  const health = await send('GET', '/_nimbus/health', {});
  assert.equal(health.status, 200);
});

test('after all of the above the process still serves', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: AUTH('sts') }, 'Action=GetCallerIdentity&Version=2011-06-15');
  assert.equal(r.status, 200);
});
