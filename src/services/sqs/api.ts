// SQS's in-process API, used by other services (SNS fanout, S3 notifications, EventBridge-style
// targets, Lambda destinations): the same rules as SendMessage, without HTTP.
//
// CONTRACT: SNS codes against this interface; the SQS service implements it (index.ts `api`).
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
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
  /** Receives up to `max` (1-10) messages as ReceiveMessage would, with every system and message
   *  attribute; waits up to `waitSeconds` (long poll, ended early by `signal`) when none is there.
   *  The visibility timeout is the queue's unless given. (Lambda's SQS event source mappings.) */
  receiveMessages(caller: Caller, queueArn: string, options: { max: number; waitSeconds: number; visibilityTimeout?: number; signal?: AbortSignal }): Promise<Message[]>;
  /** Deletes a received message, as DeleteMessage. */
  deleteMessage(caller: Caller, queueArn: string, receiptHandle: string): void;
  /** Changes a received message's visibility timeout, as ChangeMessageVisibility. */
  changeMessageVisibility(caller: Caller, queueArn: string, receiptHandle: string, visibilityTimeout: number): void;
}
