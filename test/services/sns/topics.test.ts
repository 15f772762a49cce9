import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddPermissionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetDataProtectionPolicyCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  PutDataProtectionPolicyCommand,
  RemovePermissionCommand,
  SetTopicAttributesCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';
import { snsClient } from './support.js';

const t = useNimbus();

async function rejects(p: Promise<unknown>, name: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('CreateTopic: standard topic attributes, defaults and counters', async () => {
  const sns = snsClient(t);
  const name = uniqueName('topic');
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'Orders', KmsMasterKeyId: 'alias/aws/sns' } }));
  assert.equal(TopicArn, `arn:aws:sns:us-east-1:000000000000:${name}`);
  const { Attributes: a } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(a!.TopicArn, TopicArn);
  assert.equal(a!.Owner, '000000000000');
  assert.equal(a!.DisplayName, 'Orders');
  assert.equal(a!.KmsMasterKeyId, 'alias/aws/sns');
  assert.equal(a!.SubscriptionsConfirmed, '0');
  assert.equal(a!.SubscriptionsPending, '0');
  assert.equal(a!.SubscriptionsDeleted, '0');
  assert.equal(a!.FifoTopic, undefined);
  const policy = JSON.parse(a!.Policy!);
  assert.equal(policy.Statement[0].Resource, TopicArn);
  assert.deepEqual(policy.Statement[0].Condition, { StringEquals: { 'AWS:SourceOwner': '000000000000' } });
  const effective = JSON.parse(a!.EffectiveDeliveryPolicy!);
  assert.deepEqual(effective.http.defaultHealthyRetryPolicy.numRetries, 3);
  assert.equal(effective.http.defaultRequestPolicy.headerContentType, 'text/plain; charset=UTF-8');
});

test('CreateTopic is idempotent for the same attributes and refuses different ones', async () => {
  const sns = snsClient(t);
  const name = uniqueName('idem');
  const first = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'a' }, Tags: [{ Key: 'k', Value: 'v' }] }));
  const again = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'a' } }));
  assert.equal(again.TopicArn, first.TopicArn);
  await rejects(
    sns.send(new CreateTopicCommand({ Name: name, Attributes: { DisplayName: 'b' } })),
    'InvalidParameterException',
    'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
  );
  await rejects(
    sns.send(new CreateTopicCommand({ Name: name, Tags: [{ Key: 'k', Value: 'other' }] })),
    'InvalidParameterException',
    'Invalid parameter: Tags Reason: Topic already exists with different tags',
  );
});

test('FIFO topics: naming rules, FIFO attributes, ContentBasedDeduplication', async () => {
  const sns = snsClient(t);
  const name = `${uniqueName('fifo')}.fifo`;
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name, Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' } }));
  const { Attributes: a } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(a!.FifoTopic, 'true');
  assert.equal(a!.ContentBasedDeduplication, 'true');
  assert.equal(a!.FifoThroughputScope, 'Topic');
  await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'ContentBasedDeduplication', AttributeValue: 'false' }));
  const after = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(after.Attributes!.ContentBasedDeduplication, 'false');

  await rejects(
    sns.send(new CreateTopicCommand({ Name: uniqueName('nofifo'), Attributes: { FifoTopic: 'true' } })),
    'InvalidParameterException',
    /^Invalid parameter: Fifo Topic names must end with \.fifo/,
  );
  await rejects(sns.send(new CreateTopicCommand({ Name: `${uniqueName('std')}.fifo` })), 'InvalidParameterException', 'Invalid parameter: Topic Name');
  await rejects(sns.send(new CreateTopicCommand({ Name: 'bad name!' })), 'InvalidParameterException', 'Invalid parameter: Topic Name');
  await rejects(
    sns.send(new CreateTopicCommand({ Name: uniqueName('std'), Attributes: { ContentBasedDeduplication: 'true' } })),
    'InvalidParameterException',
    /^Invalid parameter: ContentBasedDeduplication/,
  );
  await rejects(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'FifoTopic', AttributeValue: 'false' })), 'InvalidParameterException', 'Invalid parameter: AttributeName');
});

test('SetTopicAttributes: DisplayName, Policy, DeliveryPolicy, SignatureVersion; unknown names and bad values', async () => {
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('attrs') }));
  const deliveryPolicy = { http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 10, backoffFunction: 'exponential' } } };
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: TopicArn }] };
  for (const [AttributeName, AttributeValue] of [
    ['DisplayName', 'New name'],
    ['DeliveryPolicy', JSON.stringify(deliveryPolicy)],
    ['Policy', JSON.stringify(policy)],
    ['SignatureVersion', '2'],
    ['TracingConfig', 'Active'],
  ] as const) {
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName, AttributeValue }));
  }
  const { Attributes: a } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
  assert.equal(a!.DisplayName, 'New name');
  assert.deepEqual(JSON.parse(a!.DeliveryPolicy!), deliveryPolicy);
  assert.deepEqual(JSON.parse(a!.Policy!), policy);
  assert.equal(a!.SignatureVersion, '2');
  assert.equal(a!.TracingConfig, 'Active');
  const effective = JSON.parse(a!.EffectiveDeliveryPolicy!).http.defaultHealthyRetryPolicy;
  assert.equal(effective.numRetries, 5);
  assert.equal(effective.backoffFunction, 'exponential');
  await rejects(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Bogus', AttributeValue: 'x' })), 'InvalidParameterException', 'Invalid parameter: AttributeName');
  await rejects(sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'SignatureVersion', AttributeValue: '3' })), 'InvalidParameterException', 'Invalid parameter: SignatureVersion');
  await rejects(
    sns.send(new SetTopicAttributesCommand({ TopicArn: `${TopicArn}-missing`, AttributeName: 'DisplayName', AttributeValue: 'x' })),
    'NotFoundException',
    'Topic does not exist',
  );
});

test('unknown topics, malformed ARNs and other regions', async () => {
  const sns = snsClient(t);
  await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' })), 'NotFoundException', 'Topic does not exist');
  await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: 'nope' })), 'InvalidParameterException', 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1');
  await rejects(sns.send(new GetTopicAttributesCommand({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:x' })), 'InvalidParameterException', 'Invalid parameter: TopicArn');
  // DeleteTopic of a topic that does not exist is not an error.
  await sns.send(new DeleteTopicCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope' }));
});

test('ListTopics pages by 100 with NextToken, across deletions; regions are separate', async () => {
  const region = 'ap-southeast-2';
  const sns = snsClient(t, region);
  const prefix = uniqueName('page');
  const created: string[] = [];
  for (let i = 0; i < 230; i++) created.push((await sns.send(new CreateTopicCommand({ Name: `${prefix}-${i}` }))).TopicArn!);
  const first = await sns.send(new ListTopicsCommand({}));
  assert.equal(first.Topics!.length, 100);
  assert.ok(first.NextToken);
  // A topic deleted between pages does not disturb the next page.
  await sns.send(new DeleteTopicCommand({ TopicArn: created[150] }));
  const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
  assert.equal(second.Topics!.length, 100);
  const third = await sns.send(new ListTopicsCommand({ NextToken: second.NextToken }));
  assert.equal(third.Topics!.length, 29);
  assert.equal(third.NextToken, undefined);
  const all = [...first.Topics!, ...second.Topics!, ...third.Topics!].map((x) => x.TopicArn);
  assert.deepEqual(all, created.filter((_, i) => i !== 150));
  const elsewhere = await snsClient(t, 'eu-north-1').send(new ListTopicsCommand({}));
  assert.ok(!elsewhere.Topics?.some((x) => x.TopicArn!.startsWith(`arn:aws:sns:${region}`)));
  await assert.rejects(sns.send(new ListTopicsCommand({ NextToken: 'garbage' })), { name: 'InvalidParameterException' });
});

test('tags: TagResource / UntagResource / ListTagsForResource with limits and errors', async () => {
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('tags'), Tags: [{ Key: 'team', Value: 'a' }] }));
  await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'b' }] }));
  let tags = (await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags!;
  assert.deepEqual(tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
  await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team', 'absent'] }));
  tags = (await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }))).Tags!;
  assert.deepEqual(tags, [{ Key: 'env', Value: 'dev' }]);
  await rejects(
    sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'x', Value: '1' }, { Key: 'x', Value: '2' }] })),
    'InvalidParameterException',
    'Invalid parameter: Duplicated keys are not allowed.',
  );
  const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
  await rejects(sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: many })), 'TagLimitExceededException', 'Could not complete request: tag quota of per resource exceeded');
  await rejects(
    sns.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:sns:us-east-1:000000000000:missing' })),
    'ResourceNotFoundException',
    'Resource does not exist',
  );
  // boto3 and the CLI read the same tags.
  const py = await pythonJson(`import boto3, json; print(json.dumps(boto3.client('sns').list_tags_for_resource(ResourceArn='${TopicArn}')['Tags']))`, t.env());
  assert.deepEqual(py, [{ Key: 'env', Value: 'dev' }]);
  const cli = await awsJson(['sns', 'list-tags-for-resource', '--resource-arn', TopicArn!], t.env());
  assert.deepEqual(cli.Tags, [{ Key: 'env', Value: 'dev' }]);
});

test('AddPermission / RemovePermission are reflected in the Policy attribute', async () => {
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('perm') }));
  await sns.send(new AddPermissionCommand({ TopicArn, Label: 'cross', AWSAccountId: ['111122223333'], ActionName: ['Publish'] }));
  let policy = JSON.parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
  assert.deepEqual(policy.Statement[1], { Sid: 'cross', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'SNS:Publish', Resource: TopicArn });
  await rejects(
    sns.send(new AddPermissionCommand({ TopicArn, Label: 'cross', AWSAccountId: ['111122223333'], ActionName: ['Publish'] })),
    'InvalidParameterException',
    'Invalid parameter: Statement already exists',
  );
  await sns.send(new RemovePermissionCommand({ TopicArn, Label: 'cross' }));
  policy = JSON.parse((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.Policy!);
  assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ['__default_statement_ID']);
});

test('data protection policy round-trips', async () => {
  const sns = snsClient(t);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('dpp') }));
  assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, undefined);
  const doc = JSON.stringify({ Name: 'p', Version: '2021-06-01', Statement: [] });
  await sns.send(new PutDataProtectionPolicyCommand({ ResourceArn: TopicArn, DataProtectionPolicy: doc }));
  assert.equal((await sns.send(new GetDataProtectionPolicyCommand({ ResourceArn: TopicArn }))).DataProtectionPolicy, doc);
});

test('boto3 and the AWS CLI: create, attributes, list, delete', async () => {
  const name = uniqueName('py');
  const out = await pythonJson(
    `import boto3, json
sns = boto3.client('sns')
arn = sns.create_topic(Name='${name}', Attributes={'DisplayName': 'Py'})['TopicArn']
attrs = sns.get_topic_attributes(TopicArn=arn)['Attributes']
try:
    sns.get_topic_attributes(TopicArn=arn + 'x')
    err = None
except sns.exceptions.NotFoundException as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'arn': arn, 'display': attrs['DisplayName'], 'err': err}))`,
    t.env(),
  );
  assert.equal(out.arn, `arn:aws:sns:us-east-1:000000000000:${name}`);
  assert.equal(out.display, 'Py');
  assert.deepEqual(out.err, ['NotFound', 'Topic does not exist', 404]);
  const listed = await awsJson(['sns', 'list-topics'], t.env());
  assert.ok(listed.Topics.some((x: { TopicArn: string }) => x.TopicArn === out.arn));
  await awsJson(['sns', 'delete-topic', '--topic-arn', out.arn], t.env());
  const attrs = await awsJson(['sns', 'get-topic-attributes', '--topic-arn', out.arn], t.env()).catch((e: Error) => e.message);
  assert.match(String(attrs), /NotFound/);
});
