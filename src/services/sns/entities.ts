// SNS's live entities: topics and subscriptions as handlers use them, grouped per account and
// region. Their durable form is rows (rows.ts); these are built from the rows when the state is
// created (store.ts).
import type { CompiledFilterPolicy } from './filter-policy.js';

export interface Topic {
  arn: string;
  name: string;
  account: string;
  region: string;
  fifo: boolean;
  /** Creation order, for ListTopics pagination that survives deletions. */
  seq: number;
  /** User-visible attributes as set (DisplayName, Policy, DeliveryPolicy, KmsMasterKeyId, ...). */
  attributes: Record<string, string>;
  tags: Map<string, string>;
  /** Subscription ARNs in subscription order. */
  subscriptions: Set<string>;
  subscriptionsDeleted: number;
  dataProtectionPolicy?: string;
  /** FIFO: last sequence number handed out. */
  sequence: bigint;
  /** FIFO: deduplication id -> first publish, inside the 5-minute window (insertion = time order). */
  dedup: Map<string, { expiresAt: number; messageId: string; sequenceNumber: string }>;
}

export interface Subscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  seq: number;
  pendingConfirmation: boolean;
  confirmationWasAuthenticated: boolean;
  /** Settable attributes: RawMessageDelivery, FilterPolicy, FilterPolicyScope, RedrivePolicy,
   *  DeliveryPolicy, SubscriptionRoleArn, ReplayPolicy. */
  attributes: Record<string, string>;
  filter?: CompiledFilterPolicy;
  /** Delivery outcomes, for tests and for protocols Nimbus does not deliver to yet. In memory only
   *  (not AWS state: counters for tests and diagnostics), so a restart starts them from zero. */
  stats: { delivered: number; failed: number; lastError?: string };
}

export interface SnsRegionState {
  topics: Map<string, Topic>;
  subscriptions: Map<string, Subscription>;
  /** Confirmation token -> subscription ARN. */
  tokens: Map<string, string>;
  /** UnsubscribeConfirmation token -> the removed subscription (its SubscribeURL restores it). */
  unsubscribed: Map<string, Subscription>;
  nextSeq: number;
}

