// SNS -> SQS: the JSON envelope, or with RawMessageDelivery the bare message with the message
// attributes as SQS message attributes. A FIFO queue gets the message group and deduplication ids,
// so a FIFO topic -> FIFO queue keeps group order and deduplication.
//
// Timing: the enqueue is synchronous, in-process, inside Publish, so the message is receivable from
// every subscribed queue before Publish returns. An in-process enqueue costs microseconds (no HTTP,
// no serialization), and read-your-writes is what tests and local development want; AWS delivers
// asynchronously within milliseconds, which no client can tell apart from this.
import { messageFor, notificationBody } from '../envelope.js';
import type { DeliveryContext } from './context.js';
import { deliveryFailed, snsCaller, toSqsAttributes } from './dead-letter.js';
import { recordSuccess } from './outcome.js';

export { toSqsAttributes } from './dead-letter.js';

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
    deliveryFailed(d, err, body, raw);
  }
}
