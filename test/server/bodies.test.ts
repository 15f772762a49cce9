// Request bodies as the chain reads them: each buffered operation under its limit (a body over it
// gets a clean 4xx in the request's protocol, before Nimbus holds it), gzip request compression
// (boto3 compresses PutMetricData bodies over 10 KB), absolute-form request targets, and
// Nimbus's own paths that name no endpoint.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { pythonJson } from '../support/python.js';

const t = useNimbus();

const SIGNED = (service: string) => `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body: Buffer | string = ''): Promise<Raw> {
  const url = new URL(t.nimbus.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.end(body);
  });
}

test('a JSON body over SQS\'s limit gets 413 RequestEntityTooLarge in JSON', async () => {
  const body = JSON.stringify({ QueueUrl: 'q', MessageBody: 'x'.repeat(5 * 1024 * 1024) });
  const res = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage', authorization: SIGNED('sqs') }, body);
  assert.equal(res.status, 413);
  const error = JSON.parse(res.body);
  assert.match(error.__type, /RequestEntityTooLarge/);
  assert.match(error.message, /exceeds the maximum of 4194304 bytes/);
});

test('a query form over SQS\'s limit gets 413 in XML, and one over the form cap is refused unread', async () => {
  const form = `Action=SendMessage&Version=2012-11-05&QueueUrl=q&MessageBody=${'x'.repeat(5 * 1024 * 1024)}`;
  const res = await send('POST', '/', { 'content-type': 'application/x-www-form-urlencoded', authorization: SIGNED('sqs') }, form);
  assert.equal(res.status, 413);
  const xml = new XMLParser().parse(res.body);
  assert.equal(xml.ErrorResponse.Error.Code, 'RequestEntityTooLarge');
  // A declared length far over any limit is answered before a byte of it is read.
  const huge = await new Promise<string>((resolve, reject) => {
    const url = new URL(t.nimbus.endpoint);
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`POST / HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: ${600 * 1024 * 1024}\r\n\r\nAction=SendMessage`);
    });
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  assert.match(huge, /^HTTP\/1\.1 413 /);
  assert.match(huge, /connection: close/i);
  assert.match(huge, /<Code>RequestEntityTooLarge<\/Code>/);
});

test('a gzip body is decoded, and the limit applies to the decoded bytes', async () => {
  const ok = gzipSync(JSON.stringify({ Namespace: 'Gz', MetricData: [{ MetricName: 'm', Value: 1 }] }));
  const res = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData', 'content-encoding': 'gzip', authorization: SIGNED('monitoring') }, ok);
  assert.equal(res.status, 200, res.body);
  // 64 MiB of zeros compress to about 64 KiB: the decoded size is what counts.
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
  assert.ok(bomb.length < 1024 * 1024);
  const refused = await send('POST', '/', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData', 'content-encoding': 'gzip', authorization: SIGNED('monitoring') }, bomb);
  assert.equal(refused.status, 413);
  assert.match(JSON.parse(refused.body).__type, /RequestEntityTooLarge/);
});

test('boto3 PutMetricData of 200 datapoints (gzip-compressed by boto3) is stored', async () => {
  const namespace = uniqueName('Boto3Gzip');
  const out = await pythonJson(
    `import boto3, json
cw = boto3.client('cloudwatch')
seen = {}
def capture(request, **kwargs):
    e = request.headers.get('Content-Encoding')
    seen['encoding'] = e.decode() if isinstance(e, bytes) else e
cw.meta.events.register('before-send.cloudwatch.PutMetricData', capture)
cw.put_metric_data(Namespace='${namespace}', MetricData=[{'MetricName': 'm%d' % (i % 20), 'Value': float(i), 'Dimensions': [{'Name': 'Shard', 'Value': 'shard-%d' % i}]} for i in range(200)])
print(json.dumps({'encoding': seen.get('encoding')}))`,
    t.env(),
  );
  assert.equal(out.encoding, 'gzip', 'boto3 compressed the body');
  const cw = new CloudWatchClient(t.config());
  const listed = await cw.send(new ListMetricsCommand({ Namespace: namespace }));
  assert.equal(listed.Metrics?.length, 200);
});

test('an absolute-form request target is served like its origin form', async () => {
  const url = new URL(t.nimbus.endpoint);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.end(`GET http://${url.host}/_nimbus/health HTTP/1.1\r\nhost: ${url.host}\r\nconnection: close\r\n\r\n`);
    });
    let got = '';
    socket.on('data', (d) => (got += d.toString('utf8')));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw, /"status":"running"/);
});

test('a path under /_nimbus/ that names no endpoint is 404, a wrong method 405; neither reaches S3', async () => {
  const missing = await send('GET', '/_nimbus/nope', {});
  assert.equal(missing.status, 404);
  assert.match(JSON.parse(missing.body).error, /no endpoint GET \/_nimbus\/nope/);
  const wrongMethod = await send('POST', '/_nimbus/health', {});
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.allow, 'GET, HEAD');
  assert.equal((await send('GET', '/_localstack/nope', {})).status, 404);
  assert.equal((await send('DELETE', '/_nimbus/reset', {})).status, 405);
  assert.equal((await send('GET', '/_nimbus/sns/not-the-certificate.pem', {})).status, 404);
});
