// SNS state: topics and their subscriptions, per account and region (a subscription lives in its
// topic's scope, as on AWS, where the topic owner's account holds it). Plain data, plus the compiled
// filter policy cached beside its JSON text so Publish does not re-parse it per message. What is
// durable is kept as rows (rows.ts); these structures are indexes built from them at creation.
import { ScopedStore } from '../../state/scoped-store.js';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { Host } from '../host.js';
import type { SnsRegionState, Subscription, Topic } from './entities.js';
import { loadSnsRows, openSnsStores, SnsWriter } from './rows.js';
import { attachSigningStore } from './signing.js';

export type { PlatformApplication, PlatformEndpoint, RecordedDelivery, SnsRegionState, Subscription, Topic } from './entities.js';

/** Knobs for asynchronous deliveries (HTTP/S retries). Tests scale the delay down. */
export interface DeliverySettings {
  /** Multiplies every retry delay of a delivery policy (1 = AWS timing). NIMBUS_SNS_RETRY_DELAY_SCALE. */
  delayScale: number;
  /** Per-attempt timeout of an HTTP/S delivery, ms (AWS: 15 s). */
  requestTimeoutMs: number;
}

export function createSnsState(host: Host) {
  const regions = new ScopedStore<SnsRegionState>(() => ({
    topics: new Map(),
    subscriptions: new Map(),
    tokens: new Map(),
    unsubscribed: new Map(),
    applications: new Map(),
    endpoints: new Map(),
    smsAttributes: {},
    optedOut: new Map(),
    sandboxNumbers: new Map(),
    deliveries: [],
    nextSeq: 1,
  }));
  const stores = openSnsStores(host);
  loadSnsRows(stores, (account, region) => regions.for(account, region), host.clock.now());
  attachSigningStore(host);
  return {
    host,
    regions,
    /** Puts and deletes the rows of every mutation (rows.ts). */
    rows: new SnsWriter(stores),
    delivery: { delayScale: host.settings.sns.retryDelayScale, requestTimeoutMs: 15_000 } as DeliverySettings,
    /** Pending retries (the scheduler's Timers) and in-flight requests, released on reset. */
    pending: new Set<{ cancel(): void }>(),
  };
}

export type SnsState = ReturnType<typeof createSnsState>;

export function disposeSnsState(state: SnsState): void {
  for (const p of state.pending) p.cancel();
  state.pending.clear();
}

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** arn:partition:service:region:account:resource (the resource may hold further colons). */
export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { partition: parts[1]!, service: parts[2]!, region: parts[3]!, account: parts[4]!, resource: parts.slice(5).join(':') };
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', `Invalid parameter: ${message}`);
}

/** SNS's InvalidParameterValue (ParameterValueInvalid on the wire). */
export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

/** The region state an SNS ARN lives in. AWS serves topics only in the request's region. */
export function scopeOfArn(state: SnsState, ctx: RequestContext, arn: string, what: string): SnsRegionState {
  const parsed = parseArn(arn);
  if (!parsed) throw invalidParameter(`${what} Reason: An ARN must have at least 6 elements, not ${arn.split(':').length}`);
  if (parsed.region !== ctx.region) throw invalidParameter(what);
  return state.regions.for(parsed.account, parsed.region);
}

export function getTopic(state: SnsState, ctx: RequestContext, topicArn: string, what = 'TopicArn'): Topic {
  const topic = scopeOfArn(state, ctx, topicArn, what).topics.get(topicArn);
  if (!topic) throw new AwsError('NotFoundException', 'Topic does not exist');
  return topic;
}

export function getSubscription(state: SnsState, ctx: RequestContext, subscriptionArn: string): { sub: Subscription; scope: SnsRegionState } {
  const scope = scopeOfArn(state, ctx, subscriptionArn, 'SubscriptionArn');
  const sub = scope.subscriptions.get(subscriptionArn);
  if (!sub) throw new AwsError('NotFoundException', 'Subscription does not exist');
  return { sub, scope };
}

/** Opaque pagination token over a creation sequence (stable when items are deleted meanwhile). */
export function pageToken(seq: number): string {
  return Buffer.from(`nimbus:${seq}`).toString('base64');
}

export function parsePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const m = /^nimbus:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!m) throw invalidParameter('NextToken');
  return Number(m[1]);
}

/** AWS's page size for ListTopics / ListSubscriptions(ByTopic). */
export const PAGE_SIZE = 100;

export function paginate<T extends { seq: number }>(items: Iterable<T>, nextToken: string | undefined, size = PAGE_SIZE): { page: T[]; next?: string } {
  const after = parsePageToken(nextToken);
  const page: T[] = [];
  for (const item of items) {
    if (item.seq <= after) continue;
    if (page.length === size) return { page, next: pageToken(page[page.length - 1]!.seq) };
    page.push(item);
  }
  return { page };
}
