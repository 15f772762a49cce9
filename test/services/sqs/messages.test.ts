// Messages over JSON and query: send / receive / delete, message attributes of every type and
// their MD5s (checked against an independent implementation of AWS's algorithm, in Python),
// system attributes, size limits as documented today (1 MiB), batch limits and per-entry failures,
// visibility expiry and re-delivery, delays and retention, all driven by a ManualClock; stale
// receipt handles; boto3 and the AWS CLI.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import { useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { client, createQueue, PROTOCOLS, rejectsWith } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

const ATTRIBUTES: Record<string, MessageAttributeValue> = {
  city: { DataType: 'String', StringValue: 'Zürich ✓' },
  count: { DataType: 'Number', StringValue: '-12.5e3' },
  blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 250, 255]) },
  'custom.kind': { DataType: 'String.custom', StringValue: 'x' },
  ratio: { DataType: 'Number.float', StringValue: '0.25' },
  image: { DataType: 'Binary.png', BinaryValue: Buffer.from('PNG') },
};

/** AWS's attribute digest, written independently (from the SQS Developer Guide) in Python. */
async function referenceMd5(attributes: Record<string, MessageAttributeValue>): Promise<string> {
  const plain = Object.fromEntries(
    Object.entries(attributes).map(([k, v]) => [k, { t: v.DataType, s: v.StringValue, b: v.BinaryValue ? Buffer.from(v.BinaryValue).toString('base64') : undefined }]),
  );
  const out = await pythonJson(
    `
import base64, hashlib, json, struct, sys
attrs = json.loads(${JSON.stringify(JSON.stringify(plain))})
h = hashlib.md5()
def put(b):
    h.update(struct.pack('>I', len(b))); h.update(b)
for name in sorted(attrs):
    a = attrs[name]
    put(name.encode()); put(a['t'].encode())
    if a.get('s') is not None:
        h.update(b'\\x01'); put(a['s'].encode())
    else:
        h.update(b'\\x02'); put(base64.b64decode(a['b']))
print(json.dumps(h.hexdigest()))
`,
    {},
  );
  return out as string;
}

async function counts(sqs: SQSClient, url: string): Promise<[number, number, number]> {
  const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }))).Attributes!;
  return [Number(a.ApproximateNumberOfMessages), Number(a.ApproximateNumberOfMessagesNotVisible), Number(a.ApproximateNumberOfMessagesDelayed)];
}

for (const { name: protocol } of PROTOCOLS) {
  test(`send, receive and delete with attributes of every type; MD5s match AWS's algorithm (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `msg${protocol}`);
    const expected = await referenceMd5(ATTRIBUTES);
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'héllo wörld 🌍',
        MessageAttributes: ATTRIBUTES,
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } },
      }),
    );
    assert.equal(sent.MD5OfMessageBody, createHash('md5').update('héllo wörld 🌍').digest('hex'));
    assert.equal(sent.MD5OfMessageAttributes, expected);
    assert.equal(sent.MD5OfMessageSystemAttributes, await referenceMd5({ AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-5759e988-bd862e3fe1be46a994272793' } }));
    assert.match(sent.MessageId!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(sent.SequenceNumber, undefined);

    clock.advance(1500);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    assert.equal(got.Messages?.length, 1);
    const m = got.Messages![0]!;
    assert.equal(m.Body, 'héllo wörld 🌍');
    assert.equal(m.MessageId, sent.MessageId);
    assert.equal(m.MD5OfBody, sent.MD5OfMessageBody);
    assert.equal(m.MD5OfMessageAttributes, expected);
    assert.deepEqual(Object.keys(m.MessageAttributes!).sort(), Object.keys(ATTRIBUTES).sort());
    assert.deepEqual(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!), Buffer.from([0, 1, 2, 250, 255]));
    assert.equal(m.MessageAttributes!.count!.StringValue, '-12.5e3');
    assert.equal(m.MessageAttributes!['custom.kind']!.DataType, 'String.custom');
    const sentAt = clock.now() - 1500;
    assert.deepEqual(m.Attributes, {
      SenderId: '000000000000',
      SentTimestamp: String(sentAt),
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: String(clock.now()),
      AWSTraceHeader: 'Root=1-5759e988-bd862e3fe1be46a994272793',
    });
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    assert.deepEqual(await counts(sqs, url), [0, 0, 0]);
    // Deleting again succeeds (the message is gone either way).
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
  });

  test(`MessageAttributeNames filters, and the digest covers what is returned (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `filter${protocol}`);
    const cases: Array<[string[] | undefined, string[]]> = [
      [undefined, []],
      [['city'], ['city']],
      [['custom.*'], ['custom.kind']],
      [['.*'], Object.keys(ATTRIBUTES)],
      [['nope'], []],
    ];
    for (const [names, want] of cases) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'f', MessageAttributes: ATTRIBUTES }));
      const m = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...(names && { MessageAttributeNames: names }) }))).Messages![0]!;
      assert.deepEqual(Object.keys(m.MessageAttributes ?? {}).sort(), [...want].sort(), String(names));
      const picked = Object.fromEntries(want.map((k) => [k, ATTRIBUTES[k]!]));
      assert.equal(m.MD5OfMessageAttributes, want.length ? await referenceMd5(picked) : undefined);
      assert.equal(m.Attributes, undefined);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle }));
    }
  });

  test(`size limits: 1 MiB by default, MaximumMessageSize counts attributes; content and attribute errors (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `size${protocol}`);
    const max = 1_048_576;
    const ok = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a'.repeat(max) }));
    assert.ok(ok.MessageId);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a'.repeat(max + 1) })), 'InvalidParameterValue', /Message must be shorter than 1048576 bytes/);
    // Multi-byte characters count as bytes.
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'é'.repeat(max / 2 + 1) })), 'InvalidParameterValue', /shorter than 1048576/);

    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { MaximumMessageSize: '1024' } }));
    // 1016 + "k" + "String" + "v" = 1024 bytes: accepted; one more byte is not.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b'.repeat(1016), MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    await rejectsWith(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b'.repeat(1016), MessageAttributes: { k: { DataType: 'String', StringValue: 'vv' } } })),
      'InvalidParameterValue',
      /shorter than 1024 bytes/,
    );

    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0001 char' })), 'InvalidMessageContents', /Invalid characters found/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })), 'MissingParameter', /MessageBody/);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]));
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: eleven })), 'InvalidParameterValue', /exceeds the allowed maximum \[10\]/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'Text', StringValue: 'v' } } })), 'InvalidParameterValue', /supported type prefixes/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'String', StringValue: '' } } })), 'InvalidParameterValue', /non-empty value of type 'String'/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'Number', StringValue: 'ten' } } })), 'InvalidParameterValue', /to a number/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } })), 'InvalidParameterValue', /reserved/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })), 'InvalidParameterValue', /DelaySeconds must be >= 0 and <= 900/);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })), 'InvalidParameterValue', /not valid for this queue type/);
  });

  test(`batch limits and per-entry failures (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `batch${protocol}`);
    const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: `body ${i}` }));
    await rejectsWith(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })), 'EmptyBatchRequest');
    await rejectsWith(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(11) })), 'TooManyEntriesInBatchRequest', /You have sent 11/);
    await rejectsWith(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'a', MessageBody: '2' }] })), 'BatchEntryIdsNotDistinct');
    await rejectsWith(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'no spaces', MessageBody: '1' }] })), 'InvalidBatchEntryId');
    await rejectsWith(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'a', MessageBody: 'x'.repeat(600_000) }, { Id: 'b', MessageBody: 'y'.repeat(600_000) }] })),
      'BatchRequestTooLong',
      /cannot be longer than 1048576 bytes/,
    );

    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'good1', MessageBody: 'one', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
          { Id: 'bad', MessageBody: 'two', DelaySeconds: 1000 },
          { Id: 'good2', MessageBody: 'three', DelaySeconds: 10 },
        ],
      }),
    );
    assert.deepEqual(out.Successful!.map((s) => s.Id), ['good1', 'good2']);
    assert.equal(out.Successful![0]!.MD5OfMessageAttributes, await referenceMd5({ k: { DataType: 'String', StringValue: 'v' } }));
    assert.deepEqual(out.Failed, [{ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue', Message: 'Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.' }]);
    assert.deepEqual(await counts(sqs, url), [1, 0, 1]);

    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    assert.equal(got.Messages!.length, 1);
    const handle = got.Messages![0]!.ReceiptHandle!;
    const vis = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: [{ Id: 'ok', ReceiptHandle: handle, VisibilityTimeout: 100 }, { Id: 'junk', ReceiptHandle: 'junk', VisibilityTimeout: 5 }] }),
    );
    assert.deepEqual(vis.Successful, [{ Id: 'ok' }]);
    assert.equal(vis.Failed![0]!.Id, 'junk');
    assert.equal(vis.Failed![0]!.Code, 'ReceiptHandleIsInvalid');
    const del = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: 'ok', ReceiptHandle: handle }, { Id: 'junk', ReceiptHandle: 'junk' }] }));
    assert.deepEqual(del.Successful, [{ Id: 'ok' }]);
    assert.deepEqual(del.Failed!.map((f) => [f.Id, f.Code, f.SenderFault]), [['junk', 'ReceiptHandleIsInvalid', true]]);
    await rejectsWith(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })), 'EmptyBatchRequest');
    assert.deepEqual(await counts(sqs, url), [0, 0, 1]);
  });

  test(`visibility timeout expiry and re-delivery, ChangeMessageVisibility, stale receipt handles (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `vis${protocol}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'redeliver me' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'] }))).Messages![0]!;
    const firstAt = clock.now();
    assert.equal(first.Attributes!.ApproximateReceiveCount, '1');
    assert.deepEqual(await counts(sqs, url), [0, 1, 0]);
    clock.advance(29_999);
    assert.equal((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages, undefined);
    clock.advance(1);
    assert.deepEqual(await counts(sqs, url), [1, 0, 0]);
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 10, MessageSystemAttributeNames: ['All'] }))).Messages![0]!;
    assert.equal(second.MessageId, first.MessageId);
    assert.notEqual(second.ReceiptHandle, first.ReceiptHandle);
    assert.equal(second.Attributes!.ApproximateReceiveCount, '2');
    assert.equal(second.Attributes!.ApproximateFirstReceiveTimestamp, String(firstAt));

    // A stale handle (from before the re-receive): the request succeeds, the message stays.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    assert.deepEqual(await counts(sqs, url), [0, 1, 0]);

    // ChangeMessageVisibility counts from now; 0 makes the message visible at once.
    clock.advance(9_000);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 5 }));
    clock.advance(4_999);
    assert.deepEqual(await counts(sqs, url), [0, 1, 0]);
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 }));
    assert.deepEqual(await counts(sqs, url), [1, 0, 0]);
    await rejectsWith(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 5 })), 'MessageNotInflight');
    await rejectsWith(sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 43_201 })), 'InvalidParameterValue');
    // The latest handle still deletes, even after its visibility timeout ended (standard queues).
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
    assert.deepEqual(await counts(sqs, url), [0, 0, 0]);
    const e = await rejectsWith(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })), 'ReceiptHandleIsInvalid', /not a valid receipt handle/);
    assert.equal(e.$metadata.httpStatusCode, 404);
    // A handle of another queue is not valid here either.
    const other = await createQueue(sqs, `vis2${protocol}`);
    await rejectsWith(sqs.send(new DeleteMessageCommand({ QueueUrl: other, ReceiptHandle: second.ReceiptHandle })), 'ReceiptHandleIsInvalid');
  });

  test(`delays (per message and per queue) and retention expiry follow the clock (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `delay${protocol}`, { DelaySeconds: '20', MessageRetentionPeriod: '120' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue delay' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'own delay', DelaySeconds: 5 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no delay', DelaySeconds: 0 }));
    assert.deepEqual(await counts(sqs, url), [1, 0, 2]);
    clock.advance(5_000);
    assert.deepEqual(await counts(sqs, url), [2, 0, 1]);
    clock.advance(15_000);
    assert.deepEqual(await counts(sqs, url), [3, 0, 0]);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    assert.deepEqual(got.Messages!.map((m) => m.Body).sort(), ['no delay', 'own delay', 'queue delay']);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'young', DelaySeconds: 0 }));
    // 120 s after sending, the first three expire, in flight or not; the young one stays.
    clock.advance(100_000);
    assert.deepEqual(await counts(sqs, url), [1, 0, 0]);
    clock.advance(20_000);
    assert.deepEqual(await counts(sqs, url), [0, 0, 0]);
  });
}

test('ReceiveMessage parameter bounds', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'bounds');
  await rejectsWith(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })), 'InvalidParameterValue', /Must be between 1 and 10/);
  await rejectsWith(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 0 })), 'InvalidParameterValue');
  await rejectsWith(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 21 })), 'InvalidParameterValue', /Must be >= 0 and <= 20/);
  await rejectsWith(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 43_201 })), 'InvalidParameterValue');
  await rejectsWith(sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['Bogus' as any] })), 'InvalidAttributeName', /Unknown Attribute Bogus/);
});

test('boto3 and the AWS CLI send and receive with attributes', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'pycli');
  const py = await pythonJson(
    `
import boto3, json
sqs = boto3.client('sqs')
s = sqs.send_message(QueueUrl='${url}', MessageBody='from boto3', MessageAttributes={'n': {'DataType': 'Number', 'StringValue': '7'}, 'b': {'DataType': 'Binary', 'BinaryValue': b'\\x00\\xff'}})
r = sqs.receive_message(QueueUrl='${url}', MessageAttributeNames=['All'], AttributeNames=['SentTimestamp'])
m = r['Messages'][0]
sqs.delete_message(QueueUrl='${url}', ReceiptHandle=m['ReceiptHandle'])
print(json.dumps({'md5': s['MD5OfMessageAttributes'], 'body': m['Body'], 'rmd5': m['MD5OfMessageAttributes'], 'b': list(m['MessageAttributes']['b']['BinaryValue']), 'sent': m['Attributes']['SentTimestamp']}))
`,
    t.env(),
  );
  const expected = await referenceMd5({ n: { DataType: 'Number', StringValue: '7' }, b: { DataType: 'Binary', BinaryValue: Buffer.from([0, 255]) } });
  assert.deepEqual(py, { md5: expected, body: 'from boto3', rmd5: expected, b: [0, 255], sent: String(clock.now()) });

  const sent = await awsJson(['sqs', 'send-message', '--queue-url', url, '--message-body', 'from the CLI', '--delay-seconds', '0'], t.env());
  assert.equal(sent.MD5OfMessageBody, createHash('md5').update('from the CLI').digest('hex'));
  const got = await awsJson(['sqs', 'receive-message', '--queue-url', url, '--attribute-names', 'All'], t.env());
  assert.equal(got.Messages[0].Body, 'from the CLI');
  assert.equal(got.Messages[0].MessageId, sent.MessageId);
  assert.equal(got.Messages[0].Attributes.ApproximateReceiveCount, '1');
});

test('a receive stays invisible at most 12 hours, however often its visibility is extended', async () => {
  for (const protocol of ['json', 'query'] as const) {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `vis12h-${protocol}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'long job' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 8 * 3600 }));
    const handle = got.Messages![0]!.ReceiptHandle!;
    clock.advance(6 * 3600 * 1000);
    // 6 h in: extending by 6 h reaches exactly 12 h after the receive, which is allowed...
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 6 * 3600 }));
    // ...one second more is not.
    const e = await rejectsWith(
      sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 6 * 3600 + 1 })),
      'InvalidParameterValue',
      /Total VisibilityTimeout for the message is beyond the limit \[43200 seconds\]/,
    );
    assert.equal(e.$metadata.httpStatusCode, 400);
  }
});
