// DynamoDB Streams event source mappings: records arrive in order with their images in the Lambda
// DynamoDB event; BatchSize is honoured; LATEST skips what was there; a failing batch ends in the
// OnFailure queue as AWS's invocation record; ReportBatchItemFailures re-delivers from the lowest
// failed sequence number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateEventSourceMappingCommand, DeleteEventSourceMappingCommand, GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateTableCommand, DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction } from './support.js';

const t = useNimbus();

async function queue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url: QueueUrl!, arn };
}

async function table(ddb: DynamoDBClient, name: string): Promise<string> {
  const out = await ddb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  return out.TableDescription!.LatestStreamArn!;
}

/** A function that sends each batch it receives to the sink as one message; `fail` (a JS
 *  expression over `event`) decides what it returns or throws. */
async function recorder(lambda: LambdaClient, sinkUrl: string, body: string): Promise<string> {
  const FunctionName = uniqueName('stream-consumer');
  await createFunction(lambda, {
    FunctionName,
    Environment: { Variables: { SINK: sinkUrl } },
    files: {
      'index.mjs': `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SINK, MessageBody: JSON.stringify(event) }));
  ${body}
};`,
    },
  });
  return FunctionName;
}

async function receive(sqs: SQSClient, url: string, count: number): Promise<any[]> {
  const got: any[] = [];
  while (got.length < count) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }));
    if (!r.Messages) break;
    got.push(...r.Messages.map((m) => JSON.parse(m.Body!)));
  }
  return got;
}

const bySeq = (a: any, b: any) => (BigInt(a.Records[0].dynamodb.SequenceNumber) < BigInt(b.Records[0].dynamodb.SequenceNumber) ? -1 : 1);

test('put, update and delete arrive as INSERT, MODIFY, REMOVE in order, with images, in batches of BatchSize', async () => {
  const [lambda, ddb, sqs] = [new LambdaClient(t.config()), new DynamoDBClient(t.config()), new SQSClient(t.config())];
  const TableName = uniqueName('streamed');
  const streamArn = await table(ddb, TableName);
  const sink = await queue(sqs, uniqueName('stream-sink'));
  const FunctionName = await recorder(lambda, sink.url, '');
  await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'a' }, n: { N: '1' } } }));
  await ddb.send(new UpdateItemCommand({ TableName, Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = :two', ExpressionAttributeValues: { ':two': { N: '2' } } }));
  await ddb.send(new DeleteItemCommand({ TableName, Key: { id: { S: 'a' } } }));
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', BatchSize: 2 }));
  assert.equal(mapping.State, 'Creating');
  const got = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }));
  assert.deepEqual([got.State, got.BatchSize, got.StartingPosition, got.MaximumRetryAttempts], ['Enabled', 2, 'TRIM_HORIZON', -1]);

  const batches = (await receive(sqs, sink.url, 2)).sort(bySeq);
  assert.deepEqual(batches.map((b) => b.Records.length), [2, 1]);
  const records = batches.flatMap((b) => b.Records);
  assert.deepEqual(records.map((r: any) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
  assert.deepEqual(records.map((r: any) => [r.dynamodb.OldImage?.n?.N ?? null, r.dynamodb.NewImage?.n?.N ?? null]), [[null, '1'], ['1', '2'], ['2', null]]);
  assert.ok(records.every((r: any) => r.eventSource === 'aws:dynamodb' && r.eventSourceARN === streamArn && r.awsRegion === 'us-east-1' && r.dynamodb.Keys.id.S === 'a' && r.dynamodb.StreamViewType === 'NEW_AND_OLD_IMAGES'));
  const deleting = await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
  assert.equal(deleting.State, 'Deleting');
});

test('StartingPosition LATEST skips the records written before the mapping; a stream source needs a StartingPosition', async () => {
  const [lambda, ddb, sqs] = [new LambdaClient(t.config()), new DynamoDBClient(t.config()), new SQSClient(t.config())];
  const TableName = uniqueName('latest');
  const streamArn = await table(ddb, TableName);
  const sink = await queue(sqs, uniqueName('latest-sink'));
  const FunctionName = await recorder(lambda, sink.url, '');
  await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn })), { name: 'InvalidParameterValueException' });
  await assert.rejects(lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: new Date() })), { name: 'InvalidParameterValueException' });
  await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'before' } } }));
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'LATEST' }));
  await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'after' } } }));
  const batches = await receive(sqs, sink.url, 1);
  assert.deepEqual(batches.flatMap((b) => b.Records.map((r: any) => r.dynamodb.Keys.id.S)), ['after']);
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
});

test('a batch that keeps failing is retried MaximumRetryAttempts times, then its invocation record goes to the OnFailure queue', async () => {
  const [lambda, ddb, sqs] = [new LambdaClient(t.config()), new DynamoDBClient(t.config()), new SQSClient(t.config())];
  const TableName = uniqueName('failing');
  const streamArn = await table(ddb, TableName);
  const sink = await queue(sqs, uniqueName('failing-sink'));
  const onFailure = await queue(sqs, uniqueName('failing-dlq'));
  const FunctionName = await recorder(lambda, sink.url, `throw new Error('no');`);
  await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'x' } } }));
  await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: 'y' } } }));
  const mapping = await lambda.send(
    new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 1, DestinationConfig: { OnFailure: { Destination: onFailure.arn } } }),
  );
  const [record] = await receive(sqs, onFailure.url, 1);
  assert.equal(record.requestContext.condition, 'RetryAttemptsExhausted');
  assert.equal(record.requestContext.approximateInvokeCount, 2);
  assert.equal(record.responseContext.functionError, 'Unhandled');
  assert.equal(record.DDBStreamBatchInfo.streamArn, streamArn);
  assert.equal(record.DDBStreamBatchInfo.batchSize, 2);
  const attempts = await receive(sqs, sink.url, 2);
  assert.equal(attempts.length, 2, 'the first try and one retry');
  const seqs = attempts[0].Records.map((r: any) => r.dynamodb.SequenceNumber);
  assert.deepEqual([record.DDBStreamBatchInfo.startSequenceNumber, record.DDBStreamBatchInfo.endSequenceNumber], [seqs[0], seqs[1]]);
  assert.ok(typeof record.DDBStreamBatchInfo.shardId === 'string' && record.DDBStreamBatchInfo.shardId.length > 0);
  assert.equal(record.Records, undefined, 'the record names the range, not the records');
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
});

test('ReportBatchItemFailures: the batch is delivered again from the lowest failed sequence number', async () => {
  const [lambda, ddb, sqs] = [new LambdaClient(t.config()), new DynamoDBClient(t.config()), new SQSClient(t.config())];
  const TableName = uniqueName('partial');
  const streamArn = await table(ddb, TableName);
  const sink = await queue(sqs, uniqueName('partial-sink'));
  // The first delivery reports item "b" as failed; later ones succeed.
  const FunctionName = await recorder(
    lambda,
    sink.url,
    `globalThis.calls = (globalThis.calls ?? 0) + 1;
  if (globalThis.calls > 1) return { batchItemFailures: [] };
  const b = event.Records.find((r) => r.dynamodb.Keys.id.S === 'b');
  return { batchItemFailures: [{ itemIdentifier: b.dynamodb.SequenceNumber }] };`,
  );
  for (const id of ['a', 'b', 'c']) await ddb.send(new PutItemCommand({ TableName, Item: { id: { S: id } } }));
  const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName, EventSourceArn: streamArn, StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'] }));
  const batches = (await receive(sqs, sink.url, 2)).sort(bySeq);
  assert.deepEqual(batches.map((b) => b.Records.map((r: any) => r.dynamodb.Keys.id.S)), [['a', 'b', 'c'], ['b', 'c']]);
  await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
});
