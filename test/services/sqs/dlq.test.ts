// Dead-letter queues: maxReceiveCount moves messages (clock-driven), RedrivePolicy and
// RedriveAllowPolicy rules, ListDeadLetterSourceQueues, and message move tasks that move the
// messages back (to their sources or elsewhere), with cancellation.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import {
  CancelMessageMoveTaskCommand,
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import { useNimbus } from '../../support/nimbus.js';
import { arnOf, client, createQueue, PROTOCOLS, rejectsWith } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

async function counts(sqs: SQSClient, url: string): Promise<[number, number]> {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }))).Attributes!;
  return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible)];
}

/** A source queue with a DLQ (maxReceiveCount), and `n` messages already moved to the DLQ. */
async function deadLettered(sqs: SQSClient, tag: string, n: number): Promise<{ source: string; dlq: string }> {
  const dlq = await createQueue(sqs, `${tag}-dlq`);
  const source = await createQueue(sqs, `${tag}-src`, { VisibilityTimeout: '5', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
  for (let i = 0; i < n; i++) await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: `dead ${i}` }));
  while ((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10 }))).Messages) {}
  clock.advance(5000);
  assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10 }))).Messages, undefined);
  assert.deepEqual(await counts(sqs, dlq), [n, 0]);
  return { source, dlq };
}

async function waitForTask(sqs: SQSClient, dlq: string, status: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const r = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }))).Results![0];
    if (r?.Status === status) return r;
    await sleep(10);
  }
  throw new Error(`task never reached ${status}`);
}

for (const { name: protocol } of PROTOCOLS) {
  test(`a message received maxReceiveCount times moves to the DLQ on its next receive (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const dlq = await createQueue(sqs, `dlq${protocol}`);
    const source = await createQueue(sqs, `src${protocol}`, { VisibilityTimeout: '10', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: '2' }) });
    const policy = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ['RedrivePolicy'] }))).Attributes!.RedrivePolicy!;
    assert.deepEqual(JSON.parse(policy), { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 2 });
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    for (const n of [1, 2]) {
      const m = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }))).Messages![0]!;
      assert.equal(m.Attributes!.ApproximateReceiveCount, String(n));
      clock.advance(10_000);
    }
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: source }))).Messages, undefined);
    assert.deepEqual(await counts(sqs, source), [0, 0]);
    assert.deepEqual(await counts(sqs, dlq), [1, 0]);
    const dead = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }))).Messages![0]!;
    assert.equal(dead.MessageId, MessageId);
    assert.equal(dead.Body, 'poison');
    assert.equal(dead.MessageAttributes!.k!.StringValue, 'v');
    assert.equal(dead.Attributes!.DeadLetterQueueSourceArn, arnOf(source));
    assert.equal(dead.Attributes!.ApproximateReceiveCount, '3');

    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    assert.deepEqual(sources.queueUrls, [source]);
    // (An empty flattened list is absent from a query response: undefined there, [] in JSON.)
    assert.deepEqual((await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: source }))).queueUrls ?? [], []);
  });

  test(`RedrivePolicy and RedriveAllowPolicy are validated (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const dlq = await createQueue(sqs, `rdlq${protocol}`);
    const src = await createQueue(sqs, `rsrc${protocol}`);
    const set = (q: string, name: string, value: string) => sqs.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { [name]: value } }));
    await rejectsWith(set(src, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(dlq) + 'x', maxReceiveCount: 3 })), 'InvalidParameterValue', /Dead letter target does not exist/);
    await rejectsWith(set(src, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 0 })), 'InvalidParameterValue', /valid values are from 1 to 1000/);
    await rejectsWith(set(src, 'RedrivePolicy', JSON.stringify({ maxReceiveCount: 3 })), 'InvalidParameterValue', /deadLetterTargetArn/);
    await rejectsWith(set(src, 'RedrivePolicy', '{not json'), 'InvalidParameterValue', /not a valid JSON map/);
    const fifoDlq = await createQueue(sqs, `rfifo${protocol}`, {}, true);
    await rejectsWith(set(src, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(fifoDlq), maxReceiveCount: 3 })), 'InvalidParameterValue', /same type/);

    await set(dlq, 'RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'denyAll' }));
    await rejectsWith(set(src, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 3 })), 'InvalidParameterValue', /does not allow/);
    await set(dlq, 'RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [arnOf(src)] }));
    await set(src, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 3 }));
    const other = await createQueue(sqs, `rother${protocol}`);
    await rejectsWith(set(other, 'RedrivePolicy', JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 3 })), 'InvalidParameterValue', /does not allow/);
    await rejectsWith(set(dlq, 'RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'byQueue' })), 'InvalidParameterValue', /sourceQueueArns/);
    await rejectsWith(set(dlq, 'RedriveAllowPolicy', JSON.stringify({ redrivePermission: 'maybe' })), 'InvalidParameterValue', /redrivePermission/);
    const allow = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['RedriveAllowPolicy'] }))).Attributes!.RedriveAllowPolicy!;
    assert.deepEqual(JSON.parse(allow), { redrivePermission: 'byQueue', sourceQueueArns: [arnOf(src)] });
    // An empty value removes the policy.
    await set(src, 'RedrivePolicy', '');
    assert.equal((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: src, AttributeNames: ['RedrivePolicy'] }))).Attributes, undefined);
  });

  test(`StartMessageMoveTask moves dead letters back to their source (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const { source, dlq } = await deadLettered(sqs, `mv${protocol}`, 5);
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq) }));
    assert.ok(TaskHandle);
    const done = await waitForTask(sqs, dlq, 'COMPLETED');
    assert.equal(done.SourceArn, arnOf(dlq));
    assert.equal(done.ApproximateNumberOfMessagesMoved, 5);
    assert.equal(done.ApproximateNumberOfMessagesToMove, 5);
    assert.equal(done.StartedTimestamp, clock.now());
    assert.equal(done.TaskHandle, undefined);
    assert.deepEqual(await counts(sqs, dlq), [0, 0]);
    assert.deepEqual(await counts(sqs, source), [5, 0]);
    // Back in the source they start afresh: a first receive, not straight back to the DLQ.
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));
    assert.deepEqual(back.Messages!.map((m) => m.Body).sort(), ['dead 0', 'dead 1', 'dead 2', 'dead 3', 'dead 4']);
    assert.ok(back.Messages!.every((m) => m.Attributes!.ApproximateReceiveCount === '1'));
  });

  test(`a move task to a chosen destination, at a rate, can be cancelled (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const { dlq } = await deadLettered(sqs, `mvc${protocol}`, 5);
    const dest = await createQueue(sqs, `mvdest${protocol}`);
    await rejectsWith(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), MaxNumberOfMessagesPerSecond: 501 })), 'InvalidParameterValue');
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(dest), MaxNumberOfMessagesPerSecond: 1 }));
    const running = await waitForTask(sqs, dlq, 'RUNNING');
    assert.equal(running.TaskHandle, TaskHandle);
    assert.equal(running.DestinationArn, arnOf(dest));
    assert.equal(running.MaxNumberOfMessagesPerSecond, 1);
    await rejectsWith(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq) })), 'InvalidParameterValue', /already a task running/);
    // The first second's message moves at once; then cancel.
    for (let i = 0; i < 100 && (await counts(sqs, dest))[0] < 1; i++) await sleep(10);
    const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    assert.equal(cancelled.ApproximateNumberOfMessagesMoved, 1);
    const listed = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq), MaxResults: 10 }))).Results!;
    assert.equal(listed[0]!.Status, 'CANCELLED');
    assert.equal(listed[0]!.ApproximateNumberOfMessagesMoved, 1);
    assert.equal(listed[0]!.ApproximateNumberOfMessagesToMove, 5);
    assert.deepEqual(await counts(sqs, dest), [1, 0]);
    assert.deepEqual(await counts(sqs, dlq), [4, 0]);
    await rejectsWith(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })), 'InvalidParameterValue', /Only active tasks/);
  });

  test(`move task errors (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const plain = await createQueue(sqs, `notdlq${protocol}`);
    await rejectsWith(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(plain) })), 'InvalidParameterValue', /Dead Letter Queue/);
    await rejectsWith(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(plain) + '-none' })), 'ResourceNotFoundException');
    await rejectsWith(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(plain) + '-none' })), 'ResourceNotFoundException');
    assert.deepEqual((await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(plain) }))).Results ?? [], []);
    const handle = Buffer.from(JSON.stringify({ taskId: 'nope', sourceArn: arnOf(plain) })).toString('base64');
    await rejectsWith(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: handle })), 'ResourceNotFoundException', /Task does not exist/);
  });
}

test('FIFO queues dead-letter to FIFO queues, keeping the group', async () => {
  const sqs = client(t);
  const dlq = await createQueue(sqs, 'fdlq', {}, true);
  const src = await createQueue(sqs, 'fsrc', { ContentBasedDeduplication: 'true', VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) }, true);
  await sqs.send(new SendMessageCommand({ QueueUrl: src, MessageBody: 'f1', MessageGroupId: 'grp' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: src, MessageBody: 'f2', MessageGroupId: 'grp' }));
  assert.deepEqual((await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10 }))).Messages!.map((m) => m.Body), ['f1', 'f2']);
  clock.advance(1000);
  assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: src, MaxNumberOfMessages: 10 }))).Messages, undefined);
  const dead = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['MessageGroupId', 'SequenceNumber'] }))).Messages!;
  assert.deepEqual(dead.map((m) => [m.Body, m.Attributes!.MessageGroupId]), [['f1', 'grp'], ['f2', 'grp']]);
  assert.ok(BigInt(dead[1]!.Attributes!.SequenceNumber!) > BigInt(dead[0]!.Attributes!.SequenceNumber!));
});
