// SQS's state as it starts: rebuilt from the persisted rows (rows.ts) when there are any. Its own
// file because it needs both the lookups (store.ts) and the move-task runner (dlq.ts), which
// itself needs the lookups.
import type { Host } from '../host.js';
import { resumeMoveTask } from './dlq.js';
import { Queue } from './queue-engine.js';
import { emptySqsState, queueByArn, regionOf, type MoveTask, type SqsState } from './store.js';

/** The state, rebuilt from SQS's persisted rows (none in memory mode). */
export function createSqsState(host: Host): SqsState {
  const state = emptySqsState(host);
  restore(state);
  return state;
}

/** One pass over each store: queues, then messages (in serial order per queue, so lists, groups
 *  and the age list are rebuilt by appending), deduplication entries, move tasks (resumed on the
 *  scheduler at their persisted deadlines). */
function restore(state: SqsState): void {
  const { stores } = state;
  for (const { account, region, key, row } of stores.queues.load()) {
    const q = new Queue(key, account, region, state.time, row.uid, stores, row);
    q.lookup = (arn) => queueByArn(state, arn);
    regionOf(state, account, region).queues.set(key, q);
  }
  let q: Queue | undefined;
  for (const r of stores.messages.load()) {
    const key = r.key;
    if (q === undefined || q.account !== r.account || q.region !== r.region || !key.startsWith(q.name) || key.charCodeAt(q.name.length) !== 32) {
      q = regionOf(state, r.account, r.region).queues.get(key.slice(0, key.lastIndexOf(' ')));
      if (q === undefined) {
        // A message of no queue (cannot happen: a queue's delete drops its messages): drop it.
        stores.messages.delete(r.account, r.region, key);
        continue;
      }
    }
    q.restoreMessage(r.row);
  }
  const now = state.time.clock.now();
  const dedup = [...stores.dedup.load()].sort((a, b) => a.row[2] - b.row[2]);
  for (const { account, region, key, row } of dedup) {
    const space = key.indexOf(' ');
    const fifo = regionOf(state, account, region).queues.get(key.slice(0, space))?.groups;
    if (!fifo || row[2] <= now) {
      stores.dedup.delete(account, region, key);
      continue;
    }
    // The group scope's separator was written as a space (rows.ts dedupKey).
    fifo.restoreDedup(key.slice(space + 1).replace(' ', '\u0000'), { messageId: row[0], sequenceNumber: row[1], expiresAt: row[2] });
  }
  const tasks = [...stores.tasks.load()].sort((a, b) => a.row.startedTimestamp - b.row.startedTimestamp);
  for (const { account, region, row } of tasks) {
    const { nextAt, ...fields } = row;
    const task = fields as MoveTask;
    regionOf(state, account, region).moveTasks.push(task);
    if (task.status === 'RUNNING') resumeMoveTask(state, task, nextAt ?? now);
  }
}

