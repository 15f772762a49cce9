// CORS applied to browser requests: a request with an Origin header that matches one of the
// bucket's CORS rules (origin, and the method) gets Access-Control-* headers on its answer.
// Preflight (OPTIONS) requests are answered by preflight() from the same rules.
import { AwsError } from '../../protocol/errors.js';
import { RESPONSE_HEADERS } from '../../protocol/http.js';
import type { RequestContext } from '../context.js';
import type { CorsRule } from './model.js';
import type { S3State } from './store.js';

function originMatches(pattern: string, origin: string): boolean {
  if (pattern === '*') return true;
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === origin;
  return origin.startsWith(pattern.slice(0, star)) && origin.endsWith(pattern.slice(star + 1)) && origin.length >= pattern.length - 1;
}

function headerAllowed(rule: CorsRule, name: string): boolean {
  return (rule.AllowedHeaders ?? []).some((p) => originMatches(p.toLowerCase(), name.toLowerCase()));
}

export function matchingRule(rules: readonly CorsRule[] | undefined, origin: string, method: string, requestHeaders: string[] = []): CorsRule | undefined {
  return rules?.find((r) => r.AllowedOrigins.some((o) => originMatches(o, origin)) && r.AllowedMethods.includes(method) && requestHeaders.every((h) => headerAllowed(r, h)));
}

export function corsHeaders(rule: CorsRule, origin: string, method: string, requestHeaders: string[] = []): Record<string, string> {
  const any = rule.AllowedOrigins.includes('*');
  return {
    'access-control-allow-origin': any ? '*' : origin,
    'access-control-allow-methods': rule.AllowedMethods.join(', '),
    ...(requestHeaders.length > 0 && { 'access-control-allow-headers': requestHeaders.join(', ') }),
    ...(rule.ExposeHeaders?.length && { 'access-control-expose-headers': rule.ExposeHeaders.join(', ') }),
    ...(rule.MaxAgeSeconds !== undefined && { 'access-control-max-age': String(rule.MaxAgeSeconds) }),
    ...(!any && { 'access-control-allow-credentials': 'true' }),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  void method;
}

type Handler = (input: any, ctx: RequestContext, state: S3State) => unknown;

/** Wraps a handler so that its answer to a browser request carries the bucket's CORS headers. */
function withCors(handler: Handler, method: string): Handler {
  return (input, ctx, state) => {
    const origin = ctx.headers.origin;
    const out = handler(input, ctx, state);
    if (typeof origin !== 'string' || typeof input?.Bucket !== 'string') return out;
    const add = (o: unknown) => {
      const rule = matchingRule(state.buckets.get(input.Bucket)?.cors, origin, method);
      if (!rule) return o;
      const output = (o ?? {}) as Record<PropertyKey, unknown>;
      output[RESPONSE_HEADERS] = { ...(output[RESPONSE_HEADERS] as object | undefined), ...corsHeaders(rule, origin, method) };
      return output;
    };
    return out instanceof Promise ? out.then(add) : add(out);
  };
}

/** Every operation of the table, wrapped (methods from the model's HTTP bindings). */
export function corsTable<T extends Record<string, Handler>>(table: T, methodOf: (operation: string) => string): T {
  const out: Record<string, Handler> = {};
  for (const name in table) out[name] = withCors(table[name]!, methodOf(name));
  return out as T;
}

/** An OPTIONS preflight against a bucket's CORS rules (403 when none allows it, as S3 answers). */
export function preflight(state: S3State, bucketName: string, headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const origin = headers.origin;
  const method = headers['access-control-request-method'];
  if (typeof origin !== 'string' || typeof method !== 'string') {
    throw new AwsError('BadRequest', 'Insufficient information. Origin request header needed.', { status: 400 });
  }
  const requested = String(headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const bucket = state.buckets.get(bucketName);
  const rule = matchingRule(bucket?.cors, origin, method, requested);
  if (!rule) {
    throw new AwsError('AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.', {
      status: 403,
      fields: { Method: method, ResourceType: 'OBJECT' },
    });
  }
  return corsHeaders(rule, origin, method, requested);
}
