// Recorded deliveries: Nimbus sends no pushes, texts or emails, so what it would have sent is
// recorded instead (per account and region, the newest MAX_RECORDED_DELIVERIES, durable like the
// rest of SNS's state), and listed by GET /_nimbus/sns/deliveries so that tests and users can see
// what a device, phone or mailbox would have received:
//
//   GET /_nimbus/sns/deliveries[?protocol=sms|application|email|email-json][&endpoint=...]
//       [&account=...][&region=...]
//   -> 200 {"deliveries": [{account, region, seq, protocol, endpoint, type, status, reason?,
//          timestamp, messageId, message, subject?, topicArn?, subscriptionArn?, details?}, ...]}
//
// oldest first. (AWS has no such listing: this stands in for the device, phone or inbox.)
import type { HttpRequest, HttpResponse } from '../../protocol/http.js';
import type { RecordedDelivery } from './entities.js';
import type { SnsState } from './store.js';

export const DELIVERIES_PATH = '/_nimbus/sns/deliveries';
export const MAX_RECORDED_DELIVERIES = 1000;

/** Records one delivery in the account and region it happened in; drops the oldest past the cap. */
export function recordDelivery(state: SnsState, account: string, region: string, d: Omit<RecordedDelivery, 'seq'>): RecordedDelivery {
  const scope = state.regions.for(account, region);
  const delivery: RecordedDelivery = { seq: scope.nextSeq++, ...d };
  scope.deliveries.push(delivery);
  state.rows.delivery(account, region, delivery);
  state.rows.counters(account, region, scope);
  while (scope.deliveries.length > MAX_RECORDED_DELIVERIES) state.rows.delivery(account, region, scope.deliveries.shift()!, true);
  return delivery;
}

const FILTERS = ['protocol', 'endpoint', 'account', 'region', 'type', 'status'] as const;

export function deliveriesEndpoint(state: SnsState, req: HttpRequest): HttpResponse {
  const query = new URLSearchParams(req.rawQuery);
  const out: Array<RecordedDelivery & { account: string; region: string }> = [];
  for (const { account, region, state: scope } of state.regions.entries()) {
    for (const d of scope.deliveries) {
      const row = { account, region, ...d };
      if (FILTERS.every((f) => !query.has(f) || String(row[f]) === query.get(f))) out.push(row);
    }
  }
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveries: out }) };
}
