// One message as the queue engine keeps it. Memory matters here (a queue may hold millions): the
// record is one object with a fixed shape, no closures, no per-message timers, no Maps; fields that
// most messages do not use live in the optional `extra` object. Times are milliseconds relative to
// the owning queue's `epoch`, so they stay small integers (V8 stores those inline, while a full
// epoch-milliseconds number would be boxed as a separate 16-byte heap number).
import type { HeapEntry } from './heap.js';
import type { AttributeMap } from './md5.js';

/** Where a message is: the visible list (or its FIFO group), the heap (delayed or in flight), or gone. */
export const VISIBLE = 0;
export const DELAYED = 1;
export const INFLIGHT = 2;
export const GONE = 3;
export type MessageState = typeof VISIBLE | typeof DELAYED | typeof INFLIGHT | typeof GONE;

/** What only some messages carry. */
export interface MessageExtra {
  attributes?: AttributeMap;
  md5OfAttributes?: string;
  /** MessageSystemAttributes.AWSTraceHeader as sent. */
  traceHeader?: string;
  md5OfSystemAttributes?: string;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
  /** Set when the message was moved to this queue as a dead letter. */
  deadLetterSourceArn?: string;
}

export class SqsMessage implements HeapEntry {
  /** Per-queue serial number: receipt handles name it, FIFO groups order by it. */
  serial = 0;
  state: MessageState = VISIBLE;
  receiveCount = 0;
  /** Meaningful once receiveCount > 0. */
  firstReceiveAt = 0;
  /** When the current receive happened (queue-relative ms): its visibility may not end later than
   *  12 hours after it, however often ChangeMessageVisibility extends it. */
  receivedAt = 0;
  /** Delayed: when it becomes visible; in flight: when its visibility timeout ends. */
  visibleAt = 0;
  heapIndex = -1;
  /** Links of the visible list (standard) or of the message group's list (FIFO). */
  prev: SqsMessage | null = null;
  next: SqsMessage | null = null;
  /** Links of the queue's age list (send order), which retention expiry walks from the oldest. */
  older: SqsMessage | null = null;
  newer: SqsMessage | null = null;

  // The content: what the message carries and no index needs. A message restored from its rows
  // has none ('' and, but for its FIFO group id, no extra) until the queue reads it from the
  // store, when the message is next received or moved (Queue.load): a restart then builds only
  // the indexes, without a million bodies to read and keep.
  messageId: string;
  body: string;
  md5OfBody: string;
  senderId: string;

  constructor(
    messageId: string,
    body: string,
    md5OfBody: string,
    senderId: string,
    /** Relative to the queue's epoch. */
    public sentAt: number,
    public extra: MessageExtra | undefined,
  ) {
    this.messageId = flat(messageId);
    this.body = body;
    this.md5OfBody = md5OfBody;
    this.senderId = senderId;
  }

  /** False for a restored message whose content is still in the store. */
  get loaded(): boolean {
    return this.messageId !== '';
  }
}

/** crypto.randomUUID() builds its result by concatenation: a tree of cons strings (~490 bytes)
 *  until something flattens it. Reading one character flattens it in place, and the GC then drops
 *  the tree (~64 bytes left): a 7x saving per stored message id. */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}
