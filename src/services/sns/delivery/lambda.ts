// Lambda subscriptions: SNS invokes the function asynchronously (InvocationType Event) through
// Lambda's in-process API (lambda/api.ts) with the SNS event (lambdaEvent), as sns.amazonaws.com
// for the topic. A function that cannot be invoked (gone, throttled) counts as a failed delivery
// and goes to the subscription's dead-letter queue (delivery/dead-letter.ts).
import { notificationBody, notificationFields, type PublishedMessage } from '../envelope.js';
import type { Subscription } from '../store.js';
import type { DeliveryContext } from './context.js';
import { deliveryFailed, snsCaller } from './dead-letter.js';
import { recordSuccess } from './outcome.js';

export function deliverToLambda(d: DeliveryContext): void {
  const { sub, msg } = d;
  const event = JSON.stringify(lambdaEvent(msg, sub));
  d.host
    .api('lambda')
    .then((lambda) => lambda.invoke(snsCaller(msg.topic.arn), sub.endpoint, event, 'Event'))
    .then(
      () => recordSuccess(sub),
      (err) => deliveryFailed(d, err, notificationBody(msg, sub), false),
    );
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
