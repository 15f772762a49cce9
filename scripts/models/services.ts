// The service table and the protocol tables: which services Nimbus compiles, which protocols each
// accepts, and how the SDK's and botocore's protocol names map to Smithy's. Service facts come from
// the SDK client's runtime config (protocol, protocolSettings, serviceId), botocore metadata
// (signing name), and the two small documented tables here (EXTRA_PROTOCOLS,
// XML_NAMESPACE_FALLBACK).
import type { ProtocolName } from '../../src/models/types.js';

export interface ServiceSpec {
  /** Nimbus service id; also botocore's data directory name. */
  id: string;
  /** @aws-sdk/client-<pkg> */
  pkg: string;
  /** The client class exported by the package. */
  client: string;
  /** Expected SigV4 signing name (cross-checked against botocore's metadata). */
  signingName: string;
}

export const SERVICES: ServiceSpec[] = [
  { id: 'apigateway', pkg: 'api-gateway', client: 'APIGatewayClient', signingName: 'apigateway' },
  { id: 'cloudformation', pkg: 'cloudformation', client: 'CloudFormationClient', signingName: 'cloudformation' },
  { id: 'cloudwatch', pkg: 'cloudwatch', client: 'CloudWatchClient', signingName: 'monitoring' },
  { id: 'codebuild', pkg: 'codebuild', client: 'CodeBuildClient', signingName: 'codebuild' },
  { id: 'dynamodb', pkg: 'dynamodb', client: 'DynamoDBClient', signingName: 'dynamodb' },
  { id: 'dynamodbstreams', pkg: 'dynamodb-streams', client: 'DynamoDBStreamsClient', signingName: 'dynamodb' },
  { id: 'ec2', pkg: 'ec2', client: 'EC2Client', signingName: 'ec2' },
  { id: 'ecs', pkg: 'ecs', client: 'ECSClient', signingName: 'ecs' },
  { id: 'elasticache', pkg: 'elasticache', client: 'ElastiCacheClient', signingName: 'elasticache' },
  { id: 'iam', pkg: 'iam', client: 'IAMClient', signingName: 'iam' },
  { id: 'kms', pkg: 'kms', client: 'KMSClient', signingName: 'kms' },
  { id: 'lambda', pkg: 'lambda', client: 'LambdaClient', signingName: 'lambda' },
  { id: 'logs', pkg: 'cloudwatch-logs', client: 'CloudWatchLogsClient', signingName: 'logs' },
  { id: 'rds', pkg: 'rds', client: 'RDSClient', signingName: 'rds' },
  { id: 's3', pkg: 's3', client: 'S3Client', signingName: 's3' },
  { id: 'sns', pkg: 'sns', client: 'SNSClient', signingName: 'sns' },
  { id: 'sqs', pkg: 'sqs', client: 'SQSClient', signingName: 'sqs' },
  { id: 'ssm', pkg: 'ssm', client: 'SSMClient', signingName: 'ssm' },
  { id: 'stepfunctions', pkg: 'sfn', client: 'SFNClient', signingName: 'states' },
  { id: 'sts', pkg: 'sts', client: 'STSClient', signingName: 'sts' },
  { id: 'xray', pkg: 'xray', client: 'XRayClient', signingName: 'xray' },
];

/**
 * Protocols a service accepts besides the one the pinned SDK sends by default
 * (docs/PROTOCOL-NOTES.md, "Which protocols each service must accept"): older SDKs send SQS as
 * awsQuery; aws-sdk v2 sends CloudWatch as awsQuery, the Go SDK v2 as rpcv2Cbor, JS v3 and boto3
 * as awsJson1_0. The SDK default always comes first; the extras follow in PROTOCOL_ORDER.
 */
export const EXTRA_PROTOCOLS: Record<string, ProtocolName[]> = {
  sqs: ['awsJson1_0', 'awsQuery'],
  cloudwatch: ['awsJson1_0', 'awsQuery', 'rpcv2Cbor'],
};

/**
 * Operations only botocore still models (the SDK v3 dropped them), each with the current
 * operation that shares its route and whose handler serves both forms: S3's pre-2014 lifecycle
 * (`Rule` with a top-level Prefix) and notification (singular Topic/Queue/CloudFunction
 * configurations) operations, which boto3 still offers. They are compiled from botocore's JSON
 * (botocore-model.ts) and marked `servedBy` in the model.
 */
export const BOTOCORE_ONLY_OPERATIONS: Record<string, Record<string, string>> = {
  s3: {
    GetBucketLifecycle: 'GetBucketLifecycleConfiguration',
    GetBucketNotification: 'GetBucketNotificationConfiguration',
    PutBucketLifecycle: 'PutBucketLifecycleConfiguration',
    PutBucketNotification: 'PutBucketNotificationConfiguration',
  },
};

/**
 * xmlns for services that accept an XML protocol but whose SDK settings and botocore metadata
 * carry none (SQS is JSON in both now; its query responses still use this namespace). CloudWatch
 * is listed as a fallback: the SDK settings and botocore currently have it.
 */
export const XML_NAMESPACE_FALLBACK: Record<string, string> = {
  sqs: 'http://queue.amazonaws.com/doc/2012-11-05/',
  cloudwatch: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
};

export const PROTOCOL_ORDER: ProtocolName[] = [
  'awsJson1_0',
  'awsJson1_1',
  'awsQuery',
  'ec2Query',
  'restJson1',
  'restXml',
  'rpcv2Cbor',
];

/** SDK protocol class names, used when the protocol instance has no getShapeId(). */
export const PROTOCOL_CLASSES: Record<string, ProtocolName> = {
  AwsJson1_0Protocol: 'awsJson1_0',
  AwsJson1_1Protocol: 'awsJson1_1',
  AwsQueryProtocol: 'awsQuery',
  AwsEc2QueryProtocol: 'ec2Query',
  AwsRestJsonProtocol: 'restJson1',
  AwsRestXmlProtocol: 'restXml',
  S3RestXmlProtocol: 'restXml',
  AwsSmithyRpcV2CborProtocol: 'rpcv2Cbor',
  SmithyRpcV2CborProtocol: 'rpcv2Cbor',
};

/** botocore metadata.protocols -> Smithy protocol names. */
export function botoProtocol(p: string, jsonVersion: string | undefined): ProtocolName | undefined {
  switch (p) {
    case 'json':
      return jsonVersion === '1.1' ? 'awsJson1_1' : 'awsJson1_0';
    case 'query':
      return 'awsQuery';
    case 'ec2':
      return 'ec2Query';
    case 'rest-json':
      return 'restJson1';
    case 'rest-xml':
      return 'restXml';
    case 'smithy-rpc-v2-cbor':
      return 'rpcv2Cbor';
    default:
      return undefined;
  }
}

export const XML_PROTOCOLS: ReadonlySet<ProtocolName> = new Set(['awsQuery', 'ec2Query', 'restXml']);
export const JSON_RPC_PROTOCOLS: ReadonlySet<ProtocolName> = new Set(['awsJson1_0', 'awsJson1_1']);
