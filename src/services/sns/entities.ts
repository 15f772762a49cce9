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
  stats: { delivered: number; failed: number; deadLettered?: number; lastError?: string };
}

/** A platform application (CreatePlatformApplication): the push credentials of one app. */
export interface PlatformApplication {
  arn: string;
  name: string;
  /** APNS, APNS_SANDBOX, GCM, ADM, BAIDU, MPNS, WNS, ... */
  platform: string;
  seq: number;
  /** As set, PlatformCredential included (GetPlatformApplicationAttributes never shows it). */
  attributes: Record<string, string>;
}

/** A device endpoint of a platform application (CreatePlatformEndpoint). */
export interface PlatformEndpoint {
  arn: string;
  applicationArn: string;
  seq: number;
  /** CustomUserData, Enabled, Token. */
  attributes: Record<string, string>;
}

/** A phone number of the SMS sandbox (CreateSMSSandboxPhoneNumber), with its one-time password. */
export interface SandboxPhoneNumber {
  phoneNumber: string;
  status: 'Pending' | 'Verified';
  oneTimePassword: string;
  languageCode: string;
  seq: number;
}

/** What Nimbus would have sent where it sends nothing itself: a push, a text or an email.
 *  Listed by GET /_nimbus/sns/deliveries (deliveries.ts). */
export interface RecordedDelivery {
  seq: number;
  protocol: 'application' | 'sms' | 'email' | 'email-json';
  /** The endpoint ARN, phone number or email address. */
  endpoint: string;
  /** Notification, SubscriptionConfirmation, or SandboxVerification (a sandbox number's code). */
  type: string;
  status: 'delivered' | 'failed';
  /** Why a failed delivery failed (disabled endpoint, opted-out number, ...). */
  reason?: string;
  timestamp: string;
  messageId: string;
  /** What the device, phone or mailbox gets (for email-json: the JSON envelope). */
  message: string;
  subject?: string;
  topicArn?: string;
  subscriptionArn?: string;
  /** Push: the platform (GCM, APNS, ...); SMS: SMSType, SenderID; email: the From line. */
  details?: Record<string, string>;
}

export interface SnsRegionState {
  topics: Map<string, Topic>;
  applications: Map<string, PlatformApplication>;
  endpoints: Map<string, PlatformEndpoint>;
  /** SetSMSAttributes, as set. */
  smsAttributes: Record<string, string>;
  /** Phone number -> when it opted out (epoch ms), in opt-out order. */
  optedOut: Map<string, number>;
  sandboxNumbers: Map<string, SandboxPhoneNumber>;
  /** Oldest first, at most MAX_RECORDED_DELIVERIES (deliveries.ts). */
  deliveries: RecordedDelivery[];
  subscriptions: Map<string, Subscription>;
  /** Confirmation token -> subscription ARN. */
  tokens: Map<string, string>;
  /** UnsubscribeConfirmation token -> the removed subscription (its SubscribeURL restores it). */
  unsubscribed: Map<string, Subscription>;
  nextSeq: number;
}

