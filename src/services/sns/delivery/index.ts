// The subscriber interface: one deliverer per protocol. Publish matches each confirmed subscription's
// filter policy, then hands the message to its protocol's deliverer.
//
//   sqs          synchronous in-process enqueue through SQS's API (delivery/sqs.ts)
//   http, https  asynchronous POST with the delivery policy's retries (delivery/http.ts)
//   lambda       plugs in when Lambda has an in-process API (delivery/lambda.ts); until then every
//                delivery is recorded as failed
//   email, email-json, sms, application, firehose
//                accepted as on AWS (email pending confirmation) but not delivered: Nimbus sends
//                no mail, texts or pushes, and has no Firehose; deliveries are recorded as skipped
//
// A deliverer never throws: failures are counted on the subscription (sub.stats) and, where AWS
// would, sent to the subscription's dead-letter queue.
import type { Host } from '../../host.js';
import type { SqsApi } from '../../sqs/api.js';
import type { PublishedMessage } from '../envelope.js';
import type { SnsState, Subscription } from '../store.js';
export { recordFailure } from './outcome.js';
import { deliverToHttp } from './http.js';
import { deliverToLambda } from './lambda.js';
import { deliverToSqs } from './sqs.js';

export interface DeliveryContext {
  host: Host;
  state: SnsState;
  msg: PublishedMessage;
  sub: Subscription;
  /** SQS's in-process API, or why it is unavailable (resolved once per Publish). */
  sqs: SqsApi | Error | undefined;
}

export type Deliverer = (d: DeliveryContext) => void;

const notDelivered: Deliverer = () => {};

export const deliverers: Record<string, Deliverer> = {
  sqs: deliverToSqs,
  http: deliverToHttp,
  https: deliverToHttp,
  lambda: deliverToLambda,
  email: notDelivered,
  'email-json': notDelivered,
  sms: notDelivered,
  application: notDelivered,
  firehose: notDelivered,
};

export const SUPPORTED_PROTOCOLS = new Set(Object.keys(deliverers));

