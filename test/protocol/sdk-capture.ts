// Test support for codec tests: a request handler for SDK v3 clients that captures the request the
// SDK's own serializer built and answers with a response the test (i.e. our codec) made, so codecs
// are checked against the real client code in both directions without a server.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { HttpResponse as SmithyHttpResponse, type HttpRequest as SmithyHttpRequest } from '@smithy/core/protocols';
import type { ServiceModel } from '../../src/models/types.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';

export function loadTestModel(id: string): ServiceModel {
  return JSON.parse(readFileSync(new URL(`../../../src/models/${id}.json`, import.meta.url), 'utf8')) as ServiceModel;
}

export class CaptureHandler {
  readonly requests: SmithyHttpRequest[] = [];
  /** The response the next calls get (our codec's output). */
  reply: HttpResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };

  async handle(request: SmithyHttpRequest): Promise<{ response: SmithyHttpResponse }> {
    this.requests.push(request);
    const r = this.reply;
    const headers: Record<string, string> = {};
    for (const k in r.headers) headers[k.toLowerCase()] = r.headers[k]!;
    const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
    return {
      response: new SmithyHttpResponse({ statusCode: r.status, headers, body: Readable.from(body.length ? [body] : []) }),
    };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }

  /** The last captured request, as the protocol layer sees requests. */
  last(): HttpRequest {
    const r = this.requests.at(-1);
    if (!r) throw new Error('no request captured');
    return toNimbusRequest(r);
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

export function toNimbusRequest(r: SmithyHttpRequest): HttpRequest {
  const headers: Record<string, string> = {};
  for (const k in r.headers) headers[k.toLowerCase()] = r.headers[k]!;
  const params = new URLSearchParams();
  for (const k in r.query ?? {}) {
    const v = r.query[k];
    if (Array.isArray(v)) for (const x of v) params.append(k, x);
    else if (v !== null && v !== undefined) params.append(k, v);
    else params.append(k, '');
  }
  const b: unknown = r.body;
  const body =
    b === undefined || b === null ? Buffer.alloc(0)
    : typeof b === 'string' ? Buffer.from(b, 'utf8')
    : b instanceof Uint8Array ? Buffer.from(b)
    : (() => {
        throw new Error(`unsupported captured body type ${Object.prototype.toString.call(b)}`);
      })();
  return { method: r.method, path: r.path, rawQuery: params.toString(), headers, body };
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
