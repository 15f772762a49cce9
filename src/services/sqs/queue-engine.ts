// One queue: its settings and its messages. The engine keeps every operation O(1) or O(log n) in
// the queue's depth, never a scan (moto scans the whole queue per call and slows as it grows):
//   - visible messages: a doubly-linked list (standard) or per-group lists (FIFO, see fifo.ts);
//     send appends, receive takes from the head;
//   - delayed and in-flight messages: a min-heap on their deadline (heap.ts); a deadline is acted
//     on when the queue is next touched (`refresh`), so there are no per-message timers;
//   - the age list (send order) for retention expiry, walked from the oldest end;
//   - a Map from serial to message for messages that have been received (receipt handles).
// Counters (visible / in flight / delayed) are maintained on every transition, so the
// Approximate* attributes are exact and O(1).
//
// Long polling: a ReceiveMessage that finds nothing registers a waiter; sends and visibility
// changes hand messages to waiters directly. While waiters exist, one timer per queue is armed for
// the earliest heap deadline so that a message whose delay or visibility timeout ends wakes them.
// Both that timer and the wait's own end run on the host's scheduler, on the instance's clock: under
// a test's ManualClock a long poll ends when the test moves the clock past its wait time. A wait
// also ends (empty) when its request's signal aborts: the client has gone, nobody reads the answer.
import { AwsError } from '../../protocol/errors.js';
import type { Clock } from '../../state/clock.js';
import type { Scheduler, Timer } from '../../state/scheduler.js';
import { DeadlineHeap } from './heap.js';
import type { RedrivePolicy } from './redrive-policy.js';
import { FifoGroups, type MessageGroup } from './fifo.js';
import { DELAYED, GONE, INFLIGHT, SqsMessage, VISIBLE } from './message.js';
import { contentRow, COUNTER_BLOCK, decodeExtra, dedupKey, messageKey, messageRow, NO_STORES, type ContentRow, type MessageRow, type QueueRow, type SqsStores } from './rows.js';

/** AWS's in-flight limit for standard queues (FIFO queues stop returning messages instead). */
export const MAX_INFLIGHT = 120_000;

export type { RedrivePolicy } from './redrive-policy.js';

interface Waiter {
  max: number;
  visibilityTimeout: number;
  deliver(messages: SqsMessage[]): void;
  /** Ends the wait at its wait time. */
  timer: Timer;
  /** Stops listening to the request's signal. */
  release(): void;
}

/** What a queue needs of the host to tell and keep time (the Host satisfies it). The scheduler is
 *  read when a timer is set, so a queue always uses the instance's current one. */
export interface QueueTime {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
}

/** Finds another queue by ARN (dead-letter targets). */
export type QueueLookup = (arn: string) => Queue | undefined;


/** A receive's visibility ends at most 12 hours after the receive (AWS's documented maximum). */
const MAX_VISIBILITY_MS = 43_200_000;
export class Queue {
  // ---- identity
  /** Random per incarnation: receipt handles of a deleted and re-created queue are invalid. */
  readonly uid: string;
  readonly arn: string;
  readonly fifo: boolean;
  /** Absolute ms; message times are relative to it. */
  readonly epoch: number;
  deleted = false;

  // ---- attributes (attributes.ts validates and renders them)
  visibilityTimeout = 30;
  delaySeconds = 0;
  messageRetentionPeriod = 345_600;
  maximumMessageSize = 1_048_576;
  receiveMessageWaitTimeSeconds = 0;
  redrivePolicy: RedrivePolicy | undefined;
  /** Normalized JSON text as GetQueueAttributes returns it. */
  redriveAllowPolicy: string | undefined;
  policy: string | undefined;
  contentBasedDeduplication = false;
  deduplicationScope: 'queue' | 'messageGroup' = 'queue';
  fifoThroughputLimit: 'perQueue' | 'perMessageGroupId' = 'perQueue';
  kmsMasterKeyId: string | undefined;
  kmsDataKeyReusePeriodSeconds = 300;
  sqsManagedSseEnabled = true;
  createdAt: number;
  lastModifiedAt: number;
  tags: Record<string, string> = {};
  lastPurgeAt = -Infinity;

  // ---- messages
  private head: SqsMessage | null = null;
  private tail: SqsMessage | null = null;
  readonly groups: FifoGroups | undefined;
  private readonly heap = new DeadlineHeap<SqsMessage>();
  private oldest: SqsMessage | null = null;
  private newest: SqsMessage | null = null;
  private readonly received = new Map<number, SqsMessage>();
  private serials = 0;
  /** Serials up to this one may be handed out before the queue row must record a new limit. */
  private serialLimit = 0;
  visibleCount = 0;
  inflightCount = 0;
  delayedCount = 0;

  // ---- long polling
  private waiters: Waiter[] = [];
  private wakeTimer: Timer | undefined;
  readonly clock: Clock;

  constructor(
    readonly name: string,
    readonly account: string,
    readonly region: string,
    private readonly time: QueueTime,
    uid: string,
    /** Where the queue's rows go (durable state); nowhere by default. */
    private readonly stores: SqsStores = NO_STORES,
    /** A persisted queue being restored (its identity and settings; messages follow). */
    restored?: QueueRow,
  ) {
    this.clock = time.clock;
    this.uid = uid;
    this.arn = `arn:aws:sqs:${region}:${account}:${name}`;
    this.fifo = name.endsWith('.fifo');
    this.epoch = restored ? restored.epoch : time.clock.now();
    this.createdAt = this.lastModifiedAt = this.epoch;
    this.groups = this.fifo
      ? new FifoGroups(this.epoch, {
          reserved: () => this.persist(),
          putDedup: (key, e) => this.stores.dedup.put(this.account, this.region, dedupKey(this.name, key), [e.messageId, e.sequenceNumber, e.expiresAt]),
          dropDedup: (key) => this.stores.dedup.delete(this.account, this.region, dedupKey(this.name, key)),
        })
      : undefined;
    if (restored) this.restoreSettings(restored);
  }

  // ------------------------------------------------------------------ rows

  /** The queue's row (settings, tags, counters' limits). */
  row(): QueueRow {
    return {
      uid: this.uid,
      epoch: this.epoch,
      createdAt: this.createdAt,
      lastModifiedAt: this.lastModifiedAt,
      visibilityTimeout: this.visibilityTimeout,
      delaySeconds: this.delaySeconds,
      messageRetentionPeriod: this.messageRetentionPeriod,
      maximumMessageSize: this.maximumMessageSize,
      receiveMessageWaitTimeSeconds: this.receiveMessageWaitTimeSeconds,
      ...(this.redrivePolicy && { redrivePolicy: this.redrivePolicy }),
      ...(this.redriveAllowPolicy !== undefined && { redriveAllowPolicy: this.redriveAllowPolicy }),
      ...(this.policy !== undefined && { policy: this.policy }),
      contentBasedDeduplication: this.contentBasedDeduplication,
      deduplicationScope: this.deduplicationScope,
      fifoThroughputLimit: this.fifoThroughputLimit,
      ...(this.kmsMasterKeyId !== undefined && { kmsMasterKeyId: this.kmsMasterKeyId }),
      kmsDataKeyReusePeriodSeconds: this.kmsDataKeyReusePeriodSeconds,
      sqsManagedSseEnabled: this.sqsManagedSseEnabled,
      tags: this.tags,
      lastPurgeAt: Number.isFinite(this.lastPurgeAt) ? this.lastPurgeAt : null,
      serialLimit: this.serialLimit,
      ...(this.groups && { sequenceLimit: this.groups.sequenceLimit }),
    };
  }

  /** Writes the queue's row: after every change of its settings, tags, policy or counters. */
  persist(): void {
    if (!this.deleted) this.stores.queues.put(this.account, this.region, this.name, this.row());
  }

  /** The queue is deleted: its row, its messages' rows and its deduplication entries go. */
  forget(): void {
    const { account, region, name } = this;
    for (let m = this.oldest; m !== null; m = m.newer) this.dropMessage(m);
    if (this.groups) for (const key of this.groups.dedupKeys()) this.stores.dedup.delete(account, region, dedupKey(name, key));
    this.stores.queues.delete(account, region, name);
  }

  private restoreSettings(r: QueueRow): void {
    this.createdAt = r.createdAt;
    this.lastModifiedAt = r.lastModifiedAt;
    this.visibilityTimeout = r.visibilityTimeout;
    this.delaySeconds = r.delaySeconds;
    this.messageRetentionPeriod = r.messageRetentionPeriod;
    this.maximumMessageSize = r.maximumMessageSize;
    this.receiveMessageWaitTimeSeconds = r.receiveMessageWaitTimeSeconds;
    this.redrivePolicy = r.redrivePolicy;
    this.redriveAllowPolicy = r.redriveAllowPolicy;
    this.policy = r.policy;
    this.contentBasedDeduplication = r.contentBasedDeduplication;
    this.deduplicationScope = r.deduplicationScope;
    this.fifoThroughputLimit = r.fifoThroughputLimit;
    this.kmsMasterKeyId = r.kmsMasterKeyId;
    this.kmsDataKeyReusePeriodSeconds = r.kmsDataKeyReusePeriodSeconds;
    this.sqsManagedSseEnabled = r.sqsManagedSseEnabled;
    this.tags = r.tags;
    this.lastPurgeAt = r.lastPurgeAt ?? -Infinity;
    this.serials = this.serialLimit = r.serialLimit;
    if (this.groups) this.groups.restoreSequence(r.sequenceLimit ?? 0);
  }

  /** Restart: one persisted message back in its place (rows come in serial order), without its
   *  content (read on its next receive or move, `load`). O(log n) at most, no closures: a restart
   *  loads millions of these. */
  restoreMessage(r: MessageRow): void {
    const group = r[7];
    const m = new SqsMessage('', '', '', '', r[1], typeof group === 'string' ? { groupId: group } : undefined);
    const serial = r[0];
    m.serial = serial;
    m.receiveCount = r[4];
    m.firstReceiveAt = r[5];
    m.receivedAt = r[6];
    if (serial > this.serials) this.serials = this.serialLimit = serial;
    const state = r[2];
    m.state = state === VISIBLE ? VISIBLE : state === INFLIGHT ? INFLIGHT : DELAYED;
    m.visibleAt = r[3];
    const migrated = r[8];
    if (migrated !== undefined) {
      // A version 1 row (rows.ts): re-put as a state row with its content as the detail.
      fill(m, migrated);
      this.putMessage(m);
    }
    this.linkAgeOrdered(m);
    if (m.receiveCount > 0) this.received.set(serial, m);
    if (m.state === VISIBLE) {
      this.visibleCount++;
      if (this.groups) this.groups.append(this.groups.group(m.extra?.groupId ?? 'default'), m);
      else this.linkLast(m);
      return;
    }
    this.heap.push(m);
    if (m.state === DELAYED) {
      this.delayedCount++;
      return;
    }
    this.inflightCount++;
    if (this.groups) {
      const g = this.groups.group(m.extra?.groupId ?? 'default');
      g.inflight++;
      // A group with a message in flight is locked (it may have been made ready by a visible one).
      this.groups.settle(g);
    }
  }

  /** Reads a restored message's content from its row, before it is received or moved. */
  private load(m: SqsMessage): void {
    const row = this.stores.messages.detail(this.account, this.region, messageKey(this.name, m.serial));
    if (row === undefined) throw new Error(`SQS: message ${m.serial} of queue ${this.arn} has no content`);
    fill(m, row);
  }

  // The hot path: in memory mode no row (nor key) is built. A message entering the queue writes
  // its state row and its content; a receive or visibility change only the (small) state row.
  private putMessage(m: SqsMessage): void {
    if (this.stores.messages.persistent) this.stores.messages.putWithDetail(this.account, this.region, messageKey(this.name, m.serial), messageRow(m), contentRow(m));
  }

  private putState(m: SqsMessage): void {
    if (this.stores.messages.persistent) this.stores.messages.put(this.account, this.region, messageKey(this.name, m.serial), messageRow(m));
  }

  private dropMessage(m: SqsMessage): void {
    if (this.stores.messages.persistent) this.stores.messages.delete(this.account, this.region, messageKey(this.name, m.serial));
  }

  private nextSerial(): number {
    const serial = ++this.serials;
    if (serial > this.serialLimit) {
      this.serialLimit = serial + COUNTER_BLOCK;
      this.persist();
    }
    return serial;
  }

  get totalCount(): number {
    return this.visibleCount + this.inflightCount + this.delayedCount;
  }

  /** Current time relative to the epoch. */
  rel(now = this.clock.now()): number {
    return now - this.epoch;
  }

  // ------------------------------------------------------------------ deadlines

  /** Applies every deadline that has passed: delays and visibility timeouts end, retention expires. */
  refresh(now = this.clock.now()): void {
    const t = now - this.epoch;
    let top = this.heap.peek();
    if (top !== undefined && top.visibleAt <= t) {
      do {
        this.heap.pop();
        this.becomeVisible(top);
        top = this.heap.peek();
      } while (top !== undefined && top.visibleAt <= t);
      if (this.waiters.length > 0) this.serveWaiters(now);
    }
    const cutoff = t - this.messageRetentionPeriod * 1000;
    while (this.oldest !== null && this.oldest.sentAt <= cutoff) this.remove(this.oldest);
  }

  private becomeVisible(m: SqsMessage): void {
    const wasInflight = m.state === INFLIGHT;
    if (wasInflight) this.inflightCount--;
    else this.delayedCount--;
    m.state = VISIBLE;
    this.visibleCount++;
    if (this.groups) {
      const g = this.groups.group(m.extra!.groupId!);
      if (wasInflight) {
        this.groups.returnToGroup(g, m);
        this.groups.leftFlight(g);
      } else {
        this.groups.append(g, m);
      }
    } else {
      // A message back from flight goes to the tail, behind every message waiting its turn: at the
      // head, messages that are received and never deleted would shut out the rest forever (AWS's
      // standard queues give every message its turn). FIFO groups keep their order (above).
      this.linkLast(m);
    }
  }

  // ------------------------------------------------------------------ send

  /** Adds a message (already validated and deduplicated). `delaySeconds` 0 makes it visible now. */
  enqueue(m: SqsMessage, delaySeconds: number, now = this.clock.now()): void {
    this.refresh(now);
    m.serial = this.nextSerial();
    this.linkAge(m);
    if (delaySeconds > 0) {
      m.state = DELAYED;
      m.visibleAt = now - this.epoch + delaySeconds * 1000;
      this.delayedCount++;
      this.heap.push(m);
      this.putMessage(m);
      this.armWake();
      return;
    }
    m.state = VISIBLE;
    this.visibleCount++;
    if (this.groups) this.groups.append(this.groups.group(m.extra!.groupId!), m);
    else this.linkLast(m);
    this.putMessage(m);
  }

  /** After sends: hand visible messages to long polls waiting on this queue. */
  notify(now = this.clock.now()): void {
    if (this.waiters.length > 0 && this.visibleCount > 0) this.serveWaiters(now);
  }

  // ------------------------------------------------------------------ receive

  /** Takes up to `max` visible messages and puts them in flight for `visibilityTimeout` seconds.
   *  Messages past their redrive policy's maxReceiveCount go to the dead-letter queue instead. */
  receive(max: number, visibilityTimeout: number, lookup: QueueLookup, now = this.clock.now()): SqsMessage[] {
    this.refresh(now);
    const out: SqsMessage[] = [];
    if (this.visibleCount === 0) return out;
    if (!this.fifo && this.inflightCount >= MAX_INFLIGHT) {
      throw new AwsError('OverLimit', `Too many messages in flight for queue ${this.name} (limit ${MAX_INFLIGHT}).`);
    }
    const t = now - this.epoch;
    const dlq = this.deadLetterQueue(lookup);
    const maxReceives = dlq ? this.redrivePolicy!.maxReceiveCount : 0;
    if (this.groups) return this.receiveFifo(max, visibilityTimeout, dlq, maxReceives, now, out);
    while (out.length < max && this.head !== null) {
      const m = this.head;
      this.unlinkVisible(m);
      this.visibleCount--;
      if (maxReceives > 0 && m.receiveCount >= maxReceives) {
        this.moveToDeadLetter(m, dlq!, now);
        continue;
      }
      this.takeFlight(m, t, visibilityTimeout);
      out.push(m);
    }
    if (this.waiters.length > 0) this.armWake();
    return out;
  }

  private receiveFifo(max: number, visibilityTimeout: number, dlq: Queue | undefined, maxReceives: number, now: number, out: SqsMessage[]): SqsMessage[] {
    const groups = this.groups!;
    const t = now - this.epoch;
    let g: MessageGroup | null;
    while (out.length < max && (g = groups.takeReady()) !== null) {
      while (out.length < max && g.head !== null) {
        const m = g.head;
        // Count it in flight before unlinking, so the group is not dropped as empty meanwhile.
        g.inflight++;
        groups.unlink(g, m);
        this.visibleCount--;
        if (maxReceives > 0 && m.receiveCount >= maxReceives) {
          g.inflight--;
          this.moveToDeadLetter(m, dlq!, now);
          continue;
        }
        this.takeFlight(m, t, visibilityTimeout);
        out.push(m);
      }
      groups.settle(g);
    }
    if (this.waiters.length > 0) this.armWake();
    return out;
  }

  private takeFlight(m: SqsMessage, t: number, visibilityTimeout: number): void {
    if (!m.loaded) this.load(m);
    if (m.receiveCount === 0) m.firstReceiveAt = t;
    m.receivedAt = t;
    m.receiveCount++;
    m.state = INFLIGHT;
    m.visibleAt = t + visibilityTimeout * 1000;
    this.inflightCount++;
    this.heap.push(m);
    this.received.set(m.serial, m);
    this.putState(m);
  }

  private deadLetterQueue(lookup: QueueLookup): Queue | undefined {
    const p = this.redrivePolicy;
    if (!p) return undefined;
    const q = lookup(p.deadLetterTargetArn);
    return q && !q.deleted && q !== this ? q : undefined;
  }

  /** Moves a message (already unlinked from the visible structures) to the dead-letter queue. It
   *  keeps its id, body, attributes, receive count and, for standard queues, its original send
   *  time (retention counts from the first enqueue; AWS resets it for FIFO dead-letter queues). */
  private moveToDeadLetter(m: SqsMessage, dlq: Queue, now: number): void {
    if (!m.loaded) this.load(m);
    this.unlinkAge(m);
    this.received.delete(m.serial);
    this.dropMessage(m);
    m.extra = { ...m.extra, deadLetterSourceArn: this.arn };
    const sentAbs = m.sentAt + this.epoch;
    m.sentAt = (dlq.fifo ? now : sentAbs) - dlq.epoch;
    m.firstReceiveAt = m.firstReceiveAt + this.epoch - dlq.epoch;
    if (dlq.fifo) m.extra.sequenceNumber = dlq.groups!.nextSequenceNumber();
    dlq.adopt(m, now);
  }

  /** Takes in a message record from another queue (dead-letter moves and redrive tasks). */
  adopt(m: SqsMessage, now = this.clock.now()): void {
    this.refresh(now);
    m.serial = this.nextSerial();
    m.prev = m.next = m.older = m.newer = null;
    m.heapIndex = -1;
    this.linkAgeOrdered(m);
    m.state = VISIBLE;
    this.visibleCount++;
    if (this.groups) this.groups.append(this.groups.group(m.extra?.groupId ?? 'default'), m);
    else this.linkLast(m);
    this.putMessage(m);
    this.notify(now);
  }

  /** Removes and returns up to `max` visible messages for a redrive task (not received). */
  takeForMove(max: number, now = this.clock.now()): SqsMessage[] {
    this.refresh(now);
    const out: SqsMessage[] = [];
    while (out.length < max) {
      let m: SqsMessage | null;
      if (this.groups) {
        const g = this.groups.takeReady();
        if (!g) break;
        m = g.head!;
        this.groups.unlink(g, m);
        this.groups.settle(g);
      } else {
        m = this.head;
        if (!m) break;
        this.unlinkVisible(m);
      }
      this.visibleCount--;
      if (!m.loaded) this.load(m);
      this.unlinkAge(m);
      this.received.delete(m.serial);
      this.dropMessage(m);
      m.state = GONE;
      out.push(m);
    }
    return out;
  }

  // ------------------------------------------------------------------ receipt handles

  receiptHandle(m: SqsMessage): string {
    return Buffer.from(`${this.uid}:${m.serial}:${m.receiveCount}:${m.messageId}`, 'latin1').toString('base64');
  }

  /** The message a handle names and the receive it came from; throws ReceiptHandleIsInvalid for a
   *  handle that is not one of this queue's. `message` is undefined when it is gone. */
  resolveHandle(handle: string): { message: SqsMessage | undefined; receiveCount: number } {
    const text = Buffer.from(handle, 'base64').toString('latin1');
    const parts = text.split(':');
    const serial = Number(parts[1]);
    const receiveCount = Number(parts[2]);
    if (parts.length !== 4 || parts[0] !== this.uid || !Number.isSafeInteger(serial) || !Number.isSafeInteger(receiveCount)) {
      throw new AwsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
    }
    return { message: this.received.get(serial), receiveCount };
  }

  /** Ends a message's life (DeleteMessage, retention expiry, purge). */
  remove(m: SqsMessage): void {
    switch (m.state) {
      case VISIBLE:
        this.visibleCount--;
        if (this.groups) this.groups.unlink(this.groups.group(m.extra!.groupId!), m);
        else this.unlinkVisible(m);
        break;
      case INFLIGHT:
        this.inflightCount--;
        this.heap.remove(m);
        if (this.groups) {
          this.groups.leftFlight(this.groups.group(m.extra!.groupId!));
          // The group may be unlocked now: its next message can go to a waiting long poll.
          if (this.waiters.length > 0) queueMicrotask(() => this.notify());
        }
        break;
      case DELAYED:
        this.delayedCount--;
        this.heap.remove(m);
        break;
      default:
        return;
    }
    m.state = GONE;
    this.unlinkAge(m);
    this.received.delete(m.serial);
    this.dropMessage(m);
  }

  /** ChangeMessageVisibility on an in-flight message: the new timeout counts from now. */
  changeVisibility(m: SqsMessage, seconds: number, now = this.clock.now()): void {
    if (now - this.epoch + seconds * 1000 > m.receivedAt + MAX_VISIBILITY_MS) {
      throw new AwsError(
        'InvalidParameterValue',
        `Value ${seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]`,
      );
    }
    m.visibleAt = now - this.epoch + seconds * 1000;
    this.heap.update(m);
    this.putState(m);
    if (seconds === 0) this.refresh(now);
    else this.armWake();
  }

  purge(): void {
    while (this.oldest !== null) this.remove(this.oldest);
  }

  // ------------------------------------------------------------------ long polling

  /** Number of long polls waiting on this queue (tests wait for a poll to be registered). */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Waits up to `waitSeconds` of clock time for messages; resolves with what a later send or
   *  deadline delivers, or [] when the wait ends, the queue goes, or `signal` aborts. */
  wait(max: number, visibilityTimeout: number, waitSeconds: number, signal?: AbortSignal): Promise<SqsMessage[]> {
    if (signal?.aborted) return Promise.resolve([]);
    return new Promise((resolve) => {
      const end = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        waiter.timer.cancel();
        waiter.release();
        if (this.waiters.length === 0) this.disarmWake();
        resolve([]);
      };
      const waiter: Waiter = {
        max,
        visibilityTimeout,
        deliver: resolve,
        timer: this.time.scheduler.after(waitSeconds * 1000, end),
        release: () => signal?.removeEventListener('abort', end),
      };
      signal?.addEventListener('abort', end, { once: true });
      this.waiters.push(waiter);
      this.armWake();
    });
  }

  private serveWaiters(now: number): void {
    while (this.waiters.length > 0 && this.visibleCount > 0) {
      const w = this.waiters[0]!;
      let got: SqsMessage[];
      try {
        got = this.receiveForWaiter(w, now);
      } catch {
        got = [];
      }
      if (got.length === 0) break;
      this.waiters.shift();
      w.timer.cancel();
      w.release();
      w.deliver(got);
    }
    if (this.waiters.length === 0) this.disarmWake();
  }

  /** Set by the store: how this queue finds dead-letter targets while serving waiters. */
  lookup: QueueLookup = () => undefined;

  private receiveForWaiter(w: Waiter, now: number): SqsMessage[] {
    return this.receive(w.max, w.visibilityTimeout, this.lookup, now);
  }

  /** One timer per queue, for the earliest deadline, only while someone waits. */
  private armWake(): void {
    if (this.waiters.length === 0) return;
    const top = this.heap.peek();
    if (!top) return;
    const at = top.visibleAt + this.epoch;
    if (this.wakeTimer && at >= this.wakeTimer.at) return;
    this.wakeTimer?.cancel();
    this.wakeTimer = this.time.scheduler.at(at, () => {
      this.wakeTimer = undefined;
      if (this.deleted) return;
      this.refresh();
      this.armWake();
    });
  }

  private disarmWake(): void {
    this.wakeTimer?.cancel();
    this.wakeTimer = undefined;
  }

  /** Queue deleted or Nimbus reset: pending long polls answer empty, timers stop. */
  close(): void {
    this.deleted = true;
    for (const w of this.waiters.splice(0)) {
      w.timer.cancel();
      w.release();
      w.deliver([]);
    }
    this.disarmWake();
  }

  // ------------------------------------------------------------------ lists

  private linkLast(m: SqsMessage): void {
    m.prev = this.tail;
    m.next = null;
    if (this.tail) this.tail.next = m;
    else this.head = m;
    this.tail = m;
  }

  private unlinkVisible(m: SqsMessage): void {
    if (m.prev) m.prev.next = m.next;
    else this.head = m.next;
    if (m.next) m.next.prev = m.prev;
    else this.tail = m.prev;
    m.prev = m.next = null;
  }

  private linkAge(m: SqsMessage): void {
    m.older = this.newest;
    m.newer = null;
    if (this.newest) this.newest.newer = m;
    else this.oldest = m;
    this.newest = m;
  }

  /** Adopted messages may be older than the newest here: keep the age list sorted by send time. */
  private linkAgeOrdered(m: SqsMessage): void {
    let after = this.newest;
    while (after !== null && after.sentAt > m.sentAt) after = after.older;
    m.older = after;
    m.newer = after ? after.newer : this.oldest;
    if (m.older) m.older.newer = m;
    else this.oldest = m;
    if (m.newer) m.newer.older = m;
    else this.newest = m;
  }

  private unlinkAge(m: SqsMessage): void {
    if (m.older) m.older.newer = m.newer;
    else if (this.oldest === m) this.oldest = m.newer;
    if (m.newer) m.newer.older = m.older;
    else if (this.newest === m) this.newest = m.older;
    m.older = m.newer = null;
  }
}

/** Gives a message the content its row holds (binary attribute values back as bytes). */
function fill(m: SqsMessage, c: ContentRow): void {
  m.messageId = c[0];
  m.body = c[1];
  m.md5OfBody = c[2];
  m.senderId = c[3];
  if (c[4] !== undefined) m.extra = decodeExtra(c[4]);
}
