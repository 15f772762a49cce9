// SNS -> HTTP/HTTPS endpoints: asynchronous POSTs that never block Publish, retried on network
// errors and 5xx answers per the effective delivery policy (4xx answers are final, as on AWS).
// Delays are AWS's multiplied by state.delivery.delayScale (1 by default). Retry delays and each
// attempt's timeout run on the host's scheduler: under a test's ManualClock a retry happens when
// the test moves the clock past its delay.
// Deliberate differences: no jitter (delays are deterministic); https endpoints are not required
// to present a publicly trusted certificate (local endpoints are usually self-signed).
import http from 'node:http';
import https from 'node:https';
import type { Scheduler } from '../../../state/scheduler.js';
import { messageFor, notificationBody } from '../envelope.js';
import type { SnsState, Subscription, Topic } from '../store.js';
import type { DeliveryContext } from './context.js';
import { deliveryFailed } from './dead-letter.js';
import { recordFailure, recordSuccess } from './outcome.js';
import { contentTypeFor, retryDelays, retryPolicyFor } from './policy.js';

export interface HttpMessage {
  body: string;
  headers: Record<string, string>;
}

export function deliverToHttp(d: DeliveryContext): void {
  const { msg, sub } = d;
  const raw = sub.attributes.RawMessageDelivery === 'true';
  const body = raw ? messageFor(msg, sub.protocol) : notificationBody(msg, sub);
  const headers: Record<string, string> = {
    'x-amz-sns-message-type': 'Notification',
    'x-amz-sns-message-id': msg.messageId,
    'x-amz-sns-topic-arn': msg.topic.arn,
    'x-amz-sns-subscription-arn': sub.arn,
  };
  if (raw) headers['x-amz-sns-rawdelivery'] = 'true';
  // Once the delivery policy's retries are spent, the message goes to the subscription's DLQ.
  sendWithRetries(d.state, msg.topic, sub, { body, headers }, (error) => deliveryFailed(d, error, body, raw));
}

/** Posts `message` to the subscription's endpoint now, then retries per policy; never throws. */
export function sendWithRetries(state: SnsState, topic: Topic, sub: Subscription, message: HttpMessage, failed: (error: Error) => void = (e) => recordFailure(sub, e)): void {
  const delays = retryDelays(retryPolicyFor(topic, sub));
  const headers = {
    ...message.headers,
    'content-type': contentTypeFor(topic, sub),
    'user-agent': 'Amazon Simple Notification Service Agent',
  };
  const scheduler = state.host.scheduler;
  let attempt = 0;
  const run = (): void => {
    const handle = post(scheduler, sub.endpoint, message.body, headers, state.delivery.requestTimeoutMs, (outcome) => {
      state.pending.delete(handle);
      if (outcome.ok) return recordSuccess(sub);
      if (!outcome.retryable || attempt >= delays.length) return failed(new Error(outcome.error));
      const delayMs = delays[attempt++]! * 1000 * state.delivery.delayScale;
      // The pending retry is the scheduler's Timer itself (its `at` tells tests when it runs).
      const retry = scheduler.after(delayMs, () => {
        state.pending.delete(retry);
        run();
      });
      state.pending.add(retry);
    });
    state.pending.add(handle);
  };
  run();
}

interface Outcome {
  ok: boolean;
  retryable: boolean;
  error: string;
}

/** One attempt. Its timeout counts from the start of the attempt to the end of the answer (AWS: an
 *  endpoint that has not answered within 15 s has failed), on the scheduler. */
function post(scheduler: Scheduler, url: string, body: string, headers: Record<string, string>, timeoutMs: number, done: (o: Outcome) => void): { cancel(): void } {
  let finished = false;
  let deadline: { cancel(): void } | undefined;
  const finish = (o: Outcome): void => {
    if (!finished) {
      finished = true;
      deadline?.cancel();
      done(o);
    }
  };
  let req: http.ClientRequest;
  try {
    const client = url.startsWith('https:') ? https : http;
    req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      ...(client === https && { rejectUnauthorized: false }),
    });
  } catch (err) {
    queueMicrotask(() => finish({ ok: false, retryable: false, error: (err as Error).message }));
    return { cancel: () => {} };
  }
  req.on('response', (res) => {
    res.resume();
    const status = res.statusCode ?? 0;
    res.on('end', () => finish({ ok: status >= 200 && status < 300, retryable: status >= 500, error: `HTTP ${status} from ${url}` }));
    res.on('error', (e) => finish({ ok: false, retryable: true, error: e.message }));
  });
  req.on('error', (e) => finish({ ok: false, retryable: true, error: e.message }));
  deadline = scheduler.after(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
  req.end(body);
  return {
    cancel: () => {
      finished = true;
      deadline?.cancel();
      req.destroy();
    },
  };
}
