// Queues as resources over JSON and query: create / get URL / list / delete / purge, attributes
// (defaults, bounds, errors), tags, permissions reflected in Policy, queue URLs from the Host
// header, cross-account access by URL, query posted to the queue URL, boto3 and the AWS CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddPermissionCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  RemovePermissionCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { ManualClock } from '../../../src/index.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { arnOf, client, createQueue, nameOf, PROTOCOLS, rejectsWith } from './helpers.js';

const clock = new ManualClock();
const t = useNimbus({ clock });

for (const { name: protocol } of PROTOCOLS) {
  test(`create, get URL, list with prefix and pages, delete (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const prefix = uniqueName(`lq${protocol}`);
    const urls: string[] = [];
    for (const n of ['a', 'b', 'c']) {
      const out = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}-${n}` }));
      urls.push(out.QueueUrl!);
    }
    // Built from the Host header the client sent.
    assert.equal(urls[0], `${t.nimbus.endpoint}/000000000000/${prefix}-a`);
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: `${prefix}-b` }))).QueueUrl, urls[1]);

    const page1 = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2 }));
    assert.deepEqual(page1.QueueUrls, urls.slice(0, 2));
    assert.ok(page1.NextToken);
    const page2 = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: page1.NextToken }));
    assert.deepEqual(page2.QueueUrls, urls.slice(2));
    assert.equal(page2.NextToken, undefined);
    assert.deepEqual((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }))).QueueUrls, urls);
    assert.equal((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'no-such-prefix' }))).QueueUrls, undefined);
    await rejectsWith(sqs.send(new ListQueuesCommand({ NextToken: 'abc' })), 'InvalidParameterValue', /MaxResults is a mandatory parameter/);

    await sqs.send(new DeleteQueueCommand({ QueueUrl: urls[0] }));
    const e = await rejectsWith(sqs.send(new GetQueueUrlCommand({ QueueName: `${prefix}-a` })), 'QueueDoesNotExist');
    assert.equal(e.$metadata.httpStatusCode, 400);
    await rejectsWith(sqs.send(new SendMessageCommand({ QueueUrl: urls[0], MessageBody: 'x' })), 'QueueDoesNotExist');
  });

  test(`CreateQueue is idempotent for equal attributes, QueueNameExists otherwise; names are checked (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const name = uniqueName('idem');
    const a = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45' } }));
    const b = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '45' } }));
    assert.equal(a.QueueUrl, b.QueueUrl);
    await rejectsWith(
      sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { VisibilityTimeout: '46' } })),
      'QueueNameExists',
      /different value for attribute VisibilityTimeout/,
    );
    await rejectsWith(sqs.send(new CreateQueueCommand({ QueueName: 'bad name!' })), 'InvalidParameterValue', /alphanumeric/);
    await rejectsWith(sqs.send(new CreateQueueCommand({ QueueName: 'x'.repeat(81) })), 'InvalidParameterValue');
    await rejectsWith(sqs.send(new CreateQueueCommand({ QueueName: 'plain.fifo' })), 'InvalidParameterValue');
    await rejectsWith(sqs.send(new CreateQueueCommand({ QueueName: 'nofifo', Attributes: { FifoQueue: 'true' } })), 'InvalidParameterValue', /must end with \.fifo/);
  });

  test(`attributes: defaults, bounds, unknown names, FIFO-only names (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `attr${protocol}`);
    const all = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    const created = String(Math.floor(clock.now() / 1000));
    assert.deepEqual(all, {
      QueueArn: arnOf(url),
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: created,
      LastModifiedTimestamp: created,
      VisibilityTimeout: '30',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
    });
    // Nothing asked, nothing returned.
    assert.equal((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }))).Attributes, undefined);

    const bounds: Array<[string, string, string]> = [
      ['VisibilityTimeout', '-1', '43201'],
      ['DelaySeconds', '-1', '901'],
      ['MaximumMessageSize', '1023', '1048577'],
      ['MessageRetentionPeriod', '59', '1209601'],
      ['ReceiveMessageWaitTimeSeconds', '-1', '21'],
      ['KmsDataKeyReusePeriodSeconds', '59', '86401'],
    ];
    for (const [name, low, high] of bounds) {
      for (const v of [low, high, 'abc']) {
        const e = await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { [name]: v } })), 'InvalidAttributeValue');
        assert.equal(e.message, `Invalid value for the parameter ${name}.`);
      }
    }
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Bogus: '1' } as any })), 'InvalidAttributeName', /^Unknown Attribute Bogus\.$/);
    await rejectsWith(sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Bogus' as any] })), 'InvalidAttributeName', /Unknown Attribute Bogus/);
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { QueueArn: 'x' } })), 'InvalidAttributeName');
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { ContentBasedDeduplication: 'true' } })), 'InvalidAttributeName');
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DeduplicationScope: 'queue' } })), 'InvalidAttributeName', /only when FifoQueue is set to true/);

    clock.advance(5000);
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { VisibilityTimeout: '60', DelaySeconds: '900', MaximumMessageSize: '1024', MessageRetentionPeriod: '60', ReceiveMessageWaitTimeSeconds: '20', KmsMasterKeyId: 'alias/aws/sqs', KmsDataKeyReusePeriodSeconds: '600', Policy: '{ "Version": "2012-10-17", "Statement": [] }' },
      }),
    );
    const after = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    assert.equal(after.VisibilityTimeout, '60');
    assert.equal(after.DelaySeconds, '900');
    assert.equal(after.MaximumMessageSize, '1024');
    assert.equal(after.MessageRetentionPeriod, '60');
    assert.equal(after.ReceiveMessageWaitTimeSeconds, '20');
    assert.equal(after.KmsMasterKeyId, 'alias/aws/sqs');
    assert.equal(after.KmsDataKeyReusePeriodSeconds, '600');
    // SSE-KMS replaces SSE-SQS.
    assert.equal(after.SqsManagedSseEnabled, 'false');
    assert.equal(after.Policy, '{"Version":"2012-10-17","Statement":[]}');
    assert.equal(after.LastModifiedTimestamp, String(Math.floor(clock.now() / 1000)));
    assert.equal(after.CreatedTimestamp, created);
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { SqsManagedSseEnabled: 'true' } })), 'InvalidAttributeValue', /one type of server-side encryption/);
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: 'not json' } })), 'InvalidAttributeValue');
    // Empty values remove optional attributes.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '', KmsMasterKeyId: '' } }));
    const cleared = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy', 'KmsMasterKeyId', 'VisibilityTimeout'] }))).Attributes!;
    assert.deepEqual(cleared, { VisibilityTimeout: '60' });
  });

  test(`FIFO attributes and their rules (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `fattr${protocol}`, { ContentBasedDeduplication: 'true' }, true);
    const all = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))).Attributes!;
    assert.equal(all.FifoQueue, 'true');
    assert.equal(all.ContentBasedDeduplication, 'true');
    assert.equal(all.DeduplicationScope, 'queue');
    assert.equal(all.FifoThroughputLimit, 'perQueue');
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoThroughputLimit: 'perMessageGroupId' } })), 'InvalidAttributeValue', /DeduplicationScope is messageGroup/);
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } }));
    const ht = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['DeduplicationScope', 'FifoThroughputLimit'] }))).Attributes!;
    assert.deepEqual(ht, { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { FifoQueue: 'false' } })), 'InvalidAttributeName');
    await rejectsWith(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DeduplicationScope: 'group' } })), 'InvalidAttributeValue');
  });

  test(`tags (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const name = uniqueName(`tags${protocol}`);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, tags: { team: 'a', env: 'dev' } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: 'a', env: 'dev' });
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'prod', cost: '42' } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { team: 'a', env: 'prod', cost: '42' });
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team', 'cost', 'absent'] }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, { env: 'prod' });
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['env'] }));
    assert.equal((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags, undefined);
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await rejectsWith(sqs.send(new TagQueueCommand({ QueueUrl, Tags: many })), 'InvalidParameterValue', /Too many tags/);
  });

  test(`AddPermission / RemovePermission are reflected in Policy (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `perm${protocol}`);
    const arn = arnOf(url);
    await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'send', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] }));
    await sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'rw', AWSAccountIds: ['111122223333', '444455556666'], Actions: ['ReceiveMessage', 'DeleteMessage'] }));
    const policy = JSON.parse((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes!.Policy!);
    assert.deepEqual(policy, {
      Version: '2012-10-17',
      Id: `${arn}/SQSDefaultPolicy`,
      Statement: [
        { Sid: 'send', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'SQS:SendMessage', Resource: arn },
        {
          Sid: 'rw',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] },
          Action: ['SQS:ReceiveMessage', 'SQS:DeleteMessage'],
          Resource: arn,
        },
      ],
    });
    await rejectsWith(sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'send', AWSAccountIds: ['111122223333'], Actions: ['SendMessage'] })), 'InvalidParameterValue', /Already exists/);
    await rejectsWith(sqs.send(new AddPermissionCommand({ QueueUrl: url, Label: 'bad', AWSAccountIds: ['111122223333'], Actions: ['Fly'] })), 'InvalidParameterValue', /ActionName/);
    await sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'send' }));
    const left = JSON.parse((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes!.Policy!);
    assert.deepEqual(left.Statement.map((s: any) => s.Sid), ['rw']);
    await sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'rw' }));
    assert.equal((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes, undefined);
    await rejectsWith(sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'rw' })), 'InvalidParameterValue', /can't find label/);
  });

  test(`PurgeQueue empties the queue, once per 60 s (clock) (${protocol})`, async () => {
    const sqs = client(t, protocol);
    const url = await createQueue(sqs, `purge${protocol}`);
    for (let i = 0; i < 5; i++) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}`, ...(i === 4 && { DelaySeconds: 60 }) }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 2 }));
    const counts = async () => (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }))).Attributes;
    assert.deepEqual(await counts(), { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '2', ApproximateNumberOfMessagesDelayed: '1' });
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    assert.deepEqual(await counts(), { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0', ApproximateNumberOfMessagesDelayed: '0' });
    const e = await rejectsWith(sqs.send(new PurgeQueueCommand({ QueueUrl: url })), 'PurgeQueueInProgress', /allowed every 60 seconds/);
    assert.equal(e.$metadata.httpStatusCode, 403);
    clock.advance(60_000);
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
  });
}

test('queue URLs follow the Host header; any host is accepted in QueueUrl', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'host');
  const path = new URL(url).pathname;
  // The same queue named through other hosts (AWS-style and LocalStack-style URLs) still resolves.
  for (const u of [`http://sqs.us-east-1.amazonaws.com${path}`, `https://example.test:9999${path}`, `http://localhost:1/queue/us-east-1${path}`]) {
    const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: u, AttributeNames: ['QueueArn'] }));
    assert.equal(out.Attributes!.QueueArn, arnOf(url));
  }
  // A client that talks to "localhost" gets localhost URLs back.
  const port = new URL(t.nimbus.endpoint).port;
  const viaLocalhost = new SQSClient({ ...t.config(), endpoint: `http://localhost:${port}` });
  const { QueueUrl } = await viaLocalhost.send(new GetQueueUrlCommand({ QueueName: nameOf(url) }));
  assert.equal(QueueUrl, `http://localhost:${port}${path}`);
  await rejectsWith(sqs.send(new GetQueueAttributesCommand({ QueueUrl: 'http://localhost/not/a/queue/url', AttributeNames: ['All'] })), 'QueueDoesNotExist');
});

test('GetQueueUrl with QueueOwnerAWSAccountId, and cross-account access by URL', async () => {
  const owner = client(t, 'json', { accessKeyId: '111111111111' });
  const other = client(t, 'json');
  const url = await createQueue(owner, 'xacct');
  assert.match(url, /\/111111111111\//);
  await rejectsWith(other.send(new GetQueueUrlCommand({ QueueName: nameOf(url) })), 'QueueDoesNotExist');
  // Another account reaches the queue only once the queue policy allows it (the account boundary).
  await rejectsWith(other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'refused' })), 'AccessDenied', /^Access to the resource https:\/\/sqs\.us-east-1\.amazonaws\.com\/111111111111\/.* is denied\.$/);
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '000000000000' }, Action: ['sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: arnOf(url) }] };
  await owner.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: JSON.stringify(policy) } }));
  const found = await other.send(new GetQueueUrlCommand({ QueueName: nameOf(url), QueueOwnerAWSAccountId: '111111111111' }));
  assert.equal(found.QueueUrl, url);
  await other.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'from another account' }));
  const got = await owner.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['SenderId'] }));
  assert.equal(got.Messages?.[0]?.Body, 'from another account');
  assert.equal(got.Messages?.[0]?.Attributes?.SenderId, '000000000000');
});

test('query protocol posted to the queue URL without a QueueUrl parameter', async () => {
  const sqs = client(t);
  const url = await createQueue(sqs, 'posted');
  const auth = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + 'a'.repeat(64);
  const post = (form: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth, 'x-amz-date': '20261127T000000Z' }, body: new URLSearchParams({ Version: '2012-11-05', ...form }) });
  const sent = await post({ Action: 'SendMessage', MessageBody: 'posted to the queue URL' });
  const sentXml = await sent.text();
  assert.equal(sent.status, 200, sentXml);
  assert.match(sentXml, /<SendMessageResult><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/);
  const recv = await post({ Action: 'ReceiveMessage' });
  const xml = await recv.text();
  assert.match(xml, /<Body>posted to the queue URL<\/Body>/);
  const attrs = await post({ Action: 'GetQueueAttributes', 'AttributeName.1': 'ApproximateNumberOfMessagesNotVisible' });
  assert.match(await attrs.text(), /<Name>ApproximateNumberOfMessagesNotVisible<\/Name><Value>1<\/Value>/);
  // Legacy error codes in the query protocol.
  const missing = await fetch(url.replace(/[^/]+$/, 'no-such-queue'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth }, body: new URLSearchParams({ Version: '2012-11-05', Action: 'SendMessage', MessageBody: 'x' }) });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code>/);
});

test('boto3 and the AWS CLI: queues, attributes, tags, legacy error codes', async () => {
  const name = uniqueName('py');
  const py = await pythonJson(
    `
import boto3, json
from botocore.exceptions import ClientError
sqs = boto3.client('sqs')
url = sqs.create_queue(QueueName='${name}', Attributes={'VisibilityTimeout': '7'}, tags={'a': 'b'})['QueueUrl']
attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=['VisibilityTimeout', 'QueueArn'])['Attributes']
tags = sqs.list_queue_tags(QueueUrl=url)['Tags']
try:
    sqs.get_queue_url(QueueName='${name}-missing')
    code = None
except ClientError as e:
    code = e.response['Error']['Code']
try:
    sqs.set_queue_attributes(QueueUrl=url, Attributes={'VisibilityTimeout': '99999'})
    bad = None
except ClientError as e:
    bad = e.response['Error']['Code']
print(json.dumps({'url': url, 'attrs': attrs, 'tags': tags, 'code': code, 'bad': bad}))
`,
    t.env(),
  );
  assert.equal(py.url, `${t.nimbus.endpoint}/000000000000/${name}`);
  assert.deepEqual(py.attrs, { VisibilityTimeout: '7', QueueArn: `arn:aws:sqs:us-east-1:000000000000:${name}` });
  assert.deepEqual(py.tags, { a: 'b' });
  assert.equal(py.code, 'AWS.SimpleQueueService.NonExistentQueue');
  assert.equal(py.bad, 'InvalidAttributeValue');

  const cli = await awsJson(['sqs', 'get-queue-attributes', '--queue-url', py.url, '--attribute-names', 'All'], t.env());
  assert.equal(cli.Attributes.VisibilityTimeout, '7');
  assert.equal(cli.Attributes.ApproximateNumberOfMessages, '0');
  const listed = await awsJson(['sqs', 'list-queues', '--queue-name-prefix', name], t.env());
  assert.deepEqual(listed.QueueUrls, [py.url]);
});
