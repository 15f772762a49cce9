// SNS -> SQS: the JSON envelope, or with RawMessageDelivery the bare message with the message
// attributes as SQS message attributes. A FIFO queue gets the message group and deduplication ids,
// so a FIFO topic -> FIFO queue keeps group order and deduplication.
//
// Timing: the enqueue is synchronous, in-process, inside Publish, so the message is receivable from
// every subscribed queue before Publish returns. An in-process enqueue costs microseconds (no HTTP,
// no serialization), and read-your-writes is what tests and local development want; AWS delivers
// asynchronously within milliseconds, which no client can tell apart from this.
import type { MessageAttributeValue as SqsAttribute } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { serviceCaller, type Caller } from '../../caller.js';
import { messageFor, notificationBody } from '../envelope.js';
import { parseArn, type Subscription } from '../store.js';
import type { DeliveryContext } from './context.js';
import { recordFailure, recordSuccess } from './outcome.js';
import { parseJsonDocument } from '../../../protocol/json-depth.js';

export function toSqsAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, SqsAttribute> | undefined {
  if (!attributes) return undefined;
  // No prototype: a message attribute may legally be named `__proto__`, and must stay one.
  const out: Record<string, SqsAttribute> = Object.create(null);
  let any = false;
  for (const [name, a] of Object.entries(attributes)) {
    any = true;
    out[name] = a.DataType!.startsWith('Binary')
      ? { DataType: a.DataType, BinaryValue: a.BinaryValue }
      : { DataType: a.DataType, StringValue: a.StringValue };
  }
  return any ? out : undefined;
}

/** SNS delivers as sns.amazonaws.com on behalf of the topic (or, to a subscription's DLQ, the
 *  subscription), in the topic owner's account: what a queue policy's aws:SourceArn sees. */
function snsCaller(sourceArn: string): Caller {
  return serviceCaller('sns.amazonaws.com', sourceArn, sourceArn.split(':')[4]!);
}

export function deliverToSqs(d: DeliveryContext): void {
  const { msg, sub } = d;
  const raw = sub.attributes.RawMessageDelivery === 'true';
  const body = raw ? messageFor(msg, 'sqs') : notificationBody(msg, sub);
  try {
    if (!d.sqs || d.sqs instanceof Error) throw d.sqs ?? new Error('SQS is not available');
    const fifoQueue = sub.endpoint.endsWith('.fifo');
    d.sqs.sendMessage(snsCaller(d.msg.topic.arn), sub.endpoint, {
      body,
      ...(raw && { messageAttributes: toSqsAttributes(msg.attributes) }),
      ...(msg.messageGroupId !== undefined && { messageGroupId: msg.messageGroupId }),
      ...(fifoQueue && msg.messageDeduplicationId !== undefined && { messageDeduplicationId: msg.messageDeduplicationId }),
    });
    recordSuccess(sub);
  } catch (err) {
    recordFailure(sub, err);
    redrive(d, sub, body, raw);
  }
}

/** A failed delivery goes to the subscription's dead-letter queue when it has one (AWS does so
 *  after its retries; an in-process enqueue that failed once will fail again, so Nimbus does not wait). */
function redrive(d: DeliveryContext, sub: Subscription, body: string, raw: boolean): void {
  const policy = sub.attributes.RedrivePolicy;
  if (!policy || !d.sqs || d.sqs instanceof Error) return;
  try {
    const dlq = (parseJsonDocument(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    if (!dlq || parseArn(dlq)?.service !== 'sqs') return;
    d.sqs.sendMessage(snsCaller(sub.arn), dlq, {
      body,
      ...(raw && { messageAttributes: toSqsAttributes(d.msg.attributes) }),
      ...(dlq.endsWith('.fifo') && { messageGroupId: d.msg.messageGroupId ?? 'default', messageDeduplicationId: d.msg.messageDeduplicationId ?? d.msg.messageId }),
    });
  } catch {
    // The dead-letter queue itself is gone: the message is dropped, as on AWS.
  }
}
