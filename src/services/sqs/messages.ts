// Messages: SendMessage(Batch), ReceiveMessage (with long polling), DeleteMessage(Batch),
// ChangeMessageVisibility(Batch). The queue engine (queue-engine.ts) holds the messages; this file
// turns requests into engine calls and engine records into AWS's output shapes.
//
// Receipt handles name a message and the receive that produced it. A handle from an earlier
// receive of a message received again since is stale: on a standard queue DeleteMessage with it
// succeeds without deleting (AWS: "If you use an old ReceiptHandle, the request will succeed, but
// the message might not be deleted"); on a FIFO queue it fails with "The receipt handle has
// expired", as does a handle whose visibility timeout has ended.
import { createHash } from 'node:crypto';
import type {
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityBatchResult,
  ChangeMessageVisibilityRequest,
  DeleteMessageBatchRequest,
  DeleteMessageBatchResult,
  DeleteMessageRequest,
  Message,
  MessageAttributeValue,
  ReceiveMessageRequest,
  ReceiveMessageResult,
  SendMessageBatchRequest,
  SendMessageBatchResult,
  SendMessageBatchResultEntry,
  SendMessageRequest,
  SendMessageResult,
} from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { IdSource } from '../../state/ids.js';
import { unknownAttribute } from './attributes.js';
import { md5Hex, md5OfAttributes, type AttributeMap } from './md5.js';
import {
  batchError,
  checkBatch,
  checkBody,
  checkFifoId,
  checkMessageAttributes,
  checkSize,
  checkSystemAttributes,
  MAX_PAYLOAD,
  payloadSize,
} from './message-input.js';
import { INFLIGHT, SqsMessage, type MessageExtra } from './message.js';
import type { Queue } from './queue-engine.js';
import { queueFromUrl, type SqsState } from './store.js';

// ------------------------------------------------------------------------------ send

export interface SendParams {
  body: string;
  attributes?: AttributeMap;
  systemAttributes?: Record<string, MessageAttributeValue>;
  delaySeconds?: number;
  groupId?: string;
  deduplicationId?: string;
}

export interface SendOutcome {
  messageId: string;
  md5OfBody: string;
  md5OfAttributes?: string;
  md5OfSystemAttributes?: string;
  sequenceNumber?: string;
}

function invalidParam(name: string, value: unknown, reason: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`);
}

/** Validates and enqueues one message (the caller calls `q.notify()` once its sends are done). */
export function sendOne(q: Queue, p: SendParams, senderId: string, ids: IdSource, now: number): SendOutcome {
  checkBody(p.body);
  checkMessageAttributes(p.attributes);
  checkSystemAttributes(p.systemAttributes);
  checkSize(payloadSize(p.body, p.attributes), q.maximumMessageSize);
  const delay = p.delaySeconds;
  if (delay !== undefined && (delay < 0 || delay > 900)) {
    throw invalidParam('DelaySeconds', delay, 'DelaySeconds must be >= 0 and <= 900.');
  }
  checkFifoId(p.groupId, 'MessageGroupId');
  checkFifoId(p.deduplicationId, 'MessageDeduplicationId');

  const md5OfBody = md5Hex(p.body);
  const md5OfAttrs = md5OfAttributes(p.attributes);
  const md5OfSystem = md5OfAttributes(p.systemAttributes);
  let extra: MessageExtra | undefined;
  if (md5OfAttrs || md5OfSystem || p.groupId !== undefined) {
    extra = {};
    if (md5OfAttrs) {
      extra.attributes = p.attributes;
      extra.md5OfAttributes = md5OfAttrs;
    }
    if (md5OfSystem) {
      extra.traceHeader = p.systemAttributes!.AWSTraceHeader!.StringValue;
      extra.md5OfSystemAttributes = md5OfSystem;
    }
    // Standard queues accept MessageGroupId too (fair queues) and return it as an attribute.
    if (p.groupId !== undefined) extra.groupId = p.groupId;
  }
  const outcome = (messageId: string, sequenceNumber?: string): SendOutcome => ({
    messageId,
    md5OfBody,
    ...(md5OfAttrs && { md5OfAttributes: md5OfAttrs }),
    ...(md5OfSystem && { md5OfSystemAttributes: md5OfSystem }),
    ...(sequenceNumber && { sequenceNumber }),
  });

  if (!q.fifo) {
    if (p.deduplicationId !== undefined) {
      throw invalidParam('MessageDeduplicationId', p.deduplicationId, 'The request includes a parameter that is not valid for this queue type.');
    }
    const m = new SqsMessage(ids.uuid(), p.body, md5OfBody, senderId, now - q.epoch, extra);
    q.enqueue(m, delay ?? q.delaySeconds, now);
    return outcome(m.messageId);
  }

  // FIFO: per-message delays are not allowed (only the queue's), a group id is required, and a
  // deduplication id unless the queue derives one from the body.
  if (delay !== undefined && delay !== 0) {
    throw invalidParam('DelaySeconds', delay, 'The request include parameter that is not valid for this queue type.');
  }
  if (p.groupId === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
  let dedupId = p.deduplicationId;
  if (dedupId === undefined) {
    if (!q.contentBasedDeduplication) {
      throw new AwsError('InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
    }
    // Content-based: SHA-256 of the body (not the attributes).
    dedupId = createHash('sha256').update(p.body, 'utf8').digest('hex');
  }
  const groups = q.groups!;
  const key = q.deduplicationScope === 'messageGroup' ? `${p.groupId}\u0000${dedupId}` : dedupId;
  const earlier = groups.duplicateOf(key, now);
  // A duplicate within the 5-minute window is accepted and answered like the original, not enqueued.
  if (earlier) return outcome(earlier.messageId, earlier.sequenceNumber);
  extra!.deduplicationId = dedupId;
  extra!.sequenceNumber = groups.nextSequenceNumber();
  const m = new SqsMessage(ids.uuid(), p.body, md5OfBody, senderId, now - q.epoch, extra);
  q.enqueue(m, q.delaySeconds, now);
  groups.remember(key, now, m.messageId, extra!.sequenceNumber);
  return outcome(m.messageId, extra!.sequenceNumber);
}

export function sendMessage(input: SendMessageRequest, ctx: RequestContext, state: SqsState): SendMessageResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const now = ctx.clock.now();
  const r = sendOne(q, paramsOf(input), ctx.account, ctx.ids, now);
  q.notify(now);
  return {
    MD5OfMessageBody: r.md5OfBody,
    ...(r.md5OfAttributes && { MD5OfMessageAttributes: r.md5OfAttributes }),
    ...(r.md5OfSystemAttributes && { MD5OfMessageSystemAttributes: r.md5OfSystemAttributes }),
    MessageId: r.messageId,
    ...(r.sequenceNumber && { SequenceNumber: r.sequenceNumber }),
  };
}

function paramsOf(e: Omit<SendMessageRequest, 'QueueUrl'>): SendParams {
  return {
    body: e.MessageBody!,
    ...(e.MessageAttributes && { attributes: e.MessageAttributes }),
    ...(e.MessageSystemAttributes && { systemAttributes: e.MessageSystemAttributes as Record<string, MessageAttributeValue> }),
    ...(e.DelaySeconds !== undefined && { delaySeconds: e.DelaySeconds }),
    ...(e.MessageGroupId !== undefined && { groupId: e.MessageGroupId }),
    ...(e.MessageDeduplicationId !== undefined && { deduplicationId: e.MessageDeduplicationId }),
  };
}

export function sendMessageBatch(input: SendMessageBatchRequest, ctx: RequestContext, state: SqsState): SendMessageBatchResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const entries = input.Entries ?? [];
  checkBatch(entries, 'SendMessageBatchRequestEntry');
  let total = 0;
  for (const e of entries) total += payloadSize(e.MessageBody ?? '', e.MessageAttributes);
  if (total > MAX_PAYLOAD) {
    throw new AwsError('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_PAYLOAD} bytes. You have sent ${total} bytes.`);
  }
  // FIFO: an entry without a group id, or without a deduplication id where the queue derives none,
  // fails the whole request (AWS answers 400, not a Failed entry).
  if (q.fifo) {
    for (const e of entries) {
      if (e.MessageGroupId === undefined) throw new AwsError('InvalidParameterValue', 'The request must contain the parameter MessageGroupId.');
      if (e.MessageDeduplicationId === undefined && !q.contentBasedDeduplication) {
        throw new AwsError('InvalidParameterValue', 'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly');
      }
    }
  }
  const now = ctx.clock.now();
  const Successful: SendMessageBatchResultEntry[] = [];
  const Failed: SendMessageBatchResult['Failed'] = [];
  for (const e of entries) {
    try {
      const r = sendOne(q, paramsOf(e), ctx.account, ctx.ids, now);
      Successful.push({
        Id: e.Id!,
        MessageId: r.messageId,
        MD5OfMessageBody: r.md5OfBody,
        ...(r.md5OfAttributes && { MD5OfMessageAttributes: r.md5OfAttributes }),
        ...(r.md5OfSystemAttributes && { MD5OfMessageSystemAttributes: r.md5OfSystemAttributes }),
        ...(r.sequenceNumber && { SequenceNumber: r.sequenceNumber }),
      });
    } catch (err) {
      Failed.push(batchError(e.Id!, err));
    }
  }
  q.notify(now);
  return { Successful, Failed };
}

// ------------------------------------------------------------------------------ receive

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
] as const;
const SYSTEM_SET = new Set<string>(SYSTEM_ATTRIBUTES);
// The deprecated AttributeNames member is typed with the queue attribute names; those are accepted
// and return nothing, as on AWS.
const QUEUE_ATTRIBUTE_NAMES = new Set([
  'Policy', 'VisibilityTimeout', 'MaximumMessageSize', 'MessageRetentionPeriod', 'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible', 'CreatedTimestamp', 'LastModifiedTimestamp', 'QueueArn',
  'ApproximateNumberOfMessagesDelayed', 'DelaySeconds', 'ReceiveMessageWaitTimeSeconds', 'RedrivePolicy', 'FifoQueue',
  'ContentBasedDeduplication', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds', 'DeduplicationScope',
  'FifoThroughputLimit', 'RedriveAllowPolicy', 'SqsManagedSseEnabled',
]);

/** Which attributes a ReceiveMessage asked for, resolved once per request. */
interface Selection {
  system: readonly string[];
  allUser: boolean;
  userNames: Set<string>;
  userPrefixes: string[];
}

export function selectionOf(input: ReceiveMessageRequest): Selection {
  const requested = [...(input.MessageSystemAttributeNames ?? []), ...(input.AttributeNames ?? [])] as string[];
  let system: string[] = [];
  for (const n of requested) {
    if (n === 'All' || n === '*' || n === '.*') {
      system = [...SYSTEM_ATTRIBUTES];
      break;
    }
    if (n.endsWith('.*')) {
      // A prefix selects every system attribute whose name starts with it (`Approximate.*`).
      const prefix = n.slice(0, -2);
      for (const s of SYSTEM_ATTRIBUTES) if (s.startsWith(prefix) && !system.includes(s)) system.push(s);
    } else if (SYSTEM_SET.has(n)) {
      if (!system.includes(n)) system.push(n);
    } else if (!QUEUE_ATTRIBUTE_NAMES.has(n)) {
      throw unknownAttribute(n);
    }
  }
  const sel: Selection = { system, allUser: false, userNames: new Set(), userPrefixes: [] };
  for (const n of input.MessageAttributeNames ?? []) {
    if (n === 'All' || n === '*' || n === '.*') sel.allUser = true;
    // `Hel.*` selects every name starting with `Hel` (Hello, Help.Me), as on AWS.
    else if (n.endsWith('.*')) sel.userPrefixes.push(n.slice(0, -2));
    else sel.userNames.add(n);
  }
  return sel;
}

export function renderMessage(q: Queue, m: SqsMessage, sel: Selection): Message {
  const out: Message = {
    MessageId: m.messageId,
    ReceiptHandle: q.receiptHandle(m),
    MD5OfBody: m.md5OfBody,
    Body: m.body,
  };
  const x = m.extra;
  if (sel.system.length > 0) {
    const a: Record<string, string> = {};
    for (const n of sel.system) {
      const v = systemAttribute(q, m, n);
      if (v !== undefined) a[n] = v;
    }
    out.Attributes = a;
  }
  const attrs = x?.attributes;
  if (attrs && (sel.allUser || sel.userNames.size > 0 || sel.userPrefixes.length > 0)) {
    if (sel.allUser) {
      out.MessageAttributes = attrs;
      out.MD5OfMessageAttributes = x.md5OfAttributes!;
    } else {
      // No prototype: a message attribute may legally be named `__proto__`, and must stay one.
      const picked: AttributeMap = Object.create(null);
      let any = false;
      for (const name in attrs) {
        if (sel.userNames.has(name) || sel.userPrefixes.some((p) => name.startsWith(p))) {
          picked[name] = attrs[name]!;
          any = true;
        }
      }
      // The digest covers the attributes returned (clients recompute it over what they receive).
      if (any) {
        out.MessageAttributes = picked;
        out.MD5OfMessageAttributes = md5OfAttributes(picked)!;
      }
    }
  }
  return out;
}

function systemAttribute(q: Queue, m: SqsMessage, name: string): string | undefined {
  switch (name) {
    case 'SenderId': return m.senderId;
    case 'SentTimestamp': return String(m.sentAt + q.epoch);
    case 'ApproximateReceiveCount': return String(m.receiveCount);
    case 'ApproximateFirstReceiveTimestamp': return String(m.firstReceiveAt + q.epoch);
    case 'SequenceNumber': return m.extra?.sequenceNumber;
    case 'MessageDeduplicationId': return m.extra?.deduplicationId;
    case 'MessageGroupId': return m.extra?.groupId;
    case 'AWSTraceHeader': return m.extra?.traceHeader;
    case 'DeadLetterQueueSourceArn': return m.extra?.deadLetterSourceArn;
    default: return undefined;
  }
}

export function receiveMessage(input: ReceiveMessageRequest, ctx: RequestContext, state: SqsState): ReceiveMessageResult | Promise<ReceiveMessageResult> {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const max = input.MaxNumberOfMessages ?? 1;
  if (max < 1 || max > 10) throw invalidParam('MaxNumberOfMessages', max, 'Must be between 1 and 10, if provided.');
  const visibility = input.VisibilityTimeout ?? q.visibilityTimeout;
  if (visibility < 0 || visibility > 43_200) throw invalidParam('VisibilityTimeout', visibility, 'Must be between 0 and 43200, if provided.');
  const wait = input.WaitTimeSeconds ?? q.receiveMessageWaitTimeSeconds;
  if (wait < 0 || wait > 20) throw invalidParam('WaitTimeSeconds', wait, 'Must be >= 0 and <= 20, if provided.');
  const sel = selectionOf(input);
  const now = ctx.clock.now();
  const attemptId = q.fifo ? input.ReceiveRequestAttemptId : undefined;
  if (attemptId !== undefined) {
    // A retried FIFO receive gets the same messages and handles while they are still in flight.
    const retry = q.groups!.retryOf(attemptId, now);
    if (retry) return render(q, retry, sel);
  }
  const got = q.receive(max, visibility, q.lookup, now);
  if (got.length > 0 || wait === 0) return finish(q, got, sel, attemptId, now);
  return q.wait(max, visibility, wait, ctx.signal).then((late) => finish(q, late, sel, attemptId, ctx.clock.now()));
}

function finish(q: Queue, messages: SqsMessage[], sel: Selection, attemptId: string | undefined, now: number): ReceiveMessageResult {
  if (attemptId !== undefined && messages.length > 0) q.groups!.rememberAttempt(attemptId, now, messages);
  return render(q, messages, sel);
}

function render(q: Queue, messages: SqsMessage[], sel: Selection): ReceiveMessageResult {
  // AWS omits Messages when there are none (clients see undefined, not []).
  if (messages.length === 0) return {};
  const out: Message[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) out[i] = renderMessage(q, messages[i]!, sel);
  return { Messages: out };
}

// ------------------------------------------------------------------------------ delete / visibility

function expiredHandle(handle: string): AwsError {
  return invalidParam('ReceiptHandle', handle, 'The receipt handle has expired.');
}

export function deleteByHandle(q: Queue, handle: string): void {
  const { message, receiveCount } = q.resolveHandle(handle);
  // Already deleted, expired or moved: deleting again succeeds, as on AWS.
  if (!message) return;
  const current = message.receiveCount === receiveCount;
  if (q.fifo && (!current || message.state !== INFLIGHT)) throw expiredHandle(handle);
  // Standard: a stale handle succeeds without deleting (see the top of this file); the current
  // handle deletes even after the visibility timeout ended.
  if (!current) return;
  q.remove(message);
}

export function changeVisibilityByHandle(q: Queue, handle: string, seconds: number | undefined, now: number): void {
  if (seconds === undefined || seconds < 0 || seconds > 43_200) {
    throw invalidParam('VisibilityTimeout', seconds, 'Must be between 0 and 43200, if provided.');
  }
  const { message, receiveCount } = q.resolveHandle(handle);
  if (!message) {
    throw invalidParam('ReceiptHandle', handle, 'Message does not exist or is not available for visibility timeout change.');
  }
  if (q.fifo && message.receiveCount !== receiveCount) throw expiredHandle(handle);
  if (message.state !== INFLIGHT) {
    throw new AwsError('MessageNotInflight', 'Message does not exist or is not available for visibility timeout change.');
  }
  q.changeVisibility(message, seconds, now);
}

export function deleteMessage(input: DeleteMessageRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  q.refresh(ctx.clock.now());
  deleteByHandle(q, input.ReceiptHandle!);
}

export function deleteMessageBatch(input: DeleteMessageBatchRequest, ctx: RequestContext, state: SqsState): DeleteMessageBatchResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  checkBatch(input.Entries, 'DeleteMessageBatchRequestEntry');
  q.refresh(ctx.clock.now());
  const result: DeleteMessageBatchResult = { Successful: [], Failed: [] };
  for (const e of input.Entries!) {
    try {
      deleteByHandle(q, e.ReceiptHandle!);
      result.Successful!.push({ Id: e.Id! });
    } catch (err) {
      result.Failed!.push(batchError(e.Id!, err));
    }
  }
  return result;
}

export function changeMessageVisibility(input: ChangeMessageVisibilityRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const now = ctx.clock.now();
  q.refresh(now);
  changeVisibilityByHandle(q, input.ReceiptHandle!, input.VisibilityTimeout, now);
}

export function changeMessageVisibilityBatch(input: ChangeMessageVisibilityBatchRequest, ctx: RequestContext, state: SqsState): ChangeMessageVisibilityBatchResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  checkBatch(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
  const now = ctx.clock.now();
  q.refresh(now);
  const result: ChangeMessageVisibilityBatchResult = { Successful: [], Failed: [] };
  for (const e of input.Entries!) {
    try {
      changeVisibilityByHandle(q, e.ReceiptHandle!, e.VisibilityTimeout, now);
      result.Successful!.push({ Id: e.Id! });
    } catch (err) {
      result.Failed!.push(batchError(e.Id!, err));
    }
  }
  return result;
}
