// The JSON documents SNS delivers: Notification, SubscriptionConfirmation, UnsubscribeConfirmation,
// in AWS's field order and AWS's layout (Jackson's pretty printer: `"Key" : value`, two-space indent,
// message attribute values compact), signed (signing.ts) except on FIFO topics, whose notifications
// carry a SequenceNumber and no signature, as on AWS.
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { signMessage, signingCertUrl, type Signer } from './signing.js';
import type { Subscription, Topic } from './store.js';

/** One published message, shared by every subscription it is delivered to. */
export interface PublishedMessage {
  messageId: string;
  topic: Topic;
  message: string;
  /** MessageStructure=json: protocol -> message ("default" always present). */
  perProtocol?: Record<string, string>;
  subject?: string;
  attributes?: Record<string, MessageAttributeValue>;
  /** ISO 8601 with milliseconds. */
  timestamp: string;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
  /** Host of the Publish request: SigningCertURL and UnsubscribeURL point back at it. */
  host: string;
  signer: Signer;
  /** Signed envelope heads per message content (the signature does not depend on the subscriber). */
  heads?: Map<string, string>;
}

export function messageFor(msg: PublishedMessage, protocol: string): string {
  return msg.perProtocol ? (msg.perProtocol[protocol] ?? msg.perProtocol.default!) : msg.message;
}

// As on AWS, without Version: the router settles an unsigned, unversioned query by its action
// (ConfirmSubscription is SNS's alone; Unsubscribe too).
export function unsubscribeUrl(host: string, subscriptionArn: string): string {
  return `http://${host}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;
}

export function subscribeUrl(host: string, topicArn: string, token: string): string {
  return `http://${host}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;
}

/** {Name: {Type, Value}} with binary values in base64, as in AWS's envelope. */
export function envelopeAttributes(attributes: Record<string, MessageAttributeValue> | undefined): Record<string, { Type: string; Value: string }> | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const name of names) {
    const a = attributes[name]!;
    const type = a.DataType!;
    out[name] = { Type: type, Value: type.startsWith('Binary') ? Buffer.from(a.BinaryValue ?? new Uint8Array()).toString('base64') : a.StringValue ?? '' };
  }
  return out;
}

const q = (s: string): string => JSON.stringify(s);

/** Jackson-style pretty JSON of an ordered list of top-level fields. */
function render(fields: Array<[string, unknown]>, tail = ''): string {
  const lines: string[] = [];
  for (const [k, v] of fields) {
    if (v === undefined) continue;
    if (v !== null && typeof v === 'object') {
      const inner = Object.entries(v).map(([ik, iv]) => `    ${q(ik)} : ${JSON.stringify(iv)}`);
      lines.push(`  ${q(k)} : {\n${inner.join(',\n')}\n  }`);
    } else {
      lines.push(`  ${q(k)} : ${JSON.stringify(v)}`);
    }
  }
  return `{\n${lines.join(',\n')}${tail}\n}`;
}

/** The Notification document for one subscription (signed once per message content). */
export function notificationBody(msg: PublishedMessage, sub: Subscription): string {
  const content = messageFor(msg, sub.protocol);
  let head = msg.heads?.get(content);
  if (head === undefined) {
    head = notificationHead(msg, content);
    (msg.heads ??= new Map()).set(content, head);
  }
  const attributes = envelopeAttributes(msg.attributes);
  const tail = [[`UnsubscribeURL`, unsubscribeUrl(msg.host, sub.arn)] as [string, unknown]];
  if (attributes) tail.push(['MessageAttributes', attributes]);
  const rendered = render(tail);
  // head is `{\n  ...fields` without its closing brace; splice the per-subscription fields in.
  return `${head},\n${rendered.slice(2)}`;
}

function signedFields(msg: PublishedMessage, content: string): Record<string, unknown> {
  const fifo = msg.topic.fifo;
  return {
    Type: 'Notification',
    MessageId: msg.messageId,
    ...(fifo && { SequenceNumber: msg.sequenceNumber }),
    TopicArn: msg.topic.arn,
    ...(msg.subject !== undefined && { Subject: msg.subject }),
    Message: content,
    Timestamp: msg.timestamp,
  };
}

function signatureVersion(topic: Topic): string {
  return topic.attributes.SignatureVersion === '2' ? '2' : '1';
}

function notificationHead(msg: PublishedMessage, content: string): string {
  const fields = signedFields(msg, content);
  if (!msg.topic.fifo) {
    const version = signatureVersion(msg.topic);
    const signature = signMessage(msg.signer, fields, version);
    fields.SignatureVersion = version;
    fields.Signature = signature;
    fields.SigningCertURL = signingCertUrl(msg.host, msg.signer);
  }
  const full = render(Object.entries(fields));
  return full.slice(0, -2); // drop "\n}"
}

/** Plain object form of a notification (Lambda events use it with their own key names). */
export function notificationFields(msg: PublishedMessage, sub: Subscription): Record<string, unknown> {
  return JSON.parse(notificationBody(msg, sub)) as Record<string, unknown>;
}

export interface ConfirmationInput {
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  messageId: string;
  topic: Topic;
  sub: Subscription;
  token: string;
  timestamp: string;
  host: string;
  signer: Signer;
}

/** SubscriptionConfirmation / UnsubscribeConfirmation, signed (on FIFO topics too). */
export function confirmationBody(c: ConfirmationInput): string {
  const message =
    c.type === 'SubscriptionConfirmation'
      ? `You have chosen to subscribe to the topic ${c.topic.arn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`
      : `You have chosen to deactivate subscription ${c.sub.arn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`;
  const fields: Record<string, unknown> = {
    Type: c.type,
    MessageId: c.messageId,
    Token: c.token,
    TopicArn: c.topic.arn,
    Message: message,
    SubscribeURL: subscribeUrl(c.host, c.topic.arn, c.token),
    Timestamp: c.timestamp,
  };
  const version = c.topic.attributes.SignatureVersion === '2' ? '2' : '1';
  fields.SignatureVersion = version;
  fields.Signature = signMessage(c.signer, fields, version);
  fields.SigningCertURL = signingCertUrl(c.host, c.signer);
  return render(Object.entries(fields));
}
