// SNS's checks brought in line with AWS (issue 12): topic Policy documents, AddPermission's action
// scope, SMS endpoints and texts, Number message attributes, boolean spellings, firehose's role,
// and ValidationError for requests that break the model. Through the SDK v3 and boto3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddPermissionCommand,
  CreateTopicCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  RemovePermissionCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { snsClient } from './support.js';

const t = useNimbus();

async function topic(attributes?: Record<string, string>, fifo = false): Promise<string> {
  const out = await snsClient(t).send(new CreateTopicCommand({ Name: uniqueName('chk') + (fifo ? '.fifo' : ''), ...(attributes && { Attributes: attributes }) }));
  return out.TopicArn!;
}

test('SetTopicAttributes refuses a Policy that is not a policy document; Add/RemovePermission keep working', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  for (const bad of ['{}', '[]', '"x"', '{"Statement":[]}', '{"Statement":[{"Action":"sns:Publish"}]}', 'not json']) {
    await assert.rejects(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: bad })), {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Policy Error: null',
    }, bad);
  }
  await sns.send(new AddPermissionCommand({ TopicArn, Label: 'one', AWSAccountId: ['111122223333'], ActionName: ['Publish'] }));
  await sns.send(new RemovePermissionCommand({ TopicArn, Label: 'one' }));
  const good = JSON.stringify({ Version: '2012-10-17', Statement: { Sid: 's', Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: TopicArn } });
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: good }));
  await sns.send(new AddPermissionCommand({ TopicArn, Label: 'two', AWSAccountId: ['111122223333'], ActionName: ['Subscribe', 'Receive'] }));
  const policy = JSON.parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
  assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ['s', 'two']);
  assert.deepEqual(policy.Statement[1].Action, ['SNS:Subscribe', 'SNS:Receive']);
});

test('AddPermission refuses actions outside a topic policy\'s scope', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  for (const action of ['SetSubscriptionAttributes', 'GetSubscriptionAttributes', 'CreateTopic', 'Nope']) {
    await assert.rejects(sns.send(new AddPermissionCommand({ TopicArn, Label: `l${action}`, AWSAccountId: ['111122223333'], ActionName: [action] })), {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Policy statement action out of service scope!',
    });
  }
  await sns.send(new AddPermissionCommand({ TopicArn, Label: 'all', AWSAccountId: ['111122223333'], ActionName: ['*'] }));
});

test('SMS endpoints: AWS\'s separators accepted; doubled, leading, trailing separators and letters refused without a prefix', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  for (const ok of ['+15/55-123.4567', '+12/34-567.890', '+15551234567']) {
    const out = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: ok }));
    assert.match(out.SubscriptionArn!, new RegExp(`^${TopicArn}:`));
  }
  for (const bad of ['+15--551234567', '+-15551234567', '+1555123456-', '+1555abc4567', '.+15551234567', '+1555..1234']) {
    await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: bad })), { name: 'InvalidParameterException', message: `Invalid SMS endpoint: ${bad}` }, bad);
  }
});

test('Publish refuses an SMS over 1,600 characters and a Number attribute that is not a number', async () => {
  const sns = snsClient(t);
  await sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'x'.repeat(1600) }));
  await assert.rejects(sns.send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'x'.repeat(1601) })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: Message Reason: An SMS message can be at most 1600 characters long',
  });
  const TopicArn = await topic();
  for (const value of ['12', '-1.5', '1e3', '.5', '+7']) {
    await sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { n: { DataType: 'Number', StringValue: value } } }));
  }
  for (const value of ['abc', '1.2.3', '--1', '1e']) {
    await assert.rejects(sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageAttributes: { price: { DataType: 'Number.float', StringValue: value } } })), {
      name: 'InvalidParameterValueException',
      message: "Could not cast message attribute 'price' value to number.",
    }, value);
  }
});

test('boolean attributes take AWS\'s spellings: FifoTopic "True", ContentBasedDeduplication "TRUE"', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic({ FifoTopic: 'True', ContentBasedDeduplication: 'TRUE' }, true);
  const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!;
  assert.equal(attrs.FifoTopic, 'true');
  assert.equal(attrs.ContentBasedDeduplication, 'true');
  // Content-based deduplication is on: no MessageDeduplicationId needed.
  const out = await sns.send(new PublishCommand({ TopicArn, Message: 'm', MessageGroupId: 'g' }));
  assert.ok(out.SequenceNumber);
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'ContentBasedDeduplication', AttributeValue: 'False' }));
  assert.equal((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.ContentBasedDeduplication, 'false');
  await assert.rejects(sns.send(new CreateTopicCommand({ Name: uniqueName('b'), Attributes: { FifoTopic: 'yes' } })), { name: 'InvalidParameterException', message: 'Invalid parameter: FifoTopic' });
});

test('Subscribe with protocol firehose requires SubscriptionRoleArn', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  const Endpoint = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/s';
  await assert.rejects(sns.send(new SubscribeCommand({ TopicArn, Protocol: 'firehose', Endpoint })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: Attributes Reason: SubscriptionRoleArn is required for the firehose protocol',
  });
  const out = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'firehose', Endpoint, Attributes: { SubscriptionRoleArn: 'arn:aws:iam::000000000000:role/r' } }));
  assert.match(out.SubscriptionArn!, new RegExp(`^${TopicArn}:`));
});

test('requests that break the model answer ValidationError (boto3 and SDK v3)', async () => {
  const sns = snsClient(t);
  const TopicArn = await topic();
  await assert.rejects(sns.send(new PublishCommand({ TopicArn } as never)), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, 'ValidationError');
    assert.match(e.message, /^1 validation error detected: Value null at '[mM]essage' failed to satisfy constraint: Member must not be null$/);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    return true;
  });
  const py = await pythonJson(
    `
import boto3, json
from botocore.config import Config
sns = boto3.client('sns', config=Config(parameter_validation=False))
try:
    sns.subscribe(TopicArn=${JSON.stringify(TopicArn)}, Endpoint='x')
    print(json.dumps(None))
except sns.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['Error']['Message']]))
`,
    t.env(),
  );
  assert.equal(py[0], 'ValidationError');
  assert.match(py[1], /Value null at '[pP]rotocol' failed to satisfy constraint: Member must not be null/);
});
