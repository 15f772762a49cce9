// awsJson1_0 / awsJson1_1 against the real SDK v3 clients: the SDK's serializer -> our decode, our
// encode/encodeError -> the SDK's deserializer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
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
import { CaptureHandler, clientConfig, loadTestModel, plain } from './sdk-capture.js';

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
    const h = new CaptureHandler();
    const client = new DynamoDBClient(clientConfig(h));
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
    await client.send(new PutItemCommand(input)).catch(() => undefined);
    const req = h.last();
    assert.equal(opName(req), 'PutItem');
    const decoded = awsJson1_0.decode(req, dynamodb, dynamodb.operations.PutItem!, {});
    assert.ok(Buffer.isBuffer((decoded.Item as any).b.B), 'blobs decode to Buffer');
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('DynamoDB TransactWriteItems (nested lists of unions)', async () => {
    const h = new CaptureHandler();
    const client = new DynamoDBClient(clientConfig(h));
    const input = {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: '1' }, bin: { B: Buffer.from('hi') } } } },
        { Update: { TableName: 't', Key: { pk: { S: '2' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { N: '1' } } } },
        { Delete: { TableName: 't', Key: { pk: { S: '3' } } } },
      ],
      ClientRequestToken: 'tok',
    };
    await client.send(new TransactWriteItemsCommand(input)).catch(() => undefined);
    const decoded = awsJson1_0.decode(h.last(), dynamodb, dynamodb.operations.TransactWriteItems!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('SQS SendMessageBatch (blobs, empty lists, numbers)', async () => {
    const h = new CaptureHandler();
    const client = new SQSClient(clientConfig(h));
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
    await client.send(new SendMessageBatchCommand(input)).catch(() => undefined);
    const decoded = awsJson1_0.decode(h.last(), sqs, sqs.operations.SendMessageBatch!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('KMS Encrypt (awsJson1_1, blob, map, list)', async () => {
    const h = new CaptureHandler();
    const client = new KMSClient(clientConfig(h));
    const input = {
      KeyId: 'alias/k',
      Plaintext: new Uint8Array([1, 2, 3, 4]),
      EncryptionContext: { purpose: 'test', 'a b': 'c' },
      GrantTokens: ['g1'],
    };
    await client.send(new EncryptCommand(input)).catch(() => undefined);
    const req = h.last();
    assert.equal(req.headers['content-type'], 'application/x-amz-json-1.1');
    const decoded = awsJson1_1.decode(req, kms, kms.operations.Encrypt!, {});
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('SSM PutParameter (booleans, tags)', async () => {
    const h = new CaptureHandler();
    const client = new SSMClient(clientConfig(h));
    const input = { Name: '/a/b', Value: 'v', Type: 'SecureString' as const, Overwrite: false, Tags: [{ Key: 'k', Value: 'v' }] };
    await client.send(new PutParameterCommand(input)).catch(() => undefined);
    const decoded = awsJson1_1.decode(h.last(), ssm, ssm.operations.PutParameter!, {});
    assert.deepEqual(decoded, input);
  });

  it('CloudWatch PutMetricData over JSON (timestamps -> Date, doubles)', async () => {
    const h = new CaptureHandler();
    const client = new CloudWatchClient(clientConfig(h));
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
    await client.send(new PutMetricDataCommand(input)).catch(() => undefined);
    const decoded = awsJson1_0.decode(h.last(), cloudwatch, cloudwatch.operations.PutMetricData!, {});
    assert.ok((decoded.MetricData as any)[0].Timestamp instanceof Date);
    assert.deepEqual(decoded, input);
  });
});

describe('awsJson encode: codec -> SDK deserializer', () => {
  it('DynamoDB GetItem output: nested maps, blobs, empty lists, integral doubles, CRC32', async () => {
    const h = new CaptureHandler();
    const client = new DynamoDBClient(clientConfig(h));
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
    assert.equal(res.headers['x-amz-crc32'], String(crc32(Buffer.from(text))));
    h.reply = res;
    const got = await client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    assert.equal(got.$metadata.requestId, 'req-1');
    const { NotInModel: _dropped, ...expected } = output;
    assert.deepEqual(plain({ Item: got.Item, ConsumedCapacity: got.ConsumedCapacity }), plain(expected));
  });

  it('SQS ReceiveMessage output', async () => {
    const h = new CaptureHandler();
    const client = new SQSClient(clientConfig(h));
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
    h.reply = awsJson1_0.encode(output, sqs, sqs.operations.ReceiveMessage!, ec);
    const got = await client.send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' }));
    assert.deepEqual(plain(got.Messages), plain(output.Messages));
  });

  it('CloudWatch GetMetricStatistics output: Date timestamps and doubles', async () => {
    const h = new CaptureHandler();
    const client = new CloudWatchClient(clientConfig(h));
    const ts = new Date('2026-11-27T10:00:00Z');
    const output = {
      Label: 'Latency',
      Datapoints: [{ Timestamp: ts, Average: 2, SampleCount: 4, Unit: 'Milliseconds', ExtendedStatistics: { p99: 7.25 } }],
    };
    h.reply = awsJson1_0.encode(output, cloudwatch, cloudwatch.operations.GetMetricStatistics!, ec);
    assert.match(String(h.reply.body), /"Timestamp":1795773600[,}]/);
    assert.match(String(h.reply.body), /"Average":2\.0/);
    const got = await client.send(
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
    const h = new CaptureHandler();
    const client = new DynamoDBClient(clientConfig(h));
    h.reply = awsJson1_0.encodeError(
      new AwsError('ResourceNotFoundException', 'Requested resource not found'),
      dynamodb,
      dynamodb.operations.GetItem,
      ec,
    );
    assert.equal(h.reply.headers['x-amz-crc32'], String(crc32(Buffer.from(h.reply.body))));
    await assert.rejects(client.send(new GetItemCommand({ TableName: 't', Key: {} })), (e: any) => {
      assert.equal(e.name, 'ResourceNotFoundException');
      assert.equal(e.message, 'Requested resource not found');
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.equal(e.$metadata.requestId, 'req-1');
      return true;
    });
  });

  it('modeled members beside the message (TransactionCanceledException)', async () => {
    const h = new CaptureHandler();
    const client = new DynamoDBClient(clientConfig(h));
    const reasons = [{ Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' }, { Code: 'None' }];
    h.reply = awsJson1_0.encodeError(
      new AwsError('TransactionCanceledException', 'Transaction cancelled', { fields: { CancellationReasons: reasons } }),
      dynamodb,
      dynamodb.operations.TransactWriteItems,
      ec,
    );
    await assert.rejects(client.send(new TransactWriteItemsCommand({ TransactItems: [] })), (e: any) => {
      assert.equal(e.name, 'TransactionCanceledException');
      assert.equal(e.message, 'Transaction cancelled');
      assert.deepEqual(e.CancellationReasons, reasons);
      return true;
    });
  });

  it('query-compatible SQS: x-amzn-query-error gives the legacy Code', async () => {
    const h = new CaptureHandler();
    const client = new SQSClient(clientConfig(h));
    h.reply = awsJson1_0.encodeError(
      new AwsError('QueueDoesNotExist', 'The specified queue does not exist.'),
      sqs,
      sqs.operations.GetQueueUrl,
      ec,
    );
    assert.equal(h.reply.headers['x-amzn-query-error'], 'AWS.SimpleQueueService.NonExistentQueue;Sender');
    await assert.rejects(client.send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' })), (e: any) => {
      assert.equal(e.name, 'QueueDoesNotExist');
      assert.equal(e.Code, 'AWS.SimpleQueueService.NonExistentQueue');
      assert.equal(e.Type, 'Sender');
      assert.equal(e.message, 'The specified queue does not exist.');
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
  });

  it('unmodeled error: code, status, Receiver fault', async () => {
    const h = new CaptureHandler();
    const client = new SQSClient(clientConfig(h));
    h.reply = awsJson1_0.encodeError(
      new AwsError('NotImplemented', 'SQS.Foo is not implemented', { status: 501, fault: 'server' }),
      sqs,
      undefined,
      ec,
    );
    assert.equal(h.reply.headers['x-amzn-query-error'], 'NotImplemented;Receiver');
    await assert.rejects(client.send(new ReceiveMessageCommand({ QueueUrl: 'http://localhost/1/q' })), (e: any) => {
      assert.equal(e.name, 'NotImplemented');
      assert.equal(e.message, 'SQS.Foo is not implemented');
      assert.equal(e.$metadata.httpStatusCode, 501);
      return true;
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
      assert.throws(
        () => awsJson1_0.decode(req(body), dynamodb, op, {}),
        (e: unknown) => e instanceof AwsError && e.code === 'SerializationException' && e.status === 400,
      );
    });
  }
  it('absurdly deep nesting -> SerializationException, not a crash', () => {
    let item = '{"S":"x"}';
    for (let i = 0; i < 100_000; i++) item = '{"M":{"a":' + item + '}}';
    assert.throws(
      () => awsJson1_0.decode(req(`{"TableName":"t","Item":{"a":${item}}}`), dynamodb, op, {}),
      (e: unknown) => e instanceof AwsError && e.code === 'SerializationException',
    );
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
