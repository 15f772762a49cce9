// rpcv2Cbor (CloudWatch) against the real SDK v3 client switched to its CBOR protocol.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { decodeCbor } from '../../src/protocol/cbor-decode.js';
import { encodeCbor, rpcv2Cbor } from '../../src/protocol/codecs/rpcv2-cbor.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { answering, awsError, captureRequest, loadTestModel, sdkError, type ClientConfig } from './sdk-capture.js';

const ec = { requestId: 'req-3' };
const cloudwatch = loadTestModel('cloudwatch');
const cborClient = (config: ClientConfig) => new CloudWatchClient({ ...config, protocol: AwsSmithyRpcV2CborProtocol });

describe('rpcv2Cbor decode: SDK serializer -> codec', () => {
  it('PutMetricData: dimensions, timestamps, doubles, lists', async () => {
    const input: PutMetricDataCommandInput = {
      Namespace: 'App',
      MetricData: [
        {
          MetricName: 'Latency',
          Dimensions: [{ Name: 'Api', Value: 'get' }],
          Timestamp: new Date('2026-11-27T10:00:00.125Z'),
          Value: 3,
          Unit: 'Milliseconds',
          StorageResolution: 1,
        },
        { MetricName: 'Sizes', Values: [1, 2.5, -0.75], Counts: [10, 1, 2], StatisticValues: { SampleCount: 3, Sum: 2.75, Minimum: -0.75, Maximum: 2.5 } },
        { MetricName: 'Empty', Dimensions: [] },
      ],
      StrictEntityValidation: true,
    };
    const req = await captureRequest((c) => cborClient(c).send(new PutMetricDataCommand(input)).catch(() => undefined));
    assert.equal(req.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.equal(req.path, '/service/GraniteServiceVersion20100801/operation/PutMetricData');
    const decoded = rpcv2Cbor.decode(req, cloudwatch, cloudwatch.operations.PutMetricData!, {});
    assert.ok((decoded.MetricData as any)[0].Timestamp instanceof Date);
    assert.deepEqual(decoded, input);
  });

  it('GetMetricStatistics input', async () => {
    const input = {
      Namespace: 'App',
      MetricName: 'Latency',
      Dimensions: [{ Name: 'Api', Value: 'get' }],
      StartTime: new Date('2026-11-27T09:00:00Z'),
      EndTime: new Date('2026-11-27T10:00:00Z'),
      Period: 60,
      Statistics: ['Average' as const, 'Maximum' as const],
      ExtendedStatistics: ['p99'],
      Unit: 'Milliseconds' as const,
    };
    const req = await captureRequest((c) => cborClient(c).send(new GetMetricStatisticsCommand(input)).catch(() => undefined));
    assert.deepEqual(rpcv2Cbor.decode(req, cloudwatch, cloudwatch.operations.GetMetricStatistics!, {}), input);
  });
});

describe('rpcv2Cbor encode: codec -> SDK deserializer', () => {
  it('GetMetricStatistics output: tag-1 timestamps, doubles as floats', async () => {
    const output = {
      Label: 'Latency',
      Datapoints: [
        { Timestamp: new Date('2026-11-27T10:00:00Z'), Average: 3, Maximum: 4.5, SampleCount: 2, Unit: 'Milliseconds', ExtendedStatistics: { p99: 7 } },
      ],
    };
    const res = rpcv2Cbor.encode(output, cloudwatch, cloudwatch.operations.GetMetricStatistics!, ec);
    assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.equal(res.headers['content-type'], 'application/cbor');
    const bytes = res.body as Buffer;
    // "Average" then 0xfb (float64) 3.0, not the integer 3; the timestamp is tag 1 (0xc1) + float64.
    const at = bytes.indexOf(Buffer.from('Average'));
    assert.equal(bytes[at + 7], 0xfb);
    assert.equal(bytes.readDoubleBE(at + 8), 3);
    const ts = bytes.indexOf(Buffer.from('Timestamp'));
    assert.deepEqual([bytes[ts + 9], bytes[ts + 10]], [0xc1, 0xfb]);
    const got = await cborClient(answering(res)).send(
      new GetMetricStatisticsCommand({ Namespace: 'n', MetricName: 'm', StartTime: new Date(), EndTime: new Date(), Period: 60 }),
    );
    assert.deepEqual(got.Datapoints, output.Datapoints);
    assert.equal(got.Label, 'Latency');
    assert.equal(got.$metadata.requestId, 'req-3');
  });

  it('ListMetrics output: empty lists, nested lists, undeclared members dropped', async () => {
    const output = { Metrics: [{ Namespace: 'a', MetricName: 'm', Dimensions: [] }], OwningAccounts: [], Bogus: 1 };
    const res = rpcv2Cbor.encode(output, cloudwatch, cloudwatch.operations.ListMetrics!, ec);
    const raw = decodeCbor(res.body as Buffer) as any;
    assert.deepEqual(raw, { Metrics: [{ Namespace: 'a', MetricName: 'm', Dimensions: [] }], OwningAccounts: [] });
    const got = await cborClient(answering(res)).send(new ListMetricsCommand({}));
    assert.deepEqual(got.Metrics, output.Metrics);
    assert.deepEqual(got.OwningAccounts, []);
  });

  it('operation without output: empty body, protocol headers', () => {
    const res = rpcv2Cbor.encode(undefined, cloudwatch, cloudwatch.operations.PutMetricData!, ec);
    assert.equal((res.body as Buffer).length, 0);
    assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor');
  });

  it('long members beyond 32 bits stay integers; negative ints', () => {
    const shape = { type: 'structure' as const, members: { n: { target: 'L' }, m: { target: 'L' } } };
    const model = { ...cloudwatch, shapes: { ...cloudwatch.shapes, L: { type: 'long' as const }, S: shape } };
    const bytes = encodeCbor({ n: 2 ** 40, m: -5 }, model, shape);
    // a2 61 6e 1b <8 bytes> 61 6d 24
    assert.equal(bytes[3], 0x1b);
    assert.deepEqual(decodeCbor(bytes), { n: 2 ** 40, m: -5 });
  });
});

describe('rpcv2Cbor errors', () => {
  it('modeled error with x-amzn-query-error: SDK name, message, status; protocol headers', async () => {
    const res = rpcv2Cbor.encodeError(new AwsError('ResourceNotFound', 'Metric not found'), cloudwatch, undefined, ec);
    assert.equal(res.headers['smithy-protocol'], 'rpc-v2-cbor');
    assert.equal(res.headers['content-type'], 'application/cbor');
    assert.match(res.headers['x-amzn-query-error']!, /^ResourceNotFound;Sender$/);
    const raw = decodeCbor(res.body as Buffer) as any;
    assert.equal(raw.__type, 'ResourceNotFound');
    await sdkError(cborClient(answering(res)).send(new ListMetricsCommand({})), { name: 'ResourceNotFound', message: 'Metric not found', status: 404 });
  });

  it('legacy query code differs from the shape name (InvalidParameterValueException)', async () => {
    const res = rpcv2Cbor.encodeError(new AwsError('InvalidParameterValueException', 'bad value'), cloudwatch, undefined, ec);
    assert.equal(res.headers['x-amzn-query-error'], 'InvalidParameterValue;Sender');
    await sdkError(cborClient(answering(res)).send(new ListMetricsCommand({})), {
      name: 'InvalidParameterValueException',
      message: 'bad value',
      status: 400,
      members: { Code: 'InvalidParameterValue' },
    });
  });

  it('unmodeled error', async () => {
    const res = rpcv2Cbor.encodeError(new AwsError('NotImplemented', 'not yet', { status: 501, fault: 'server' }), cloudwatch, undefined, ec);
    assert.equal(res.headers['x-amzn-query-error'], 'NotImplemented;Receiver');
    await sdkError(cborClient(answering(res)).send(new ListMetricsCommand({})), { name: 'NotImplemented', message: 'not yet', status: 501 });
  });
});

describe('rpcv2Cbor malformed requests', () => {
  const op = cloudwatch.operations.PutMetricData!;
  const req = (body: Buffer): HttpRequest => ({
    method: 'POST',
    path: '/service/GraniteServiceVersion20100801/operation/PutMetricData',
    rawQuery: '',
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor' },
    body,
  });
  for (const [label, hex] of [
    ['truncated map', 'a2616101'],
    ['truncated string', 'a1617a'],
    // (Bytes after the top-level map are ignored: see src/protocol/cbor-decode.ts.)
    ['a top-level array', '820102'],
    ['a top-level integer', '05'],
    ['a byte string', '43010203'],
    ['JSON text', Buffer.from('{"Namespace":"x"}').toString('hex')],
  ] as const) {
    it(`${label} -> SerializationException 400`, () => {
      assert.throws(() => rpcv2Cbor.decode(req(Buffer.from(hex, 'hex')), cloudwatch, op, {}), awsError('SerializationException', 400));
    });
  }
  it('absurd nesting or declared lengths -> SerializationException, not a crash', () => {
    const deep = Buffer.concat([Buffer.from('a16161', 'hex'), Buffer.alloc(300_000, 0x81), Buffer.from([0x01])]);
    for (const body of [deep, Buffer.from('a16161ba05f5e100', 'hex'), Buffer.from('a161619bffffffffffffffff', 'hex')]) {
      assert.throws(() => rpcv2Cbor.decode(req(body), cloudwatch, op, {}), awsError('SerializationException'));
    }
    // the shared decoder is still usable afterwards
    assert.deepEqual(rpcv2Cbor.decode(req(Buffer.from('a1694e616d657370616365617a', 'hex')), cloudwatch, op, {}), { Namespace: 'z' });
  });
  it('empty body -> {}', () => {
    assert.deepEqual(rpcv2Cbor.decode(req(Buffer.alloc(0)), cloudwatch, op, {}), {});
  });
});
