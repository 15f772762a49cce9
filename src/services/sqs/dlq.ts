// Dead-letter queues: RedrivePolicy / RedriveAllowPolicy validation, ListDeadLetterSourceQueues,
// and message move tasks (StartMessageMoveTask / ListMessageMoveTasks / CancelMessageMoveTask)
// that really move messages back. The move to a dead-letter queue itself happens on receive, in
// queue-engine.ts (a message received maxReceiveCount times moves on its next receive).
//
// Move tasks run on the host's scheduler (like long polls): without MaxNumberOfMessagesPerSecond they
// move everything in the next turns of the event loop, in slices of MOVE_SLICE so a huge queue never
// blocks the server; with it, that many messages per second of clock time (under a test's
// ManualClock, the next second's slice runs when the test moves the clock).
import type {
  CancelMessageMoveTaskRequest,
  CancelMessageMoveTaskResult,
  ListDeadLetterSourceQueuesRequest,
  ListDeadLetterSourceQueuesResult,
  ListMessageMoveTasksRequest,
  ListMessageMoveTasksResult,
  ListMessageMoveTasksResultEntry,
  StartMessageMoveTaskRequest,
  StartMessageMoveTaskResult,
} from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { Queue, RedrivePolicy } from './queue-engine.js';
import { paginate } from './pagination.js';
import { allQueues, parseQueueArn, queueByArn, queueFromUrl, queueUrl, regionOf, type MoveTask, type SqsState } from './store.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

const MOVE_SLICE = 1000;
const MAX_MOVE_RATE = 500;

// ------------------------------------------------------------------------------ policies

function invalidPolicy(param: string, text: string, reason: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${text} for parameter ${param} is invalid. Reason: ${reason}`);
}

function parseJsonMap(param: string, text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseJsonDocument(text);
  } catch {
    throw invalidPolicy(param, text, `${param === 'RedrivePolicy' ? 'Redrive' : 'Redrive allow'} policy is not a valid JSON map.`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidPolicy(param, text, `${param === 'RedrivePolicy' ? 'Redrive' : 'Redrive allow'} policy is not a valid JSON map.`);
  }
  return doc as Record<string, unknown>;
}

/** Checks a RedrivePolicy for queue `q`: the target exists, is of the same type, and its
 *  RedriveAllowPolicy lets `q` use it. */
export function validateRedrivePolicy(state: SqsState, q: Queue, text: string): RedrivePolicy {
  const doc = parseJsonMap('RedrivePolicy', text);
  const arn = doc.deadLetterTargetArn;
  if (typeof arn !== 'string' || arn === '') throw invalidPolicy('RedrivePolicy', text, "The required parameter 'deadLetterTargetArn' is missing");
  const raw = doc.maxReceiveCount;
  if (raw === undefined || raw === null) throw invalidPolicy('RedrivePolicy', text, "The required parameter 'maxReceiveCount' is missing");
  const count = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidPolicy('RedrivePolicy', text, `Invalid value for maxReceiveCount: ${String(raw)}, valid values are from 1 to 1000 both inclusive.`);
  }
  const dlq = queueByArn(state, arn);
  if (!dlq) throw invalidPolicy('RedrivePolicy', text, 'Dead letter target does not exist.');
  if (dlq.fifo !== q.fifo) throw invalidPolicy('RedrivePolicy', text, 'Dead-letter queue must be same type of queue as the source.');
  if (dlq.redriveAllowPolicy) {
    const allow = parseJsonDocument(dlq.redriveAllowPolicy) as { redrivePermission: string; sourceQueueArns?: string[] };
    const allowed = allow.redrivePermission === 'allowAll' || (allow.redrivePermission === 'byQueue' && (allow.sourceQueueArns ?? []).includes(q.arn));
    if (!allowed) throw invalidPolicy('RedrivePolicy', text, `Queue ${dlq.arn} does not allow this queue to use it as a dead-letter queue.`);
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/** Checks a RedriveAllowPolicy; returns it normalized. */
export function validateRedriveAllowPolicy(text: string): string {
  const doc = parseJsonMap('RedriveAllowPolicy', text);
  const permission = doc.redrivePermission;
  if (permission !== 'allowAll' && permission !== 'denyAll' && permission !== 'byQueue') {
    throw invalidPolicy('RedriveAllowPolicy', text, 'Invalid value for redrivePermission. Valid values are allowAll, denyAll and byQueue.');
  }
  const arns = doc.sourceQueueArns;
  if (permission === 'byQueue') {
    if (!Array.isArray(arns) || arns.length === 0 || !arns.every((a) => typeof a === 'string')) {
      throw invalidPolicy('RedriveAllowPolicy', text, 'sourceQueueArns must be specified when redrivePermission is byQueue.');
    }
    if (arns.length > 10) throw invalidPolicy('RedriveAllowPolicy', text, 'You can specify up to 10 source queue ARNs.');
    return JSON.stringify({ redrivePermission: permission, sourceQueueArns: arns });
  }
  if (arns !== undefined) {
    throw invalidPolicy('RedriveAllowPolicy', text, 'You can specify sourceQueueArns only when redrivePermission is byQueue.');
  }
  return JSON.stringify({ redrivePermission: permission });
}

// ------------------------------------------------------------------------------ source queues

function sourcesOf(state: SqsState, dlq: Queue): Queue[] {
  const out: Queue[] = [];
  for (const q of allQueues(state)) if (!q.deleted && q.redrivePolicy?.deadLetterTargetArn === dlq.arn) out.push(q);
  return out;
}

export function listDeadLetterSourceQueues(input: ListDeadLetterSourceQueuesRequest, ctx: RequestContext, state: SqsState): ListDeadLetterSourceQueuesResult {
  const dlq = queueFromUrl(state, ctx, input.QueueUrl);
  const sources = sourcesOf(state, dlq).filter((q) => q.account === dlq.account && q.region === dlq.region);
  const page = paginate(sources, input.MaxResults, input.NextToken);
  return { queueUrls: page.items.map((q) => queueUrl(ctx, q)), ...(page.nextToken && { NextToken: page.nextToken }) };
}

// ------------------------------------------------------------------------------ move tasks

function encodeHandle(taskId: string, sourceArn: string): string {
  return Buffer.from(JSON.stringify({ taskId, sourceArn }), 'utf8').toString('base64');
}

export function decodeHandle(handle: string): { taskId: string; sourceArn: string } | undefined {
  try {
    const v = parseJsonDocument(Buffer.from(handle, 'base64').toString('utf8')) as { taskId?: unknown; sourceArn?: unknown };
    return typeof v.taskId === 'string' && typeof v.sourceArn === 'string' ? { taskId: v.taskId, sourceArn: v.sourceArn } : undefined;
  } catch {
    return undefined;
  }
}

function tasksOf(state: SqsState, sourceArn: string): MoveTask[] {
  const p = parseQueueArn(sourceArn)!;
  return regionOf(state, p.account, p.region).moveTasks;
}

export function startMessageMoveTask(input: StartMessageMoveTaskRequest, ctx: RequestContext, state: SqsState): StartMessageMoveTaskResult {
  const sourceArn = input.SourceArn!;
  const source = queueByArn(state, sourceArn);
  if (!source) throw new AwsError('ResourceNotFoundException', "The resource that you specified for the SourceArn parameter doesn't exist.");
  if (sourcesOf(state, source).length === 0) {
    throw new AwsError('InvalidParameterValue', 'Source queue must be configured as a Dead Letter Queue.');
  }
  if (input.DestinationArn !== undefined && !queueByArn(state, input.DestinationArn)) {
    throw new AwsError('ResourceNotFoundException', "The resource that you specified for the DestinationArn parameter doesn't exist.");
  }
  const rate = input.MaxNumberOfMessagesPerSecond;
  if (rate !== undefined && (rate < 1 || rate > MAX_MOVE_RATE)) {
    throw new AwsError('InvalidParameterValue', `Value ${rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and ${MAX_MOVE_RATE}.`);
  }
  const tasks = tasksOf(state, sourceArn);
  if (tasks.some((t) => t.sourceArn === sourceArn && (t.status === 'RUNNING' || t.status === 'CANCELLING'))) {
    throw new AwsError('InvalidParameterValue', 'There is already a task running. Only one active task is allowed for a source queue arn at a given time.');
  }
  source.refresh();
  const task: MoveTask = {
    taskHandle: encodeHandle(ctx.ids.uuid(), sourceArn),
    sourceArn,
    ...(input.DestinationArn !== undefined && { destinationArn: input.DestinationArn }),
    ...(rate !== undefined && { maxNumberOfMessagesPerSecond: rate }),
    status: 'RUNNING',
    startedTimestamp: ctx.clock.now(),
    approximateNumberOfMessagesMoved: 0,
    approximateNumberOfMessagesToMove: source.visibleCount,
  };
  tasks.push(task);
  scheduleMove(state, task, state.time.clock.now());
  return { TaskHandle: task.taskHandle };
}

/** Arms the task's next slice at `at` (absolute ms) and writes the task's row with that deadline,
 *  so a restart resumes it then. */
function scheduleMove(state: SqsState, task: MoveTask, at: number): void {
  task.timer = state.time.scheduler.at(at, () => runMoveSlice(state, task));
  saveTask(state, task, at);
}

/** Restart: a RUNNING task's next slice, at its persisted deadline (at once if that has passed). */
export function resumeMoveTask(state: SqsState, task: MoveTask, at: number): void {
  task.timer = state.time.scheduler.at(at, () => runMoveSlice(state, task));
}

/** The task's row (rows.ts MoveTaskRow), put on every change of the task. */
function saveTask(state: SqsState, task: MoveTask, nextAt?: number): void {
  const p = parseQueueArn(task.sourceArn)!;
  const { timer: _timer, ...fields } = task;
  state.stores.tasks.put(p.account, p.region, task.taskHandle, { ...fields, ...(nextAt !== undefined && { nextAt }) });
}

function runMoveSlice(state: SqsState, task: MoveTask): void {
  task.timer = undefined;
  if (task.status !== 'RUNNING') return;
  const source = queueByArn(state, task.sourceArn);
  if (!source) return failTask(state, task, 'AWS.SimpleQueueService.NonExistentQueue');
  const remaining = task.approximateNumberOfMessagesToMove - task.approximateNumberOfMessagesMoved;
  const budget = Math.min(remaining, task.maxNumberOfMessagesPerSecond ?? MOVE_SLICE);
  const now = source.clock.now();
  const batch = budget > 0 ? source.takeForMove(budget, now) : [];
  const touched = new Set<Queue>();
  for (const m of batch) {
    const target = queueByArn(state, task.destinationArn ?? m.extra?.deadLetterSourceArn ?? '');
    if (!target || (target.fifo && !m.extra?.groupId)) {
      // Nowhere to go: the message stays in the dead-letter queue and the task fails, as on AWS.
      source.adopt(m, now);
      return failTask(state, task, 'AWS.SimpleQueueService.NonExistentQueue');
    }
    // A redriven message starts afresh in its destination (receive count and age), or it would
    // bounce straight back to the dead-letter queue on its next receive.
    m.receiveCount = 0;
    m.sentAt = now - target.epoch;
    if (m.extra) {
      m.extra = { ...m.extra, deadLetterSourceArn: undefined };
      if (target.fifo) m.extra.sequenceNumber = target.groups!.nextSequenceNumber();
    }
    target.adopt(m, now);
    touched.add(target);
    task.approximateNumberOfMessagesMoved++;
  }
  if (batch.length === 0 || task.approximateNumberOfMessagesMoved >= task.approximateNumberOfMessagesToMove) {
    task.status = 'COMPLETED';
    saveTask(state, task);
    return;
  }
  scheduleMove(state, task, now + (task.maxNumberOfMessagesPerSecond ? 1000 : 0));
}

function failTask(state: SqsState, task: MoveTask, reason: string): void {
  task.status = 'FAILED';
  task.failureReason = reason;
  saveTask(state, task);
}

export function cancelMessageMoveTask(input: CancelMessageMoveTaskRequest, _ctx: RequestContext, state: SqsState): CancelMessageMoveTaskResult {
  const h = decodeHandle(input.TaskHandle ?? '');
  if (!h || !parseQueueArn(h.sourceArn)) throw new AwsError('InvalidParameterValue', 'Value for parameter TaskHandle is invalid.');
  const task = tasksOf(state, h.sourceArn).find((t) => t.taskHandle === input.TaskHandle);
  if (!task) throw new AwsError('ResourceNotFoundException', 'Task does not exist.');
  if (task.status !== 'RUNNING') {
    throw new AwsError('InvalidParameterValue', `Only active tasks can be cancelled. The task is ${task.status}.`);
  }
  // AWS passes through CANCELLING; nothing here is in progress between slices, so it is immediate.
  task.timer?.cancel();
  task.timer = undefined;
  task.status = 'CANCELLED';
  saveTask(state, task);
  return { ApproximateNumberOfMessagesMoved: task.approximateNumberOfMessagesMoved };
}

export function listMessageMoveTasks(input: ListMessageMoveTasksRequest, _ctx: RequestContext, state: SqsState): ListMessageMoveTasksResult {
  const sourceArn = input.SourceArn!;
  if (!parseQueueArn(sourceArn)) {
    throw new AwsError('InvalidParameterValue', 'You must use this format to specify the SourceArn: arn:<partition>:<service>:<region>:<account-id>:<resource-id>');
  }
  if (!queueByArn(state, sourceArn)) {
    throw new AwsError('ResourceNotFoundException', "The resource that you specified for the SourceArn parameter doesn't exist.");
  }
  const max = input.MaxResults ?? 1;
  if (max < 1 || max > 10) {
    throw new AwsError('InvalidParameterValue', `Value ${max} for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and 10.`);
  }
  const tasks = tasksOf(state, sourceArn).filter((t) => t.sourceArn === sourceArn).reverse().slice(0, max);
  return { Results: tasks.map(entryOf) };
}

function entryOf(t: MoveTask): ListMessageMoveTasksResultEntry {
  return {
    ...(t.status === 'RUNNING' && { TaskHandle: t.taskHandle }),
    Status: t.status,
    SourceArn: t.sourceArn,
    ...(t.destinationArn !== undefined && { DestinationArn: t.destinationArn }),
    ...(t.maxNumberOfMessagesPerSecond !== undefined && { MaxNumberOfMessagesPerSecond: t.maxNumberOfMessagesPerSecond }),
    ApproximateNumberOfMessagesMoved: t.approximateNumberOfMessagesMoved,
    ApproximateNumberOfMessagesToMove: t.approximateNumberOfMessagesToMove,
    ...(t.failureReason !== undefined && { FailureReason: t.failureReason }),
    StartedTimestamp: t.startedTimestamp,
  };
}
