// The typed in-process APIs services offer each other (SNS -> SQS, S3 -> SQS/SNS/Lambda, ...),
// by service id. A service's API contract lives in its own api.ts, which imports nothing from the
// service's implementation, so a caller depends on the contract only.
import type { DynamoDbApi } from './dynamodb/api.js';
import type { IamApi } from './iam/api.js';
import type { SqsApi } from './sqs/api.js';

export interface ServiceApis {
  dynamodb: DynamoDbApi;
  iam: IamApi;
  sqs: SqsApi;
}
