// Queue attributes: AWS's defaults, bounds and errors, GetQueueAttributes / SetQueueAttributes,
// and the Approximate* counters (exact here: the engine maintains them on every transition).
//
// Validation is all-or-nothing: every attribute of a request is parsed first, then applied, so a
// bad value never leaves a half-changed queue.
import type { GetQueueAttributesRequest, GetQueueAttributesResult, SetQueueAttributesRequest } from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { validateRedriveAllowPolicy, validateRedrivePolicy } from './dlq.js';
import type { Queue, RedrivePolicy } from './queue-engine.js';
import { queueFromUrl, type SqsState } from './store.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

/** GetQueueAttributes "All" order, as AWS lists them. */
const READABLE = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;
const READABLE_SET = new Set<string>([...READABLE, 'All']);
const FIFO_ONLY = new Set(['FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);

/** Integer attributes: [min, max] as documented for CreateQueue. */
const INTEGER_BOUNDS: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
const WRITABLE = new Set([
  ...Object.keys(INTEGER_BOUNDS),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

function invalidValue(name: string): AwsError {
  return new AwsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
}

export function unknownAttribute(name: string): AwsError {
  return new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
}

function parseBoolean(name: string, v: string): boolean {
  const l = v.toLowerCase();
  if (l === 'true') return true;
  if (l === 'false') return false;
  throw invalidValue(name);
}

/** The parsed, validated form of a request's attributes, ready to apply. */
interface Changes {
  ints: Record<string, number>;
  policy?: string | null;
  redrivePolicy?: RedrivePolicy | null;
  redriveAllowPolicy?: string | null;
  kmsMasterKeyId?: string | null;
  sqsManagedSseEnabled?: boolean;
  contentBasedDeduplication?: boolean;
  deduplicationScope?: 'queue' | 'messageGroup';
  fifoThroughputLimit?: 'perQueue' | 'perMessageGroupId';
}

/** Validates `attributes` for queue `q` (being created when `creating`); throws AWS's errors. */
export function parseAttributes(state: SqsState, q: Queue, attributes: Record<string, string>, creating: boolean): Changes {
  const c: Changes = { ints: {} };
  for (const name of Object.keys(attributes)) {
    const value = String(attributes[name] ?? '');
    if (!WRITABLE.has(name)) throw unknownAttribute(name);
    if (FIFO_ONLY.has(name) && !q.fifo) {
      // FifoQueue on a standard queue's name is unknown, even "false", as on AWS.
      if (name === 'DeduplicationScope' || name === 'FifoThroughputLimit') {
        throw new AwsError('InvalidAttributeName', `You can specify the ${name} only when FifoQueue is set to true.`);
      }
      throw unknownAttribute(name);
    }
    const bounds = INTEGER_BOUNDS[name];
    if (bounds) {
      if (!/^\s*[+-]?\d+\s*$/.test(value)) throw invalidValue(name);
      const n = Number(value);
      if (n < bounds[0] || n > bounds[1]) throw invalidValue(name);
      c.ints[name] = n;
      continue;
    }
    switch (name) {
      case 'FifoQueue':
        // Only at creation, and the name's .fifo suffix already decided it (queues.ts checks both agree).
        if (!creating) throw unknownAttribute(name);
        parseBoolean(name, value);
        break;
      case 'ContentBasedDeduplication':
        c.contentBasedDeduplication = parseBoolean(name, value);
        break;
      case 'SqsManagedSseEnabled':
        c.sqsManagedSseEnabled = parseBoolean(name, value);
        break;
      case 'DeduplicationScope':
        if (value !== 'queue' && value !== 'messageGroup') throw invalidValue(name);
        c.deduplicationScope = value;
        break;
      case 'FifoThroughputLimit':
        if (value !== 'perQueue' && value !== 'perMessageGroupId') throw invalidValue(name);
        c.fifoThroughputLimit = value;
        break;
      case 'KmsMasterKeyId':
        c.kmsMasterKeyId = value === '' ? null : value;
        break;
      case 'Policy':
        c.policy = value === '' ? null : normalizePolicy(value);
        break;
      case 'RedrivePolicy':
        c.redrivePolicy = value === '' ? null : validateRedrivePolicy(state, q, value);
        break;
      case 'RedriveAllowPolicy':
        c.redriveAllowPolicy = value === '' ? null : validateRedriveAllowPolicy(value);
        break;
    }
  }
  // High-throughput FIFO: perMessageGroupId needs messageGroup deduplication.
  const scope = c.deduplicationScope ?? q.deduplicationScope;
  if ((c.fifoThroughputLimit ?? q.fifoThroughputLimit) === 'perMessageGroupId' && scope !== 'messageGroup') {
    throw new AwsError('InvalidAttributeValue', 'The perMessageGroupId value is allowed only when the value for DeduplicationScope is messageGroup.');
  }
  // One kind of server-side encryption at a time.
  const kmsKey = c.kmsMasterKeyId === undefined ? q.kmsMasterKeyId : c.kmsMasterKeyId ?? undefined;
  if (c.sqsManagedSseEnabled === true && kmsKey) {
    throw new AwsError('InvalidAttributeValue', 'You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.');
  }
  return c;
}

export function applyAttributes(q: Queue, c: Changes, now: number): void {
  for (const [name, n] of Object.entries(c.ints)) {
    switch (name) {
      case 'DelaySeconds': q.delaySeconds = n; break;
      case 'MaximumMessageSize': q.maximumMessageSize = n; break;
      case 'MessageRetentionPeriod': q.messageRetentionPeriod = n; break;
      case 'ReceiveMessageWaitTimeSeconds': q.receiveMessageWaitTimeSeconds = n; break;
      case 'VisibilityTimeout': q.visibilityTimeout = n; break;
      case 'KmsDataKeyReusePeriodSeconds': q.kmsDataKeyReusePeriodSeconds = n; break;
    }
  }
  if (c.policy !== undefined) q.policy = c.policy ?? undefined;
  if (c.redrivePolicy !== undefined) q.redrivePolicy = c.redrivePolicy ?? undefined;
  if (c.redriveAllowPolicy !== undefined) q.redriveAllowPolicy = c.redriveAllowPolicy ?? undefined;
  if (c.kmsMasterKeyId !== undefined) {
    q.kmsMasterKeyId = c.kmsMasterKeyId ?? undefined;
    // SSE-KMS replaces SSE-SQS (AWS turns SqsManagedSseEnabled off when a key is set).
    if (q.kmsMasterKeyId) q.sqsManagedSseEnabled = false;
  }
  if (c.sqsManagedSseEnabled !== undefined) q.sqsManagedSseEnabled = c.sqsManagedSseEnabled;
  if (c.contentBasedDeduplication !== undefined) q.contentBasedDeduplication = c.contentBasedDeduplication;
  if (c.deduplicationScope !== undefined) q.deduplicationScope = c.deduplicationScope;
  if (c.fifoThroughputLimit !== undefined) q.fifoThroughputLimit = c.fifoThroughputLimit;
  q.lastModifiedAt = now;
  q.refresh(now);
}

function normalizePolicy(text: string): string {
  let doc: unknown;
  try {
    doc = parseJsonDocument(text);
  } catch {
    throw invalidValue('Policy');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidValue('Policy');
  return JSON.stringify(doc);
}

/** One attribute's current value as GetQueueAttributes renders it, or undefined when unset. */
export function attributeValue(q: Queue, name: string): string | undefined {
  switch (name) {
    case 'QueueArn': return q.arn;
    case 'ApproximateNumberOfMessages': return String(q.visibleCount);
    case 'ApproximateNumberOfMessagesNotVisible': return String(q.inflightCount);
    case 'ApproximateNumberOfMessagesDelayed': return String(q.delayedCount);
    case 'CreatedTimestamp': return String(Math.floor(q.createdAt / 1000));
    case 'LastModifiedTimestamp': return String(Math.floor(q.lastModifiedAt / 1000));
    case 'VisibilityTimeout': return String(q.visibilityTimeout);
    case 'MaximumMessageSize': return String(q.maximumMessageSize);
    case 'MessageRetentionPeriod': return String(q.messageRetentionPeriod);
    case 'DelaySeconds': return String(q.delaySeconds);
    case 'ReceiveMessageWaitTimeSeconds': return String(q.receiveMessageWaitTimeSeconds);
    case 'Policy': return q.policy;
    case 'RedrivePolicy': return q.redrivePolicy ? JSON.stringify(q.redrivePolicy) : undefined;
    case 'RedriveAllowPolicy': return q.redriveAllowPolicy;
    case 'KmsMasterKeyId': return q.kmsMasterKeyId;
    case 'KmsDataKeyReusePeriodSeconds': return q.kmsMasterKeyId ? String(q.kmsDataKeyReusePeriodSeconds) : undefined;
    case 'SqsManagedSseEnabled': return String(q.sqsManagedSseEnabled);
    case 'FifoQueue': return q.fifo ? 'true' : undefined;
    case 'ContentBasedDeduplication': return q.fifo ? String(q.contentBasedDeduplication) : undefined;
    case 'DeduplicationScope': return q.fifo ? q.deduplicationScope : undefined;
    case 'FifoThroughputLimit': return q.fifo ? q.fifoThroughputLimit : undefined;
    default: return undefined;
  }
}

export function renderAttributes(q: Queue, names: readonly string[]): Record<string, string> {
  q.refresh();
  const wanted = names.includes('All') ? READABLE : names;
  const out: Record<string, string> = {};
  for (const name of wanted) {
    const v = attributeValue(q, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

export function getQueueAttributes(input: GetQueueAttributesRequest, ctx: RequestContext, state: SqsState): GetQueueAttributesResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const names = (input.AttributeNames ?? []) as string[];
  for (const n of names) if (!READABLE_SET.has(n)) throw unknownAttribute(n);
  const attributes = renderAttributes(q, names);
  // AWS omits the map when nothing was asked for.
  return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

export function setQueueAttributes(input: SetQueueAttributesRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const changes = parseAttributes(state, q, (input.Attributes ?? {}) as Record<string, string>, false);
  applyAttributes(q, changes, ctx.clock.now());
  q.persist();
}
