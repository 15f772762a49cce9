// The one scheduler: every time-based behaviour (long polls, visibility deadlines, delivery retries,
// move tasks) runs here on the instance's clock, never on a bare setTimeout. With the system clock
// it keeps one real timer, for the earliest deadline; with a ManualClock it arms none and runs
// what fell due each time the test moves the clock. Deadlines are absolute clock times, so durable
// state can restore a timer from its persisted deadline.
import { MinHeap } from './min-heap.js';
import type { Clock } from './clock.js';

export interface Timer {
  /** Absolute clock time (ms) at which it runs. */
  readonly at: number;
  cancel(): void;
}

export interface Scheduler {
  /** Runs `fn` once the clock reaches `at` (absolute ms); at once (next tick) when already due. */
  at(at: number, fn: () => void): Timer;
  /** Runs `fn` after `ms` milliseconds of clock time. */
  after(ms: number, fn: () => void): Timer;
}

interface Entry extends Timer {
  fn: () => void;
  cancelled: boolean;
  /** Insertion order, so timers due at the same time run in the order they were set. */
  seq: number;
}

// setTimeout's largest delay; a longer wait re-arms when it ends.
const MAX_DELAY = 2 ** 31 - 1;

export class ClockScheduler implements Scheduler {
  private readonly heap = new MinHeap<Entry>((a, b) => a.at - b.at || a.seq - b.seq);
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private armedAt = Infinity;
  private readonly manual: boolean;
  private readonly unsubscribe: (() => void) | undefined;
  private disposed = false;
  private running = false;

  constructor(
    private readonly clock: Clock,
    /** Runs after each batch of due timers: the durable state commits what they wrote. */
    private readonly afterRun: () => void = () => {},
  ) {
    this.manual = clock.onMove !== undefined;
    this.unsubscribe = clock.onMove?.(() => this.run());
  }

  at(at: number, fn: () => void): Timer {
    const entry: Entry = {
      at,
      fn,
      cancelled: false,
      seq: this.seq++,
      cancel: () => {
        entry.cancelled = true;
      },
    };
    if (this.disposed) return entry;
    this.heap.push(entry);
    if (at <= this.clock.now()) this.armReal(0);
    else if (!this.manual) this.armReal(at - this.clock.now());
    return entry;
  }

  after(ms: number, fn: () => void): Timer {
    return this.at(this.clock.now() + ms, fn);
  }

  /** Stops every pending timer (instance stopped or wiped). */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.heap.pop()) {
      /* drop */
    }
  }

  /** Runs every timer due now, in deadline order, then arms for the next one. */
  private run(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    try {
      for (;;) {
        const top = this.heap.peek();
        if (!top) break;
        if (top.cancelled) {
          this.heap.pop();
          continue;
        }
        if (top.at > this.clock.now()) break;
        this.heap.pop();
        try {
          top.fn();
        } catch (err) {
          // A timer's failure is its owner's bug; it must not stop the others.
          console.error('nimbus: a scheduled task failed', err);
        }
      }
    } finally {
      this.running = false;
    }
    try {
      this.afterRun();
    } catch (err) {
      console.error('nimbus: committing what timers wrote failed', err);
    }
    const next = this.heap.peek();
    if (next && !this.manual) this.armReal(next.at - this.clock.now());
  }

  private armReal(delay: number): void {
    const wanted = this.clock.now() + Math.max(delay, 0);
    if (this.timer && this.armedAt <= wanted) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = wanted;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.armedAt = Infinity;
        this.run();
      },
      Math.min(Math.max(delay, 0), MAX_DELAY),
    );
    // Pending timers never keep the process alive on their own (a stopped server exits).
    this.timer.unref?.();
  }
}
