// What a service is to the rest of Nimbus: its id, a factory for its per-instance state, and its
// operation table. Handlers get plain typed input and return plain output (or throw AwsError).
import type { RequestContext } from '../server/context.js';
import type { Instance } from '../server/instance.js';

export type Handler<S> = (input: any, ctx: RequestContext, state: S) => unknown;

export interface ServiceDefinition<S = unknown> {
  /** The model id (src/models/index.json), e.g. "sqs". */
  id: string;
  /** Creates this service's state for one Nimbus instance; a reset creates it again. */
  createState(): S;
  /** Releases what the state holds outside memory (child processes, ports, timers). */
  disposeState?(state: S): void | Promise<void>;
  operations: Partial<Record<string, Handler<S>>>;
  /** Completes a decoded input from the request before validation, for inputs AWS takes from the
   *  request itself rather than its parameters (SQS: the QueueUrl of a query request posted to
   *  the queue's own URL). */
  completeInput?(input: Record<string, unknown>, ctx: RequestContext): void;
  /** The service's in-process API for other services (SNS -> SQS, S3 -> Lambda, ...): the same
   *  rules as its operations, without HTTP. Reached through `instance.api(id)`. */
  api?(state: S, instance: Instance): unknown;
}

/** Typed helper so a service's operation table is checked against its state type. */
export function defineService<S>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}
