// Invoke: Tail logs, DryRun, payload limits, ClientContext, Event with retries and destinations,
// response streaming.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, InvokeWithResponseStreamCommand, LambdaClient, PutFunctionEventInvokeConfigCommand } from '@aws-sdk/client-lambda';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json } from './support.js';

const t = useNimbus({ lambda: { asyncRetryDelayScale: 0.001 } });

test('LogType=Tail returns the invocation log (START, output, END, REPORT); DryRun checks only', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('tail');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async (e, ctx) => { console.log("hello", e.who); console.log("two\\nlines"); return ctx.awsRequestId; };' } });
  const out = await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{"who":"world"}'), LogType: 'Tail' }));
  const requestId = json(out.Payload) as string;
  assert.equal(out.ExecutedVersion, '$LATEST');
  const lines = Buffer.from(out.LogResult!, 'base64').toString('utf8').split('\n');
  assert.ok(lines.some((l) => l === `START RequestId: ${requestId} Version: $LATEST`));
  assert.ok(lines.some((l) => new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello world$`).test(l)));
  assert.ok(lines.some((l) => l.endsWith('\tINFO\ttwo\rlines')), 'a multi-line message stays one event');
  assert.ok(lines.some((l) => l === `END RequestId: ${requestId}`));
  assert.match(lines.find((l) => l.startsWith('REPORT'))!, new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: [\\d.]+ ms$`));
  const dry = await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'DryRun' }));
  assert.equal(dry.StatusCode, 204);
});

test('payload limits: 6 MB synchronous, 256 KB asynchronous; a payload that is not JSON is refused', async () => {
  const lambda = new LambdaClient({ ...t.config(), maxAttempts: 1 });
  const FunctionName = uniqueName('limits');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async (e) => e.length;' } });
  const big = (n: number) => Buffer.from(JSON.stringify('x'.repeat(n)));
  assert.equal(json((await lambda.send(new InvokeCommand({ FunctionName, Payload: big(1_000_000) }))).Payload), 1_000_000);
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName, Payload: big(6 * 1024 * 1024) })), (e: any) => e.name === 'RequestEntityTooLargeException' && e.$metadata.httpStatusCode === 413);
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: big(300 * 1024) })), (e: any) => e.name === 'RequestEntityTooLargeException' && /262144 bytes/.test(e.message));
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from('{not json') })), { name: 'InvalidRequestContentException' });
});

test('an Event invocation that keeps failing is tried 3 times, then lands in its on-failure SQS destination', async () => {
  const lambda = new LambdaClient(t.config());
  const sqs = new SQSClient(t.config());
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('onfail') }));
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const FunctionName = uniqueName('asyncfail');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'let n = 0; exports.handler = async (e) => { n++; throw new Error("attempt " + n + " of " + e.id); };' } });
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, DestinationConfig: { OnFailure: { Destination: queueArn } } }));
  const out = await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: Buffer.from('{"id":"e1"}') }));
  assert.equal(out.StatusCode, 202);
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
  const record = JSON.parse(got.Messages![0]!.Body!);
  assert.equal(record.version, '1.0');
  assert.deepEqual({ ...record.requestContext, requestId: typeof record.requestContext.requestId }, {
    requestId: 'string',
    functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${FunctionName}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  });
  assert.deepEqual(record.requestPayload, { id: 'e1' });
  assert.deepEqual(record.responseContext, { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' });
  assert.equal(record.responsePayload.errorMessage, 'attempt 3 of e1');
});

test('an Event invocation that succeeds lands in its on-success SNS destination (fanned out to a queue)', async () => {
  const lambda = new LambdaClient(t.config());
  const sqs = new SQSClient(t.config());
  const sns = new SNSClient(t.config());
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('onsuccess') }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('onsuccess-q') }));
  const queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: queueArn, Attributes: { RawMessageDelivery: 'true' } }));
  const FunctionName = uniqueName('asyncok');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async (e) => ({ doubled: e.n * 2 });' } });
  await lambda.send(new PutFunctionEventInvokeConfigCommand({ FunctionName, DestinationConfig: { OnSuccess: { Destination: TopicArn } } }));
  await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: Buffer.from('{"n":21}') }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
  const record = JSON.parse(got.Messages![0]!.Body!);
  assert.equal(record.requestContext.condition, 'Success');
  assert.deepEqual(record.requestPayload, { n: 21 });
  assert.deepEqual(record.responsePayload, { doubled: 42 });
});

test('InvokeWithResponseStream: a streamified handler streams its chunks, then InvokeComplete', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('stream');
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = awslambda.streamifyResponse(async (event, stream) => { stream.write("one,"); await new Promise((r) => setTimeout(r, 20)); stream.write("two,"); stream.end("three"); });' } });
  const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName, Payload: Buffer.from('{}') }));
  const chunks: string[] = [];
  let complete: unknown;
  for await (const ev of out.EventStream!) {
    if (ev.PayloadChunk) chunks.push(Buffer.from(ev.PayloadChunk.Payload!).toString());
    if (ev.InvokeComplete) complete = ev.InvokeComplete;
  }
  assert.equal(chunks.join(''), 'one,two,three');
  assert.ok(chunks.length >= 2, 'more than one chunk');
  assert.deepEqual(complete, {});
});
