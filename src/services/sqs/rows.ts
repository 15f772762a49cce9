// SQS's durable records: four stores of plain rows (state/durable/stores.ts), all per account and
// region. The queue engine's live structures (linked lists, FIFO groups, the deadline heap, the
// receipt-handle map) are indexes rebuilt from these rows when the state is created (store.ts);
// every mutation puts or deletes the rows it changes, in the request (or scheduler run) that makes
// it, so its writes commit before the response is written.
//
//   queues    key: queue name. QueueRow: identity (uid, epoch), settings, tags, policy, redrive,
//             timestamps, lastPurgeAt, and the reserved limits of the two per-queue counters.
//   messages  key: '<queue name> <serial, 15 digits>' (so rows load in serial order per queue).
//             MessageRow: where the message is (state, deadline, receives, send time, FIFO group),
//             all a restart needs to rebuild the indexes: a few small numbers (a queue may hold
//             millions), re-put on every receive and visibility change. Its detail, ContentRow:
//             what the message carries (id, body, sender, attributes and their MD5s, FIFO ids),
//             written when it enters the queue and not changed after; a restart does not read it,
//             the engine does when the message is next received or moved (queue-engine.ts `load`).
//   dedup     key: '<queue name> <dedup key>' (FIFO deduplication window entries).
//   tasks     key: task handle. MoveTaskRow: the task's fields and its next slice's deadline.
//
// Counters without a write per message: a queue's serial (receipt handles and FIFO order use it)
// and its FIFO sequence number are handed out from blocks; the queue row records the end of the
// current block (re-put when a block is used up), and a restart resumes after it. Numbers stay
// unique and increasing across restarts (sequence numbers are non-consecutive on AWS too).
import type { Store, Stores, StoreSpec } from '../../state/durable/stores.js';
import type { AttributeMap } from './md5.js';
import type { MessageExtra, SqsMessage } from './message.js';
import type { RedrivePolicy } from './redrive-policy.js';

export const QUEUES: StoreSpec = { name: 'queues', scope: 'region', version: 1 };
// Version 1 rows held a message whole (V1MessageRow); version 2 splits it into a MessageRow and
// its ContentRow detail. A migration returns a row only, so a version 1 row becomes a MessageRow
// with its ContentRow appended, which the restore moves to the detail (queue-engine.ts).
export const MESSAGES: StoreSpec = { name: 'messages', scope: 'region', version: 2, migrate: (row, from) => (from === 1 ? splitV1(row as V1MessageRow) : undefined) };
export const DEDUP: StoreSpec = { name: 'dedup', scope: 'region', version: 1 };
export const TASKS: StoreSpec = { name: 'tasks', scope: 'region', version: 1 };

/** How many serials / sequence numbers one queue-row write reserves. */
export const COUNTER_BLOCK = 4096;

export interface QueueRow {
  uid: string;
  /** Absolute ms; message times are relative to it. */
  epoch: number;
  createdAt: number;
  lastModifiedAt: number;
  visibilityTimeout: number;
  delaySeconds: number;
  messageRetentionPeriod: number;
  maximumMessageSize: number;
  receiveMessageWaitTimeSeconds: number;
  redrivePolicy?: RedrivePolicy;
  redriveAllowPolicy?: string;
  policy?: string;
  contentBasedDeduplication: boolean;
  deduplicationScope: 'queue' | 'messageGroup';
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId';
  kmsMasterKeyId?: string;
  kmsDataKeyReusePeriodSeconds: number;
  sqsManagedSseEnabled: boolean;
  tags: Record<string, string>;
  /** Absolute ms, null when never purged. */
  lastPurgeAt: number | null;
  /** Serials up to this one may have been handed out. */
  serialLimit: number;
  /** FIFO: sequence numbers up to this counter value may have been handed out. */
  sequenceLimit?: number;
}

/** [serial, sentAt, state, visibleAt, receiveCount, firstReceiveAt, receivedAt, groupId?].
 *  Times are relative to the queue's epoch; state is the engine's (VISIBLE / DELAYED / INFLIGHT);
 *  a deadline that passed while stopped applies on load. A row migrated from version 1 carries
 *  its ContentRow at [8] (groupId then null when it had none) until the restore moves it. */
export type MessageRow = [number, number, number, number, number, number, number, (string | null)?, ContentRow?];

/** [messageId, body, md5OfBody, senderId, extra?]. */
export type ContentRow = [string, string, string, string, ExtraRow?];

/** A message as version 1 of the messages store kept it: [serial, messageId, body, md5OfBody,
 *  senderId, sentAt, state, visibleAt, receiveCount, firstReceiveAt, receivedAt, extra?]. */
type V1MessageRow = [number, string, string, string, string, number, number, number, number, number, number, ExtraRow?];

/** MessageExtra with binary attribute values as base64 text. */
export type ExtraRow = MessageExtra;

export type DedupRow = [messageId: string, sequenceNumber: string, expiresAt: number];

export interface MoveTaskRow {
  taskHandle: string;
  sourceArn: string;
  destinationArn?: string;
  maxNumberOfMessagesPerSecond?: number;
  status: string;
  startedTimestamp: number;
  approximateNumberOfMessagesMoved: number;
  approximateNumberOfMessagesToMove: number;
  failureReason?: string;
  /** RUNNING: when its next slice runs (absolute ms). */
  nextAt?: number;
}

export interface SqsStores {
  queues: Store<QueueRow>;
  messages: Store<MessageRow, ContentRow>;
  dedup: Store<DedupRow>;
  tasks: Store<MoveTaskRow>;
}

export function openSqsStores(stores: Stores): SqsStores {
  return {
    queues: stores.open<QueueRow>('sqs', QUEUES),
    messages: stores.open<MessageRow, ContentRow>('sqs', MESSAGES),
    dedup: stores.open<DedupRow>('sqs', DEDUP),
    tasks: stores.open<MoveTaskRow>('sqs', TASKS),
  };
}

const nothing = (): [] => [];
const ignore = (): void => {};
function noStore<Row, Detail = never>(spec: StoreSpec): Store<Row, Detail> {
  return { spec, persistent: false, load: nothing, loadPrefix: nothing, detail: () => undefined, put: ignore, putWithDetail: ignore, delete: ignore };
}

/** Stores that keep nothing (queues built outside a service state, e.g. engine unit tests). */
export const NO_STORES: SqsStores = { queues: noStore(QUEUES), messages: noStore(MESSAGES), dedup: noStore(DEDUP), tasks: noStore(TASKS) };

// ------------------------------------------------------------------------------ messages

const SERIAL_DIGITS = 15;

export function messageKey(queue: string, serial: number): string {
  return queue + ' ' + String(serial).padStart(SERIAL_DIGITS, '0');
}

export function messageRow(m: SqsMessage): MessageRow {
  const row: MessageRow = [m.serial, m.sentAt, m.state, m.visibleAt, m.receiveCount, m.firstReceiveAt, m.receivedAt];
  const group = m.extra?.groupId;
  if (group !== undefined) row.push(group);
  return row;
}

export function contentRow(m: SqsMessage): ContentRow {
  const row: ContentRow = [m.messageId, m.body, m.md5OfBody, m.senderId];
  if (m.extra !== undefined) row.push(m.extra.attributes ? encodeExtra(m.extra) : m.extra);
  return row;
}

function splitV1(r: V1MessageRow): MessageRow {
  const content: ContentRow = [r[1], r[2], r[3], r[4]];
  if (r[11] !== undefined) content.push(r[11]);
  return [r[0], r[5], r[6], r[7], r[8], r[9], r[10], r[11]?.groupId ?? null, content];
}

function encodeExtra(x: MessageExtra): ExtraRow {
  const attrs = x.attributes!;
  let binary = false;
  for (const name in attrs) if (attrs[name]!.BinaryValue != null && typeof attrs[name]!.BinaryValue !== 'string') binary = true;
  if (!binary) return x;
  const encoded: AttributeMap = Object.create(null);
  for (const name in attrs) {
    const a = attrs[name]!;
    encoded[name] = a.BinaryValue != null && typeof a.BinaryValue !== 'string' ? { ...a, BinaryValue: Buffer.from(a.BinaryValue).toString('base64') as never } : a;
  }
  return { ...x, attributes: encoded };
}

/** The row's extra as the engine keeps it: binary attribute values back as bytes. */
export function decodeExtra(x: ExtraRow): MessageExtra {
  const attrs = x.attributes;
  if (!attrs) return x;
  // No prototype: a message attribute may legally be named `__proto__`.
  const decoded: AttributeMap = Object.create(null);
  for (const name of Object.keys(attrs)) {
    const a = attrs[name]!;
    decoded[name] = typeof a.BinaryValue === 'string' ? { ...a, BinaryValue: Buffer.from(a.BinaryValue, 'base64') } : a;
  }
  x.attributes = decoded;
  return x;
}

// ------------------------------------------------------------------------------ dedup

/** Deduplication keys hold no spaces (FIFO ids are printable ASCII without it; the group scope's
 *  separator becomes one), so '<queue> <key>' is unambiguous. */
export function dedupKey(queue: string, key: string): string {
  return queue + ' ' + key.replace('\u0000', ' ');
}
