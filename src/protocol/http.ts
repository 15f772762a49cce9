// The plain HTTP exchange the protocol layer works on: decoded once by the server, so codecs and the
// router never touch node:http objects.
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpRequest {
  method: string;
  /** Path without the query string, still percent-encoded (REST labels decode their own segments). */
  path: string;
  /** Raw query string without the leading `?` ('' when none). */
  rawQuery: string;
  /** Parsed query string (lazily created by `queryOf`). */
  query?: URLSearchParams;
  /** Lower-cased header names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The whole request body (already de-chunked for aws-chunked S3 uploads). */
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** An async iterable is written as it yields (event streams), without a content-length. */
  body: Buffer | string | AsyncIterable<Uint8Array>;
}

export function queryOf(req: HttpRequest): URLSearchParams {
  return (req.query ??= new URLSearchParams(req.rawQuery));
}

/** A header's single value (node:http joins repeated headers with ", " except set-cookie). */
export function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}
