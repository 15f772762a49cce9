// SQS's state as it starts: rebuilt from the persisted rows (rows.ts) when there are any. Its own
// file because it needs both the lookups (store.ts) and the move-task runner (dlq.ts), which
// itself needs the lookups.
import type { Host } from '../host.js';
import { resumeMoveTask } from './dlq.js';
import { Queue } from './queue-engine.js';
import type { MessageRow } from './rows.js';
import { allQueues, emptySqsState, queueByArn, regionOf, type MoveTask, type SqsState } from './store.js';

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
  // A queue's messages by key prefix ('<queue name> '), so no key is read: each page's rows go
  // to the queue in serial order (rebuilding its lists by appending). Only the small state rows
  // are read: the contents stay in their store until each message is received or moved. A page whose rows ever come
  // out of order (SQLite does not promise its aggregate's order) is sorted by serial first.
  // Messages of no queue cannot exist (a queue's delete drops its messages in the same commit).
  for (const q of allQueues(state)) {
    let last = 0;
    for (const page of stores.messages.loadPrefix(q.account, q.region, q.name + ' ')) {
      const rows = inSerialOrder(page, last);
      for (let i = 0; i < rows.length; i++) q.restoreMessage(rows[i]!);
      last = rows[rows.length - 1]![0];
    }
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


function inSerialOrder(page: readonly MessageRow[], after: number): readonly MessageRow[] {
  let prev = after;
  for (let i = 0; i < page.length; i++) {
    if (page[i]![0] <= prev) return [...page].sort((a, b) => a[0] - b[0]);
    prev = page[i]![0];
  }
  return page;
}
