// Behaviour issue 12 brought in line with AWS: a standard queue gives every message its turn
// (messages back from flight go behind the waiting ones), bare queue names as QueueUrl, unknown
// URLs as NonExistentQueue, FIFO batch checks on the whole request, `Prefix.*` attribute
// selection, UntagQueue with no keys, AddPermission's shareable actions, FifoQueue on a standard
// name. Through the SDK v3, boto3 and the AWS CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  UntagQueueCommand,
  GetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { client, createQueue, nameOf, rejectsWith } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

test('a standard queue never starves: VisibilityTimeout 0 and consumers that never delete still see every message', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'fair', { VisibilityTimeout: '0' });
  const total = 200;
  for (let i = 0; i < total; i += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${i + j}`, MessageBody: `msg-${i + j}` })),
      }),
    );
  }
  // 8 consumers receive concurrently and never delete: with the fix each message comes round once
  // per pass over the queue, so 40 rounds of 8 x 10 receives (3,200 deliveries) cover all 200.
  const seen = new Map<string, number>();
  for (let round = 0; round < 40; round++) {
    const outs = await Promise.all(
      Array.from({ length: 8 }, () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }))),
    );
    for (const o of outs) for (const m of o.Messages ?? []) seen.set(m.Body!, (seen.get(m.Body!) ?? 0) + 1);
  }
  assert.equal(seen.size, total, `every message delivered (got ${seen.size} distinct)`);
  const counts = [...seen.values()];
  // Round-robin: no message is received more than twice as often as another.
  assert.ok(Math.max(...counts) <= 2 * Math.min(...counts), `fair turns: min ${Math.min(...counts)} max ${Math.max(...counts)}`);
});

test('a message whose visibility ends goes behind the ones waiting (standard), while a FIFO group keeps its order', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'order', { VisibilityTimeout: '10' });
  for (const b of ['a', 'b', 'c']) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: b }));
  const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1 }));
  assert.equal(first.Messages![0]!.Body, 'a');
  clock.advance(10_000);
  const rest = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
  assert.deepEqual(rest.Messages!.map((m) => m.Body), ['b', 'c', 'a']);

  const fifo = await createQueue(sqs, 'order', { VisibilityTimeout: '10', ContentBasedDeduplication: 'true' }, true);
  for (const b of ['1', '2', '3']) await sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: b, MessageGroupId: 'g' }));
  const f1 = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 1 }));
  assert.equal(f1.Messages![0]!.Body, '1');
  clock.advance(10_000);
  const f2 = await sqs.send(new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 10 }));
  assert.deepEqual(f2.Messages!.map((m) => m.Body), ['1', '2', '3']);
});

test('a bare queue name as QueueUrl is the caller\'s queue (SDK, boto3, CLI); an unknown URL is NonExistentQueue', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'bare');
  const name = nameOf(url);
  await sqs.send(new SendMessageCommand({ QueueUrl: name, MessageBody: 'via-sdk' }));
  const py = await pythonJson(
    `
import boto3, json
sqs = boto3.client('sqs')
sqs.send_message(QueueUrl=${JSON.stringify(name)}, MessageBody='via-boto3')
try:
    sqs.get_queue_attributes(QueueUrl='http://localhost/000000000000/no-such-queue-${process.pid}', AttributeNames=['All'])
    err = None
except sqs.exceptions.ClientError as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'err': err}))
`,
    t.env(),
  );
  assert.deepEqual(py.err, ['AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.', 400]);
  await awsJson(['sqs', 'send-message', '--queue-url', name, '--message-body', 'via-cli'], t.env());
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.equal(attrs.Attributes!.ApproximateNumberOfMessages, '3');
  const e = await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: 'not a url at all', MessageBody: 'x' })), 'QueueDoesNotExist', /^The specified queue does not exist\.$/);
  assert.equal(e.$metadata.httpStatusCode, 400);
});

test('SendMessageBatch to a FIFO queue: a missing group or deduplication id fails the whole request', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'fifob', {}, true);
  await rejectsWith(
    sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd' }, { Id: 'b', MessageBody: 'y', MessageDeduplicationId: 'e' }] })),
    'InvalidParameterValue',
    /^The request must contain the parameter MessageGroupId\.$/,
  );
  await rejectsWith(
    sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x', MessageGroupId: 'g' }] })),
    'InvalidParameterValue',
    /^The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly$/,
  );
  // Nothing of a refused batch was enqueued.
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }));
  assert.equal(attrs.Attributes!.ApproximateNumberOfMessages, '0');
});

test('MessageAttributeNames `Hel.*` selects names starting with Hel; `*` and All select all; system prefixes too', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'prefix', { VisibilityTimeout: '0' });
  const attr = (v: string) => ({ DataType: 'String', StringValue: v });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { Hello: attr('1'), 'Help.Me': attr('2'), Other: attr('3'), He: attr('4') } }));
  const names = async (sel: string[]) => {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: sel }));
    return Object.keys(out.Messages![0]!.MessageAttributes ?? {}).sort();
  };
  assert.deepEqual(await names(['Hel.*']), ['Hello', 'Help.Me']);
  assert.deepEqual(await names(['*']), ['He', 'Hello', 'Help.Me', 'Other']);
  assert.deepEqual(await names(['All']), ['He', 'Hello', 'Help.Me', 'Other']);
  const sys = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateFirst.*' as any] }));
  assert.deepEqual(Object.keys(sys.Messages![0]!.Attributes!), ['ApproximateFirstReceiveTimestamp']);
});

test('UntagQueue with no keys, AddPermission with an owner-only action, CreateQueue with FifoQueue on a standard name', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'checks');
  await rejectsWith(sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: [] })), 'InvalidParameterValue', /^Tag keys must be between 1 and 128 characters in length\.$/);
  for (const action of ['DeleteQueue', 'SetQueueAttributes', 'PurgeQueue', 'CreateQueue']) {
    await rejectsWith(
      sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: `l${action}`, AWSAccountIds: ['111122223333'], Actions: [action] })),
      'InvalidParameterValue',
      new RegExp(`^Value SQS:${action} for parameter ActionName is invalid\\. Reason: Only the queue owner is allowed to invoke this action\\.$`),
    );
  }
  await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'ok', AWSAccountIds: ['111122223333'], Actions: ['*', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl'] }));
  const policy = JSON.parse((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes!.Policy!);
  assert.equal(policy.Statement[0].Action.length, 7);
  for (const value of ['false', 'true']) {
    await rejectsWith(
      sqs.send(new CreateQueueCommand({ QueueName: uniqueName('std'), Attributes: { FifoQueue: value } })),
      value === 'false' ? 'InvalidAttributeName' : 'InvalidParameterValue',
      value === 'false' ? /^Unknown Attribute FifoQueue\.$/ : /FIFO queue/,
    );
  }
});
