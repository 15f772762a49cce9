// The subscriber interface: one deliverer per protocol. Publish matches each confirmed subscription's
// filter policy, then hands the message to its protocol's deliverer.
//
//   sqs          synchronous in-process enqueue through SQS's API (delivery/sqs.ts)
//   http, https  asynchronous POST with the delivery policy's retries (delivery/http.ts)
//   lambda       asynchronous invoke through Lambda's in-process API (delivery/lambda.ts)
//   email, email-json, sms, application
//                recorded (delivery/recorded.ts, listed by GET /_nimbus/sns/deliveries): Nimbus
//                sends no mail, texts or pushes
//   firehose     Nimbus has no Firehose: every delivery fails
//
// A deliverer never throws: failures are counted on the subscription (sub.stats) and sent to the
// subscription's dead-letter queue when it has one, as on AWS (delivery/dead-letter.ts).
import type { Deliverer } from './context.js';
export type { Deliverer, DeliveryContext } from './context.js';
export { recordFailure } from './outcome.js';
import { deliverToHttp } from './http.js';
import { deliverToLambda } from './lambda.js';
import { deliverToApplication, deliverToEmail, deliverToFirehose, deliverToSms } from './recorded.js';
import { deliverToSqs } from './sqs.js';

export const deliverers: Record<string, Deliverer> = {
  sqs: deliverToSqs,
  http: deliverToHttp,
  https: deliverToHttp,
  lambda: deliverToLambda,
  email: deliverToEmail,
  'email-json': deliverToEmail,
  sms: deliverToSms,
  application: deliverToApplication,
  firehose: deliverToFirehose,
};

export const SUPPORTED_PROTOCOLS = new Set(Object.keys(deliverers));

