// Shared support for the protocol tests. At its heart a request handler for SDK v3 clients that
// records the requests the SDK's own serializer built (as the protocol layer sees requests) and
// answers with a response the test (i.e. our codec) made, so codecs are checked against the real
// client code in both directions without a server. Also: model lookups and assertion helpers.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { HttpResponse as SmithyHttpResponse, type HttpRequest as SmithyHttpRequest } from '@smithy/core/protocols';
import type { OperationModel, ServiceModel } from '../../src/models/types.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'; // Node 20 is supported by the pinned SDKs

const models = new Map<string, ServiceModel>();

/** A compiled model from src/models, read once per process. */
export function loadTestModel(id: string): ServiceModel {
  let m = models.get(id);
  if (!m) models.set(id, (m = JSON.parse(readFileSync(new URL(`../../../src/models/${id}.json`, import.meta.url), 'utf8')) as ServiceModel));
  return m;
}

/** An operation of a compiled model; the test fails when the model lacks it. */
export function op(id: string, name: string): OperationModel {
  const o = loadTestModel(id).operations[name];
  assert.ok(o, `${id}.${name} in the model`);
  return o;
}

export class CaptureHandler {
  /** Every request the client sent, as the protocol layer sees requests. */
  readonly requests: HttpRequest[] = [];
  /** The response the next calls get (our codec's output). */
  reply: HttpResponse;

  constructor(reply: HttpResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' }) {
    this.reply = reply;
  }

  async handle(request: SmithyHttpRequest): Promise<{ response: SmithyHttpResponse }> {
    this.requests.push(await toNimbusRequest(request));
    const r = this.reply;
    const headers: Record<string, string> = {};
    for (const k in r.headers) headers[k.toLowerCase()] = r.headers[k]!;
    const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
    // A streamed body (event streams) reaches the client as it yields, as over the socket.
    const stream = Buffer.isBuffer(body) ? Readable.from(body.length ? [body] : []) : Readable.from(body);
    return { response: new SmithyHttpResponse({ statusCode: r.status, headers, body: stream }) };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }

  /** The last captured request. */
  last(): HttpRequest {
    const r = this.requests.at(-1);
    if (!r) throw new Error('no request captured');
    return r;
  }
}

export function clientConfig(handler: CaptureHandler) {
  return {
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    requestHandler: handler,
    maxAttempts: 1,
  };
}

export type ClientConfig = ReturnType<typeof clientConfig>;

/** A client config whose transport answers every call with `reply`. */
export function answering(reply: HttpResponse): ClientConfig {
  return clientConfig(new CaptureHandler(reply));
}

/**
 * Makes one call through a client on a fresh handler that answers `reply` (by default `{}` as
 * JSON) and returns the request the SDK put on the wire. The call must settle: callers that do not
 * care whether the SDK accepts the reply catch its error themselves.
 */
export async function captureRequest(send: (config: ClientConfig) => Promise<unknown>, reply?: HttpResponse): Promise<HttpRequest> {
  const h = new CaptureHandler(reply);
  await send(clientConfig(h));
  return h.last();
}

/** A captured SDK request as the server hands it to the protocol layer (query as on the wire). */
export async function toNimbusRequest(r: SmithyHttpRequest): Promise<HttpRequest> {
  const headers: Record<string, string> = {};
  for (const k in r.headers) headers[k.toLowerCase()] = r.headers[k]!;
  const query: string[] = [];
  for (const [k, v] of Object.entries(r.query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v]) {
      query.push(item === null || item === undefined ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
    }
  }
  return { method: r.method, path: r.path, rawQuery: query.join('&'), headers, body: await bodyBytes(r.body) };
}

/** The bytes of a request body as the SDK hands it to the handler: none, text, bytes or a stream. */
async function bodyBytes(b: unknown): Promise<Buffer> {
  if (b === undefined || b === null) return Buffer.alloc(0);
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  if (b instanceof Uint8Array) return Buffer.from(b);
  if (typeof (b as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Buffer[] = [];
    for await (const c of b as AsyncIterable<Uint8Array | string>) chunks.push(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
    return Buffer.concat(chunks);
  }
  throw new Error(`unsupported captured body type ${Object.prototype.toString.call(b)}`);
}

/** Labels of a REST path against a model URI template (what the router hands the codec). */
export function matchLabels(template: string, path: string): Record<string, string> {
  const t = template.split('?')[0]!.split('/');
  const p = path.split('/');
  const labels: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    if (!seg.startsWith('{')) continue;
    if (seg.endsWith('+}')) {
      labels[seg.slice(1, -2)] = p.slice(i).map(decodeURIComponent).join('/');
      break;
    }
    labels[seg.slice(1, -1)] = decodeURIComponent(p[i]!);
  }
  return labels;
}

/** Uint8Array/Buffer -> plain byte arrays, recursively, so SDK values and decoded values compare. */
export function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: Array.from(v) };
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if ((v as Record<string, unknown>)[k] !== undefined) o[k] = plain((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

/** An `assert.throws` validator: an AwsError with `code` and, where given, `status` and a message containing `fragment`. */
export function awsError(code: string, status?: number, fragment?: string): (e: unknown) => boolean {
  return (e) =>
    e instanceof AwsError && e.code === code && (status === undefined || e.status === status) && (fragment === undefined || e.message.includes(fragment));
}

/** An error as an SDK v3 client throws it: modeled members sit on the error itself. */
export type SdkError = Error & { $metadata: { httpStatusCode?: number; requestId?: string }; $fault?: string; [member: string]: unknown };

export interface ExpectedSdkError {
  name?: string;
  message?: string;
  /** $metadata.httpStatusCode */
  status?: number;
  /** $metadata.requestId */
  requestId?: string;
  /** $fault */
  fault?: 'client' | 'server';
  /** Further members of the error, compared with deepEqual. */
  members?: Record<string, unknown>;
}

/** Awaits a client call that must fail, checks the error against `expected` and returns it. */
export async function sdkError(call: Promise<unknown>, expected: ExpectedSdkError = {}): Promise<SdkError> {
  let failed = false;
  let e: unknown;
  try {
    await call;
  } catch (caught) {
    failed = true;
    e = caught;
  }
  if (!failed) assert.fail('expected an error');
  const err = e as SdkError;
  if (expected.name !== undefined) assert.equal(err.name, expected.name);
  if (expected.message !== undefined) assert.equal(err.message, expected.message);
  if (expected.status !== undefined) assert.equal(err.$metadata.httpStatusCode, expected.status);
  if (expected.requestId !== undefined) assert.equal(err.$metadata.requestId, expected.requestId);
  if (expected.fault !== undefined) assert.equal(err.$fault, expected.fault);
  for (const [k, v] of Object.entries(expected.members ?? {})) assert.deepEqual(err[k], v, k);
  return err;
}
