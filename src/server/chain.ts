// The handler chain: every AWS request walks these steps in order, top to bottom, each filling in
// the exchange for the next. Errors thrown anywhere are rendered by the request's codec in its
// protocol. Nimbus's own endpoints (/_nimbus/*) are answered before the walk. Read this file to see
// the whole path:
//
//   route -> operation -> body -> caller -> decode -> complete -> validate -> authorize
//   -> handler -> encode -> commit -> (the listener writes the response)
//
// The request itself (IncomingRequest) is never changed; what is decoded from it (the body, the
// headers a decoded body implies, the input) lives on the exchange.
import type { Readable } from 'node:stream';
import { authorize } from '../auth/authorize.js';
import { iamRequest } from '../auth/iam-request.js';
import { identify, type CredentialSources, type Identity } from '../auth/identity.js';
import { loadModel, serviceSummaries } from '../models/load.js';
import type { OperationModel, ProtocolName, ServiceModel } from '../models/types.js';
import type { Codec, Input, Output } from '../protocol/codec.js';
import { codecFor } from '../protocol/codecs/index.js';
import { credentialScope } from '../protocol/credentials.js';
import { AwsError, notImplemented, unknownOperation } from '../protocol/errors.js';
import { header, queryOf, type HttpRequest, type HttpResponse } from '../protocol/http.js';
import { addResponseChecksum } from '../protocol/response-checksum.js';
import { bucketFromHost, route, RoutingError, type Route } from '../protocol/router.js';
import { streamingPayloadMember } from '../protocol/streaming.js';
import { validateInput } from '../protocol/validate.js';
import type { RequestContext } from '../services/context.js';
import { responseFacts } from '../services/response-facts.js';
import type { IamApi } from '../services/iam/api.js';
import type { AccessDeniedRequest, ServiceDefinition } from '../services/service.js';
import type { StsApi } from '../services/sts/api.js';
import { bodyLimitFor, tooLargeError, QUERY_FORM_LIMIT } from './body-limits.js';
import type { IncomingRequest } from './incoming.js';
import type { Instance } from './instance.js';
import { internalEndpoint } from './internal-endpoints.js';
import { BodyTooLarge, payloadStream, readBody, type ChunkFraming, type DecodedBody } from './request-body.js';

export interface Exchange {
  readonly instance: Instance;
  /** The request as received (never modified). */
  readonly req: IncomingRequest;
  readonly requestId: string;
  /** The decoded view codecs and the router read: body read, decoded headers. */
  http: HttpRequest;
  response?: HttpResponse;
  route?: Route;
  model?: ServiceModel;
  op?: OperationModel;
  codec?: Codec;
  /** The service's definition; null when it has no handlers yet. */
  definition?: ServiceDefinition<any> | null;
  /** A streaming payload member's decoded body, handed to the handler as that member. */
  payload?: { member: string; stream: Readable };
  /** The body was read before routing (a query form). */
  formRead?: boolean;
  /** An aws-chunked body's chunk signatures and hashes, kept for SigV4 verification (for a
   *  streamed body, complete once the handler has read it). */
  framing?: ChunkFraming;
  ctx?: RequestContext;
  input?: Input;
  output?: Output;
}

type Step = (ex: Exchange) => void | Promise<void>;

/** 1. Service, protocol and operation (protocol/router.ts). A query form is the one body read
 *  before routing: its Action names the operation. */
const routeRequest: Step = (ex) => {
  if (isForm(ex.req)) {
    const read = readBody(ex.req, QUERY_FORM_LIMIT);
    if (read instanceof Promise) return read.then((b) => routeWith(ex, b.body, b.headers));
    return routeWith(ex, read.body, read.headers);
  }
  routeWith(ex, undefined, undefined);
};

function routeWith(ex: Exchange, body: Buffer | undefined, headers: HttpRequest['headers'] | undefined): void {
  if (body) {
    ex.http = { ...ex.http, body, headers: headers ?? ex.http.headers };
    ex.formRead = true;
  }
  ex.route = route(ex.http);
  ex.model = loadModel(ex.route.service.id);
}

function isForm(req: IncomingRequest): boolean {
  return req.method === 'POST' && (header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

/** 2. The protocol's codec, the operation's model (unknown operations fail here) and the
 *  service's definition. */
const resolveOperation: Step = (ex) => {
  const { route, model } = ex as Required<Pick<Exchange, 'route' | 'model'>>;
  ex.op = Object.hasOwn(model.operations, route.operation) ? model.operations[route.operation] : undefined;
  if (!ex.op) return withCodec(ex, () => {
    throw unknownOperation(route.protocol, route.operation);
  });
  const definition = ex.instance.definition(route.service.id);
  if (definition instanceof Promise) return definition.then((d) => withCodec(ex, () => void (ex.definition = d)));
  ex.definition = definition;
  return withCodec(ex, () => {});
};

function withCodec(ex: Exchange, then: () => void): void | Promise<void> {
  const codec = codecFor(ex.route!.protocol);
  if (codec instanceof Promise) return codec.then((c) => {
    ex.codec = c;
    then();
  });
  ex.codec = codec;
  then();
}

/** 3. The body: a stream for a streaming payload member, else read whole under the operation's
 *  limit (gzip and aws-chunked decoded). */
const readRequestBody: Step = (ex) => {
  const limit = bodyLimitFor(ex.definition, ex.route!.operation);
  if (ex.formRead) {
    // Read before routing under the form cap (the stream is consumed): now the operation's own limit applies.
    if (ex.http.body.length > limit) throw tooLargeError(ex.definition, new BodyTooLarge(limit, ex.http.body.length));
    return;
  }
  const member = streamingPayloadMember(ex.model!, ex.op!);
  try {
    if (member) {
      const { stream, headers, chunked } = payloadStream(ex.req, ex.instance.options.maxBodyBytes, (e) => tooLargeError(ex.definition, e, true));
      ex.payload = { member, stream };
      if (chunked) ex.framing = chunked;
      if (headers) ex.http = { ...ex.http, headers };
      return;
    }
    const read = readBody(ex.req, limit);
    if (read instanceof Promise) return read.then((b) => setBody(ex, b), (e) => Promise.reject(bodyError(ex, e)));
    setBody(ex, read);
  } catch (e) {
    throw bodyError(ex, e, member !== undefined);
  }
};

function setBody(ex: Exchange, b: DecodedBody): void {
  ex.http = { ...ex.http, body: b.body, headers: b.headers ?? ex.http.headers };
  if (b.framing) ex.framing = b.framing;
}

function bodyError(ex: Exchange, e: unknown, streamed = false): unknown {
  return e instanceof BodyTooLarge ? tooLargeError(ex.definition, e, streamed) : e;
}

/** 4. Who is calling, in which account and region (auth/identity.ts). */
const identifyCaller: Step = (ex) => {
  const route = ex.route!;
  const token = route.scope?.accessKeyId.startsWith('ASIA') ? securityToken(ex.http) : undefined;
  const identity = identify(ex.instance.settings, route.scope, { service: route.service.id, securityToken: token }, sourcesOf(ex.instance));
  ex.ctx = new Context(ex, identity);
};

/** The session token a request carries: the x-amz-security-token header, or the query parameter
 *  of a presigned URL. */
function securityToken(http: HttpRequest): string | undefined {
  const h = header(http, 'x-amz-security-token');
  if (h !== undefined) return h;
  return http.rawQuery.includes('X-Amz-Security-Token') ? (queryOf(http).get('X-Amz-Security-Token') ?? undefined) : undefined;
}

/** What a service never used (or without an in-process API: tests that stand in empty services)
 *  knows of keys: none, so every key acts as before IAM existed. */
const NO_IAM: IamApi = { accessKey: () => undefined, role: () => undefined, policies: () => undefined, managedPolicyDocument: () => undefined };
const NO_STS: StsApi = { session: () => undefined, assumeRoleAsService: async () => undefined };

/** IAM's and STS's in-process APIs for the caller step, never a promise (Instance.apiIfLoaded). */
const sources = new WeakMap<Instance, CredentialSources>();
function sourcesOf(instance: Instance): CredentialSources {
  let s = sources.get(instance);
  if (!s) {
    s = {
      iam: () => (instance.apiIfLoaded('iam') as IamApi | undefined) ?? NO_IAM,
      sts: () => (instance.apiIfLoaded('sts') as StsApi | undefined) ?? NO_STS,
      now: () => instance.clock.now(),
    };
    sources.set(instance, s);
  }
  return s;
}

/** The handler's RequestContext. A class, so that `signal` is read lazily (made only for handlers
 *  that listen: server/http-server.ts) without a closure per request. */
class Context implements RequestContext {
  readonly requestId: string;
  readonly caller: RequestContext['caller'];
  readonly service: RequestContext['service'];
  readonly operation: string;
  readonly host: string;
  readonly path: string;
  readonly clock: RequestContext['clock'];
  readonly ids: RequestContext['ids'];
  readonly nimbus: RequestContext['nimbus'];
  private readonly req: IncomingRequest;
  readonly account: string;
  readonly region: string;
  readonly accessKeyId: string;
  private readonly ex: Exchange;
  constructor(ex: Exchange, identity: Identity) {
    const route = ex.route!;
    this.account = identity.account;
    this.region = identity.region;
    this.accessKeyId = identity.accessKeyId;
    this.requestId = ex.requestId;
    this.caller = identity.caller;
    this.service = route.service;
    this.operation = route.operation;
    this.host = header(ex.http, 'host') ?? `${ex.instance.options.host}:${ex.instance.options.port}`;
    this.path = ex.http.path;
    this.clock = ex.instance.clock;
    this.ids = ex.instance.ids;
    this.nimbus = ex.instance.host;
    this.req = ex.req;
    this.ex = ex;
  }
  get signal(): AbortSignal {
    return this.req.signal;
  }
  get headers(): RequestContext['headers'] {
    return this.ex.http.headers;
  }
  get rawQuery(): string {
    return this.ex.http.rawQuery;
  }
}

/** 5. Body, labels, headers and form into the operation's plain input. */
const decodeInput: Step = (ex) => {
  ex.input = ex.codec!.decode(ex.http, ex.model!, ex.op!, {
    labels: ex.route!.labels,
    form: ex.route!.form,
    validation: ex.definition?.validation,
  });
};

/** 6. What the service takes from the request itself (ServiceDefinition.completeInput). */
const completeInput: Step = (ex) => {
  ex.definition?.completeInput?.(ex.input!, ex.ctx!);
};

/** 7. Types, required members and constraints, before any handler. */
const validate: Step = (ex) => {
  validateInput(ex.model!, ex.route!.protocol, ex.op!.input, ex.input!, ex.definition?.validation);
  // A streaming payload is validated as the (empty) blob the codec saw; the handler reads the stream.
  if (ex.payload) ex.input![ex.payload.member] = ex.payload.stream;
};

/** 8. May this caller do this to that resource? (auth/authorize.ts: holds the account boundary
 *  through the service's resourcePolicies and, across accounts, the caller's identity policies
 *  from IAM's API; within an account everything is allowed until IAM enforcement exists, but
 *  every implemented operation already names its action and resource.) */
const authorizeCall: Step = (ex) => {
  const definition = ex.definition;
  const request = definition ? iamRequest(definition, ex.route!.operation, ex.input!, ex.ctx!) : undefined;
  if (!request) return;
  const policies = definition!.resourcePolicies;
  const boundary = policies && new Boundary(ex, definition!);
  authorize({ caller: ex.ctx!.caller, ...request }, boundary);
  // The rare operation needing more than one action (KMS ReEncrypt) names the others in `also`.
  for (const more of definition!.iam!.operations[ex.route!.operation]!.also ?? []) {
    authorize({ caller: ex.ctx!.caller, action: more.action, resource: more.resource(ex.input!, ex.ctx!) }, boundary);
  }
};

/** The account boundary's view of the service's resources (ServiceDefinition.resourcePolicies);
 *  a class so the same-account hot path makes no closures. */
class Boundary {
  constructor(
    private readonly ex: Exchange,
    private readonly definition: ServiceDefinition<any>,
  ) {}
  resource(arn: string) {
    return this.definition.resourcePolicies!.resource(this.ex.instance.state(this.definition), arn);
  }
  get exempt() {
    return this.definition.resourcePolicies!.exempt;
  }
  accessDenied(request: AccessDeniedRequest): Error {
    return this.definition.resourcePolicies!.accessDenied(request);
  }
  now(): Date {
    return new Date(this.ex.instance.clock.now());
  }
  get identityPolicies() {
    return sourcesOf(this.ex.instance).iam();
  }
}

/** 9. The service's handler, or 501 when it has none yet. */
// Synchronous handlers (most) answer without a promise: the hot path stays off the microtask queue.
const invokeHandler: Step = (ex) => {
  const route = ex.route!;
  const definition = ex.definition;
  const handler = definition && Object.hasOwn(definition.operations, route.operation) ? definition.operations[route.operation] : undefined;
  if (!definition || !handler) throw notImplemented(route.service.sdkId, route.operation);
  const output = handler(ex.input, ex.ctx!, ex.instance.state(definition));
  if (output instanceof Promise) return output.then((o) => void (ex.output = (o ?? undefined) as Output | undefined));
  ex.output = (output ?? undefined) as Output | undefined;
};

/** 10. The output in the request's protocol. */
const encodeOutput: Step = (ex) => {
  ex.response = withServiceFacts(ex.codec!.encode(ex.output, ex.model!, ex.op!, { requestId: ex.requestId }), ex.model!.id);
};

/** What the service adds to every response of its own, success or error (services/response-facts.ts). */
function withServiceFacts(res: HttpResponse, serviceId: string | undefined): HttpResponse {
  const checksum = responseFacts(serviceId)?.responseChecksum;
  return checksum ? addResponseChecksum(res, checksum) : res;
}

/** 11. Commit: every write staged so far becomes durable in one transaction, after the answer is
 *  known and before it is written (state/durable; access logs and CORS headers belong here too).
 *  A failed request skips it; what its handler staged before failing is committed with the next
 *  commit, so handlers check before they change state. */
const commit: Step = (ex) => ex.instance.commit();

export const steps: readonly Step[] = [
  routeRequest,
  resolveOperation,
  readRequestBody,
  identifyCaller,
  decodeInput,
  completeInput,
  validate,
  authorizeCall,
  invokeHandler,
  encodeOutput,
  commit,
];

const EMPTY = Buffer.alloc(0);

/** Walks the chain for one request; always resolves to a response, never throws. */
export async function handleRequest(instance: Instance, req: IncomingRequest): Promise<HttpResponse> {
  const ex: Exchange = {
    instance,
    req,
    requestId: instance.ids.uuid(),
    http: { method: req.method, path: req.path, rawQuery: req.rawQuery, headers: req.headers, body: EMPTY },
  };
  try {
    const own = internalEndpoint(instance, req);
    if (own !== undefined) return await own;
    // CORS preflights and browser-form uploads are S3's (unsigned, or signed for s3).
    if (req.method === 'OPTIONS' && forS3(ex.http)) return await preflight(ex);
    if (req.method === 'POST' && (header(req, 'content-type') ?? '').startsWith('multipart/form-data') && forS3(ex.http)) return await formUpload(ex);
    for (const step of steps) {
      const pending = step(ex);
      if (pending) await pending;
    }
    return ex.response!;
  } catch (err) {
    return renderError(ex, err);
  }
}

function forS3(req: HttpRequest): boolean {
  const scope = credentialScope(req);
  return scope === undefined || scope.signingName === 's3';
}

/** A CORS preflight (OPTIONS, which no AWS operation uses): S3 answers it from the bucket's CORS
 *  rules (the bucket from a virtual-host name or the path's first segment). */
async function preflight(ex: Exchange): Promise<HttpResponse> {
  const hostBucket = bucketFromHost(header(ex.http, 'host'));
  const first = ex.http.path.split('/')[1] ?? '';
  const bucket = hostBucket ?? decodeURIComponent(first);
  ex.model = loadModel('s3');
  const definition = await ex.instance.definition('s3');
  if (!definition?.preflight) throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', { status: 405 });
  const headers = definition.preflight(ex.instance.state(definition), bucket, ex.http);
  return { status: 200, headers: { ...headers, 'x-amz-request-id': ex.requestId }, body: '' };
}

/** A browser-form upload (POST Object): S3 reads the form and the file itself. */
async function formUpload(ex: Exchange): Promise<HttpResponse> {
  const hostBucket = bucketFromHost(header(ex.http, 'host'));
  const bucket = hostBucket ?? decodeURIComponent(ex.http.path.split('/')[1] ?? '');
  ex.model = loadModel('s3');
  const definition = await ex.instance.definition('s3');
  if (!definition?.formUpload) throw notImplemented('S3', 'PostObject');
  const service = serviceSummaries().find((s) => s.id === 's3')!;
  ex.route = { service, protocol: 'restXml', operation: 'PostObject', labels: {}, scope: undefined };
  // Deliberate difference: the form's X-Amz-Credential is not resolved; the upload acts in the
  // default account (signatures are not verified anywhere yet).
  const identity = identify(ex.instance.settings, undefined, { service: 's3', securityToken: undefined }, sourcesOf(ex.instance));
  const ctx = new Context(ex, identity);
  const res = await definition.formUpload(ex.instance.state(definition), bucket, ex.req.body, header(ex.req, 'content-type')!, ctx);
  ex.instance.commit();
  return res;
}

async function renderError(ex: Exchange, err: unknown): Promise<HttpResponse> {
  let error: AwsError;
  let protocol: ProtocolName;
  let model = ex.model;
  if (err instanceof RoutingError) {
    error = err.error;
    protocol = err.protocol;
    model = err.service ? loadModel(err.service.id) : undefined;
  } else if (err instanceof BodyTooLarge) {
    // Read before the operation was known (a query form): the service's own error when known.
    error = tooLargeError(ex.definition, err);
    protocol = ex.route?.protocol ?? guessProtocol(ex.http);
  } else {
    error = err instanceof AwsError ? err : internalFailure(err);
    protocol = ex.route?.protocol ?? guessProtocol(ex.http);
  }
  try {
    const codec = ex.codec?.protocol === protocol ? ex.codec : await codecFor(protocol);
    return withServiceFacts(codec.encodeError(error, model ?? placeholderModel(protocol), ex.op, { requestId: ex.requestId }), model?.id);
  } catch (encodeFailure) {
    // Last resort: the codec itself failed. Never let a request go unanswered.
    console.error('nimbus: failed to render an error', encodeFailure);
    return { status: 500, headers: { 'content-type': 'text/plain' }, body: `InternalFailure: ${error.message}` };
  }
}

function internalFailure(err: unknown): AwsError {
  console.error('nimbus: internal error', err);
  const message = err instanceof Error ? err.message : String(err);
  return new AwsError('InternalFailure', `Nimbus internal error: ${message}`, { status: 500, fault: 'server' });
}

function guessProtocol(req: HttpRequest): ProtocolName {
  if (req.headers['x-amz-target']) return 'awsJson1_1';
  if (req.headers['smithy-protocol']) return 'rpcv2Cbor';
  if ((header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return 'awsQuery';
  return 'restXml';
}

/** A model with no shapes, for errors about requests that named no known service. */
function placeholderModel(protocol: ProtocolName): ServiceModel {
  return {
    id: 'nimbus',
    sdkId: 'Nimbus',
    shapeName: 'Nimbus',
    signingName: 'nimbus',
    apiVersion: '',
    protocols: [protocol],
    xmlNamespace: 'https://nimbus.local/doc/',
    file: '',
    operations: {},
    shapes: {},
  };
}
