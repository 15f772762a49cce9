// DynamoDB's x-amz-crc32 (a fact of the service, services/response-facts.ts, added by the chain):
// on its answers, its errors, its 501s and its unknown operations alike, over the exact bytes sent.
// botocore retries on a mismatch and then fails, so a wrong or missing value breaks boto3.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { crc32 } from 'node:zlib';
import { test } from 'node:test';
import { AwsError } from '../../src/protocol/errors.js';
import type { ServiceDefinition } from '../../src/services/service.js';
import { useNimbus } from '../support/nimbus.js';

// A stand-in DynamoDB with one handler (DynamoDB has no definition of its own yet) and one that fails.
const dynamodb: ServiceDefinition<object> = {
  id: 'dynamodb',
  createState: () => ({}),
  operations: {
    ListTables: () => ({ TableNames: ['t1', 'tä'] }),
    DescribeTable: () => {
      throw new AwsError('ResourceNotFoundException', 'Requested resource not found: Table: t not found');
    },
  },
};
const t = useNimbus({ services: { dynamodb: async () => dynamodb } });

const AUTH = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

function call(target: string, body = '{}', service = 'dynamodb'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, authorization: AUTH(service), 'content-length': String(Buffer.byteLength(body)) };
    const req = request(new URL('/', t.nimbus.endpoint), { method: 'POST', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertChecksum(r: { headers: Record<string, unknown>; body: Buffer }): void {
  assert.equal(r.headers['x-amz-crc32'], String(crc32(r.body)));
}

test('a DynamoDB answer carries the CRC32 of its bytes (non-ASCII included)', async () => {
  const r = await call('DynamoDB_20120810.ListTables');
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body.toString('utf8')), { TableNames: ['t1', 'tä'] });
  assertChecksum(r);
});

test('a DynamoDB error, a 501 and a validation error carry it too', async () => {
  const failed = await call('DynamoDB_20120810.DescribeTable', '{"TableName":"t"}');
  assert.equal(failed.status, 400);
  assertChecksum(failed);
  const unimplemented = await call('DynamoDB_20120810.ListBackups');
  assert.equal(unimplemented.status, 501);
  assertChecksum(unimplemented);
  const invalid = await call('DynamoDB_20120810.DescribeTable', '{}');
  assert.equal(invalid.status, 400);
  assertChecksum(invalid);
});

test('an unknown DynamoDB operation carries it', async () => {
  const r = await call('DynamoDB_20120810.Nope');
  assert.equal(r.status, 400);
  assertChecksum(r);
});

test('other services send none', async () => {
  const r = await call('AmazonSQS.ListQueues', '{}', 'sqs');
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-amz-crc32'], undefined);
});
