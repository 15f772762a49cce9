// Nimbus's own endpoints, answered before any AWS routing:
//   GET  /_nimbus/health        version, status and services (alias /_localstack/health, which
//                               LocalStack tooling polls)
//   POST /_nimbus/reset         wipes every account, region and service
//   POST /moto-api/reset        the same, answering as moto's server mode does
//   POST /moto-api/reset-auth   moto's answer; IAM enforcement is off, the count is only kept
//   GET  /_nimbus/sns/<file>.pem  SNS's signing certificate (the SigningCertURL of SNS messages)
import { serviceSummaries } from '../models/load.js';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import { serviceLoaders } from '../services/registry.js';
import type { Instance } from './instance.js';
import { VERSION } from './version.js';

type Endpoint = (instance: Instance, req: HttpRequest) => HttpResponse | Promise<HttpResponse>;

const endpoints: Record<string, Endpoint> = {
  'GET /_nimbus/health': health,
  'HEAD /_nimbus/health': health,
  'GET /_localstack/health': health,
  'HEAD /_localstack/health': health,
  'POST /_nimbus/reset': async (instance) => {
    await instance.reset();
    return json(200, { status: 'ok' });
  },
  'POST /moto-api/reset': async (instance) => {
    await instance.reset();
    return json(200, { status: 'ok' });
  },
  'POST /moto-api/reset-auth': (instance, req) => {
    const count = Number(req.body.toString('utf8').trim());
    if (!Number.isFinite(count) && req.body.toString('utf8').trim() !== 'inf') {
      return json(400, { Error: 'Body must be a number of requests' });
    }
    const previous = instance.initialNoAuthActionCount;
    instance.initialNoAuthActionCount = Number.isFinite(count) ? count : Infinity;
    return json(200, { status: 'ok', PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT: pythonFloat(previous) });
  },
};

/** Undefined when the request is not for one of Nimbus's own endpoints. */
export function internalEndpoint(instance: Instance, req: HttpRequest): HttpResponse | Promise<HttpResponse> | undefined {
  const c = req.path.charCodeAt(1);
  // '_' or 'm': a cheap test that keeps AWS requests off the table lookup.
  if (c !== 95 && c !== 109) return undefined;
  const endpoint = endpoints[`${req.method} ${req.path}`] ?? prefixed(req);
  return endpoint?.(instance, req);
}

/** Endpoints whose path ends in a variable file name. */
function prefixed(req: HttpRequest): Endpoint | undefined {
  if (req.method === 'GET' && req.path.startsWith('/_nimbus/sns/')) return snsCertificate;
  return undefined;
}

async function snsCertificate(instance: Instance, req: HttpRequest): Promise<HttpResponse> {
  const definition = await instance.definition('sns');
  const served = definition?.internalEndpoint ? await definition.internalEndpoint(instance.state(definition), req) : undefined;
  return served ?? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
}

function health(instance: Instance): HttpResponse {
  const loaded = new Set(instance.loadedServices());
  const services: Record<string, string> = {};
  for (const s of serviceSummaries()) {
    services[s.id] = loaded.has(s.id) ? 'running' : s.id in serviceLoaders ? 'available' : 'routable';
  }
  return json(200, { status: 'running', version: VERSION, edition: 'nimbus', services });
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** moto answers with Python's str(float): "inf", "5.0". */
function pythonFloat(n: number): string {
  if (n === Infinity) return 'inf';
  return Number.isInteger(n) ? `${n}.0` : String(n);
}
