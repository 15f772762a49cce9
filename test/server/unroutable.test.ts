// A request signed for a service Nimbus serves, whose operation the router cannot find, is answered
// in that service's protocol and names what was asked (not "Nimbus serves no service ..."). An
// unsigned request that names no service still gets UnrecognizedServiceException.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { test } from 'node:test';
import { useNimbus } from '../support/nimbus.js';

const t = useNimbus();

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
const FORM = 'application/x-www-form-urlencoded';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const all = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = request(new URL(path, t.nimbus.endpoint), { method, agent: false, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function queryError(r: Raw): { code: string; message: string } {
  assert.match(r.body, /^<ErrorResponse/, r.body);
  assert.match(String(r.headers['content-type']), /^text\/xml/);
  return { code: /<Code>([^<]*)<\/Code>/.exec(r.body)![1]!, message: /<Message>([^<]*)<\/Message>/.exec(r.body)![1]! };
}

function jsonError(r: Raw, contentType: string): { code: string; message: string } {
  assert.equal(r.headers['content-type'], contentType);
  const body = JSON.parse(r.body) as { __type: string; message: string };
  return { code: body.__type.split('#').pop()!, message: body.message };
}

test('query (SNS): an unknown Action is InvalidAction naming it, form or query string', async () => {
  for (const r of [
    await send('POST', '/', { 'content-type': FORM, authorization: AUTH('sns') }, 'Action=Nope&Version=2010-03-31'),
    await send('POST', '/', { 'content-type': FORM, authorization: AUTH('sns') }, 'Action=Nope'),
    await send('GET', '/?Action=Nope', { authorization: AUTH('sns') }),
    // A JSON-shaped request with an X-Amz-Target SNS does not speak: still SNS's query answer.
    await send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Bogus.Nope', authorization: AUTH('sns') }, '{}'),
  ]) {
    assert.equal(r.status, 400);
    assert.deepEqual(queryError(r), { code: 'InvalidAction', message: 'The action Nope is not valid for this web service.' });
  }
});

test('query (SNS): a restJson-shaped request without an Action is MissingAction', async () => {
  const r = await send('POST', '/2015-03-31/functions', { 'content-type': 'application/json', authorization: AUTH('sns') }, '{"FunctionName":"f"}');
  assert.equal(r.status, 400);
  assert.equal(queryError(r).code, 'MissingAction');
});

test('awsJson (SQS): a bogus target prefix is UnknownOperationException naming the target', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Bogus.SendMessage', authorization: AUTH('sqs') }, '{}');
  assert.equal(r.status, 400);
  const e = jsonError(r, 'application/x-amz-json-1.0');
  assert.equal(e.code, 'UnknownOperationException');
  assert.match(e.message, /SendMessage/);
  assert.match(e.message, /Bogus\.SendMessage/);
  assert.match(String(r.headers['x-amzn-query-error']), /^UnknownOperationException;Sender$/);
});

test('awsJson (SQS): a smithy-protocol request for a service that speaks no CBOR names the operation', async () => {
  const r = await send('POST', '/service/Bogus/operation/Nope', { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', authorization: AUTH('sqs') });
  assert.equal(r.status, 400);
  const e = jsonError(r, 'application/x-amz-json-1.0');
  assert.equal(e.code, 'UnknownOperationException');
  assert.match(e.message, /Nope/);
});

test('awsJson (Logs): a request without X-Amz-Target names method and path', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.1', authorization: AUTH('logs') }, '{}');
  assert.equal(r.status, 400);
  const e = jsonError(r, 'application/x-amz-json-1.1');
  assert.equal(e.code, 'UnknownOperationException');
  assert.match(e.message, /POST \//);
});

test('restJson (Lambda): a path matching no route names method and path', async () => {
  const r = await send('GET', '/2015-03-31/nothing-here', { authorization: AUTH('lambda') });
  assert.equal(r.status, 404);
  assert.equal(r.headers['x-amzn-errortype'], 'UnknownOperationException');
  const e = jsonError(r, 'application/json');
  assert.equal(e.message, 'No operation matches GET /2015-03-31/nothing-here');
});

test('restXml (S3): a request matching no route names method and path', async () => {
  const r = await send('PATCH', '/bucket/key', { authorization: AUTH('s3') });
  assert.equal(r.status, 404);
  assert.match(r.body, /<Error><Code>UnknownOperationException<\/Code><Message>No operation matches PATCH \/bucket\/key<\/Message>/);
});

test('unsigned requests that name no service keep UnrecognizedServiceException', async () => {
  const r = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Bogus.Nope' }, '{}');
  assert.equal(r.status, 400);
  assert.equal(jsonError(r, 'application/x-amz-json-1.1').code, 'UnrecognizedServiceException');
  const signedUnknown = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Bogus.Nope', authorization: AUTH('nosuchservice') }, '{}');
  assert.equal(jsonError(signedUnknown, 'application/x-amz-json-1.1').code, 'UnrecognizedServiceException');
});
