// awsJson1_0 / awsJson1_1 against the real SDK v3 clients: the SDK's serializer -> our decode, our
// encode/encodeError -> the SDK's deserializer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  type PutItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchClient, GetMetricStatisticsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { awsJson1_0, awsJson1_1 } from '../../src/protocol/codecs/aws-json.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { answering, awsError, captureRequest, loadTestModel, plain, sdkError } from './sdk-capture.js';

const ec = { requestId: 'req-1' };
const dynamodb = loadTestModel('dynamodb');
const sqs = loadTestModel('sqs');
const kms = loadTestModel('kms');
const ssm = loadTestModel('ssm');
const cloudwatch = loadTestModel('cloudwatch');

function opName(req: HttpRequest): string {
  return String(req.headers['x-amz-target']).split('.')[1]!;
}

describe('awsJson decode: SDK serializer -> codec', () => {
  it('DynamoDB PutItem with every AttributeValue kind', async () => {
    const input: PutItemCommandInput = {
      TableName: 't1',
      Item: {
        pk: { S: 'a' },
        n: { N: '3.5' },
        b: { B: new Uint8Array([0, 1, 255]) },
        bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 3])] },
        ss: { SS: ['x', 'y'] },
        l: { L: [{ BOOL: true }, { NULL: true }, { M: { deep: { L: [] } } }] },
        m: { M: { inner: { NS: ['1', '2'] } } },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
      ExpressionAttributeValues: { ':v': { S: 'v' } },
      ReturnValues: 'ALL_OLD',
    };
    const req = await captureRequest((c) => new DynamoDBClient(c).send(new PutItemCommand(input)).catch(() => undefined));
    assert.equal(opName(req), 'PutItem');
    const decoded = awsJson1_0.decode(req, dynamodb, dynamodb.operations.PutItem!, {});
    assert.ok(Buffer.isBuffer((decoded.Item as any).b.B), 'blobs decode to Buffer');
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('DynamoDB TransactWriteItems (nested lists of unions)', async () => {
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: '1' }, bin: { B: Buffer.from('hi') } } } },
        { Update: { TableName: 't', Key: { pk: { S: '2' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { N: '1' } } } },
        { Delete: { TableName: 't', Key: { pk: { S: '3' } } } },
      ],
      ClientRequestToken: 'tok',
    };
    const req = await captureRequest((c) => new DynamoDBClient(c).send(new TransactWriteItemsCommand(input)).catch(() => undefined));
    const decoded = awsJson1_0.decode(req, dynamodb, dynamodb.operations.TransactWriteItems!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('SQS SendMessageBatch (blobs, empty lists, numbers)', async () => {
    const input = {
      QueueUrl: 'http://localhost/000000000000/q',
      Entries: [
        {
          Id: '1',
          MessageBody: 'hello',
          DelaySeconds: 5,
          MessageAttributes: {
            bin: { DataType: 'Binary', BinaryValue: new Uint8Array([9, 8, 7]) },
            str: { DataType: 'String', StringValue: 's', StringListValues: [] },
          },
        },
        { Id: '2', MessageBody: 'x', MessageGroupId: 'g' },
      ],
    };
    const req = await captureRequest((c) => new SQSClient(c).send(new SendMessageBatchCommand(input)).catch(() => undefined));
    const decoded = awsJson1_0.decode(req, sqs, sqs.operations.SendMessageBatch!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('KMS Encrypt (awsJson1_1, blob, map, list)', async () => {
    const input = {
      KeyId: 'alias/k',
      Plaintext: new Uint8Array([1, 2, 3, 4]),
      EncryptionContext: { purpose: 'test', 'a b': 'c' },
      GrantTokens: ['g1'],
    };
    const req = await captureRequest((c) => new KMSClient(c).send(new EncryptCommand(input)).catch(() => undefined));
    assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1');
    const decoded = awsJson1_1.decode(req, kms, kms.operations.Encrypt!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('SSM PutParameter (booleans, tags)', async () => {
    const input = { Name: '/a/b', Value: 'v', Type: 'SecureString' as const, Overwrite: false, Tags: [{ Key: 'k', Value: 'v' }] };
    const req = await captureRequest((c) => new SSMClient(c).send(new PutParameterCommand(input)).catch(() => undefined));
    const decoded = awsJson1_1.decode(req, ssm, ssm.operations.PutParameter!, {});
    assert.deepEqual(decoded, input);
  });

  it('CloudWatch PutMetricData over JSON (timestamps -> Date, doubles)', async () => {
    const input = {
      Namespace: 'App',
      MetricData: [
        {
          MetricName: 'Latency',
          Dimensions: [{ Name: 'Api', Value: 'get' }],
          Timestamp: new Date('2026-11-27T10:00:00.123Z'),
          Value: 3,
          Unit: 'Milliseconds' as const,
          StorageResolution: 1,
        },
        { MetricName: 'Sizes', Values: [1, 2.5], Counts: [10, 1], StatisticValues: { SampleCount: 2, Sum: 3.5, Minimum: 1, Maximum: 2.5 } },
      ],
    };
    const req = await captureRequest((c) => new CloudWatchClient(c).send(new PutMetricDataCommand(input)).catch(() => undefined));
    const decoded = awsJson1_0.decode(req, cloudwatch, cloudwatch.operations.PutMetricData!, {});
    assert.ok((decoded.MetricData as any)[0].Timestamp instanceof Date);
    assert.deepEqual(decoded, input);
  });
});

describe('awsJson encode: codec -> SDK deserializer', () => {
  it('DynamoDB GetItem output: nested maps, blobs, empty lists, integral doubles, CRC32', async () => {
    const output = {
      Item: {
        pk: { S: 'a' },
        b: { B: Buffer.from([1, 2]) },
        l: { L: [] },
        m: { M: { n: { N: '1' }, nested: { M: { s: { SS: ['q'] } } } } },
      },
      ConsumedCapacity: { TableName: 't', CapacityUnits: 1, ReadCapacityUnits: 0.5 },
      NotInModel: 'dropped',
    };
    const res = awsJson1_0.encode(output, dynamodb, dynamodb.operations.GetItem!, ec);
    const text = res.body.toString();
    assert.match(text, /"CapacityUnits":1\.0/);
    assert.doesNotMatch(text, /NotInModel/);
    assert.equal(res.headers['content-type'], 'application/x-amz-json-1.0');
    const got = await new DynamoDBClient(answering(res)).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    assert.equal(got.$metadata.requestId, 'req-1');
    const { NotInModel: _dropped, ...expected } = output;
    assert.deepEqual(plain({ Item: got.Item, ConsumedCapacity: got.ConsumedCapacity }), plain(expected));
  });

  it('SQS ReceiveMessage output', async () => {
    const output = {
      Messages: [
        {
          MessageId: 'm1',
          ReceiptHandle: 'rh',
          MD5OfBody: createHash('md5').update('b').digest('hex'),
          Body: 'b',
          Attributes: { SentTimestamp: '1700000000000' },
          MessageAttributes: { bin: { DataType: 'Binary', BinaryValue: Buffer.from('zz'), StringListValues: [] } },
        },
      ],
    };
    const res = awsJson1_0.encode(output, sqs, sqs.operations.ReceiveMessage!, ec);
    const got = await new SQSClient(answering(res)).send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' }));
    assert.deepEqual(plain(got.Messages), plain(output.Messages));
  });

  it('CloudWatch GetMetricStatistics output: Date timestamps and doubles', async () => {
    const ts = new Date('2026-11-27T10:00:00Z');
    const output = {
      Label: 'Latency',
      Datapoints: [{ Timestamp: ts, Average: 2, SampleCount: 4, Unit: 'Milliseconds', ExtendedStatistics: { p99: 7.25 } }],
    };
    const res = awsJson1_0.encode(output, cloudwatch, cloudwatch.operations.GetMetricStatistics!, ec);
    assert.match(String(res.body), /"Timestamp":1795773600[,}]/);
    assert.match(String(res.body), /"Average":2\.0/);
    const got = await new CloudWatchClient(answering(res)).send(
      new GetMetricStatisticsCommand({ Namespace: 'n', MetricName: 'm', StartTime: ts, EndTime: ts, Period: 60 }),
    );
    assert.deepEqual(got.Datapoints, output.Datapoints);
    assert.ok(got.Datapoints![0]!.Timestamp instanceof Date);
  });

  it('operation without output members answers {}', () => {
    const res = awsJson1_0.encode(undefined, sqs, sqs.operations.DeleteMessage!, ec);
    assert.equal(res.body, '{}');
    assert.equal(res.status, 200);
  });
});

describe('awsJson errors', () => {
  it('modeled error: name, message, status', async () => {
    const res = awsJson1_0.encodeError(new AwsError('ResourceNotFoundException', 'Requested resource not found'), dynamodb, dynamodb.operations.GetItem, ec);
    await sdkError(new DynamoDBClient(answering(res)).send(new GetItemCommand({ TableName: 't', Key: {} })), {
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
      status: 400,
      requestId: 'req-1',
    });
  });

  it('modeled members beside the message (TransactionCanceledException)', async () => {
    const reasons = [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }];
    const res = awsJson1_0.encodeError(
      new AwsError('TransactionCanceledException', 'Transaction cancelled', { fields: { CancellationReasons: reasons } }),
      dynamodb,
      dynamodb.operations.TransactWriteItems,
      ec,
    );
    await sdkError(new DynamoDBClient(answering(res)).send(new TransactWriteItemsCommand({ TransactItems: [] })), {
      name: 'TransactionCanceledException',
      message: 'Transaction cancelled',
      members: { CancellationReasons: reasons },
    });
  });

  it('query-compatible SQS: x-amzn-query-error gives the legacy Code', async () => {
    const res = awsJson1_0.encodeError(new AwsError('QueueDoesNotExist', 'The specified queue does not exist.'), sqs, sqs.operations.GetQueueUrl, ec);
    assert.equal(res.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.NonExistentQueue;Sender');
    await sdkError(new SQSClient(answering(res)).send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' })), {
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist.',
      status: 400,
      members: { Code: 'AWS.SimpleQueueService.NonExistentQueue', Type: 'Sender' },
    });
  });

  it('unmodeled error: code, status, Receiver fault', async () => {
    const res = awsJson1_0.encodeError(new AwsError('NotImplemented', 'SQS.Foo is not implemented', { status: 501, fault: 'server' }), sqs, undefined, ec);
    assert.equal(res.headers['x-amzn-query-error'], 'NotImplemented;Receiver');
    await sdkError(new SQSClient(answering(res)).send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' })), {
      name: 'NotImplemented',
      message: 'SQS.Foo is not implemented',
      status: 501,
    });
  });

  it('error shapes declaring Message (capitalized) render that member', () => {
    // KMS NotFoundException declares `message`; look for any awsJson error declaring `Message`.
    const [name] = Object.entries(ssm.shapes).find(([, s]) => s.type === 'structure' && s.error && 'Message' in s.members) ?? [];
    if (!name) return;
    const res = awsJson1_1.encodeError(new AwsError(name, 'boom'), ssm, undefined, ec);
    const body = JSON.parse(String(res.body));
    assert.equal(body.__type, name);
    assert.equal(body.Message, 'boom');
    assert.equal(body.message, 'boom', 'message is always present too');
  });
});

describe('awsJson malformed requests', () => {
  const op = dynamodb.operations.PutItem!;
  const req = (body: string): HttpRequest => ({
    method: 'POST',
    path: '/',
    rawQuery: '',
    headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' },
    body: Buffer.from(body),
  });
  for (const [label, body] of [
    ['broken JSON', '{"TableName": '],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"x"'],
    ['null', 'null'],
    ['binary garbage', '\u0000\u0001\u00ff'],
  ] as const) {
    it(`${label} -> SerializationException 400`, () => {
      assert.throws(() => awsJson1_0.decode(req(body), dynamodb, op, {}), awsError('SerializationException', 400));
    });
  }
  it('absurdly deep nesting -> SerializationException, not a crash', () => {
    let item = '{"S":"x"}';
    for (let i = 0; i < 100_000; i++) item = '{"M":{"a":' + item + '}}';
    assert.throws(() => awsJson1_0.decode(req(`{"TableName":"t","Item":{"a":${item}}}`), dynamodb, op, {}), awsError('SerializationException'));
  });
  it('empty body and {} decode to {}', () => {
    assert.deepEqual(awsJson1_0.decode(req(''), dynamodb, op, {}), {});
    assert.deepEqual(awsJson1_0.decode(req('{}'), dynamodb, op, {}), {});
  });
  it('wrong types are kept as sent (the validator reports them)', () => {
    const d = awsJson1_0.decode(req('{"TableName": 5, "Item": {"b": {"B": 7}}}'), dynamodb, op, {});
    assert.deepEqual(d, { TableName: 5, Item: { b: { B: 7 } } });
  });
});
