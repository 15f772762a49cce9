import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTopicCommand, PublishBatchCommand, PublishCommand } from '@aws-sdk/client-sns';
import { ManualClock } from '../../../src/index.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { snsClient, startEndpoint, subscribeConfirmed } from './support.js';

const clock = new ManualClock(Date.parse('2026-11-27T12:00:00.000Z'));
const t = useNimbus({ clock });

async function topic(fifo = false, attributes: Record<string, string> = {}): Promise<string> {
  const name = fifo ? `${uniqueName('pub')}.fifo` : uniqueName('pub');
  return (await snsClient(t).send(new CreateTopicCommand({ Name: name, Attributes: fifo ? { FifoTopic: 'true', ...attributes } : attributes }))).TopicArn!;
}

test('Publish validation errors (AWS codes and messages)', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const fifo = await topic(true);
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ Message: 'x' }, 'InvalidParameterException', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter'],
    [{ TopicArn, Message: '' }, 'InvalidParameterException', 'Invalid parameter: Empty message'],
    [{ TopicArn, Message: 'x', Subject: '' }, 'InvalidParameterException', 'Invalid parameter: Subject'],
    [{ TopicArn, Message: 'x', Subject: 'line\nbreak' }, 'InvalidParameterException', 'Invalid parameter: Subject'],
    [{ TopicArn, Message: 'x'.repeat(262_145) }, 'InvalidParameterException', 'Invalid parameter: Message too long'],
    [{ TopicArn, Message: 'x'.repeat(262_140), MessageAttributes: { abc: { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterException', 'Invalid parameter: Message too long'],
    [{ TopicArn, Message: 'x', MessageStructure: 'json' }, 'InvalidParameterException', 'Invalid parameter: Message Structure - JSON message body failed to parse'],
    [{ TopicArn, Message: '{"sqs": "only"}', MessageStructure: 'json' }, 'InvalidParameterException', 'Invalid parameter: Message Structure - No default entry in JSON message body'],
    [{ TopicArn, Message: '{"default": 5}', MessageStructure: 'json' }, 'InvalidParameterException', 'Invalid parameter: Message Structure - No default entry in JSON message body'],
    [{ TopicArn, Message: 'x', MessageDeduplicationId: 'd' }, 'InvalidParameterException', 'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type'],
    [{ TopicArn: fifo, Message: 'x' }, 'InvalidParameterException', 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics'],
    [{ TopicArn: fifo, Message: 'x', MessageGroupId: 'g' }, 'InvalidParameterException', 'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly'],
    [{ TopicArn: `${TopicArn}-gone`, Message: 'x' }, 'NotFoundException', 'Topic does not exist'],
    [{ TargetArn: 'arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1', Message: 'x' }, 'InvalidParameterException', 'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified'],
    [{ TopicArn, Message: 'x', MessageAttributes: { '.a': { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterValueException', "Invalid message attribute name starting with character '.' was found."],
    [{ TopicArn, Message: 'x', MessageAttributes: { 'a.': { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterValueException', "Invalid message attribute name ending with character '.' was found."],
    [{ TopicArn, Message: 'x', MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterValueException', "Message attribute name can not have successive '.' character."],
    [{ TopicArn, Message: 'x', MessageAttributes: { 'a b': { DataType: 'String', StringValue: 'v' } } }, 'InvalidParameterValueException', "Invalid non-alphanumeric character '#x20' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots."],
    [{ TopicArn, Message: 'x', MessageAttributes: { a: { DataType: 'Text', StringValue: 'v' } } }, 'InvalidParameterValueException', "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."],
    [{ TopicArn, Message: 'x', MessageAttributes: { a: { DataType: 'String', StringValue: '' } } }, 'InvalidParameterValueException', "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."],
    [{ TopicArn, Message: 'x', MessageAttributes: { a: { DataType: 'Binary', StringValue: 'v' } } }, 'InvalidParameterValueException', "The message attribute 'a' with type 'Binary' must use field 'Binary'."],
  ];
  for (const [input, name, message] of cases) {
    await assert.rejects(sns.send(new PublishCommand(input as never)), { name, message }, JSON.stringify(input).slice(0, 120));
  }
});

test('FIFO topic: sequence numbers, explicit and content-based deduplication over the 5-minute window (ManualClock)', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic(true);
  const a = await sns.send(new PublishCommand({ TopicArn, Message: 'one', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
  const b = await sns.send(new PublishCommand({ TopicArn, Message: 'two', MessageGroupId: 'g', MessageDeduplicationId: 'd2' }));
  assert.match(a.SequenceNumber!, /^\d{20}$/);
  assert.equal(BigInt(b.SequenceNumber!), BigInt(a.SequenceNumber!) + 1n);
  // A duplicate inside the window answers like the original (and is not delivered).
  clock.advance(4 * 60_000 + 59_000);
  const dup = await sns.send(new PublishCommand({ TopicArn, Message: 'one again', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
  assert.deepEqual([dup.MessageId, dup.SequenceNumber], [a.MessageId, a.SequenceNumber]);
  clock.advance(1_000);
  const after = await sns.send(new PublishCommand({ TopicArn, Message: 'one again', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }));
  assert.notEqual(after.MessageId, a.MessageId);
  assert.equal(BigInt(after.SequenceNumber!), BigInt(b.SequenceNumber!) + 1n);

  const cbd = await topic(true, { ContentBasedDeduplication: 'true' });
  const c1 = await sns.send(new PublishCommand({ TopicArn: cbd, Message: 'same body', MessageGroupId: 'g1' }));
  const c2 = await sns.send(new PublishCommand({ TopicArn: cbd, Message: 'same body', MessageGroupId: 'g2' }));
  const c3 = await sns.send(new PublishCommand({ TopicArn: cbd, Message: 'other body', MessageGroupId: 'g1' }));
  assert.equal(c2.MessageId, c1.MessageId, 'topic-wide deduplication scope by default');
  assert.notEqual(c3.MessageId, c1.MessageId);
  const perGroup = await topic(true, { ContentBasedDeduplication: 'true', FifoThroughputScope: 'MessageGroup' });
  const g1 = await sns.send(new PublishCommand({ TopicArn: perGroup, Message: 'same body', MessageGroupId: 'g1' }));
  const g2 = await sns.send(new PublishCommand({ TopicArn: perGroup, Message: 'same body', MessageGroupId: 'g2' }));
  assert.notEqual(g2.MessageId, g1.MessageId, 'MessageGroup scope deduplicates per group');
});

test('Timestamp comes from the injected clock', async () => {
  const sns = snsClient(t);
  const endpoint = await startEndpoint();
  try {
    const TopicArn = await topic();
    await subscribeConfirmed(sns, TopicArn, endpoint);
    clock.set(Date.parse('2027-01-02T03:04:05.678Z'));
    await sns.send(new PublishCommand({ TopicArn, Message: 'tick' }));
    const [, post] = await endpoint.waitFor(2);
    assert.equal(JSON.parse(post!.body).Timestamp, '2027-01-02T03:04:05.678Z');
  } finally {
    await endpoint.close();
  }
});

test('MessageStructure=json: each protocol gets its own message, others the default', async () => {
  const sns = snsClient(t);
  const endpoint = await startEndpoint();
  try {
    const TopicArn = await topic();
    await subscribeConfirmed(sns, TopicArn, endpoint);
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'for everyone', http: 'for http', sqs: 'for sqs', email: 7 }) }));
    await sns.send(new PublishCommand({ TopicArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'only default' }) }));
    const posts = await endpoint.waitFor(3);
    assert.deepEqual(posts.slice(1).map((p) => JSON.parse(p.body).Message), ['for http', 'only default']);
  } finally {
    await endpoint.close();
  }
});

test('PublishBatch: results, FIFO sequence numbers, batch errors', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const ok = await sns.send(
    new PublishBatchCommand({
      TopicArn,
      PublishBatchRequestEntries: [
        { Id: 'a', Message: 'one', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
        { Id: 'b-2_x', Message: 'two', Subject: 'S' },
      ],
    }),
  );
  assert.deepEqual(ok.Successful!.map((s) => s.Id), ['a', 'b-2_x']);
  assert.ok(ok.Successful!.every((s) => /^[0-9a-f-]{36}$/.test(s.MessageId!)));
  assert.deepEqual(ok.Failed, []);
  const fifo = await topic(true);
  const f = await sns.send(
    new PublishBatchCommand({
      TopicArn: fifo,
      PublishBatchRequestEntries: [
        { Id: '1', Message: 'm1', MessageGroupId: 'g', MessageDeduplicationId: '1' },
        { Id: '2', Message: 'm2', MessageGroupId: 'g', MessageDeduplicationId: '2' },
      ],
    }),
  );
  assert.equal(BigInt(f.Successful![1]!.SequenceNumber!), BigInt(f.Successful![0]!.SequenceNumber!) + 1n);
  const entry = (Id: string, Message = 'm') => ({ Id, Message });
  const cases: Array<[Array<{ Id: string; Message: string }>, string, string]> = [
    [[], 'EmptyBatchRequestException', "The batch request doesn't contain any entries."],
    [Array.from({ length: 11 }, (_, i) => entry(`e${i}`)), 'TooManyEntriesInBatchRequestException', 'The batch request contains more entries than permissible.'],
    [[entry('x'), entry('x')], 'BatchEntryIdsNotDistinctException', 'Two or more batch entries in the request have the same Id.'],
    [[entry('bad id!')], 'InvalidBatchEntryIdException', 'The Id of a batch entry in the batch request contains an impermissible character: bad id!'],
    [[entry('a', 'x'.repeat(200_000)), entry('b', 'y'.repeat(100_000))], 'BatchRequestTooLongException', 'The length of all the messages put together is more than the limit.'],
  ];
  for (const [PublishBatchRequestEntries, name, message] of cases) {
    await assert.rejects(sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries })), { name, message });
  }
  await assert.rejects(sns.send(new PublishBatchCommand({ TopicArn: fifo, PublishBatchRequestEntries: [entry('a')] })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
  });
});

test('boto3: publish with every attribute type, MessageStructure and PublishBatch', async () => {
  const TopicArn = await topic();
  const out = await pythonJson(
    `import boto3, json
sns = boto3.client('sns')
r1 = sns.publish(TopicArn='${TopicArn}', Message='hi', Subject='S', MessageAttributes={
  's': {'DataType': 'String', 'StringValue': 'v'},
  'n': {'DataType': 'Number', 'StringValue': '1.5'},
  'b': {'DataType': 'Binary', 'BinaryValue': b'\\x00\\x01'},
  'a': {'DataType': 'String.Array', 'StringValue': '["x", 1, true]'},
})
r2 = sns.publish(TopicArn='${TopicArn}', MessageStructure='json', Message=json.dumps({'default': 'd'}))
r3 = sns.publish_batch(TopicArn='${TopicArn}', PublishBatchRequestEntries=[{'Id': '1', 'Message': 'm'}])
try:
    sns.publish(TopicArn='${TopicArn}', Message='')
    err = None
except sns.exceptions.InvalidParameterException as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps({'ids': [r1['MessageId'], r2['MessageId'], r3['Successful'][0]['MessageId']], 'failed': r3['Failed'], 'err': err}))`,
    t.env(),
  );
  assert.ok(out.ids.every((id: string) => /^[0-9a-f-]{36}$/.test(id)));
  assert.deepEqual(out.failed, []);
  assert.deepEqual(out.err, ['InvalidParameter', 'Invalid parameter: Empty message']);
});
