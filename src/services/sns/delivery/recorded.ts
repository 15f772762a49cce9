// Subscriptions Nimbus delivers by recording (deliveries.ts), as it sends no pushes, texts or mail:
//   application  the platform endpoint's message (MessageStructure's key for its platform, else
//                default); a deleted or disabled endpoint fails the delivery, as on AWS
//   sms          the text (an opted-out number fails the delivery: AWS sends it nothing)
//   email        the message as the email body, the Subject (else AWS's default) as its subject
//   email-json   the JSON envelope as the email body
//   firehose     Nimbus has no Firehose: every delivery fails (counted, and to the DLQ)
// A failure is counted on the subscription and goes to its dead-letter queue (dead-letter.ts).
import { messageFor, notificationBody } from '../envelope.js';
import { recordDelivery } from '../deliveries.js';
import type { RecordedDelivery } from '../entities.js';
import type { DeliveryContext } from './context.js';
import { deliveryFailed } from './dead-letter.js';
import { recordSuccess } from './outcome.js';

/** AWS's subject of an email notification published without a Subject. */
export const DEFAULT_EMAIL_SUBJECT = 'AWS Notification Message';

type Fields = Pick<RecordedDelivery, 'message' | 'subject' | 'details'>;

function record(d: DeliveryContext, fields: Fields, failure?: string): void {
  const { msg, sub } = d;
  const raw = sub.attributes.RawMessageDelivery === 'true';
  recordDelivery(d.state, msg.topic.account, msg.topic.region, {
    protocol: sub.protocol as RecordedDelivery['protocol'],
    endpoint: sub.endpoint,
    type: 'Notification',
    status: failure === undefined ? 'delivered' : 'failed',
    ...(failure !== undefined && { reason: failure }),
    timestamp: msg.timestamp,
    messageId: msg.messageId,
    topicArn: msg.topic.arn,
    subscriptionArn: sub.arn,
    ...fields,
  });
  if (failure === undefined) recordSuccess(sub);
  else deliveryFailed(d, new Error(failure), raw ? messageFor(msg, sub.protocol) : notificationBody(msg, sub), raw);
}

export function deliverToEmail(d: DeliveryContext): void {
  const json = d.sub.protocol === 'email-json';
  record(d, {
    message: json ? notificationBody(d.msg, d.sub) : messageFor(d.msg, d.sub.protocol),
    subject: d.msg.subject ?? DEFAULT_EMAIL_SUBJECT,
    details: { from: `${d.msg.topic.attributes.DisplayName || 'AWS Notifications'} <no-reply@sns.amazonaws.com>` },
  });
}

export function deliverToSms(d: DeliveryContext): void {
  const scope = d.state.regions.for(d.msg.topic.account, d.msg.topic.region);
  const text = messageFor(d.msg, 'sms');
  record(d, { message: text, details: smsDetails(scope.smsAttributes, d.msg.attributes) }, scope.optedOut.has(d.sub.endpoint) ? 'The phone number has opted out' : undefined);
}

export function deliverToApplication(d: DeliveryContext): void {
  const scope = d.state.regions.for(d.msg.topic.account, d.msg.topic.region);
  const endpoint = scope.endpoints.get(d.sub.endpoint);
  const platform = endpoint ? (scope.applications.get(endpoint.applicationArn)?.platform ?? '') : '';
  const failure = !endpoint ? 'Endpoint does not exist' : endpoint.attributes.Enabled === 'false' ? 'Endpoint is disabled' : undefined;
  record(d, { message: messageFor(d.msg, platform), details: { platform, ...(endpoint && { token: endpoint.attributes.Token! }) } }, failure);
}

export function deliverToFirehose(d: DeliveryContext): void {
  deliveryFailed(d, new Error(`Nimbus has no Firehose: nothing delivered to ${d.sub.endpoint}`), notificationBody(d.msg, d.sub), d.sub.attributes.RawMessageDelivery === 'true');
}

/** An SMS's type and sender: the message's AWS.SNS.SMS.* attributes, else the account's defaults. */
export function smsDetails(defaults: Record<string, string>, attributes: Record<string, { StringValue?: string }> | undefined): Record<string, string> {
  const type = attributes?.['AWS.SNS.SMS.SMSType']?.StringValue ?? defaults.DefaultSMSType ?? 'Promotional';
  const sender = attributes?.['AWS.SNS.SMS.SenderID']?.StringValue ?? defaults.DefaultSenderID;
  return { smsType: type, ...(sender !== undefined && { senderId: sender }) };
}
