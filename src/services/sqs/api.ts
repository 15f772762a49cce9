// SQS's in-process API, used by other services (SNS fanout, S3 notifications, EventBridge-style
// targets, Lambda destinations): the same rules as SendMessage, without HTTP.
//
// CONTRACT: SNS codes against this interface; the SQS service implements it (index.ts `api`).
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { Caller } from '../caller.js';

export interface SqsEnqueue {
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  /** FIFO queues: required. */
  messageGroupId?: string;
  /** FIFO queues: required unless the queue has ContentBasedDeduplication. */
  messageDeduplicationId?: string;
  /** AWSTraceHeader and other system attributes. */
  messageSystemAttributes?: Record<string, MessageAttributeValue>;
  delaySeconds?: number;
}

export interface SqsEnqueued {
  messageId: string;
  md5OfMessageBody: string;
  md5OfMessageAttributes?: string;
  sequenceNumber?: string;
}

export interface SqsApi {
  /** Enqueues a message on the queue with this ARN (arn:aws:sqs:region:account:name) for `caller`
   *  (SNS: sns.amazonaws.com for the topic's ARN). Throws an AwsError (QueueDoesNotExist,
   *  InvalidParameterValue, ...) exactly as SendMessage would. The message is receivable when this
   *  returns (synchronously enqueued). */
  sendMessage(caller: Caller, queueArn: string, message: SqsEnqueue): SqsEnqueued;
  /** True when a queue with this ARN exists. */
  queueExists(queueArn: string): boolean;
}
