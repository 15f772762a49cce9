// What a service is to the rest of Nimbus: its id, a factory for its per-instance state, its
// operation table, and the per-service facts the chain applies around a handler (body limits,
// IAM actions and resources, validation codes). Handlers get plain typed input and return plain
// output (or throw AwsError); they reach the rest of Nimbus only through the Host.
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import type { RequestContext } from './context.js';
import type { Host } from './host.js';

export type Handler<S> = (input: any, ctx: RequestContext, state: S) => unknown;

/** The largest buffered request body an operation accepts, and the error beyond it. */
export interface BodyLimits {
  /** Bytes, for every operation not listed in `operations`. */
  default: number;
  operations?: Partial<Record<string, number>>;
  /** The service's own answer to an oversized body (default 413 RequestEntityTooLarge). */
  error?: { code: string; status: number; message?: (limit: number) => string };
}

/** What an operation does in IAM's terms: the action name and the resource it acts on. */
export interface IamOperation {
  /** `service:Action`; default `<prefix>:<Operation>`. */
  action?: string;
  /** The ARN the operation acts on ('*' for actions without a resource, such as ListQueues). */
  resource(input: Record<string, any>, ctx: RequestContext): string;
}

export interface IamTable {
  /** The IAM service prefix (sqs, sns, s3, cloudwatch, ...). */
  prefix: string;
  operations: Partial<Record<string, IamOperation>>;
}

/** Codes a service answers for a missing required member and for an invalid value. */
export interface ValidationCodes {
  missing: string;
  invalid: string;
  /** Enum shapes the service checks itself, with its own error (SQS: InvalidAttributeName). */
  serviceCheckedEnums?: ReadonlySet<string>;
}

export interface ServiceDefinition<S = unknown> {
  /** The model id (src/models/index.json), e.g. "sqs". */
  id: string;
  /** Creates this service's state for one Nimbus instance; a wipe creates it again. */
  createState(host: Host): S;
  /** Stops what the state runs outside the request path (child processes, ports, open requests);
   *  timers on the host's scheduler stop with it. Called on stop and before a wipe. */
  dispose?(state: S): void | Promise<void>;
  operations: Partial<Record<string, Handler<S>>>;
  /** Completes a decoded input from the request before validation, for inputs AWS takes from the
   *  request itself rather than its parameters (SQS: the QueueUrl of a query request posted to
   *  the queue's own URL). */
  completeInput?(input: Record<string, unknown>, ctx: RequestContext): void;
  /** The service's in-process API for other services (services/apis.ts): the same rules as its
   *  operations, without HTTP. Reached through `host.api(id)`. */
  api?(state: S, host: Host): unknown;
  /** Answers GETs under /_nimbus/<id>/ (SNS: its signing certificate); undefined is 404. */
  internalEndpoint?(state: S, req: HttpRequest): HttpResponse | undefined | Promise<HttpResponse | undefined>;
  /** Buffered request body limits (streaming payloads are not buffered). */
  bodyLimits?: BodyLimits;
  /** IAM action and resource of every implemented operation, for the authorize step. */
  iam?: IamTable;
  /** The service's validation error codes, when they differ from its protocol's. */
  validation?: ValidationCodes;
}

/** Typed helper so a service's operation table is checked against its state type. */
export function defineService<S>(definition: ServiceDefinition<S>): ServiceDefinition<S> {
  return definition;
}
