// The one scheduler: deadline order, insertion order at the same deadline, cancel, a ManualClock
// that fires only when moved, the system clock firing in real time, dispose, and a throwing timer
// that does not stop the others. Outcomes and order only, never elapsed time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock, systemClock } from '../../src/state/clock.js';
import { ClockScheduler } from '../../src/state/scheduler.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function manual(): { clock: ManualClock; scheduler: ClockScheduler; ran: string[] } {
  const clock = new ManualClock(T0);
  return { clock, scheduler: new ClockScheduler(clock), ran: [] };
}

/** One turn of the event loop (a timer already due runs on the next tick). */
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('timers run in deadline order, whatever order they were set in', () => {
  const { clock, scheduler, ran } = manual();
  scheduler.at(T0 + 300, () => ran.push('c'));
  scheduler.after(100, () => ran.push('a'));
  scheduler.at(T0 + 200, () => ran.push('b'));
  clock.advance(1_000);
  assert.deepEqual(ran, ['a', 'b', 'c']);
  scheduler.dispose();
});

test('timers due at the same time run in the order they were set', () => {
  const { clock, scheduler, ran } = manual();
  for (const name of ['first', 'second', 'third']) scheduler.at(T0 + 50, () => ran.push(name));
  scheduler.at(T0 + 10, () => ran.push('earlier'));
  clock.advance(50);
  assert.deepEqual(ran, ['earlier', 'first', 'second', 'third']);
  scheduler.dispose();
});

test('a cancelled timer never runs; the others still do', () => {
  const { clock, scheduler, ran } = manual();
  const a = scheduler.after(10, () => ran.push('a'));
  scheduler.after(20, () => ran.push('b'));
  assert.equal(a.at, T0 + 10);
  a.cancel();
  clock.advance(100);
  assert.deepEqual(ran, ['b']);
  scheduler.dispose();
});

test('with a ManualClock timers fire only when the clock moves to their deadline', async () => {
  const { clock, scheduler, ran } = manual();
  scheduler.after(1_000, () => ran.push('a'));
  scheduler.after(2_000, () => ran.push('b'));
  await turn();
  assert.equal(ran.length, 0, 'real time passing does not run them');
  clock.advance(999);
  assert.equal(ran.length, 0);
  clock.advance(1);
  assert.deepEqual(ran, ['a']);
  clock.set(T0 + 5_000);
  assert.deepEqual(ran, ['a', 'b']);
  // A timer set by a running timer, already due, runs in the same move.
  scheduler.after(10, () => scheduler.after(0, () => ran.push('chained')));
  clock.advance(10);
  assert.deepEqual(ran, ['a', 'b', 'chained']);
  scheduler.dispose();
});

test('a timer already due runs on the next tick, not synchronously', async () => {
  const { scheduler, ran } = manual();
  scheduler.after(0, () => ran.push('due'));
  scheduler.at(T0 - 1_000, () => ran.push('overdue'));
  assert.equal(ran.length, 0);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(ran, ['overdue', 'due']);
  scheduler.dispose();
});

/** The scheduler's real timers are unref'd (they never keep a stopped server's process alive):
 *  a test waiting on them holds the event loop open itself. */
async function keepingAlive<T>(body: () => Promise<T>): Promise<T> {
  const handle = setInterval(() => {}, 60_000);
  try {
    return await body();
  } finally {
    clearInterval(handle);
  }
}

test('with the system clock timers fire in real time, in deadline order', () => keepingAlive(async () => {
  const scheduler = new ClockScheduler(systemClock);
  const ran: string[] = [];
  const done = new Promise<void>((resolve) => {
    scheduler.after(30, () => {
      ran.push('late');
      resolve();
    });
  });
  scheduler.after(5, () => ran.push('early'));
  scheduler.after(15, () => ran.push('cancelled')).cancel();
  await done;
  assert.deepEqual(ran, ['early', 'late']);
  scheduler.dispose();
}));

test('dispose stops every pending timer and ignores later ones', async () => {
  const { clock, scheduler, ran } = manual();
  scheduler.after(10, () => ran.push('a'));
  scheduler.after(0, () => ran.push('due'));
  scheduler.dispose();
  scheduler.after(10, () => ran.push('after dispose'));
  clock.advance(1_000);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(ran.length, 0);

  const real = new ClockScheduler(systemClock);
  real.after(1, () => ran.push('real'));
  real.dispose();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(ran.length, 0);
});

test('a throwing timer does not stop the others', (t) => {
  const { clock, scheduler, ran } = manual();
  const logged = t.mock.method(console, 'error', () => {});
  scheduler.after(10, () => ran.push('before'));
  scheduler.after(20, () => {
    throw new Error('boom');
  });
  scheduler.after(30, () => ran.push('after'));
  clock.advance(100);
  assert.deepEqual(ran, ['before', 'after']);
  assert.equal(logged.mock.callCount(), 1);
  scheduler.after(10, () => ran.push('later'));
  clock.advance(10);
  assert.deepEqual(ran, ['before', 'after', 'later']);
  scheduler.dispose();
});
