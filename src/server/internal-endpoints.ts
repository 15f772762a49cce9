// Nimbus's own endpoints, answered before any AWS routing:
//   GET  /_nimbus/health        version, status and services (alias /_localstack/health, which
//                               LocalStack tooling polls)
//   POST /_nimbus/reset         wipes every account, region and service
//   POST /moto-api/reset        the same, answering as moto's server mode does
//   POST /moto-api/reset-auth   moto's answer; IAM enforcement is off, the count is only kept
//   GET  /_nimbus/<service>/... files a service serves itself (SNS: its signing certificate,
//                               the SigningCertURL of SNS messages)
// Any other path under /_nimbus/ or /_localstack/ answers 404 (405 for a known path with another
// method): neither is a valid S3 bucket name, so nothing there may fall through to S3.
import { serviceSummaries } from '../models/load.js';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import { serviceLoaders } from '../services/registry.js';
import type { IncomingRequest } from './incoming.js';
import type { Instance } from './instance.js';
import { readBody } from './request-body.js';
import { VERSION } from './version.js';

type Endpoint = (instance: Instance, req: IncomingRequest) => HttpResponse | Promise<HttpResponse>;

const reset: Endpoint = async (instance) => {
  await instance.reset();
  return json(200, { status: 'ok' });
};

// path -> method -> endpoint
const endpoints: Record<string, Record<string, Endpoint>> = {
  '/_nimbus/health': { GET: health, HEAD: health },
  '/_localstack/health': { GET: health, HEAD: health },
  '/_nimbus/reset': { POST: reset },
  '/moto-api/reset': { POST: reset },
  '/moto-api/reset-auth': { POST: resetAuth },
};

const OWN_PREFIXES = ['/_nimbus/', '/_localstack/'];

/** Undefined when the request is not for one of Nimbus's own endpoints. */
export function internalEndpoint(instance: Instance, req: IncomingRequest): HttpResponse | Promise<HttpResponse> | undefined {
  const c = req.path.charCodeAt(1);
  // '_' or 'm': a cheap test that keeps AWS requests off the table lookup.
  if (c !== 95 && c !== 109) return undefined;
  const methods = Object.hasOwn(endpoints, req.path) ? endpoints[req.path]! : undefined;
  if (methods) {
    const endpoint = Object.hasOwn(methods, req.method) ? methods[req.method] : undefined;
    if (endpoint) return endpoint(instance, req);
    const allow = Object.keys(methods).join(', ');
    return { status: 405, headers: { 'content-type': 'application/json', allow }, body: JSON.stringify({ error: `Method ${req.method} not allowed; use ${allow}` }) };
  }
  if (!OWN_PREFIXES.some((p) => req.path.startsWith(p) || req.path === p.slice(0, -1))) return undefined;
  const service = /^\/_nimbus\/([a-z0-9-]+)\//.exec(req.path)?.[1];
  if (service && Object.hasOwn(serviceLoaders, service)) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { 'content-type': 'application/json', allow: 'GET, HEAD' }, body: JSON.stringify({ error: `Method ${req.method} not allowed` }) };
    return serviceFile(instance, service, req);
  }
  return notFound(req);
}

async function serviceFile(instance: Instance, id: string, req: IncomingRequest): Promise<HttpResponse> {
  const definition = await instance.definition(id);
  const view: HttpRequest = { method: req.method, path: req.path, rawQuery: req.rawQuery, headers: req.headers, body: Buffer.alloc(0) };
  const served = definition?.internalEndpoint ? await definition.internalEndpoint(instance.state(definition), view) : undefined;
  return served ?? notFound(req);
}

function notFound(req: IncomingRequest): HttpResponse {
  return json(404, { error: `Nimbus has no endpoint ${req.method} ${req.path}` });
}

async function resetAuth(instance: Instance, req: IncomingRequest): Promise<HttpResponse> {
  const text = (await readBody(req, 1024)).body.toString('utf8').trim();
  const count = Number(text);
  if (!Number.isFinite(count) && text !== 'inf') return json(400, { Error: 'Body must be a number of requests' });
  const previous = instance.initialNoAuthActionCount;
  instance.initialNoAuthActionCount = Number.isFinite(count) ? count : Infinity;
  return json(200, { status: 'ok', PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT: pythonFloat(previous) });
}

function health(instance: Instance): HttpResponse {
  const loaded = new Set(instance.loadedServices());
  const services: Record<string, string> = {};
  for (const s of serviceSummaries()) {
    services[s.id] = loaded.has(s.id) ? 'running' : Object.hasOwn(serviceLoaders, s.id) ? 'available' : 'routable';
  }
  const durable = instance.durable;
  const persistence = durable.persistent ? { enabled: true, directory: durable.journal.location, fsync: instance.options.persistFsync === true } : { enabled: false };
  return json(200, { status: 'running', version: VERSION, edition: 'nimbus', persistence, services });
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** moto answers with Python's str(float): "inf", "5.0". */
function pythonFloat(n: number): string {
  if (n === Infinity) return 'inf';
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
