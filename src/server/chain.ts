// The handler chain: every request walks these steps in order, top to bottom. A step either fills
// in the exchange for the next one or sets `response`, which ends the walk. Errors thrown anywhere
// are rendered by the request's codec in its protocol. Read this file to see the whole path.
import type { OperationModel, ProtocolName, ServiceModel } from '../models/types.js';
import { loadModel } from '../models/load.js';
import type { Codec, Input, Output } from '../protocol/codec.js';
import { codecFor } from '../protocol/codecs/index.js';
import { AwsError, notImplemented } from '../protocol/errors.js';
import { decodeAwsChunked, decodedContentLength, decodedRequestHeaders } from '../protocol/aws-chunked.js';
import { header, type HttpRequest, type HttpResponse } from '../protocol/http.js';
import { route, RoutingError, type Route } from '../protocol/router.js';
import { validateInput } from '../protocol/validate.js';
import { identify } from '../auth/identity.js';
import type { ServiceDefinition } from '../services/service.js';
import type { RequestContext } from '../services/context.js';
import type { Instance } from './instance.js';
import { internalEndpoint } from './internal-endpoints.js';

export interface Exchange {
  readonly instance: Instance;
  readonly req: HttpRequest;
  readonly requestId: string;
  response?: HttpResponse;
  route?: Route;
  model?: ServiceModel;
  op?: OperationModel;
  codec?: Codec;
  ctx?: RequestContext;
  input?: Input;
  output?: Output;
}

type Step = (ex: Exchange) => void | Promise<void>;

/** 1. Nimbus's own endpoints (/_nimbus/*, /_localstack/health, /moto-api/*). */
const internalEndpoints: Step = (ex) => {
  const res = internalEndpoint(ex.instance, ex.req);
  if (res === undefined) return;
  if (res instanceof Promise) return res.then((r) => void (ex.response = r));
  ex.response = res;
};

/** 2. Service, protocol and operation (protocol/router.ts). */
const routeRequest: Step = (ex) => {
  ex.route = route(ex.req);
  ex.model = loadModel(ex.route.service.id);
};

/** 3. Content encodings the SDKs add on top of the protocol (S3's aws-chunked uploads). */
const decodeContentEncoding: Step = (ex) => {
  const encoding = ex.req.headers['content-encoding'];
  if (!encoding || !encoding.includes('aws-chunked')) return;
  const req = ex.req;
  const decoded = decodeAwsChunked(req.body, decodedContentLength(req.headers));
  req.headers = decodedRequestHeaders(req.headers, decoded.body.length, decoded.trailers);
  req.body = decoded.body;
};

/** 4. The protocol's codec, and the operation's model (unknown operations fail here). */
const resolveOperation: Step = (ex) => {
  const { route, model } = ex as Required<Pick<Exchange, 'route' | 'model'>>;
  ex.op = model.operations[route.operation];
  const codec = codecFor(route.protocol);
  if (codec instanceof Promise) return codec.then((c) => void (ex.codec = c)).then(() => checkOperation(ex));
  ex.codec = codec;
  checkOperation(ex);
};

function checkOperation(ex: Exchange): void {
  if (!ex.op) throw unknownOperation(ex.route!.protocol, ex.route!.operation);
}

/** 5. Who is calling, in which account and region (auth/identity.ts). */
const identifyCaller: Step = (ex) => {
  const route = ex.route!;
  const identity = identify(ex.instance.settings, route.scope);
  ex.ctx = {
    requestId: ex.requestId,
    account: identity.account,
    region: identity.region,
    accessKeyId: identity.accessKeyId,
    caller: { account: identity.account, accessKeyId: identity.accessKeyId, principal: `arn:aws:iam::${identity.account}:root` },
    service: route.service,
    operation: route.operation,
    host: header(ex.req, 'host') ?? `${ex.instance.options.host}:${ex.instance.options.port}`,
    path: ex.req.path,
    signal: NEVER_ABORTED,
    clock: ex.instance.clock,
    ids: ex.instance.ids,
    nimbus: ex.instance.host,
  };
};

const NEVER_ABORTED = new AbortController().signal;

/** 6. Body, labels, headers and form into the operation's plain input. */
const decodeInput: Step = (ex) => {
  ex.input = ex.codec!.decode(ex.req, ex.model!, ex.op!, { labels: ex.route!.labels, form: ex.route!.form });
};

/** 7. What the service takes from the request itself (ServiceDefinition.completeInput). */
const completeInput: Step = (ex) => {
  const definition = ex.instance.definition(ex.route!.service.id);
  if (definition instanceof Promise) return definition.then((d) => d?.completeInput?.(ex.input!, ex.ctx!));
  definition?.completeInput?.(ex.input!, ex.ctx!);
};

/** 8. Types, required members and constraints, before any handler. */
const validate: Step = (ex) => {
  validateInput(ex.model!, ex.route!.protocol, ex.op!.input, ex.input!);
};

/** 9. The service's handler, or 501 when it has none yet. */
const invokeHandler: Step = (ex) => {
  const definition = ex.instance.definition(ex.route!.service.id);
  if (definition instanceof Promise) return definition.then((d) => invoke(ex, d));
  return invoke(ex, definition);
};

// Synchronous handlers (most) answer without a promise: the hot path stays off the microtask queue.
function invoke(ex: Exchange, definition: ServiceDefinition<any> | null): void | Promise<void> {
  const route = ex.route!;
  const handler = definition?.operations[route.operation];
  if (!definition || !handler) throw notImplemented(route.service.sdkId, route.operation);
  const output = handler(ex.input, ex.ctx!, ex.instance.state(definition));
  if (output instanceof Promise) return output.then((o) => void (ex.output = (o ?? undefined) as Output | undefined));
  ex.output = (output ?? undefined) as Output | undefined;
}

export const steps: readonly Step[] = [
  internalEndpoints,
  routeRequest,
  decodeContentEncoding,
  resolveOperation,
  identifyCaller,
  decodeInput,
  completeInput,
  validate,
  invokeHandler,
];

/** Walks the chain for one request; always resolves to a response, never throws. */
export async function handleRequest(instance: Instance, req: HttpRequest): Promise<HttpResponse> {
  const ex: Exchange = { instance, req, requestId: instance.ids.uuid() };
  try {
    for (const step of steps) {
      const pending = step(ex);
      if (pending) await pending;
      if (ex.response) return ex.response;
    }
    return ex.codec!.encode(ex.output, ex.model!, ex.op!, { requestId: ex.requestId });
  } catch (err) {
    return renderError(ex, err);
  }
}

async function renderError(ex: Exchange, err: unknown): Promise<HttpResponse> {
  let error: AwsError;
  let protocol: ProtocolName;
  let model = ex.model;
  if (err instanceof RoutingError) {
    error = err.error;
    protocol = err.protocol;
    model = err.service ? loadModel(err.service.id) : undefined;
  } else {
    error = err instanceof AwsError ? err : internalFailure(err);
    protocol = ex.route?.protocol ?? guessProtocol(ex.req);
  }
  try {
    const codec = ex.codec?.protocol === protocol ? ex.codec : await codecFor(protocol);
    return codec.encodeError(error, model ?? placeholderModel(protocol), ex.op, { requestId: ex.requestId });
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

function unknownOperation(protocol: ProtocolName, operation: string): AwsError {
  if (protocol === 'awsQuery' || protocol === 'ec2Query') {
    return new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`);
  }
  return new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
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
