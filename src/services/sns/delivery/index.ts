// The subscriber interface: one deliverer per protocol. Publish matches each confirmed subscription's
// filter policy, then hands the message to its protocol's deliverer.
//
//   sqs          synchronous in-process enqueue through SQS's API (delivery/sqs.ts)
//   http, https  asynchronous POST with the delivery policy's retries (delivery/http.ts)
//   lambda       asynchronous invoke through Lambda's in-process API (delivery/lambda.ts)
//   email, email-json, sms, application, firehose
//                accepted as on AWS (email pending confirmation) but not delivered: Nimbus sends
//                no mail, texts or pushes, and has no Firehose; deliveries are recorded as skipped
//
// A deliverer never throws: failures are counted on the subscription (sub.stats) and, where AWS
// would, sent to the subscription's dead-letter queue.
import type { Deliverer } from './context.js';
export type { Deliverer, DeliveryContext } from './context.js';
export { recordFailure } from './outcome.js';
import { deliverToHttp } from './http.js';
import { deliverToLambda } from './lambda.js';
import { deliverToSqs } from './sqs.js';

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

