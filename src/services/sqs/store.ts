// SQS state: queues per account and region, message move tasks, and the lookups every handler
// uses (queue URL -> queue, ARN -> queue). Cross-account access by URL is allowed (no IAM
// enforcement yet): a URL names its owner's account, whoever calls.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { Host } from '../host.js';
import { ScopedStore } from '../../state/scoped-store.js';
import type { Timer } from '../../state/scheduler.js';
import { Queue, type QueueTime } from './queue-engine.js';
import { openSqsStores, type SqsStores } from './rows.js';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTask {
  taskHandle: string;
  sourceArn: string;
  destinationArn?: string;
  maxNumberOfMessagesPerSecond?: number;
  status: MoveTaskStatus;
  /** Epoch ms. */
  startedTimestamp: number;
  approximateNumberOfMessagesMoved: number;
  approximateNumberOfMessagesToMove: number;
  failureReason?: string;
  /** The next slice, on the host's scheduler. */
  timer?: Timer;
}

export interface SqsRegionState {
  queues: Map<string, Queue>;
  /** Newest last. */
  moveTasks: MoveTask[];
}

/** SQS's state: live queues and move tasks per account and region (indexes of the rows in
 *  `stores`; restore.ts builds them from the persisted rows), and the clock and scheduler. */
export interface SqsState {
  /** Clock and scheduler for queues (long polls) and move tasks. */
  time: QueueTime;
  stores: SqsStores;
  regions: ScopedStore<SqsRegionState>;
}

/** A state with no queues (restore.ts fills it from the rows). */
export function emptySqsState(host: Host): SqsState {
  return {
    time: host,
    stores: openSqsStores(host.stores),
    regions: new ScopedStore<SqsRegionState>(() => ({ queues: new Map(), moveTasks: [] })),
  };
}


/** Stops every timer the state holds (long polls, move tasks): Nimbus reset or stop. */
export function disposeSqsState(state: SqsState): void {
  for (const { state: region } of state.regions.entries()) {
    for (const q of region.queues.values()) q.close();
    for (const t of region.moveTasks) t.timer?.cancel();
  }
  state.regions.reset();
}

export function regionOf(state: SqsState, account: string, region: string): SqsRegionState {
  return state.regions.for(account, region);
}

export function queueUrl(ctx: RequestContext, queue: Queue): string {
  return `http://${ctx.host}/${queue.account}/${queue.name}`;
}

// ---------------------------------------------------------------------------------- queue URLs

export interface QueueLocation {
  account: string;
  name: string;
  /** From the host name when it carries one (sqs.<region>.amazonaws.com and similar). */
  region?: string;
}

const REGION_HOST = /^(?:sqs\.([a-z]{2}(?:-[a-z]+)+-\d+)\.|([a-z]{2}(?:-[a-z]+)+-\d+)\.queue\.)/;

// Clients send the same few queue URLs over and over: parsing is cached (bounded; the cache is
// dropped whole when full, which is cheaper than tracking recency on every hit).
const parsedUrls = new Map<string, QueueLocation | null>();
const PARSED_URLS_MAX = 10_000;

/** Reads account and name (and region, when the host names one) from any queue URL: any host,
 *  `/{account}/{name}` or LocalStack's `/queue/{region}/{account}/{name}`. */
export function parseQueueUrl(url: string): QueueLocation | undefined {
  let loc = parsedUrls.get(url);
  if (loc === undefined) {
    loc = parseQueueUrlUncached(url) ?? null;
    if (parsedUrls.size >= PARSED_URLS_MAX) parsedUrls.clear();
    parsedUrls.set(url, loc);
  }
  return loc ?? undefined;
}

function parseQueueUrlUncached(url: string): QueueLocation | undefined {
  let host = '';
  let path = url;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (scheme) {
    host = scheme[1]!.toLowerCase();
    path = url.slice(scheme[0].length);
  }
  const q = path.search(/[?#]/);
  if (q >= 0) path = path.slice(0, q);
  const segs = path.split('/').filter((s) => s.length > 0);
  let region: string | undefined;
  if (segs.length === 4 && segs[0] === 'queue') {
    region = segs[1];
    segs.splice(0, 2);
  }
  if (segs.length !== 2) return undefined;
  const [account, name] = segs.map(decodeSegment) as [string, string];
  if (!/^\d{12}$/.test(account) || name.length === 0) return undefined;
  if (!region) {
    const m = REGION_HOST.exec(host);
    region = m?.[1] ?? m?.[2];
    if (!region && /^queue\.amazonaws\.com(:\d+)?$/.test(host)) region = 'us-east-1';
  }
  return { account, name, ...(region && { region }) };
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A bare queue name (no scheme, no '/') given as QueueUrl names that queue in the caller's
 *  account and region, as AWS resolves it (`aws sqs send-message --queue-url my-queue`). */
export function locateQueue(url: string, account: string): QueueLocation | undefined {
  if (/^[A-Za-z0-9_-]{1,80}(\.fifo)?$/.test(url)) return { account, name: url };
  return parseQueueUrl(url);
}

/** The queue a request's QueueUrl names; a URL that names no queue is QueueDoesNotExist
 *  (AWS.SimpleQueueService.NonExistentQueue), as AWS answers. */
export function queueFromUrl(state: SqsState, ctx: RequestContext, url: string | undefined): Queue {
  const loc = url ? locateQueue(url, ctx.account) : undefined;
  if (!loc) throw queueDoesNotExist();
  const q = regionOf(state, loc.account, loc.region ?? ctx.region).queues.get(loc.name);
  if (!q) throw queueDoesNotExist();
  return q;
}

// AWS's query API words this "... does not exist for this wsdl version."; one wording here.
export function queueDoesNotExist(): AwsError {
  return new AwsError('QueueDoesNotExist', 'The specified queue does not exist.');
}

// ---------------------------------------------------------------------------------- ARNs

export interface ArnParts {
  region: string;
  account: string;
  name: string;
}

export function parseQueueArn(arn: string): ArnParts | undefined {
  const m = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([^:/]+)$/.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

export function queueByArn(state: SqsState, arn: string): Queue | undefined {
  const p = parseQueueArn(arn);
  if (!p) return undefined;
  const q = regionOf(state, p.account, p.region).queues.get(p.name);
  return q && !q.deleted ? q : undefined;
}

/** Every queue in every scope (ListDeadLetterSourceQueues, StartMessageMoveTask checks). */
export function* allQueues(state: SqsState): IterableIterator<Queue> {
  for (const { state: region } of state.regions.entries()) yield* region.queues.values();
}
