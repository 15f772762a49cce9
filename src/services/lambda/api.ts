// Lambda's in-process API, used by other services (SNS lambda subscriptions, S3 notifications,
// EventBridge-style targets): the same rules as Invoke, without HTTP.
//
// CONTRACT: callers code against this interface; the Lambda service implements it (index.ts `api`).
import type { Caller } from '../caller.js';

export interface LambdaInvokeResult {
  statusCode: number;
  payload: Buffer;
  functionError?: string;
  executedVersion?: string;
}

export interface LambdaApi {
  /** Invokes the function with this ARN (unqualified, or qualified by version or alias) for
   *  `caller`. 'Event' queues it (asynchronous invocation: retries, destinations, DLQ) and resolves
   *  with status 202 at once; 'RequestResponse' resolves with the function's result. Rejects with
   *  an AwsError (ResourceNotFoundException, TooManyRequestsException, ...) as Invoke would. */
  invoke(caller: Caller, functionArn: string, payload: Buffer | string, invocationType: 'Event' | 'RequestResponse'): Promise<LambdaInvokeResult>;
  /** True when the function (with its qualifier, if any) exists. */
  functionExists(functionArn: string): boolean;
}
