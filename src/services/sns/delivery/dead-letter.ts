// A delivery a subscriber refuses is never lost without a trace: it counts as failed on the
// subscription (outcome.ts) and, when the subscription has a RedrivePolicy, goes to its dead-letter
// queue, as on AWS (which does so once its retries are spent: HTTP/S after the delivery policy's
// retries; SQS, Lambda, SMS, push and email at once here, since an in-process refusal that failed
// once fails again). The dead-letter queue gets what the subscriber would have got: the envelope,
// or with RawMessageDelivery the bare message and its attributes.
import type { MessageAttributeValue as SqsAttribute } from '@aws-sdk/client-sqs';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { serviceCaller, type Caller } from '../../caller.js';
import { parseJsonDocument } from '../../../protocol/json-depth.js';
import { parseArn } from '../store.js';
import type { DeliveryContext } from './context.js';
import { recordFailure } from './outcome.js';

export function toSqsAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, SqsAttribute> | undefined {
  if (!attributes) return undefined;
  // No prototype: a message attribute may legally be named `__proto__`, and must stay one.
  const out: Record<string, SqsAttribute> = Object.create(null);
  let any = false;
  for (const [name, a] of Object.entries(attributes)) {
    any = true;
    out[name] = a.DataType!.startsWith('Binary') ? { DataType: a.DataType, BinaryValue: a.BinaryValue } : { DataType: a.DataType, StringValue: a.StringValue };
  }
  return any ? out : undefined;
}

/** SNS delivers as sns.amazonaws.com on behalf of the topic (or, to a subscription's DLQ, the
 *  subscription), in the topic owner's account: what a queue policy's aws:SourceArn sees. */
export function snsCaller(sourceArn: string): Caller {
  return serviceCaller('sns.amazonaws.com', sourceArn, sourceArn.split(':')[4]!);
}

/** Counts the failure and sends `body` to the subscription's dead-letter queue, if it has one. */
export function deliveryFailed(d: DeliveryContext, error: unknown, body: string, raw: boolean): void {
  recordFailure(d.sub, error);
  const policy = d.sub.attributes.RedrivePolicy;
  if (!policy || !d.sqs || d.sqs instanceof Error) return;
  try {
    const dlq = (parseJsonDocument(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    if (!dlq || parseArn(dlq)?.service !== 'sqs') return;
    d.sqs.sendMessage(snsCaller(d.sub.arn), dlq, {
      body,
      ...(raw && { messageAttributes: toSqsAttributes(d.msg.attributes) }),
      ...(dlq.endsWith('.fifo') && { messageGroupId: d.msg.messageGroupId ?? 'default', messageDeduplicationId: d.msg.messageDeduplicationId ?? d.msg.messageId }),
    });
    d.sub.stats.deadLettered = (d.sub.stats.deadLettered ?? 0) + 1;
  } catch {
    // The dead-letter queue itself is gone: the message is dropped, as on AWS.
  }
}
