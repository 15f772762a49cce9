// Every header name the protocol layer writes is lower-case: HTTP header names are
// case-insensitive, the listener and the chain look them up lower-case, and a mixed-case key beside
// a lower-case one would be sent twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProtocolName } from '../../src/models/types.js';
import type { Output } from '../../src/protocol/codec.js';
import { codecFor } from '../../src/protocol/codecs/index.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpResponse } from '../../src/protocol/http.js';
import { loadTestModel, op } from './sdk-capture.js';

const ec = { requestId: 'req-1' };

interface Case {
  protocol: ProtocolName;
  service: string;
  operation: string;
  output?: Output;
}

const cases: Case[] = [
  { protocol: 'awsJson1_0', service: 'sqs', operation: 'GetQueueUrl', output: { QueueUrl: 'http://q' } },
  { protocol: 'awsJson1_1', service: 'logs', operation: 'DescribeLogGroups', output: { logGroups: [] } },
  { protocol: 'awsQuery', service: 'sqs', operation: 'GetQueueUrl', output: { QueueUrl: 'http://q' } },
  { protocol: 'ec2Query', service: 'ec2', operation: 'DescribeRegions', output: { Regions: [] } },
  {
    protocol: 'restXml',
    service: 's3',
    operation: 'GetObject',
    output: { Body: 'x', ContentType: 'text/plain', ETag: '"e"', Metadata: { Mixed: 'v' }, VersionId: 'v1' },
  },
  {
    protocol: 'restJson1',
    service: 'lambda',
    operation: 'Invoke',
    output: { StatusCode: 200, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST', Payload: '{}' },
  },
  { protocol: 'rpcv2Cbor', service: 'cloudwatch', operation: 'ListDashboards', output: { DashboardEntries: [] } },
];

function assertLowerCase(res: HttpResponse, what: string): void {
  assert.ok(Object.keys(res.headers).length > 0, `${what}: some headers`);
  for (const key of Object.keys(res.headers)) assert.equal(key, key.toLowerCase(), `${what}: header ${key}`);
}

describe('response header names are lower-case', () => {
  for (const c of cases) {
    it(`${c.protocol} (${c.service} ${c.operation}): output and error`, async () => {
      const codec = await codecFor(c.protocol);
      const model = loadTestModel(c.service);
      const operation = op(c.service, c.operation);
      assertLowerCase(codec.encode(c.output, model, operation, ec), 'output');
      const error = new AwsError('SomethingWrong', 'bad', { headers: { 'X-Amz-Bucket-Region': 'us-east-1' } });
      const res = codec.encodeError(error, model, operation, ec);
      assertLowerCase(res, 'error');
      assert.equal(res.headers['x-amz-bucket-region'], 'us-east-1');
      assertLowerCase(codec.encodeError(new AwsError('SomethingWrong', 'bad'), model, undefined, ec), 'error without operation');
    });
  }
});
