// The queue engine's long polls on the scheduler, driven by a ManualClock: a wait ends exactly at
// its wait time of clock time, a delay ending wakes it, and an aborted request signal (the client
// disconnected) ends it at once, empty, and removes the waiter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Queue } from '../../../src/services/sqs/queue-engine.js';
import { SqsMessage } from '../../../src/services/sqs/message.js';
import { ManualClock } from '../../../src/state/clock.js';
import { ClockScheduler } from '../../../src/state/scheduler.js';

function queue(): { q: Queue; clock: ManualClock; scheduler: ClockScheduler } {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00.000Z'));
  const scheduler = new ClockScheduler(clock);
  return { q: new Queue('q', '000000000000', 'us-east-1', { clock, scheduler }, 'uid'), clock, scheduler };
}

function message(q: Queue, body: string): SqsMessage {
  return new SqsMessage(`id-${body}`, body, 'md5', '000000000000', q.rel(), undefined);
}

/** Settles `p` and reports whether it has resolved, without waiting on any timer. */
async function settled<T>(p: Promise<T>): Promise<{ done: boolean; value?: T }> {
  const marker = Symbol('pending');
  const v = await Promise.race([p, new Promise<typeof marker>((r) => setImmediate(() => r(marker)))]);
  return v === marker ? { done: false } : { done: true, value: v as T };
}

test('a wait ends, empty, when the clock reaches its wait time, not before', async () => {
  const { q, clock, scheduler } = queue();
  const polling = q.wait(1, 30, 20);
  assert.equal(q.waiting, 1);
  clock.advance(19_999);
  assert.equal((await settled(polling)).done, false);
  assert.equal(q.waiting, 1);
  clock.advance(1);
  assert.deepEqual(await polling, []);
  assert.equal(q.waiting, 0);
  scheduler.dispose();
});

test('a send hands the message to the waiter; a delay ending wakes it on the clock', async () => {
  const { q, clock, scheduler } = queue();
  const first = q.wait(1, 30, 20);
  q.enqueue(message(q, 'now'), 0);
  q.notify();
  assert.deepEqual((await first).map((m) => m.body), ['now']);

  const second = q.wait(1, 30, 20);
  q.enqueue(message(q, 'later'), 5);
  clock.advance(4_999);
  assert.equal((await settled(second)).done, false);
  clock.advance(1);
  assert.deepEqual((await second).map((m) => m.body), ['later']);
  assert.equal(q.waiting, 0);
  scheduler.dispose();
});

test('an aborted request signal ends the wait at once, empty, and removes the waiter', async () => {
  const { q, clock, scheduler } = queue();
  const client = new AbortController();
  const polling = q.wait(1, 30, 20, client.signal);
  const other = q.wait(1, 30, 20);
  assert.equal(q.waiting, 2);
  client.abort();
  assert.deepEqual(await polling, []);
  assert.equal(q.waiting, 1);
  // The message goes to the poll still waiting, not to the one that left.
  q.enqueue(message(q, 'for the other'), 0);
  q.notify();
  assert.deepEqual((await other).map((m) => m.body), ['for the other']);
  // The aborted wait's timer was cancelled: moving past its wait time changes nothing.
  clock.advance(60_000);
  assert.equal(q.visibleCount, 0);
  scheduler.dispose();
});

test('a signal aborted before the wait begins answers empty without waiting', async () => {
  const { q, scheduler } = queue();
  assert.deepEqual(await q.wait(1, 30, 20, AbortSignal.abort()), []);
  assert.equal(q.waiting, 0);
  scheduler.dispose();
});

test('close (queue deleted) ends every wait, empty', async () => {
  const { q, scheduler } = queue();
  const a = q.wait(1, 30, 20, new AbortController().signal);
  const b = q.wait(1, 30, 20);
  q.close();
  assert.deepEqual(await Promise.all([a, b]), [[], []]);
  scheduler.dispose();
});
