// Delivery outcomes counted on the subscription (tests read them; AWS exposes them as CloudWatch
// metrics NumberOfNotificationsDelivered / NumberOfNotificationsFailed).
import type { Subscription } from '../store.js';

export function recordFailure(sub: Subscription, error: unknown): void {
  sub.stats.failed++;
  sub.stats.lastError = error instanceof Error ? error.message : String(error);
}

export function recordSuccess(sub: Subscription): void {
  sub.stats.delivered++;
}
