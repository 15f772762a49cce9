// Regression tests for what the protocol fuzz (test/server/fuzz.test.ts) found, at the level of the
// piece that was fixed: own-key model lookups, nesting caps, null items and values, MissingAction,
// EC2 wildcards without RegExp, CloudWatch aggregates without argument spreading.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModel } from '../../src/models/load.js';
import { cborDepthExceeds } from '../../src/protocol/cbor-decode.js';
import { decodeQueryForm } from '../../src/protocol/codecs/aws-query.js';
import { parseJsonBody } from '../../src/protocol/codecs/json-body.js';
import { jsonDepthExceeds, JsonTooDeepError, MAX_JSON_DEPTH, parseJsonDocument } from '../../src/protocol/json-depth.js';
import { route, RoutingError } from '../../src/protocol/router.js';
import { validateInput } from '../../src/protocol/validate.js';
import { wildcardMatch } from '../../src/services/ec2/filters.js';
import { cloudwatch } from '../../src/services/cloudwatch/index.js';
import { sns as snsService } from '../../src/services/sns/index.js';
import { sqs as sqsService } from '../../src/services/sqs/index.js';
import { aggregate } from '../../src/services/cloudwatch/statistics.js';
import type { DataPoint } from '../../src/services/cloudwatch/store.js';
import { awsError } from './sdk-capture.js';

test('model tables answer only what the model declares, never Object.prototype members', () => {
  const sqs = loadModel('sqs');
  for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.equal(sqs.operations[key], undefined, key);
    assert.equal(sqs.shapes[key], undefined, key);
    assert.equal((sqs.shapes.SendMessageRequest as { members: Record<string, unknown> }).members[key], undefined, key);
  }
  assert.ok(sqs.operations.SendMessage);
  assert.ok('QueueUrl' in (sqs.shapes.SendMessageRequest as { members: object }).members);
});

test('JSON depth: brackets inside strings and escaped quotes do not count; the cap is inclusive', () => {
  assert.equal(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)), false);
  assert.equal(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)), true);
  assert.equal(jsonDepthExceeds(`{"a":"${'['.repeat(1000)}","b":"\\"${'{'.repeat(1000)}"}`), false);
  assert.equal(jsonDepthExceeds(Buffer.from('{"a":' + '['.repeat(500) + ']'.repeat(500) + '}')), true);
  assert.throws(() => parseJsonDocument('{"a":'.repeat(200) + '1' + '}'.repeat(200)), JsonTooDeepError);
  assert.throws(() => parseJsonDocument('['.repeat(200)), SyntaxError); // callers' "invalid JSON" path
  assert.deepEqual(parseJsonDocument('{"a":[1,{"b":2}]}'), { a: [1, { b: 2 }] });
  // Texts no longer than the cap are not scanned: the shortest text over a cap of 2 is `[[[`.
  assert.equal(jsonDepthExceeds('[[', 2), false);
  assert.equal(jsonDepthExceeds('[[]]', 2), false);
  assert.equal(jsonDepthExceeds('[[[', 2), true);
  assert.equal(jsonDepthExceeds(Buffer.from('{"a":{"b":[]}}'), 2), true);
});

test('a JSON body nested past the cap is a SerializationException, before any reader recurses', () => {
  assert.throws(() => parseJsonBody(Buffer.from('{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}')), awsError('SerializationException', 400));
});

test('CBOR depth: arrays, maps, tags and indefinite lengths all count', () => {
  const deep = (n: number, head: number) => Buffer.concat([Buffer.alloc(n, head), Buffer.from([0x00])]);
  assert.equal(cborDepthExceeds(deep(MAX_JSON_DEPTH, 0x81), MAX_JSON_DEPTH), false);
  assert.equal(cborDepthExceeds(deep(MAX_JSON_DEPTH + 1, 0x81), MAX_JSON_DEPTH), true);
  assert.equal(cborDepthExceeds(deep(50_000, 0x9f), MAX_JSON_DEPTH), true);
  assert.equal(cborDepthExceeds(deep(50_000, 0xc1), MAX_JSON_DEPTH), true);
  // {"a": [1, 2], "b": "xyz"} ten times in an array: wide, not deep.
  const item = Buffer.from([0xa2, 0x61, 0x61, 0x82, 0x01, 0x02, 0x61, 0x62, 0x63, 0x78, 0x79, 0x7a]);
  assert.equal(cborDepthExceeds(Buffer.concat([Buffer.from([0x8a]), ...Array(10).fill(item)]), 3), false);
});

test('null list items and map values are refused with the service code; null members are absent', () => {
  const sqs = loadModel('sqs');
  assert.throws(
    () => validateInput(sqs, 'awsJson1_0', 'DeleteMessageBatchRequest', { QueueUrl: 'u', Entries: [null] }, sqsService.validation),
    awsError('InvalidParameterValue', undefined, "Value null at 'entries.1.member'"),
  );
  assert.throws(
    () => validateInput(sqs, 'awsJson1_0', 'SendMessageRequest', { QueueUrl: 'u', MessageBody: 'b', MessageAttributes: { a: null } }, sqsService.validation),
    awsError('InvalidParameterValue', undefined, "Value null at 'messageAttributes.a.member'"),
  );
  const input: Record<string, unknown> = { QueueUrl: 'u', MessageBody: 'b', MessageAttributes: null, DelaySeconds: null };
  validateInput(sqs, 'awsJson1_0', 'SendMessageRequest', input, sqsService.validation);
  assert.deepEqual(input, { QueueUrl: 'u', MessageBody: 'b' });
  const cw = loadModel('cloudwatch');
  assert.throws(
    () => validateInput(cw, 'rpcv2Cbor', 'PutMetricDataInput', { Namespace: 'n', MetricData: [null] }, cloudwatch.validation),
    awsError('InvalidParameterValueException'),
  );
});

test('a query map entry without its value is refused, not handed over as a key without a value', () => {
  const sqs = loadModel('sqs');
  const form = new URLSearchParams('QueueUrl=u&MessageBody=b&MessageAttribute.1.Name=S');
  const input = decodeQueryForm(sqs, 'SendMessageRequest', form, false);
  assert.deepEqual(input.MessageAttributes, { S: null });
  assert.throws(() => validateInput(sqs, 'awsQuery', 'SendMessageRequest', input, sqsService.validation), awsError('InvalidParameterValue'));
});

test('a query key nested past the cap is refused before the walk recurses', () => {
  const sns = loadModel('sns');
  const form = new URLSearchParams(`TopicArn=t&Message=m&MessageAttributes${'.entry.1.value'.repeat(20_000)}=x`);
  assert.throws(() => decodeQueryForm(sns, 'PublishInput', form, false, snsService.validation), awsError('ValidationError'));
});

test('a signed query-service request without an Action is MissingAction in the query protocol', () => {
  const auth = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00';
  for (const [type, body] of [['application/json', 'Action=Publish'], ['application/x-www-form-urlencoded', '\u00ff\u0001']]) {
    let caught: unknown;
    try {
      route({ method: 'POST', path: '/', rawQuery: '', headers: { authorization: auth, 'content-type': type }, body: Buffer.from(body) });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof RoutingError, type);
    assert.equal(caught.protocol, 'awsQuery');
    assert.equal(caught.error.code, 'MissingAction');
    assert.equal(caught.service?.id, 'sns');
  }
});

test('EC2 wildcards match without RegExp, for values of any length', () => {
  assert.equal(wildcardMatch('*amazonaws*', 'ec2.us-east-1.amazonaws.com'), true);
  assert.equal(wildcardMatch('us-?ast-1', 'us-east-1'), true);
  assert.equal(wildcardMatch('us-*-1', 'us-east-2'), false);
  assert.equal(wildcardMatch('a.c', 'abc'), false); // `.` is literal
  assert.equal(wildcardMatch('x'.repeat(300_000), 'x'.repeat(300_000)), true);
  assert.equal(wildcardMatch('*'.repeat(50) + 'b', 'a'.repeat(2_000)), false);
});

test('CloudWatch aggregates more datapoints per period than a call takes arguments', () => {
  const points: DataPoint[] = [];
  for (let i = 0; i < 200_000; i++) points.push({ timestamp: 1_000, sampleCount: 1, sum: i, min: i, max: i, unit: 'None' });
  const [d] = aggregate(points, 0, 60_000, 60, ['Minimum', 'Maximum'], [], undefined);
  assert.equal(d!.Minimum, 0);
  assert.equal(d!.Maximum, 199_999);
});
