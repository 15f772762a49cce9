// The request context every handler receives: who is calling, where, and the host (clock, ids,
// scheduler, settings, other services' APIs). Handlers read time and make ids only through it.
import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceSummary } from '../models/types.js';
import type { Clock } from '../state/clock.js';
import type { IdSource } from '../state/ids.js';
import type { Caller } from './caller.js';
import type { Host } from './host.js';

export interface RequestContext {
  requestId: string;
  /** 12-digit account id the caller acts in. */
  account: string;
  region: string;
  /** The caller's access key id ('' for unsigned requests). */
  accessKeyId: string;
  /** The caller, as in-process APIs and (later) policies see it. */
  caller: Caller;
  service: ServiceSummary;
  operation: string;
  /** Host header of the request (queue URLs and other resource URLs are built from it). */
  host: string;
  /** The request's path, still percent-encoded (SQS query requests posted to a queue URL). */
  path: string;
  /** The request's headers as decoded (lower-case names; aws-chunked framing headers already
   *  undone). For what a model does not bind: S3's Origin (CORS), x-amz-trailer, presigned queries. */
  headers: IncomingHttpHeaders;
  /** The raw query string ('' when none). */
  rawQuery: string;
  /** Aborted when the client disconnects before its answer is written: long polls and streams
   *  stop working on its behalf. */
  signal: AbortSignal;
  clock: Clock;
  ids: IdSource;
  nimbus: Host;
}
