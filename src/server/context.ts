// The request context every handler receives: who is calling, where, and the instance's clock and
// id source. Handlers read time and make ids only through it.
import type { ServiceSummary } from '../models/types.js';
import type { Clock } from '../state/clock.js';
import type { IdSource } from '../state/ids.js';
import type { Instance } from './instance.js';

export interface RequestContext {
  requestId: string;
  /** 12-digit account id the caller acts in. */
  account: string;
  region: string;
  /** The caller's access key id ('' for unsigned requests). */
  accessKeyId: string;
  service: ServiceSummary;
  operation: string;
  /** Host header of the request (queue URLs and other resource URLs are built from it). */
  host: string;
  /** The request's path, still percent-encoded (SQS query requests posted to a queue URL). */
  path: string;
  clock: Clock;
  ids: IdSource;
  /** The Nimbus instance: other services' state and in-process APIs. */
  instance: Instance;
}
