// What a deliverer gets for one message to one subscription (the deliverers import this, and the
// table in index.ts imports them).
import type { Host } from '../../host.js';
import type { SqsApi } from '../../sqs/api.js';
import type { PublishedMessage } from '../envelope.js';
import type { SnsState, Subscription } from '../store.js';

export interface DeliveryContext {
  host: Host;
  state: SnsState;
  msg: PublishedMessage;
  sub: Subscription;
  /** SQS's in-process API, or why it is unavailable (resolved once per Publish). */
  sqs: SqsApi | Error | undefined;
}

export type Deliverer = (d: DeliveryContext) => void;
