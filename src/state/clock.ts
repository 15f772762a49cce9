// The one clock. Handlers read time only through ctx.clock, and every timer runs on the scheduler
// (state/scheduler.ts) driven by this clock, so tests move time instead of sleeping (e.g. SQS's
// 5-minute deduplication window, a long poll's wait, an SNS delivery retry).

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Present on clocks that tests move by hand: called after every move, so the scheduler runs
   *  what fell due. A clock without it follows real time, and the scheduler arms real timers. */
  onMove?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance; starts at the system time unless told otherwise. Timers on
 *  the scheduler fire only when it is moved, in deadline order. */
export class ManualClock implements Clock {
  private t: number;
  private readonly listeners = new Set<() => void>();
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  set(ms: number): void {
    this.t = ms;
    this.moved();
  }
  advance(ms: number): void {
    this.t += ms;
    this.moved();
  }
  onMove(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private moved(): void {
    for (const l of [...this.listeners]) l();
  }
}
