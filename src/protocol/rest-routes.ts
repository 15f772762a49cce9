// REST route matching (restJson1, restXml): each operation's `http` trait compiled once per model
// into a matcher; routes are tried most specific first, as Smithy's server mux does: more literal
// path segments first, greedy labels last, then more literal query keys (S3's `?uploads`, `?acl`,
// `?list-type=2`) before fewer.
//
// Some operations share a method and URI template and differ only in what they require: S3's
// CopyObject is PutObject with a required `x-amz-copy-source` header, UploadPart is PutObject with
// required `partNumber` and `uploadId` query keys. A route's required header and query members
// therefore take part in matching (more requirements first); when no route's requirements are met,
// matching falls back to templates alone, so a request missing a required member still reaches
// its operation and gets the validation error rather than a 404.
import type { IncomingHttpHeaders } from 'node:http';
import type { OperationModel, ServiceModel } from '../models/types.js';

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

interface CompiledRoute {
  op: OperationModel;
  segments: Segment[];
  /** Literal query keys; value undefined means "present with any value". */
  query: Array<[string, string | undefined]>;
  /** Query keys and (lower-case) headers bound to required input members. */
  requiredQuery: string[];
  requiredHeaders: string[];
  rank: number[];
}

export interface RouteMatch {
  operation: string;
  labels: Record<string, string>;
}

const tables = new WeakMap<ServiceModel, Map<string, CompiledRoute[]>>();

function compile(model: ServiceModel): Map<string, CompiledRoute[]> {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const op of Object.values(model.operations)) {
    // A legacy operation shares its route with the current one that serves it (servedBy).
    if (!op.http || op.servedBy !== undefined) continue;
    const [path = '', qs = ''] = op.http.uri.split('?', 2);
    const segments: Segment[] = path
      .split('/')
      .slice(1)
      .map((s) => {
        if (s.startsWith('{') && s.endsWith('}')) {
          const greedy = s.endsWith('+}');
          return { label: s.slice(1, greedy ? -2 : -1), greedy };
        }
        return { literal: s };
      });
    const query: Array<[string, string | undefined]> = qs
      ? qs.split('&').map((kv) => {
          const eq = kv.indexOf('=');
          return eq < 0 ? [kv, undefined] : [kv.slice(0, eq), kv.slice(eq + 1)];
        })
      : [];
    const literals = segments.filter((s) => s.literal !== undefined && s.literal !== '').length;
    const greedy = segments.some((s) => s.greedy) ? 1 : 0;
    const input = op.input ? model.shapes[op.input] : undefined;
    const members = input?.type === 'structure' ? Object.values(input.members) : [];
    const requiredQuery = members.filter((m) => m.required && m.httpQuery).map((m) => m.httpQuery!);
    const requiredHeaders = members.filter((m) => m.required && m.httpHeader).map((m) => m.httpHeader!.toLowerCase());
    const requirements = query.length + requiredQuery.length + requiredHeaders.length;
    const route = { op, segments, query, requiredQuery, requiredHeaders, rank: [literals, -greedy, requirements, segments.length] };
    const list = byMethod.get(op.http.method) ?? [];
    list.push(route);
    byMethod.set(op.http.method, list);
  }
  for (const list of byMethod.values()) {
    list.sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) if (a.rank[i] !== b.rank[i]) return b.rank[i]! - a.rank[i]!;
      return 0;
    });
  }
  return byMethod;
}

/** Finds the operation for a REST request; `path` is still percent-encoded. */
export function matchRoute(
  model: ServiceModel,
  method: string,
  path: string,
  query: URLSearchParams,
  headers: IncomingHttpHeaders = {},
): RouteMatch | undefined {
  let table = tables.get(model);
  if (!table) tables.set(model, (table = compile(model)));
  const routes = table.get(method);
  if (!routes) return undefined;
  const parts = path.split('/').slice(1);
  let fallback: RouteMatch | undefined;
  for (const route of routes) {
    // The query literals first: they are cheaper than the path (whose labels are decoded), and
    // they are what tells most routes of one path apart (S3's ?tagging, ?acl, ?uploads...).
    if (!route.query.every(([k, v]) => (v === undefined ? query.has(k) : query.get(k) === v))) continue;
    const labels = matchPath(route.segments, parts);
    if (!labels) continue;
    if (route.requiredQuery.every((k) => query.has(k)) && route.requiredHeaders.every((h) => h in headers)) {
      return { operation: route.op.name, labels };
    }
    fallback ??= { operation: route.op.name, labels };
  }
  return fallback;
}

function matchPath(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    if (seg.greedy) {
      // A greedy label takes the rest of the path (at least one character), keeping its slashes.
      const rest = parts.slice(i).join('/');
      if (rest === '' || s !== segments.length - 1) return undefined;
      labels[seg.label!] = safeDecode(rest);
      return labels;
    }
    const part = parts[i];
    if (part === undefined) {
      // `/2015-03-31/functions/` also answers `/2015-03-31/functions`.
      return seg.literal === '' && s === segments.length - 1 ? labels : undefined;
    }
    if (seg.label !== undefined) {
      if (part === '') return undefined;
      labels[seg.label] = safeDecode(part);
    } else if (seg.literal !== part) {
      return undefined;
    }
    i++;
  }
  // Extra path left over: only a trailing slash is forgiven (`/{Bucket}/` is `/{Bucket}`).
  if (i === parts.length || (i === parts.length - 1 && parts[i] === '')) return labels;
  return undefined;
}

function safeDecode(s: string): string {
  // Most labels (bucket names, plain keys) have nothing to decode.
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
