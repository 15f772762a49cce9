// HTTP/S delivery policies: the effective retry policy and content type of a subscription, from
// its own DeliveryPolicy, its topic's (http.defaultHealthyRetryPolicy), else AWS's default
// (3 retries, 20 s apart), and the retry schedule AWS's four phases give.
import type { Subscription, Topic } from '../store.js';
import { parseJsonDocument } from '../../../protocol/json-depth.js';

export interface RetryPolicy {
  minDelayTarget: number;
  maxDelayTarget: number;
  numRetries: number;
  numNoDelayRetries: number;
  numMinDelayRetries: number;
  numMaxDelayRetries: number;
  backoffFunction: 'linear' | 'arithmetic' | 'geometric' | 'exponential';
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

export const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** What GetTopicAttributes shows as EffectiveDeliveryPolicy on a topic without a DeliveryPolicy. */
export const DEFAULT_EFFECTIVE_DELIVERY_POLICY = {
  http: {
    defaultHealthyRetryPolicy: DEFAULT_RETRY_POLICY,
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: DEFAULT_CONTENT_TYPE },
  },
};

interface TopicDeliveryPolicy {
  http?: {
    defaultHealthyRetryPolicy?: Partial<RetryPolicy>;
    disableSubscriptionOverrides?: boolean;
    defaultRequestPolicy?: { headerContentType?: string };
  };
}

interface SubscriptionDeliveryPolicy {
  healthyRetryPolicy?: Partial<RetryPolicy>;
  requestPolicy?: { headerContentType?: string };
}

function parse<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return parseJsonDocument(text) as T;
  } catch {
    return undefined;
  }
}

/** The topic's effective delivery policy: its DeliveryPolicy merged over AWS's default. */
export function effectiveTopicDeliveryPolicy(topic: Topic): typeof DEFAULT_EFFECTIVE_DELIVERY_POLICY {
  const p = parse<TopicDeliveryPolicy>(topic.attributes.DeliveryPolicy)?.http;
  return {
    http: {
      defaultHealthyRetryPolicy: { ...DEFAULT_RETRY_POLICY, ...p?.defaultHealthyRetryPolicy },
      disableSubscriptionOverrides: p?.disableSubscriptionOverrides ?? false,
      defaultRequestPolicy: { headerContentType: p?.defaultRequestPolicy?.headerContentType ?? DEFAULT_CONTENT_TYPE },
    },
  };
}

export function retryPolicyFor(topic: Topic, sub: Subscription): RetryPolicy {
  const t = effectiveTopicDeliveryPolicy(topic).http;
  const s = t.disableSubscriptionOverrides ? undefined : parse<SubscriptionDeliveryPolicy>(sub.attributes.DeliveryPolicy);
  return { ...t.defaultHealthyRetryPolicy, ...s?.healthyRetryPolicy };
}

export function contentTypeFor(topic: Topic, sub: Subscription): string {
  const t = effectiveTopicDeliveryPolicy(topic).http;
  const s = t.disableSubscriptionOverrides ? undefined : parse<SubscriptionDeliveryPolicy>(sub.attributes.DeliveryPolicy);
  return s?.requestPolicy?.headerContentType ?? t.defaultRequestPolicy.headerContentType;
}

/** Seconds to wait before each retry: immediate retries, then minDelay retries, then the backoff
 *  phase from minDelay to maxDelay, then maxDelay retries. The backoff curves are Nimbus's
 *  approximations of AWS's (which AWS does not publish exactly); the end points are AWS's. */
export function retryDelays(p: RetryPolicy): number[] {
  const n = Math.max(0, Math.floor(p.numRetries));
  const noDelay = Math.min(n, p.numNoDelayRetries);
  const minDelay = Math.min(n - noDelay, p.numMinDelayRetries);
  const maxDelay = Math.min(n - noDelay - minDelay, p.numMaxDelayRetries);
  const backoff = n - noDelay - minDelay - maxDelay;
  const lo = p.minDelayTarget;
  const hi = Math.max(lo, p.maxDelayTarget);
  const curve = (i: number): number => {
    const x = backoff === 1 ? 1 : (i - 1) / (backoff - 1);
    switch (p.backoffFunction) {
      case 'arithmetic':
        return lo + (hi - lo) * x * x;
      case 'geometric':
        return lo * Math.pow(hi / Math.max(lo, 1e-9), x);
      case 'exponential':
        return lo + (hi - lo) * (Math.pow(2, x * 10) - 1) / 1023;
      default:
        return lo + (hi - lo) * x;
    }
  };
  const delays: number[] = [];
  for (let i = 0; i < noDelay; i++) delays.push(0);
  for (let i = 0; i < minDelay; i++) delays.push(lo);
  for (let i = 1; i <= backoff; i++) delays.push(curve(i));
  for (let i = 0; i < maxDelay; i++) delays.push(hi);
  return delays;
}
