// SNS's durable rows (state/durable/stores.ts). Every mutation puts or deletes its rows here; the
// live structures of store.ts (topics with their subscription sets, the token maps, compiled filter
// policies, FIFO deduplication maps) are indexes rebuilt from these rows when the state is created.
//
//   topics        region  key topic name        TopicRow
//   subscriptions region  key subscription ARN  SubscriptionRow (pending ones too)
//   tokens        region  key confirmation token { subscriptionArn }
//   unsubscribed  region  key token of an UnsubscribeConfirmation: the removed SubscriptionRow
//   sequences     region  key FIFO topic name   { sequence } (the last sequence number handed out)
//   dedup         region  key topic/dedup key   DedupRow (FIFO deduplication, inside its window)
//   counters      region  key 'seq'             { nextSeq } (creation order, for stable pagination)
//   applications  region  key application ARN   PlatformApplication
//   endpoints     region  key endpoint ARN      PlatformEndpoint
//   sms           region  key 'attributes'      { attributes } (SetSMSAttributes)
//   optedOut      region  key phone number      { at } (when it opted out)
//   sandbox       region  key phone number      SandboxPhoneNumber
//   deliveries    region  key zero-padded seq   RecordedDelivery (push, SMS, email; the newest 1,000)
//   signing       global  key 'key'             the signing key and certificate (signing.ts)
//
// Not persisted: a subscription's delivery stats (counters for tests, rebuilt from zero), pending
// HTTP retries (an in-flight delivery is not an acknowledged write; AWS gives no guarantee either).
import type { Host } from '../host.js';
import type { Store } from '../../state/durable/stores.js';
import { compileFilterPolicy } from './filter-policy.js';
import { validateFilterPolicy, type FilterScope } from './filter-policy-validate.js';
import type { PlatformApplication, PlatformEndpoint, RecordedDelivery, SandboxPhoneNumber, SnsRegionState, Subscription, Topic } from './entities.js';

export interface TopicRow {
  name: string;
  fifo: boolean;
  seq: number;
  attributes: Record<string, string>;
  tags: Array<[string, string]>;
  subscriptionsDeleted: number;
  dataProtectionPolicy?: string;
}

export interface SubscriptionRow {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  seq: number;
  pendingConfirmation: boolean;
  confirmationWasAuthenticated: boolean;
  attributes: Record<string, string>;
}

export interface DedupRow {
  topic: string;
  key: string;
  expiresAt: number;
  messageId: string;
  sequenceNumber: string;
}

export interface SnsStores {
  topics: Store<TopicRow>;
  subscriptions: Store<SubscriptionRow>;
  tokens: Store<{ subscriptionArn: string }>;
  unsubscribed: Store<SubscriptionRow>;
  sequences: Store<{ sequence: string }>;
  dedup: Store<DedupRow>;
  counters: Store<{ nextSeq: number }>;
  applications: Store<PlatformApplication>;
  endpoints: Store<PlatformEndpoint>;
  sms: Store<{ attributes: Record<string, string> }>;
  optedOut: Store<{ at: number }>;
  sandbox: Store<SandboxPhoneNumber>;
  deliveries: Store<RecordedDelivery>;
}

export function openSnsStores(host: Host): SnsStores {
  const open = <Row>(name: string) => host.stores.open<Row>('sns', { name, scope: 'region', version: 1 });
  return {
    topics: open('topics'),
    subscriptions: open('subscriptions'),
    tokens: open('tokens'),
    unsubscribed: open('unsubscribed'),
    sequences: open('sequences'),
    dedup: open('dedup'),
    counters: open('counters'),
    applications: open('applications'),
    endpoints: open('endpoints'),
    sms: open('sms'),
    optedOut: open('optedOut'),
    sandbox: open('sandbox'),
    deliveries: open('deliveries'),
  };
}

// ---------------------------------------------------------------- writes

export function topicRow(t: Topic): TopicRow {
  return {
    name: t.name,
    fifo: t.fifo,
    seq: t.seq,
    attributes: t.attributes,
    tags: [...t.tags],
    subscriptionsDeleted: t.subscriptionsDeleted,
    ...(t.dataProtectionPolicy !== undefined && { dataProtectionPolicy: t.dataProtectionPolicy }),
  };
}

export function subscriptionRow(s: Subscription): SubscriptionRow {
  return {
    arn: s.arn,
    topicArn: s.topicArn,
    protocol: s.protocol,
    endpoint: s.endpoint,
    owner: s.owner,
    seq: s.seq,
    pendingConfirmation: s.pendingConfirmation,
    confirmationWasAuthenticated: s.confirmationWasAuthenticated,
    attributes: s.attributes,
  };
}

/** The rows a state change writes, in the scope of a topic (a subscription lives in its topic's). */
export class SnsWriter {
  constructor(readonly stores: SnsStores) {}

  topic(t: Topic): void {
    this.stores.topics.put(t.account, t.region, t.name, topicRow(t));
  }

  subscription(t: Topic, s: Subscription): void {
    this.stores.subscriptions.put(t.account, t.region, s.arn, subscriptionRow(s));
  }

  deleteSubscription(account: string, region: string, arn: string): void {
    this.stores.subscriptions.delete(account, region, arn);
  }

  token(account: string, region: string, token: string, subscriptionArn: string | undefined): void {
    if (subscriptionArn === undefined) this.stores.tokens.delete(account, region, token);
    else this.stores.tokens.put(account, region, token, { subscriptionArn });
  }

  unsubscribed(account: string, region: string, token: string, sub: Subscription | undefined): void {
    if (sub === undefined) this.stores.unsubscribed.delete(account, region, token);
    else this.stores.unsubscribed.put(account, region, token, subscriptionRow(sub));
  }

  counters(account: string, region: string, scope: SnsRegionState): void {
    this.stores.counters.put(account, region, 'seq', { nextSeq: scope.nextSeq });
  }

  sequence(t: Topic): void {
    this.stores.sequences.put(t.account, t.region, t.name, { sequence: String(t.sequence) });
  }

  dedup(t: Topic, key: string, entry: { expiresAt: number; messageId: string; sequenceNumber: string } | undefined): void {
    const rowKey = dedupRowKey(t.name, key);
    if (entry === undefined) this.stores.dedup.delete(t.account, t.region, rowKey);
    else this.stores.dedup.put(t.account, t.region, rowKey, { topic: t.name, key, ...entry });
  }

  application(account: string, region: string, app: PlatformApplication, gone = false): void {
    if (gone) this.stores.applications.delete(account, region, app.arn);
    else this.stores.applications.put(account, region, app.arn, app);
  }

  endpoint(account: string, region: string, e: PlatformEndpoint, gone = false): void {
    if (gone) this.stores.endpoints.delete(account, region, e.arn);
    else this.stores.endpoints.put(account, region, e.arn, e);
  }

  smsAttributes(account: string, region: string, attributes: Record<string, string>): void {
    this.stores.sms.put(account, region, 'attributes', { attributes });
  }

  optedOut(account: string, region: string, phoneNumber: string, at: number | undefined): void {
    if (at === undefined) this.stores.optedOut.delete(account, region, phoneNumber);
    else this.stores.optedOut.put(account, region, phoneNumber, { at });
  }

  sandboxNumber(account: string, region: string, n: SandboxPhoneNumber, gone = false): void {
    if (gone) this.stores.sandbox.delete(account, region, n.phoneNumber);
    else this.stores.sandbox.put(account, region, n.phoneNumber, n);
  }

  delivery(account: string, region: string, d: RecordedDelivery, gone = false): void {
    const key = String(d.seq).padStart(12, '0');
    if (gone) this.stores.deliveries.delete(account, region, key);
    else this.stores.deliveries.put(account, region, key, d);
  }

  /** Everything of a deleted topic: its subscriptions, their tokens, its FIFO rows. */
  deleteTopic(t: Topic, subscriptions: Iterable<string>, tokens: Iterable<string>): void {
    for (const arn of subscriptions) this.deleteSubscription(t.account, t.region, arn);
    for (const token of tokens) this.token(t.account, t.region, token, undefined);
    for (const key of t.dedup.keys()) this.dedup(t, key, undefined);
    if (t.fifo) this.stores.sequences.delete(t.account, t.region, t.name);
    this.stores.topics.delete(t.account, t.region, t.name);
  }
}

/** Topic names hold no '/', and the dedup key (which may hold a NUL) is percent-encoded. */
function dedupRowKey(topic: string, key: string): string {
  return `${topic}/${encodeURIComponent(key)}`;
}

// ---------------------------------------------------------------- load

/** Rebuilds the live state from the rows: `scope(account, region)` gives (creates) a region's state. */
export function loadSnsRows(stores: SnsStores, scope: (account: string, region: string) => SnsRegionState, now: number): void {
  const topicRows = [...stores.topics.load()].sort((a, b) => a.row.seq - b.row.seq);
  for (const { account, region, row } of topicRows) {
    const topic: Topic = {
      arn: `arn:aws:sns:${region}:${account}:${row.name}`,
      name: row.name,
      account,
      region,
      fifo: row.fifo,
      seq: row.seq,
      attributes: row.attributes,
      tags: new Map(row.tags),
      subscriptions: new Set(),
      subscriptionsDeleted: row.subscriptionsDeleted,
      ...(row.dataProtectionPolicy !== undefined && { dataProtectionPolicy: row.dataProtectionPolicy }),
      sequence: 0n,
      dedup: new Map(),
    };
    scope(account, region).topics.set(topic.arn, topic);
  }
  for (const { account, region, key, row } of stores.sequences.load()) {
    const topic = scope(account, region).topics.get(`arn:aws:sns:${region}:${account}:${key}`);
    if (topic) topic.sequence = BigInt(row.sequence);
  }
  // Insertion order of a dedup map is time order (publish.ts prunes from the front).
  const dedupRows = [...stores.dedup.load()].sort((a, b) => a.row.expiresAt - b.row.expiresAt);
  for (const { account, region, key, row } of dedupRows) {
    const topic = scope(account, region).topics.get(`arn:aws:sns:${region}:${account}:${row.topic}`);
    if (!topic || row.expiresAt <= now) {
      stores.dedup.delete(account, region, key);
      continue;
    }
    topic.dedup.set(row.key, { expiresAt: row.expiresAt, messageId: row.messageId, sequenceNumber: row.sequenceNumber });
  }
  const subRows = [...stores.subscriptions.load()].sort((a, b) => a.row.seq - b.row.seq);
  for (const { account, region, row } of subRows) {
    const s = scope(account, region);
    const sub = subscriptionFrom(row);
    s.subscriptions.set(sub.arn, sub);
    s.topics.get(sub.topicArn)?.subscriptions.add(sub.arn);
  }
  for (const { account, region, key, row } of stores.tokens.load()) scope(account, region).tokens.set(key, row.subscriptionArn);
  for (const { account, region, key, row } of stores.unsubscribed.load()) scope(account, region).unsubscribed.set(key, subscriptionFrom(row));
  const bySeq = <T extends { seq: number }>(rows: Iterable<{ account: string; region: string; row: T }>) => [...rows].sort((a, b) => a.row.seq - b.row.seq);
  for (const { account, region, row } of bySeq(stores.applications.load())) scope(account, region).applications.set(row.arn, row);
  for (const { account, region, row } of bySeq(stores.endpoints.load())) scope(account, region).endpoints.set(row.arn, row);
  for (const { account, region, row } of stores.sms.load()) scope(account, region).smsAttributes = row.attributes;
  const optedOut = [...stores.optedOut.load()].sort((a, b) => a.row.at - b.row.at);
  for (const { account, region, key, row } of optedOut) scope(account, region).optedOut.set(key, row.at);
  for (const { account, region, row } of bySeq(stores.sandbox.load())) scope(account, region).sandboxNumbers.set(row.phoneNumber, row);
  for (const { account, region, row } of bySeq(stores.deliveries.load())) scope(account, region).deliveries.push(row);
  for (const { account, region, row } of stores.counters.load()) {
    const s = scope(account, region);
    s.nextSeq = Math.max(s.nextSeq, row.nextSeq);
  }
}

function subscriptionFrom(row: SubscriptionRow): Subscription {
  const sub: Subscription = { ...row, attributes: { ...row.attributes }, stats: { delivered: 0, failed: 0 } };
  compileFilter(sub);
  return sub;
}

/** The compiled filter policy, an index of the FilterPolicy text (validated when it was set). */
export function compileFilter(sub: Subscription, subscribeCall = false): void {
  const text = sub.attributes.FilterPolicy;
  const scope = (sub.attributes.FilterPolicyScope ?? 'MessageAttributes') as FilterScope;
  if (!text) {
    delete sub.filter;
    return;
  }
  sub.filter = compileFilterPolicy(validateFilterPolicy(text, scope, subscribeCall), scope);
}
