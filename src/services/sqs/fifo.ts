// FIFO queue machinery: message groups (per-group order, a group is locked while any of its
// messages is in flight), the 5-minute deduplication window, sequence numbers and
// ReceiveRequestAttemptId. The queue engine (queue-engine.ts) owns the messages; this file owns the
// group lists they sit in while visible.
//
// Groups that have visible messages and nothing in flight form the "ready" list; a receive takes
// groups from its front and as many messages of one group as it can before moving to the next
// (AWS: "SQS first attempts to return as many messages with the same message group ID as
// possible"). Every step is O(1) per message, whatever the number of groups or messages.
import { type SqsMessage } from './message.js';
import { COUNTER_BLOCK } from './rows.js';

/** AWS's deduplication interval (and the ReceiveRequestAttemptId window). */
export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

export class MessageGroup {
  head: SqsMessage | null = null;
  tail: SqsMessage | null = null;
  inflight = 0;
  ready = false;
  prevReady: MessageGroup | null = null;
  nextReady: MessageGroup | null = null;
  constructor(readonly id: string) {}
}

/** Where a queue's FIFO state goes when it changes (the queue's durable rows). */
export interface FifoSink {
  /** The sequence counter passed its reserved limit (the queue row records the new one). */
  reserved(): void;
  putDedup(key: string, e: DedupEntry): void;
  dropDedup(key: string): void;
}

export interface DedupEntry {
  /** Absolute clock ms. */
  expiresAt: number;
  messageId: string;
  sequenceNumber: string;
}

interface ReceiveAttempt {
  expiresAt: number;
  messages: Array<{ message: SqsMessage; receiveCount: number }>;
}

export class FifoGroups {
  readonly groups = new Map<string, MessageGroup>();
  private readyHead: MessageGroup | null = null;
  private readyTail: MessageGroup | null = null;
  /** Insertion order is expiry order (the clock only moves forward), so pruning reads the front. */
  private readonly dedup = new Map<string, DedupEntry>();
  private readonly attempts = new Map<string, ReceiveAttempt>();
  /** Sequence numbers: a fixed 10-digit prefix from the queue's creation time, then a counter. */
  private readonly sequencePrefix: string;
  private sequence = 0;
  /** The counter may reach this before the queue row must record a new limit. */
  sequenceLimit = 0;

  constructor(
    createdAtMs: number,
    private readonly sink?: FifoSink,
  ) {
    this.sequencePrefix = String(18_000_000_000 + (Math.floor(createdAtMs / 1000) % 1_000_000_000)).slice(0, 10);
  }

  nextSequenceNumber(): string {
    this.sequence++;
    if (this.sequence > this.sequenceLimit) {
      this.sequenceLimit = this.sequence + COUNTER_BLOCK;
      this.sink?.reserved();
    }
    return this.sequencePrefix + String(this.sequence).padStart(10, '0');
  }

  /** Restart: numbering resumes after everything the persisted limit may have handed out. */
  restoreSequence(limit: number): void {
    this.sequence = this.sequenceLimit = limit;
  }

  /** Restart: a persisted window entry (entries must come in expiry order). */
  restoreDedup(key: string, e: DedupEntry): void {
    this.dedup.set(key, e);
  }

  /** Every window entry's key (the queue is deleted: its rows go). */
  dedupKeys(): IterableIterator<string> {
    return this.dedup.keys();
  }

  group(id: string): MessageGroup {
    let g = this.groups.get(id);
    if (!g) {
      g = new MessageGroup(id);
      this.groups.set(id, g);
    }
    return g;
  }

  // ---- deduplication

  /** The earlier message this one duplicates, if its window is still open. */
  duplicateOf(key: string, now: number): DedupEntry | undefined {
    this.pruneDedup(now);
    const e = this.dedup.get(key);
    return e && e.expiresAt > now ? e : undefined;
  }

  remember(key: string, now: number, messageId: string, sequenceNumber: string): void {
    this.dedup.delete(key);
    const e = { expiresAt: now + DEDUPLICATION_WINDOW_MS, messageId, sequenceNumber };
    this.dedup.set(key, e);
    this.sink?.putDedup(key, e);
  }

  private pruneDedup(now: number): void {
    for (const [key, e] of this.dedup) {
      if (e.expiresAt > now) break;
      this.dedup.delete(key);
      this.sink?.dropDedup(key);
    }
  }

  // ---- ReceiveRequestAttemptId

  /** The messages an earlier receive with this attempt id returned, when all are still in flight
   *  from that same receive (AWS then answers the retry with the same messages and handles). */
  retryOf(attemptId: string, now: number): SqsMessage[] | undefined {
    for (const [key, a] of this.attempts) {
      if (a.expiresAt > now) break;
      this.attempts.delete(key);
    }
    const a = this.attempts.get(attemptId);
    if (!a || a.expiresAt <= now) return undefined;
    const same = a.messages.every((e) => e.message.receiveCount === e.receiveCount && e.message.state === 2);
    return same ? a.messages.map((e) => e.message) : undefined;
  }

  rememberAttempt(attemptId: string, now: number, messages: SqsMessage[]): void {
    this.attempts.delete(attemptId);
    this.attempts.set(attemptId, {
      expiresAt: now + DEDUPLICATION_WINDOW_MS,
      messages: messages.map((message) => ({ message, receiveCount: message.receiveCount })),
    });
  }

  // ---- group lists

  /** A new or delayed-then-due message joins the end of its group. */
  append(g: MessageGroup, m: SqsMessage): void {
    m.prev = g.tail;
    m.next = null;
    if (g.tail) g.tail.next = m;
    else g.head = m;
    g.tail = m;
    if (g.inflight === 0) this.markReady(g);
  }

  /** A message whose visibility timeout ended goes back in serial order (it precedes the rest). */
  returnToGroup(g: MessageGroup, m: SqsMessage): void {
    let after: SqsMessage | null = null;
    let cur = g.head;
    while (cur && cur.serial < m.serial) {
      after = cur;
      cur = cur.next;
    }
    m.prev = after;
    m.next = cur;
    if (after) after.next = m;
    else g.head = m;
    if (cur) cur.prev = m;
    else g.tail = m;
  }

  /** Unlinks a visible message from its group (deleted, expired, purged, moved). */
  unlink(g: MessageGroup, m: SqsMessage): void {
    if (m.prev) m.prev.next = m.next;
    else g.head = m.next;
    if (m.next) m.next.prev = m.prev;
    else g.tail = m.prev;
    m.prev = m.next = null;
    this.settle(g);
  }

  /** One of the group's in-flight messages left flight (deleted, expired, moved). */
  leftFlight(g: MessageGroup): void {
    g.inflight--;
    this.settle(g);
  }

  /** Keeps the ready list and the group map consistent with the group's contents. */
  settle(g: MessageGroup): void {
    if (g.inflight === 0 && g.head) this.markReady(g);
    else this.unready(g);
    if (g.inflight === 0 && !g.head) this.groups.delete(g.id);
  }

  /** The first ready group, detached from the ready list (the caller locks or re-settles it). */
  takeReady(): MessageGroup | null {
    const g = this.readyHead;
    if (g) this.unready(g);
    return g;
  }

  private markReady(g: MessageGroup): void {
    if (g.ready) return;
    g.ready = true;
    g.prevReady = this.readyTail;
    g.nextReady = null;
    if (this.readyTail) this.readyTail.nextReady = g;
    else this.readyHead = g;
    this.readyTail = g;
  }

  private unready(g: MessageGroup): void {
    if (!g.ready) return;
    g.ready = false;
    if (g.prevReady) g.prevReady.nextReady = g.nextReady;
    else this.readyHead = g.nextReady;
    if (g.nextReady) g.nextReady.prevReady = g.prevReady;
    else this.readyTail = g.prevReady;
    g.prevReady = g.nextReady = null;
  }

  clear(): void {
    this.groups.clear();
    this.readyHead = this.readyTail = null;
    this.attempts.clear();
  }
}
