// Seeds for the protocol fuzz test (fuzz.test.ts): model-valid requests of every service and every
// protocol, serialized by the real SDK v3 clients (captured, never sent), a few operations per
// service — implemented ones and ones that answer 501 — plus SQS over both of its protocols and
// CloudWatch over JSON, query and CBOR.
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, PutMethodCommand } from '@aws-sdk/client-api-gateway';
import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  errorTypeRegistries as cloudWatchErrors,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { CreateCacheClusterCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, InvokeCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateBucketCommand, DeleteObjectsCommand, ListBucketsCommand, PutBucketTaggingCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  AddPermissionCommand as SnsAddPermissionCommand,
  CreateTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  errorTypeRegistries as sqsErrors,
} from '@aws-sdk/client-sqs';
import { GetParameterCommand, ListNodesSummaryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import type { ProtocolName } from '../../src/models/types.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { captureRequest, type ClientConfig } from '../protocol/sdk-capture.js';

export interface Seed {
  /** e.g. "sqs/awsQuery/SendMessage" */
  name: string;
  protocol: ProtocolName;
  /** The operation the seed names (mutations of the operation name replace it). */
  operation: string;
  req: HttpRequest;
}

/** Resources the seeds refer to, created before the run so handlers get past their lookups. */
export interface SeedResources {
  queueUrl: string;
  queueArn: string;
  topicArn: string;
  bucket: string;
}

type Send = (config: ClientConfig) => Promise<unknown>;

async function seed(protocol: ProtocolName, service: string, operation: string, send: Send): Promise<Seed> {
  // The capture answers `{}`; whether the client likes that reply does not matter here.
  const req = await captureRequest((c) => send(c).catch(() => undefined));
  delete req.headers.host; // the fuzz sends to the running Nimbus
  return { name: `${service}/${protocol}/${operation}`, protocol, operation, req };
}

const sqsQuery = (c: ClientConfig) =>
  new SQSClient({
    ...c,
    protocol: AwsQueryProtocol,
    protocolSettings: {
      defaultNamespace: 'com.amazonaws.sqs',
      errorTypeRegistries: sqsErrors,
      xmlNamespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
      version: '2012-11-05',
    },
  });
const cloudWatchQuery = (c: ClientConfig) =>
  new CloudWatchClient({
    ...c,
    protocol: AwsQueryProtocol,
    protocolSettings: {
      defaultNamespace: 'com.amazonaws.cloudwatch',
      errorTypeRegistries: cloudWatchErrors,
      xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
      version: '2010-08-01',
    },
  });
const cloudWatchCbor = (c: ClientConfig) => new CloudWatchClient({ ...c, protocol: AwsSmithyRpcV2CborProtocol });

export async function buildSeeds(r: SeedResources): Promise<Seed[]> {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: r.queueArn }],
  });
  const redrive = JSON.stringify({ deadLetterTargetArn: r.queueArn, maxReceiveCount: 3 });
  const attrs = { S: { DataType: 'String', StringValue: 'v' }, N: { DataType: 'Number', StringValue: '1' } };
  const entries = [
    { Id: 'a', MessageBody: 'one', DelaySeconds: 0, MessageAttributes: attrs },
    { Id: 'b', MessageBody: 'two' },
  ];
  const handles = [
    { Id: 'a', ReceiptHandle: 'rh-a' },
    { Id: 'b', ReceiptHandle: 'rh-b' },
  ];
  const sqsSeeds = (protocol: ProtocolName, client: (c: ClientConfig) => SQSClient) => [
    seed(protocol, 'sqs', 'CreateQueue', (c) =>
      client(c).send(new CreateQueueCommand({ QueueName: 'fuzz-created', Attributes: { VisibilityTimeout: '30', Policy: policy }, tags: { team: 'fuzz' } })),
    ),
    seed(protocol, 'sqs', 'SetQueueAttributes', (c) =>
      client(c).send(new SetQueueAttributesCommand({ QueueUrl: r.queueUrl, Attributes: { Policy: policy, RedrivePolicy: redrive, DelaySeconds: '0' } })),
    ),
    seed(protocol, 'sqs', 'GetQueueAttributes', (c) =>
      client(c).send(new GetQueueAttributesCommand({ QueueUrl: r.queueUrl, AttributeNames: ['All', 'Policy'] })),
    ),
    seed(protocol, 'sqs', 'SendMessage', (c) =>
      client(c).send(new SendMessageCommand({ QueueUrl: r.queueUrl, MessageBody: 'hello', MessageAttributes: attrs })),
    ),
    seed(protocol, 'sqs', 'SendMessageBatch', (c) => client(c).send(new SendMessageBatchCommand({ QueueUrl: r.queueUrl, Entries: entries }))),
    seed(protocol, 'sqs', 'DeleteMessageBatch', (c) => client(c).send(new DeleteMessageBatchCommand({ QueueUrl: r.queueUrl, Entries: handles }))),
    seed(protocol, 'sqs', 'ChangeMessageVisibilityBatch', (c) =>
      client(c).send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: r.queueUrl, Entries: handles.map((h) => ({ ...h, VisibilityTimeout: 5 })) })),
    ),
    seed(protocol, 'sqs', 'TagQueue', (c) => client(c).send(new TagQueueCommand({ QueueUrl: r.queueUrl, Tags: { a: '1', b: '2' } }))),
  ];
  const metricData = [
    {
      MetricName: 'Latency',
      Dimensions: [{ Name: 'Stage', Value: 'prod' }],
      Values: [1, 2.5, 3],
      Counts: [1, 2, 1],
      Timestamp: new Date('2026-11-27T10:00:00Z'),
      Unit: 'Milliseconds' as const,
    },
    { MetricName: 'Count', Value: 4, StatisticValues: { SampleCount: 2, Sum: 4, Minimum: 1, Maximum: 3 } },
  ];
  const stats = {
    Namespace: 'Fuzz',
    MetricName: 'Latency',
    StartTime: new Date('2026-11-27T09:00:00Z'),
    EndTime: new Date('2026-11-27T11:00:00Z'),
    Period: 60,
    Statistics: ['Average' as const, 'Maximum' as const],
    Dimensions: [{ Name: 'Stage', Value: 'prod' }],
  };
  const cloudWatchSeeds = (protocol: ProtocolName, client: (c: ClientConfig) => CloudWatchClient) => [
    seed(protocol, 'cloudwatch', 'PutMetricData', (c) => client(c).send(new PutMetricDataCommand({ Namespace: 'Fuzz', MetricData: metricData }))),
    seed(protocol, 'cloudwatch', 'GetMetricStatistics', (c) => client(c).send(new GetMetricStatisticsCommand(stats))),
    seed(protocol, 'cloudwatch', 'ListMetrics', (c) =>
      client(c).send(new ListMetricsCommand({ Namespace: 'Fuzz', Dimensions: [{ Name: 'Stage', Value: 'prod' }] })),
    ),
    seed(protocol, 'cloudwatch', 'PutMetricAlarm', (c) =>
      client(c).send(
        new PutMetricAlarmCommand({
          AlarmName: 'a',
          EvaluationPeriods: 1,
          ComparisonOperator: 'GreaterThanThreshold',
          MetricName: 'Latency',
          Namespace: 'Fuzz',
          Period: 60,
          Statistic: 'Average',
          Threshold: 1,
        }),
      ),
    ),
  ];
  const topicPolicy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: r.topicArn }] });
  const sns = (c: ClientConfig) => new SNSClient(c);
  const s3 = (c: ClientConfig) => new S3Client({ ...c, forcePathStyle: true });

  return Promise.all([
    ...sqsSeeds('awsJson1_0', (c) => new SQSClient(c)),
    ...sqsSeeds('awsQuery', sqsQuery),
    ...cloudWatchSeeds('awsJson1_0', (c) => new CloudWatchClient(c)),
    ...cloudWatchSeeds('awsQuery', cloudWatchQuery),
    ...cloudWatchSeeds('rpcv2Cbor', cloudWatchCbor),
    seed('awsQuery', 'sns', 'CreateTopic', (c) =>
      sns(c).send(new CreateTopicCommand({ Name: 'fuzz-created', Attributes: { Policy: topicPolicy, DisplayName: 'x' }, Tags: [{ Key: 'k', Value: 'v' }] })),
    ),
    seed('awsQuery', 'sns', 'SetTopicAttributes', (c) =>
      sns(c).send(new SetTopicAttributesCommand({ TopicArn: r.topicArn, AttributeName: 'Policy', AttributeValue: topicPolicy })),
    ),
    seed('awsQuery', 'sns', 'SetTopicAttributes', (c) =>
      sns(c).send(
        new SetTopicAttributesCommand({
          TopicArn: r.topicArn,
          AttributeName: 'DeliveryPolicy',
          AttributeValue: JSON.stringify({ http: { defaultHealthyRetryPolicy: { numRetries: 3 } } }),
        }),
      ),
    ),
    seed('awsQuery', 'sns', 'Subscribe', (c) =>
      sns(c).send(
        new SubscribeCommand({
          TopicArn: r.topicArn,
          Protocol: 'sqs',
          Endpoint: r.queueArn,
          Attributes: { FilterPolicy: JSON.stringify({ color: ['red', { prefix: 'bl' }], size: [{ numeric: ['>', 1] }] }), RawMessageDelivery: 'true' },
        }),
      ),
    ),
    seed('awsQuery', 'sns', 'Publish', (c) =>
      sns(c).send(
        new PublishCommand({
          TopicArn: r.topicArn,
          Message: 'hello',
          MessageAttributes: { color: { DataType: 'String', StringValue: 'red' }, n: { DataType: 'Number', StringValue: '2' } },
        }),
      ),
    ),
    seed('awsQuery', 'sns', 'PublishBatch', (c) =>
      sns(c).send(
        new PublishBatchCommand({
          TopicArn: r.topicArn,
          PublishBatchRequestEntries: [
            { Id: '1', Message: 'a', MessageAttributes: { color: { DataType: 'String', StringValue: 'red' } } },
            { Id: '2', Message: 'b' },
          ],
        }),
      ),
    ),
    seed('awsQuery', 'sns', 'AddPermission', (c) =>
      sns(c).send(new SnsAddPermissionCommand({ TopicArn: r.topicArn, Label: 'l', AWSAccountId: ['111122223333'], ActionName: ['Publish'] })),
    ),
    seed('awsQuery', 'sts', 'GetCallerIdentity', (c) => new STSClient(c).send(new GetCallerIdentityCommand({}))),
    seed('awsQuery', 'sts', 'AssumeRole', (c) =>
      new STSClient(c).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: 's', Tags: [{ Key: 'k', Value: 'v' }] })),
    ),
    seed('awsQuery', 'iam', 'CreateRole', (c) =>
      new IAMClient(c).send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: topicPolicy, Tags: [{ Key: 'k', Value: 'v' }] })),
    ),
    seed('awsQuery', 'iam', 'PutRolePolicy', (c) =>
      new IAMClient(c).send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: topicPolicy })),
    ),
    seed('awsQuery', 'cloudformation', 'CreateStack', (c) =>
      new CloudFormationClient(c).send(
        new CreateStackCommand({ StackName: 's', TemplateBody: '{}', Parameters: [{ ParameterKey: 'k', ParameterValue: 'v' }], Capabilities: ['CAPABILITY_IAM'] }),
      ),
    ),
    seed('awsQuery', 'elasticache', 'CreateCacheCluster', (c) =>
      new ElastiCacheClient(c).send(new CreateCacheClusterCommand({ CacheClusterId: 'c', Engine: 'redis', NumCacheNodes: 1, SecurityGroupIds: ['sg-1'] })),
    ),
    seed('awsQuery', 'rds', 'CreateDBInstance', (c) =>
      new RDSClient(c).send(
        new CreateDBInstanceCommand({ DBInstanceIdentifier: 'd', DBInstanceClass: 'db.t3.micro', Engine: 'postgres', VpcSecurityGroupIds: ['sg-1'] }),
      ),
    ),
    seed('ec2Query', 'ec2', 'DescribeRegions', (c) =>
      new EC2Client(c).send(new DescribeRegionsCommand({ RegionNames: ['us-east-1'], Filters: [{ Name: 'endpoint', Values: ['*amazonaws*'] }] })),
    ),
    seed('ec2Query', 'ec2', 'DescribeAvailabilityZones', (c) =>
      new EC2Client(c).send(new DescribeAvailabilityZonesCommand({ AllAvailabilityZones: true, Filters: [{ Name: 'zone-name', Values: ['us-east-1a'] }] })),
    ),
    seed('ec2Query', 'ec2', 'RunInstances', (c) =>
      new EC2Client(c).send(
        new RunInstancesCommand({
          ImageId: 'ami-1',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'k', Value: 'v' }] }],
        }),
      ),
    ),
    seed('awsJson1_1', 'ssm', 'ListNodesSummary', (c) =>
      new SSMClient(c).send(
        new ListNodesSummaryCommand({
          Aggregators: [{ AggregatorType: 'Count', TypeName: 'Instance', AttributeName: 'AgentVersion', Aggregators: [{ AggregatorType: 'Count', TypeName: 'Instance', AttributeName: 'PlatformName' }] }],
        }),
      ),
    ),
    seed('awsJson1_1', 'ssm', 'PutParameter', (c) =>
      new SSMClient(c).send(new PutParameterCommand({ Name: '/fuzz/p', Value: 'v', Type: 'String', Tags: [{ Key: 'k', Value: 'v' }] })),
    ),
    seed('awsJson1_1', 'ssm', 'GetParameter', (c) => new SSMClient(c).send(new GetParameterCommand({ Name: '/fuzz/p', WithDecryption: true }))),
    seed('awsJson1_1', 'kms', 'Encrypt', (c) =>
      new KMSClient(c).send(new EncryptCommand({ KeyId: 'alias/k', Plaintext: Buffer.from('secret'), EncryptionContext: { a: 'b' } })),
    ),
    seed('awsJson1_1', 'logs', 'PutLogEvents', (c) =>
      new CloudWatchLogsClient(c).send(
        new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: 1_800_000_000_000, message: 'm' }] }),
      ),
    ),
    seed('awsJson1_1', 'ecs', 'RunTask', (c) =>
      new ECSClient(c).send(
        new RunTaskCommand({
          taskDefinition: 't',
          overrides: { containerOverrides: [{ name: 'c', environment: [{ name: 'A', value: 'b' }] }] },
        }),
      ),
    ),
    seed('awsJson1_1', 'codebuild', 'StartBuild', (c) =>
      new CodeBuildClient(c).send(new StartBuildCommand({ projectName: 'p', environmentVariablesOverride: [{ name: 'A', value: 'b' }] })),
    ),
    seed('awsJson1_0', 'dynamodb', 'PutItem', (c) =>
      new DynamoDBClient(c).send(
        new PutItemCommand({ TableName: 't', Item: { pk: { S: 'a' }, l: { L: [{ N: '1' }, { M: { x: { BOOL: true } } }] } } }),
      ),
    ),
    seed('awsJson1_0', 'dynamodb', 'Query', (c) =>
      new DynamoDBClient(c).send(
        new QueryCommand({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } }),
      ),
    ),
    seed('awsJson1_0', 'stepfunctions', 'StartExecution', (c) =>
      new SFNClient(c).send(new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m', input: '{}' })),
    ),
    seed('restJson1', 'lambda', 'ListFunctions', (c) => new LambdaClient(c).send(new ListFunctionsCommand({ MaxItems: 10 }))),
    seed('restJson1', 'lambda', 'CreateFunction', (c) =>
      new LambdaClient(c).send(
        new CreateFunctionCommand({
          FunctionName: 'f',
          Role: 'arn:aws:iam::000000000000:role/r',
          Code: { ZipFile: Buffer.from('zip') },
          Environment: { Variables: { A: 'b' } },
          Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:l:1'],
        }),
      ),
    ),
    seed('restJson1', 'lambda', 'Invoke', (c) => new LambdaClient(c).send(new InvokeCommand({ FunctionName: 'f', Payload: Buffer.from('{"a":1}') }))),
    seed('restJson1', 'apigateway', 'CreateRestApi', (c) =>
      new APIGatewayClient(c).send(new CreateRestApiCommand({ name: 'api', binaryMediaTypes: ['image/png'], tags: { a: 'b' } })),
    ),
    seed('restJson1', 'apigateway', 'GetResources', (c) => new APIGatewayClient(c).send(new GetResourcesCommand({ restApiId: 'abc', limit: 5 }))),
    seed('restJson1', 'apigateway', 'PutMethod', (c) =>
      new APIGatewayClient(c).send(
        new PutMethodCommand({ restApiId: 'abc', resourceId: 'r1', httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.p': true } }),
      ),
    ),
    seed('restJson1', 'xray', 'PutTraceSegments', (c) =>
      new XRayClient(c).send(new PutTraceSegmentsCommand({ TraceSegmentDocuments: ['{"id":"1"}'] })),
    ),
    seed('restJson1', 'xray', 'GetTraceSummaries', (c) =>
      new XRayClient(c).send(new GetTraceSummariesCommand({ StartTime: new Date(1_800_000_000_000), EndTime: new Date(1_800_000_600_000) })),
    ),
    seed('restXml', 's3', 'CreateBucket', (c) =>
      s3(c).send(new CreateBucketCommand({ Bucket: 'fuzz-created', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    ),
    seed('restXml', 's3', 'ListBuckets', (c) => s3(c).send(new ListBucketsCommand({ MaxBuckets: 10 }))),
    seed('restXml', 's3', 'PutObject', (c) => s3(c).send(new PutObjectCommand({ Bucket: r.bucket, Key: 'k/v.txt', Body: 'data', Metadata: { a: 'b' } }))),
    seed('restXml', 's3', 'PutBucketTagging', (c) =>
      s3(c).send(new PutBucketTaggingCommand({ Bucket: r.bucket, Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } })),
    ),
    seed('restXml', 's3', 'DeleteObjects', (c) =>
      s3(c).send(new DeleteObjectsCommand({ Bucket: r.bucket, Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }], Quiet: true } })),
    ),
  ]);
}
