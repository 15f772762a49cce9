// Time to Live: items whose TTL attribute (a Number, epoch seconds) has passed are deleted by the
// service, on the host's scheduler, with a REMOVE stream record whose userIdentity is
// dynamodb.amazonaws.com. AWS deletes expired items "within a few days"; Nimbus sweeps every
// SWEEP_MS of clock time (an injected clock moves it in tests). Expired items not yet swept are
// still returned by reads, as on AWS.
import type { DynamoState } from './state.js';
import { heapPop, heapPush } from './table.js';

export const SWEEP_MS = 10_000;

export function startTtlSweeper(state: DynamoState): void {
  const tick = (): void => {
    sweep(state);
    state.ttlTimer = state.host.scheduler.after(SWEEP_MS, tick);
  };
  state.ttlTimer = state.host.scheduler.after(SWEEP_MS, tick);
}

export function sweep(state: DynamoState): number {
  const nowMs = state.host.clock.now();
  const now = nowMs / 1000;
  let removed = 0;
  for (const { state: region } of state.regions.entries()) {
    for (const table of region.tables.values()) {
      const ttl = table.row.Ttl;
      if (!ttl?.Enabled) continue;
      const heap = table.ttlHeap;
      while (heap.length && heap[0]![0] <= now) {
        const [deadline, key] = heapPop(heap)!;
        const current = table.get(key);
        // Stale entries: the item was deleted, or replaced by one with another deadline, since.
        if (current === undefined) continue;
        const v = current[ttl.AttributeName];
        if (v?.N === undefined || Number(v.N) !== deadline) continue;
        table.write(current, undefined, nowMs, true);
        removed++;
      }
      void heapPush;
    }
  }
  return removed;
}
