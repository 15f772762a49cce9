// --persist: an Event invocation accepted with a 202 is a durable row, so a SIGKILL before it ran
// loses nothing: the restarted Nimbus delivers it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { usePersistedChildren } from '../../support/child-nimbus.js';
import { createFunction } from './support.js';

const children = usePersistedChildren('nimbus-lambda-async');
const config = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 's' } });

test('an accepted Event invoke survives a SIGKILL and is delivered after the restart', async () => {
  const dir = children.dir();
  let child = await children.start(dir);
  let sqs = new SQSClient(config(child.endpoint));
  await sqs.send(new CreateQueueCommand({ QueueName: 'async-sink' }));
  const lambda = new LambdaClient(config(child.endpoint));
  // The function waits before it forwards the event, so the kill below lands before it has run.
  await createFunction(lambda, {
    FunctionName: 'slow-forwarder',
    Timeout: 30,
    files: {
      // The queue is looked up by name: the restarted Nimbus listens on another port.
      'index.mjs': `import { GetQueueUrlCommand, SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  await new Promise((r) => setTimeout(r, 2000));
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'async-sink' }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(event) }));
};`,
    },
  });
  const accepted = await lambda.send(new InvokeCommand({ FunctionName: 'slow-forwarder', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ order: 42 })) }));
  assert.equal(accepted.StatusCode, 202);
  await child.kill();

  child = await children.start(dir);
  sqs = new SQSClient(config(child.endpoint));
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'async-sink' }));
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  assert.deepEqual(got.Messages?.map((m) => JSON.parse(m.Body!)), [{ order: 42 }], child.stderr());
  await child.stop();
});
