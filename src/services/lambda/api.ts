// Lambda's in-process API, used by other services (S3 event notifications, SNS and SQS event
// sources): Invoke without HTTP.
//
// CONTRACT: S3 codes against this interface; the Lambda service is to implement it (index.ts
// `api`). Until it does, host.api('lambda') rejects and S3 drops Lambda-bound events.
import type { Caller } from '../caller.js';

export type InvocationType = 'Event' | 'RequestResponse';

export interface LambdaApi {
  /** Invokes the function with this ARN (qualified or not) with a JSON payload, for `caller` (S3:
   *  s3.amazonaws.com with the bucket's ARN as aws:SourceArn, checked against the function's
   *  resource policy). 'Event' queues the invocation and resolves once it is accepted. Throws an
   *  AwsError (ResourceNotFoundException, ...) as Invoke would. */
  invoke(caller: Caller, functionArn: string, payload: string, invocationType: InvocationType): Promise<{ statusCode: number; payload?: string }>;
}
