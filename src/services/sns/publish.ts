// Publish and PublishBatch: validation with AWS's messages, MessageStructure=json, FIFO group and
// deduplication (5-minute window on ctx.clock, explicit id or content-based), sequence numbers,
// then fanout: every confirmed subscription whose filter policy matches gets the message through
// its protocol's deliverer (delivery/index.ts). SQS deliveries are enqueued before Publish returns
// (see delivery/sqs.ts for why); HTTP/S deliveries run in the background.
import { createHash } from 'node:crypto';
import type {
  MessageAttributeValue,
  PublishBatchInput,
  PublishBatchRequestEntry,
  PublishBatchResponse,
  PublishBatchResultEntry,
  PublishInput,
  PublishResponse,
} from '@aws-sdk/client-sns';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { SqsApi } from '../sqs/api.js';
import { recordDelivery } from './deliveries.js';
import { deliverers, type DeliveryContext } from './delivery/index.js';
import { publishableEndpoint } from './platform.js';
import { MAX_SMS_CHARACTERS, publishSms } from './sms.js';
import { messageFor, type PublishedMessage } from './envelope.js';
import { matchesFilterPolicy } from './filter-policy.js';
import { readySigner, signerFor, type Signer } from './signing.js';
import { getTopic, invalidParameter, type SnsState, type Topic } from './store.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

/** 256 KiB: message plus every attribute's name, type and value. */
const MAX_MESSAGE_BYTES = 262_144;
const DEDUP_WINDOW_MS = 5 * 60 * 1000;
const MAX_BATCH_ENTRIES = 10;
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.$)(?!.*\.\.)[A-Za-z0-9_.-]+$/;
const ATTRIBUTE_TYPE = /^(String|Number|Binary)(\..+)?$/;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SEQUENCE_BASE = 10_000_000_000_000_000_000n;

function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

function byteLength(v: unknown): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : (v as Uint8Array).byteLength;
}

function publishSize(message: string, attributes: Record<string, MessageAttributeValue> | undefined): number {
  let size = Buffer.byteLength(message);
  for (const [name, a] of Object.entries(attributes ?? {})) {
    size += Buffer.byteLength(name) + byteLength(a.DataType) + byteLength(a.StringValue) + byteLength(a.BinaryValue);
  }
  return size;
}

function checkAttributes(attributes: Record<string, MessageAttributeValue>): void {
  for (const [name, a] of Object.entries(attributes)) {
    if (Buffer.byteLength(name) > 256) throw invalidValue('Length of message attribute name must be less than 256 bytes.');
    if (!ATTRIBUTE_NAME.test(name)) {
      if (name.startsWith('.')) throw invalidValue("Invalid message attribute name starting with character '.' was found.");
      if (name.endsWith('.')) throw invalidValue("Invalid message attribute name ending with character '.' was found.");
      const bad = [...name].find((c) => !/[A-Za-z0-9_.-]/.test(c));
      if (bad) {
        throw invalidValue(
          `Invalid non-alphanumeric character '#x${bad.codePointAt(0)!.toString(16).toUpperCase()}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
        );
      }
      throw invalidValue("Message attribute name can not have successive '.' character.");
    }
    const type = a.DataType ?? '';
    if (!ATTRIBUTE_TYPE.test(type)) {
      throw invalidValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
    }
    const field = type.startsWith('Binary') ? 'Binary' : 'String';
    const value = field === 'Binary' ? a.BinaryValue : a.StringValue;
    if (a.StringValue === undefined && a.BinaryValue === undefined) {
      throw invalidValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    }
    if (value === undefined) throw invalidValue(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    if (byteLength(value) === 0) {
      throw invalidValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
    }
    // A Number is a decimal number (AWS: up to 38 digits of precision, from 10^-128 to 10^+126).
    if (type.startsWith('Number') && !NUMBER.test(String(value).trim())) throw invalidValue(`Could not cast message attribute '${name}' value to number.`);
  }
}

function parseStructure(message: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parseJsonDocument(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const perProtocol: Record<string, string> = {};
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    // Keys whose values are not strings are ignored, as AWS does.
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') perProtocol[k] = v;
  }
  if (perProtocol.default === undefined) throw invalidParameter('Message Structure - No default entry in JSON message body');
  return perProtocol;
}

interface MessageRequest {
  Message?: string;
  Subject?: string;
  MessageStructure?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

/** Everything Publish checks about one message, before anything is delivered. */
function checkMessage(req: MessageRequest, topic: Topic | undefined): Record<string, string> | undefined {
  if (req.Subject !== undefined && (req.Subject === '' || req.Subject.length > 100 || /[\u0000-\u001f\u007f]/.test(req.Subject))) {
    throw invalidParameter('Subject');
  }
  const message = req.Message ?? '';
  if (message === '') throw invalidParameter('Empty message');
  if (req.MessageAttributes) checkAttributes(req.MessageAttributes);
  if (publishSize(message, req.MessageAttributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  if (topic?.fifo) {
    if (!req.MessageGroupId) throw invalidParameter('The MessageGroupId parameter is required for FIFO topics');
    if (!req.MessageDeduplicationId && topic.attributes.ContentBasedDeduplication !== 'true') {
      throw invalidParameter('The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
  } else if (req.MessageDeduplicationId !== undefined) {
    throw invalidParameter('MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type');
  }
  // MessageGroupId on a standard topic is accepted and passed on (SQS fair queues).
  if (req.MessageStructure !== undefined && req.MessageStructure !== 'json') throw invalidParameter('MessageStructure');
  return req.MessageStructure === 'json' ? parseStructure(message) : undefined;
}

interface Prepared {
  signer: Signer;
  sqs: SqsApi | Error | undefined;
}

/** What deliveries need, resolved before any id is assigned: from here on a message is sequenced,
 *  deduplicated and enqueued without yielding, so concurrent Publish calls never interleave (FIFO
 *  order holds across concurrent publishers). */
async function prepare(ctx: RequestContext, state: SnsState, topic: Topic): Promise<Prepared> {
  const signer = readySigner(ctx.nimbus) ?? (await signerFor(ctx.nimbus));
  let sqs: SqsApi | Error | undefined;
  const subs = state.regions.for(topic.account, topic.region).subscriptions;
  for (const arn of topic.subscriptions) {
    const sub = subs.get(arn);
    // SQS subscriptions need SQS, and so does any subscription with a dead-letter queue.
    if (sub && (sub.protocol === 'sqs' || sub.attributes.RedrivePolicy !== undefined)) {
      sqs = await ctx.nimbus.api('sqs').catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      break;
    }
  }
  return { signer, sqs };
}

interface Accepted {
  messageId: string;
  sequenceNumber?: string;
}

/** Assigns ids, applies FIFO deduplication and fans the message out; returns what Publish answers.
 *  Signing stays on the event loop: signing on a worker thread was tried and gave no measurable gain
 *  on a two-core machine shared with the client, for more moving parts. */
function accept(ctx: RequestContext, state: SnsState, topic: Topic, req: MessageRequest, perProtocol: Record<string, string> | undefined, prepared: Prepared): Accepted {
  const now = ctx.clock.now();
  if (!topic.fifo) {
    const messageId = ctx.ids.uuid();
    fanout(ctx, state, topic, req, perProtocol, prepared, { messageId, now });
    return { messageId };
  }
  const dedupId = req.MessageDeduplicationId ?? createHash('sha256').update(req.Message!).digest('hex');
  pruneDedup(state, topic, now);
  const key = topic.attributes.FifoThroughputScope === 'MessageGroup' ? `${req.MessageGroupId}\u0000${dedupId}` : dedupId;
  const seen = topic.dedup.get(key);
  // A duplicate inside the window is accepted and answered like the original, but not delivered.
  if (seen && seen.expiresAt > now) return { messageId: seen.messageId, sequenceNumber: seen.sequenceNumber };
  const sequenceNumber = String(SEQUENCE_BASE + ++topic.sequence);
  const messageId = ctx.ids.uuid();
  const entry = { expiresAt: now + DEDUP_WINDOW_MS, messageId, sequenceNumber };
  topic.dedup.set(key, entry);
  // Two small rows per FIFO message: the topic's sequence and the dedup entry (its window).
  state.rows.sequence(topic);
  state.rows.dedup(topic, key, entry);
  fanout(ctx, state, topic, req, perProtocol, prepared, { messageId, now, dedupId, sequenceNumber });
  return { messageId, sequenceNumber };
}

function pruneDedup(state: SnsState, topic: Topic, now: number): void {
  for (const [key, entry] of topic.dedup) {
    if (entry.expiresAt > now) break; // insertion order is time order
    topic.dedup.delete(key);
    state.rows.dedup(topic, key, undefined);
  }
}

interface Ids {
  messageId: string;
  now: number;
  dedupId?: string;
  sequenceNumber?: string;
}

/** Delivers to every subscription whose filter policy matches. */
function fanout(ctx: RequestContext, state: SnsState, topic: Topic, req: MessageRequest, perProtocol: Record<string, string> | undefined, prepared: Prepared, ids: Ids): void {
  if (topic.subscriptions.size === 0) return;
  const subs = state.regions.for(topic.account, topic.region).subscriptions;
  const msg: PublishedMessage = {
    messageId: ids.messageId,
    topic,
    message: req.Message!,
    ...(perProtocol && { perProtocol }),
    ...(req.Subject !== undefined && { subject: req.Subject }),
    ...(req.MessageAttributes && { attributes: req.MessageAttributes }),
    timestamp: new Date(ids.now).toISOString(),
    ...(req.MessageGroupId !== undefined && { messageGroupId: req.MessageGroupId }),
    ...(ids.dedupId !== undefined && { messageDeduplicationId: ids.dedupId }),
    ...(ids.sequenceNumber !== undefined && { sequenceNumber: ids.sequenceNumber }),
    host: ctx.host,
    signer: prepared.signer,
  };
  for (const arn of topic.subscriptions) {
    const sub = subs.get(arn);
    if (!sub || sub.pendingConfirmation) continue;
    if (sub.filter && !matchesFilterPolicy(sub.filter, { attributes: msg.attributes, body: messageFor(msg, sub.protocol) })) continue;
    deliverers[sub.protocol]?.({ host: ctx.nimbus, state, msg, sub, sqs: prepared.sqs } satisfies DeliveryContext);
  }
}

function targetTopic(input: { TopicArn?: string; TargetArn?: string }, ctx: RequestContext, state: SnsState): Topic {
  return getTopic(state, ctx, input.TopicArn ?? input.TargetArn!, input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn');
}

/** Publish to a platform endpoint (TargetArn): checked, then recorded as the push it would be. */
function publishToEndpoint(input: PublishInput, ctx: RequestContext, state: SnsState): PublishResponse {
  const { endpoint, platform } = publishableEndpoint(state, ctx, input.TargetArn!);
  const perProtocol = checkMessage(input, undefined);
  const messageId = ctx.ids.uuid();
  recordDelivery(state, ctx.account, ctx.region, {
    protocol: 'application',
    endpoint: endpoint.arn,
    type: 'Notification',
    status: 'delivered',
    timestamp: new Date(ctx.clock.now()).toISOString(),
    messageId,
    message: perProtocol ? (perProtocol[platform] ?? perProtocol.default!) : input.Message!,
    ...(input.Subject !== undefined && { subject: input.Subject }),
    details: { platform, token: endpoint.attributes.Token! },
  });
  return { MessageId: messageId };
}

export async function publish(input: PublishInput, ctx: RequestContext, state: SnsState): Promise<PublishResponse> {
  if (input.TopicArn === undefined && input.TargetArn === undefined && input.PhoneNumber === undefined) {
    throw invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
  }
  if (input.PhoneNumber !== undefined && input.TopicArn === undefined && input.TargetArn === undefined) {
    // SMS: validated as on AWS, then recorded (Nimbus sends no texts).
    if (!/^\+?[1-9]\d{1,14}$/.test(input.PhoneNumber)) throw invalidParameter(`PhoneNumber Reason: ${input.PhoneNumber} is not valid to publish to`);
    const perProtocol = checkMessage(input, undefined);
    const text = perProtocol ? (perProtocol.sms ?? perProtocol.default!) : input.Message!;
    if ([...text].length > MAX_SMS_CHARACTERS) throw invalidParameter(`Message Reason: An SMS message can be at most ${MAX_SMS_CHARACTERS} characters long`);
    return { MessageId: publishSms(ctx, state, input.PhoneNumber, text, input.MessageAttributes) };
  }
  if (input.TopicArn === undefined && input.TargetArn!.includes(':endpoint/')) return publishToEndpoint(input, ctx, state);
  const topic = targetTopic(input, ctx, state);
  const perProtocol = checkMessage(input, topic);
  const accepted = accept(ctx, state, topic, input, perProtocol, await prepare(ctx, state, topic));
  return { MessageId: accepted.messageId, ...(accepted.sequenceNumber && { SequenceNumber: accepted.sequenceNumber }) };
}

export async function publishBatch(input: PublishBatchInput, ctx: RequestContext, state: SnsState): Promise<PublishBatchResponse> {
  const entries: PublishBatchRequestEntry[] = input.PublishBatchRequestEntries ?? [];
  if (entries.length === 0) throw new AwsError('EmptyBatchRequestException', "The batch request doesn't contain any entries.");
  if (entries.length > MAX_BATCH_ENTRIES) throw new AwsError('TooManyEntriesInBatchRequestException', 'The batch request contains more entries than permissible.');
  const topic = getTopic(state, ctx, input.TopicArn!);
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.Id!)) throw new AwsError('BatchEntryIdsNotDistinctException', 'Two or more batch entries in the request have the same Id.');
    ids.add(e.Id!);
    if (e.Id!.length > 80) throw new AwsError('InvalidBatchEntryIdException', `The Id of a batch entry in the batch request is too long: ${e.Id}`);
    if (!BATCH_ID.test(e.Id!)) throw new AwsError('InvalidBatchEntryIdException', `The Id of a batch entry in the batch request contains an impermissible character: ${e.Id}`);
  }
  // AWS rejects the whole batch when one entry is malformed (rather than listing it under Failed).
  const structures = entries.map((e) => checkMessage(e, topic));
  const total = entries.reduce((n, e) => n + publishSize(e.Message ?? '', e.MessageAttributes), 0);
  if (total > MAX_MESSAGE_BYTES) throw new AwsError('BatchRequestTooLongException', 'The length of all the messages put together is more than the limit.');
  const prepared = await prepare(ctx, state, topic);
  const accepted = entries.map((e, i) => accept(ctx, state, topic, e, structures[i], prepared));
  const successful: PublishBatchResultEntry[] = accepted.map((a, i) => ({
    Id: entries[i]!.Id,
    MessageId: a.messageId,
    ...(a.sequenceNumber && { SequenceNumber: a.sequenceNumber }),
  }));
  return { Successful: successful, Failed: [] };
}
