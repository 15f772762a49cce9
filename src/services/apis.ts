// The typed in-process APIs services offer each other (SNS -> SQS, S3 -> SQS/SNS/Lambda, ...),
// by service id. A service's API contract lives in its own api.ts, which imports nothing from the
// service's implementation, so a caller depends on the contract only.
import type { CloudWatchApi } from './cloudwatch/api.js';
import type { DynamoDbApi } from './dynamodb/api.js';
import type { IamApi } from './iam/api.js';
import type { KmsApi } from './kms/api.js';
import type { LambdaApi } from './lambda/api.js';
import type { LogsApi } from './logs/api.js';
import type { S3Api } from './s3/api.js';
import type { SnsApi } from './sns/api.js';
import type { SqsApi } from './sqs/api.js';
import type { StsApi } from './sts/api.js';

export interface ServiceApis {
  cloudwatch: CloudWatchApi;
  dynamodb: DynamoDbApi;
  iam: IamApi;
  kms: KmsApi;
  lambda: LambdaApi;
  logs: LogsApi;
  s3: S3Api;
  sns: SnsApi;
  sqs: SqsApi;
  sts: StsApi;
}
