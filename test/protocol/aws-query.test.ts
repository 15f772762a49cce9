// awsQuery codec against the real JS v3 clients: requests built by the SDK's own serializer decode
// back to the same input, our responses and errors parse back to the expected values and error
// names, and malformed forms fail with an AwsError.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  type CreateStackCommandInput,
} from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  PutMetricDataCommand,
  errorTypeRegistries as cloudWatchErrors,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand, GetRoleCommand, IAMClient, type CreateRoleCommandInput } from '@aws-sdk/client-iam';
import {
  PublishBatchCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SNSClient,
  type PublishBatchCommandInput,
} from '@aws-sdk/client-sns';
import {
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  errorTypeRegistries as sqsErrors,
  type SendMessageBatchCommandInput,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { Output } from '../../src/protocol/codec.js';
import { awsQuery } from '../../src/protocol/codecs/aws-query.js';
import { AwsError, notImplemented } from '../../src/protocol/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';
import { answering, awsError, captureRequest, loadTestModel, op, sdkError, type ClientConfig } from './sdk-capture.js';

const ec = { requestId: 'req-1234' };

/** Our response or error for `id`.`opName` (no operation: an error outside any). */
const encode = (output: Output, id: string, opName: string): HttpResponse => awsQuery.encode(output, loadTestModel(id), op(id, opName), ec);
const encodeError = (error: AwsError, id: string, opName?: string): HttpResponse =>
  awsQuery.encodeError(error, loadTestModel(id), opName === undefined ? undefined : op(id, opName), ec);

/** Send a call through a client, decode the captured request with our codec, return the input. */
async function decodeSent(id: string, opName: string, send: (config: ClientConfig) => Promise<unknown>): Promise<Record<string, unknown>> {
  const req = await captureRequest(send, encode({}, id, opName));
  assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(req.body.toString('utf8'));
  assert.equal(form.get('Action'), opName);
  return awsQuery.decode(req, loadTestModel(id), op(id, opName), { form });
}

// SQS and CloudWatch clients speak JSON by default; these switch them to their query protocol.
const sqsClient = (config: ClientConfig) =>
  new SQSClient({
    ...config,
    protocol: AwsQueryProtocol,
    protocolSettings: {
      defaultNamespace: 'com.amazonaws.sqs',
      errorTypeRegistries: sqsErrors,
      xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
      version: '2012-11-05',
    },
  });
const cloudWatchClient = (config: ClientConfig) =>
  new CloudWatchClient({
    ...config,
    protocol: AwsQueryProtocol,
    protocolSettings: {
      defaultNamespace: 'com.amazonaws.cloudwatch',
      errorTypeRegistries: cloudWatchErrors,
      xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
      version: '2010-08-01',
    },
  });

// ------------------------------------------------------------------------------------------------
// Requests built by the SDK decode to the same input

test('SQS SendMessageBatch (query): flattened lists and maps with xmlNames, blobs, integers', async () => {
  const input: SendMessageBatchCommandInput = {
    QueueUrl: 'http://localhost:4566/000000000000/q',
    Entries: [
      {
        Id: 'a',
        MessageBody: 'line1\r\nline2 & <tag> "quoted" ünïcødé',
        DelaySeconds: 5,
        MessageAttributes: {
          color: { DataType: 'String', StringValue: 'blue' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 2, 254, 255]) },
          count: { DataType: 'Number', StringValue: '42' },
        },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      },
      { Id: 'b', MessageBody: 'second' },
    ],
  };
  const decoded = await decodeSent('sqs', 'SendMessageBatch', (c) => sqsClient(c).send(new SendMessageBatchCommand(input)));
  assert.deepEqual(decoded, input);
});

test('SNS PublishBatch and Publish: wrapped lists, entry maps with structure values', async () => {
  const input: PublishBatchCommandInput = {
    TopicArn: 'arn:aws:sns:us-east-1:000000000000:topic',
    PublishBatchRequestEntries: [
      {
        Id: '1',
        Message: 'hello',
        Subject: 'subject',
        MessageAttributes: {
          attr: { DataType: 'String', StringValue: 'v' },
          bin: { DataType: 'Binary', BinaryValue: Buffer.from('binary\0data') },
          __proto__x: { DataType: 'Number', StringValue: '1.5' },
        },
        MessageGroupId: 'g',
      },
      { Id: '2', Message: '{"default":"x"}', MessageStructure: 'json' },
    ],
  };
  assert.deepEqual(await decodeSent('sns', 'PublishBatch', (c) => new SNSClient(c).send(new PublishBatchCommand(input))), input);
  const publish = { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'm', MessageAttributes: { a: { DataType: 'String', StringValue: '' } } };
  assert.deepEqual(await decodeSent('sns', 'Publish', (c) => new SNSClient(c).send(new PublishCommand(publish))), publish);
  const attrs = { SubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:t:1', AttributeName: 'RawMessageDelivery', AttributeValue: 'true' };
  assert.deepEqual(
    await decodeSent('sns', 'SetSubscriptionAttributes', (c) => new SNSClient(c).send(new SetSubscriptionAttributesCommand(attrs))),
    attrs,
  );
});

test('CloudWatch PutMetricData (query): timestamps, doubles, nested lists, booleans', async () => {
  const input: PutMetricDataCommandInput = {
    Namespace: 'App/Test',
    MetricData: [
      {
        MetricName: 'Latency',
        Dimensions: [
          { Name: 'Service', Value: 'api' },
          { Name: 'Region', Value: 'eu-west-1' },
        ],
        Timestamp: new Date('2026-11-27T10:00:00Z'),
        Value: 1.5,
        Unit: 'Milliseconds',
        StorageResolution: 1,
      },
      {
        MetricName: 'Histogram',
        Timestamp: new Date('2026-11-27T10:00:01.250Z'),
        Values: [1, 2.5, 3, -0.125, 1e21],
        Counts: [10, 20, 30, 1, 2],
        StatisticValues: { SampleCount: 3, Sum: 6.5, Minimum: 1, Maximum: 3 },
      },
    ],
    StrictEntityValidation: true,
  };
  const decoded = await decodeSent('cloudwatch', 'PutMetricData', (c) => cloudWatchClient(c).send(new PutMetricDataCommand(input)));
  assert.deepEqual(decoded, input);
});

test('IAM CreateRole, STS AssumeRole, CloudFormation CreateStack (with an explicit empty list)', async () => {
  const role: CreateRoleCommandInput = {
    RoleName: 'r',
    Path: '/service/',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    Description: 'a role',
    MaxSessionDuration: 7200,
    PermissionsBoundary: 'arn:aws:iam::000000000000:policy/b',
    Tags: [
      { Key: 'team', Value: 'core' },
      { Key: 'env', Value: '' },
    ],
  };
  assert.deepEqual(await decodeSent('iam', 'CreateRole', (c) => new IAMClient(c).send(new CreateRoleCommand(role))), role);

  const assume: AssumeRoleCommandInput = {
    RoleArn: 'arn:aws:iam::000000000000:role/r',
    RoleSessionName: 's',
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: 'arn:aws:iam::000000000000:policy/p' }],
    DurationSeconds: 900,
    Tags: [{ Key: 'k', Value: 'v' }],
    TransitiveTagKeys: ['k'],
    ProvidedContexts: [{ ProviderArn: 'arn:aws:iam::aws:contextProvider/IdentityCenter', ContextAssertion: 'abc' }],
  };
  assert.deepEqual(await decodeSent('sts', 'AssumeRole', (c) => new STSClient(c).send(new AssumeRoleCommand(assume))), assume);

  const stack: CreateStackCommandInput = {
    StackName: 'st',
    TemplateBody: '{"Resources":{}}',
    Parameters: [
      { ParameterKey: 'A', ParameterValue: '1' },
      { ParameterKey: 'B', UsePreviousValue: true },
    ],
    Tags: [{ Key: 'k', Value: 'v' }],
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
    NotificationARNs: [],
    TimeoutInMinutes: 5,
    DisableRollback: false,
  };
  const decoded = await decodeSent('cloudformation', 'CreateStack', (c) => new CloudFormationClient(c).send(new CreateStackCommand(stack)));
  assert.deepEqual(decoded, stack);
});

// ------------------------------------------------------------------------------------------------
// Our responses parse back to the values (a response without its Result wrapper would parse as {})

test('STS GetCallerIdentity: Result wrapper, undeclared members dropped, values coerced', async () => {
  const output = { UserId: 'AKIDEXAMPLE', Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', NotInModel: 'x' };
  const res = encode(output, 'sts', 'GetCallerIdentity');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/xml');
  assert.ok(String(res.body).includes('<GetCallerIdentityResult>'));
  assert.ok(!String(res.body).includes('NotInModel'));
  const client = new STSClient(answering(res));
  const got = await client.send(new GetCallerIdentityCommand({}));
  assert.equal(got.Account, '000000000000');
  assert.equal(got.Arn, output.Arn);
  assert.equal(got.UserId, output.UserId);
  assert.equal(got.$metadata.requestId, 'req-1234');
});

test('CloudWatch GetMetricStatistics (query): datapoints with timestamps, doubles and a map', async () => {
  const t = new Date('2026-11-27T10:05:00.000Z');
  const output = {
    Label: 'Latency',
    Datapoints: [
      { Timestamp: t, SampleCount: 3, Average: 2, Sum: '6', Minimum: 1.5, Maximum: 3, Unit: 'Milliseconds', ExtendedStatistics: { p99: 2.75, 'p99.9': 3 } },
      { Timestamp: t.getTime() / 1000 + 60, Sum: 0.1 },
    ],
  };
  const res = encode(output, 'cloudwatch', 'GetMetricStatistics');
  const client = cloudWatchClient(answering(res));
  const got = await client.send(new GetMetricStatisticsCommand({ Namespace: 'n', MetricName: 'm', StartTime: t, EndTime: t, Period: 60 }));
  assert.equal(got.Label, 'Latency');
  assert.deepEqual(got.Datapoints, [
    { Timestamp: t, SampleCount: 3, Average: 2, Sum: 6, Minimum: 1.5, Maximum: 3, Unit: 'Milliseconds', ExtendedStatistics: { p99: 2.75, 'p99.9': 3 } },
    { Timestamp: new Date(t.getTime() + 60000), Sum: 0.1 },
  ]);
});

test('SQS ListQueues and ReceiveMessage (query): flattened lists/maps, CR and markup in bodies', async () => {
  const urls = ['http://localhost:4566/000000000000/a', 'http://localhost:4566/000000000000/b&c'];
  let res = encode({ QueueUrls: urls, NextToken: 'n' }, 'sqs', 'ListQueues');
  let client = sqsClient(answering(res));
  const listed = await client.send(new ListQueuesCommand({}));
  assert.deepEqual(listed.QueueUrls, urls);
  assert.equal(listed.NextToken, 'n');

  const body = 'a\r\nb\rc & <d> ]]> \u0001 ok';
  const md5 = createHash('md5').update(body, 'utf8').digest('hex');
  const message = { MessageId: 'm1', ReceiptHandle: 'rh', MD5OfBody: md5, Body: body, Attributes: { SentTimestamp: '1795773600000', ApproximateReceiveCount: '1' } };
  res = encode({ Messages: [message] }, 'sqs', 'ReceiveMessage');
  assert.ok(String(res.body).includes('&#xD;'), 'CR is written as a character reference');
  client = sqsClient(answering(res));
  const received = await client.send(new ReceiveMessageCommand({ QueueUrl: urls[0], MessageSystemAttributeNames: ['All'] }));
  assert.deepEqual(received.Messages, [message]);
});

test('IAM GetRole and CloudFormation DescribeStacks: nested structures, dates, empty wrapped lists', async () => {
  const created = new Date('2026-01-02T03:04:05.000Z');
  const role = {
    Path: '/',
    RoleName: 'r',
    RoleId: 'AROAEXAMPLE',
    Arn: 'arn:aws:iam::000000000000:role/r',
    CreateDate: created,
    AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D',
    MaxSessionDuration: 3600,
    Tags: [{ Key: 'a', Value: 'b' }],
    RoleLastUsed: { LastUsedDate: created, Region: 'us-east-1' },
  };
  let res = encode({ Role: role }, 'iam', 'GetRole');
  const got = await new IAMClient(answering(res)).send(new GetRoleCommand({ RoleName: 'r' }));
  assert.deepEqual(got.Role, role);

  const stack = {
    StackName: 'st',
    StackId: 'arn:aws:cloudformation:us-east-1:000000000000:stack/st/1',
    CreationTime: created,
    StackStatus: 'CREATE_COMPLETE',
    Parameters: [{ ParameterKey: 'A', ParameterValue: '1' }],
    Outputs: [{ OutputKey: 'O', OutputValue: 'v', Description: 'd' }],
    Capabilities: [],
    Tags: [],
    DisableRollback: false,
    EnableTerminationProtection: true,
  };
  res = encode({ Stacks: [stack] }, 'cloudformation', 'DescribeStacks');
  assert.ok(String(res.body).includes('<Capabilities/>'));
  const described = await new CloudFormationClient(answering(res)).send(new DescribeStacksCommand({}));
  assert.deepEqual(described.Stacks, [stack]);
});

// ------------------------------------------------------------------------------------------------
// Errors

test('errors render so the SDK throws the right name, message and status', async () => {
  // SQS query: the legacy code AWS.SimpleQueueService.NonExistentQueue maps back to QueueDoesNotExist.
  let res = encodeError(new AwsError('QueueDoesNotExist', 'The specified queue does not exist.'), 'sqs', 'SendMessage');
  assert.equal(res.status, 400);
  assert.ok(String(res.body).includes('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>'));
  await sdkError(sqsClient(answering(res)).send(new SendMessageCommand({ QueueUrl: 'http://localhost:4566/000000000000/q', MessageBody: 'x' })), {
    name: 'QueueDoesNotExist',
    message: 'The specified queue does not exist.',
    status: 400,
    fault: 'client',
  });

  // SNS: a modeled error whose query code differs from its shape name.
  res = encodeError(new AwsError('NotFoundException', 'Topic does not exist'), 'sns', 'Publish');
  assert.equal(res.status, 404);
  await sdkError(new SNSClient(answering(res)).send(new PublishCommand({ TopicArn: 'arn:x', Message: 'm' })), {
    name: 'NotFoundException',
    message: 'Topic does not exist',
    status: 404,
  });

  // STS: an error the model does not declare keeps its code and status.
  res = encodeError(new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', { status: 403 }), 'sts');
  await sdkError(new STSClient(answering(res)).send(new GetCallerIdentityCommand({})), { name: 'InvalidClientTokenId', status: 403 });

  // A server fault renders <Type>Receiver</Type> with the model's status.
  res = encodeError(new AwsError('InternalServiceFault', 'boom & <bust>'), 'cloudwatch', 'PutMetricData');
  assert.ok(String(res.body).includes('<Type>Receiver</Type>'));
  assert.equal(res.status, 500);
  await sdkError(cloudWatchClient(answering(res)).send(new PutMetricDataCommand({ Namespace: 'n', MetricData: [] })), {
    name: 'InternalServiceFault',
    message: 'boom & <bust>',
    fault: 'server',
  });

  res = encodeError(notImplemented('IAM', 'CreateRole'), 'iam', 'CreateRole');
  assert.equal(res.status, 501);
  assert.ok(String(res.body).includes('<Code>NotImplemented</Code>'));
  assert.equal(res.headers['x-amzn-requestid'], 'req-1234');
});

// ------------------------------------------------------------------------------------------------
// Forms the SDK never sends

function decodeForm(id: string, opName: string, form: string, method = 'POST'): Record<string, unknown> {
  const req: HttpRequest = { method, path: '/', rawQuery: method === 'GET' ? form : '', headers: {}, body: Buffer.from(method === 'GET' ? '' : form) };
  return awsQuery.decode(req, loadTestModel(id), op(id, opName), {});
}

test('values that do not convert are a ValidationError naming the member', () => {
  for (const [id, opName, form, fragment] of [
    ['sqs', 'SendMessage', 'Action=SendMessage&QueueUrl=q&MessageBody=b&DelaySeconds=abc', "Value 'abc' at 'delaySeconds'"],
    ['cloudformation', 'CreateStack', 'StackName=s&DisableRollback=yes', "'disableRollback'"],
    ['cloudwatch', 'PutMetricData', 'Namespace=n&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1.2.3', "'metricData.member.1.value'"],
    ['cloudwatch', 'PutMetricData', 'Namespace=n&MetricData.member.1.MetricName=m&MetricData.member.1.Timestamp=yesterday', 'timestamp'],
  ] as const) {
    assert.throws(() => decodeForm(id, opName, form), awsError('ValidationError', 400, fragment), form);
  }
});

test('index order, gaps, unknown keys, GET forms and hostile map keys', () => {
  // Out-of-order and sparse indexes keep their numeric order; unknown or ill-formed keys are ignored.
  const decoded = decodeForm(
    'cloudformation',
    'CreateStack',
    'Action=CreateStack&Version=2010-05-15&StackName=s&Capabilities.member.10=C&Capabilities.member.2=B&Capabilities.member.1=A' +
      '&Capabilities.member.x=bad&Capabilities.1=wrong&Unknown=1&StackName.sub=2&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.1.Extra=e',
  );
  assert.deepEqual(decoded, { StackName: 's', Capabilities: ['A', 'B', 'C'], Tags: [{ Key: 'k', Value: 'v' }] });

  // GET with the form in the query string (the router normally passes dc.form).
  assert.deepEqual(decodeForm('sts', 'GetSessionToken', 'Action=GetSessionToken&DurationSeconds=900', 'GET'), { DurationSeconds: 900 });

  // A map key named __proto__ stays an own property, never the prototype.
  const pub = decodeForm('sns', 'Publish', 'TopicArn=t&Message=m&MessageAttributes.entry.1.Name=__proto__&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=x');
  const attrs = pub.MessageAttributes as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(attrs), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(attrs, '__proto__')?.value, { DataType: 'String', StringValue: 'x' });

  // An operation without input decodes to {}.
  assert.deepEqual(decodeForm('sts', 'GetCallerIdentity', 'Action=GetCallerIdentity&Foo=1'), {});
});
