// What a service is to the rest of Nimbus: its id, a factory for its per-instance state, its
// operation table, and the per-service facts the chain applies around a handler (body limits,
// IAM actions and resources, validation codes). Handlers get plain typed input and return plain
// output (or throw AwsError); they reach the rest of Nimbus only through the Host.
import type { Readable } from 'node:stream';
import type { ServiceOperations } from '../models/operations/index.js';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import type { ValidationCodes } from '../protocol/validate.js';
import type { RequestContext } from './context.js';
import type { Host } from './host.js';

/** What a handler may return for a streaming blob (S3 object bodies): the codec streams it. */
export type StreamingBlobOutput = Readable | AsyncIterable<Uint8Array> | Uint8Array | string;

/**
 * What a handler may return where the SDK's output type says T, following the value conventions
 * of the codecs (src/protocol/codec.ts): a timestamp as a Date, epoch seconds or an ISO string; a
 * blob as a Buffer/Uint8Array or a UTF-8 string; a streaming blob (which the SDK types as the
 * client's stream classes) as StreamingBlobOutput; an event stream as an async iterable of events.
 * Everything else is the SDK's type, member by member. Outputs are the SDK's shape types, not its
 * CommandOutput types, so there is no `$metadata` to drop.
 */
export type HandlerOutput<T> = T extends Date
  ? Date | number | string
  : T extends Uint8Array
    ? Uint8Array | string
    : T extends Readable | ReadableStream | Blob | { transformToByteArray(): Promise<Uint8Array> }
      ? StreamingBlobOutput
      : T extends AsyncIterable<infer E>
        ? AsyncIterable<HandlerOutput<E>>
        : T extends readonly (infer E)[]
          ? readonly HandlerOutput<E>[]
          : T extends object
            ? { [K in keyof T]: HandlerOutput<T[K]> }
            : T;

/** A handler: the operation's decoded, validated input in; its output (void for Smithy's Unit),
 *  or a promise of it, out. Errors are thrown as AwsError. */
export type Handler<I, O, S> = (input: I, ctx: RequestContext, state: S) => HandlerOutput<O> | Promise<HandlerOutput<O>>;

/** A service's operation table, checked against its model: only the model's operation names (an
 *  object literal with any other key is a compile error), each with a handler of its types. */
export type OperationTable<Ops, S> = {
  [K in keyof Ops]?: Ops[K] extends { input: infer I; output: infer O } ? Handler<I, O, S> : never;
};

/** The id of a service whose operation types are generated (a service with handlers). */
export type ServiceId = keyof ServiceOperations;

/** The chain's view of a handler, once its table has been checked: it calls it with the input it
 *  decoded and validated against the same model, so the input type is the model's by then. */
export type AnyHandler<S> = (input: any, ctx: RequestContext, state: S) => unknown;

/** The largest buffered request body an operation accepts, and the error beyond it. */
export interface BodyLimits {
  /** Bytes, for every operation not listed in `operations`. */
  default: number;
  operations?: Partial<Record<string, number>>;
  /** The service's own answer to an oversized body (default 413 RequestEntityTooLarge). */
  error?: { code: string; status: number; message?: (limit: number) => string };
  /** Its answer to a streamed payload over Nimbus's largest upload (maxBodyBytes): S3's EntityTooLarge. */
  streamError?: { code: string; status: number; message?: (limit: number) => string };
}

/** What an operation does in IAM's terms: the action name and the resource it acts on. */
export interface IamOperation {
  /** `service:Action`; default `<prefix>:<Operation>`. */
  action?: string;
  /** The ARN the operation acts on ('*' for actions without a resource, such as ListQueues). */
  resource(input: Record<string, any>, ctx: RequestContext): string;
  /** Further actions the operation needs on other resources (KMS ReEncrypt: kms:ReEncryptTo on
   *  the destination key), each authorized like the first. */
  also?: readonly { action: string; resource(input: Record<string, any>, ctx: RequestContext): string }[];
}

/** Why the account boundary refused a request, in the words of AWS's AccessDenied messages. */
export type RefusalReason = 'no resource-based policy allows' | 'no identity-based policy allows' | 'explicit deny in a resource-based policy' | 'explicit deny in an identity-based policy';

/** What a service's AccessDenied is told: who, what, on which resource, and why (absent: no
 *  resource-based policy allows). */
export interface AccessDeniedRequest {
  principal: string;
  action: string;
  resource: string;
  reason?: RefusalReason;
}

/** A resource as the account boundary sees it (ServiceDefinition.resourcePolicies). */
export interface PolicyResource {
  /** The 12-digit account owning the resource. */
  account: string;
  /** The resource's policy document (JSON), when it has one. */
  policy?: string;
  /** Service-specific condition keys the service puts in the request context (SNS's
   *  aws:SourceOwner, which its default topic policy tests). */
  context?: Record<string, string>;
}

/**
 * How a service lets the chain hold the account boundary (auth/authorize.ts): a call on a
 * resource owned by another account than the caller's is allowed only when the resource's policy
 * allows the caller. The service says who owns the resource with this ARN and what its policy is,
 * and how it words the refusal.
 */
export interface ResourcePolicies<S> {
  /** The resource with this ARN (from the IAM table), or undefined when it does not exist (the
   *  owner is then the ARN's account, and there is no policy). */
  resource(state: S, arn: string): PolicyResource | undefined;
  /** IAM actions the boundary leaves to the handler, which answers them itself (S3's CreateBucket
   *  on a name another account owns: BucketAlreadyExists, as on AWS). */
  exempt?: readonly string[];
  /** The service's own AccessDenied (SQS AccessDenied, SNS AuthorizationError, S3 AccessDenied). */
  accessDenied(request: AccessDeniedRequest): Error;
}

export interface IamTable {
  /** The IAM service prefix (sqs, sns, s3, cloudwatch, ...). */
  prefix: string;
  operations: Partial<Record<string, IamOperation>>;
}

/** Codes a service answers for a missing required member and for an invalid value (defined with
 *  the validator, which applies them). */
export type { ValidationCodes } from '../protocol/validate.js';

export interface ServiceDefinition<S = unknown> {
  /** The model id (src/models/index.json), e.g. "sqs". */
  id: string;
  /** Creates this service's state for one Nimbus instance; a wipe creates it again. */
  createState(host: Host): S;
  /** Stops what the state runs outside the request path (child processes, ports, open requests);
   *  timers on the host's scheduler stop with it. Called on stop and before a wipe. */
  dispose?(state: S): void | Promise<void>;
  operations: Partial<Record<string, AnyHandler<S>>>;
  /** Completes a decoded input from the request before validation, for inputs AWS takes from the
   *  request itself rather than its parameters (SQS: the QueueUrl of a query request posted to
   *  the queue's own URL). */
  completeInput?(input: Record<string, unknown>, ctx: RequestContext): void;
  /** The service's in-process API for other services (services/apis.ts): the same rules as its
   *  operations, without HTTP. Reached through `host.api(id)`. */
  api?(state: S, host: Host): unknown;
  /** Answers GETs under /_nimbus/<id>/ (SNS: its signing certificate); undefined is 404. */
  internalEndpoint?(state: S, req: HttpRequest): HttpResponse | undefined | Promise<HttpResponse | undefined>;
  /** Answers a CORS preflight (OPTIONS) for one of the service's resources (S3: the bucket's CORS
   *  rules); `resource` is the S3 bucket (from the Host or the path). Throws an AwsError to refuse. */
  preflight?(state: S, resource: string, req: HttpRequest): Record<string, string>;
  /** Answers a browser-form upload (POST multipart/form-data to an S3 bucket: POST Object), which
   *  no modeled operation describes; `body` is the unread request body. */
  formUpload?(state: S, resource: string, body: Readable, contentType: string, ctx: RequestContext): Promise<HttpResponse>;
  /** Buffered request body limits (streaming payloads are not buffered). */
  bodyLimits?: BodyLimits;
  /** IAM action and resource of every implemented operation, for the authorize step. */
  iam?: IamTable;
  /** Resource owners and policies, for the account boundary in the authorize step. */
  resourcePolicies?: ResourcePolicies<S>;
  /** The service's validation error codes, when they differ from its protocol's. */
  validation?: ValidationCodes;
}

/** A service definition as written in its index.ts: the id names the generated operation types
 *  the table is checked against. */
export interface TypedServiceDefinition<Id extends ServiceId, S> extends ServiceDefinition<S> {
  id: Id;
  operations: OperationTable<ServiceOperations[Id], S>;
}

/**
 * Checks a service's operation table against its model's operations and against the state its
 * createState makes. S is inferred from createState alone (NoInfer elsewhere): a method such as
 * internalEndpoint that needs less of the state (SNS: `{ host }`) would otherwise widen it, and the
 * handlers, which need all of it, would no longer fit.
 */
export function defineService<Id extends ServiceId, S>(
  definition: TypedServiceDefinition<Id, NoInfer<S>> & { createState(host: Host): S },
): ServiceDefinition<S> {
  return definition;
}
