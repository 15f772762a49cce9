// Lambda subscriptions. Nimbus's Lambda service has no in-process invoke API yet, so every delivery
// is recorded as failed (sub.stats), which is what AWS does when the function cannot be invoked.
// When Lambda gains `api().invokeAsync(functionArn, payload)`, deliverToLambda sends lambdaEvent().
import { notificationBody, notificationFields, type PublishedMessage } from '../envelope.js';
import type { Subscription } from '../store.js';
import type { DeliveryContext } from './context.js';
import { deliveryFailed } from './dead-letter.js';

export function deliverToLambda(d: DeliveryContext): void {
  deliveryFailed(d, new Error(`Lambda delivery is not available in Nimbus yet (${d.sub.endpoint})`), notificationBody(d.msg, d.sub), false);
}

/** The event AWS invokes a subscribed function with (note SigningCertUrl / UnsubscribeUrl casing). */
export function lambdaEvent(msg: PublishedMessage, sub: Subscription): unknown {
  const n = notificationFields(msg, sub);
  const sns: Record<string, unknown> = {
    Type: n.Type,
    MessageId: n.MessageId,
    TopicArn: n.TopicArn,
    Subject: n.Subject ?? null,
    Message: n.Message,
    Timestamp: n.Timestamp,
    SignatureVersion: n.SignatureVersion,
    Signature: n.Signature,
    SigningCertUrl: n.SigningCertURL,
    UnsubscribeUrl: n.UnsubscribeURL,
    MessageAttributes: n.MessageAttributes ?? {},
  };
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: sub.arn, Sns: sns }] };
}
