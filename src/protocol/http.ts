// The plain HTTP exchange the protocol layer works on, so codecs and the router never touch
// node:http objects. A request reaches them as a decoded view: the body read (under the
// operation's limit, gzip and aws-chunked decoded) or, for a streaming payload, left to a stream
// the chain hands the handler. Header names are lower-case everywhere, in requests and responses.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

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
  /** The decoded body; empty before it is read and for a streaming payload (the chain puts the
   *  stream in the input's payload member). */
  body: Buffer;
}

/** A response body: whole, or produced as it is written (S3 objects, event streams frame by frame). */
export type ResponseBody = Buffer | string | Readable | AsyncIterable<Uint8Array>;

export interface HttpResponse {
  status: number;
  /** Lower-case names. `content-length` is set by the listener for whole bodies; for a streamed
   *  body only when the codec knows it (S3's Content-Length output member). */
  headers: Record<string, string>;
  body: ResponseBody;
}

export function queryOf(req: HttpRequest): URLSearchParams {
  return (req.query ??= new URLSearchParams(req.rawQuery));
}

/** A header's single value (node:http joins repeated headers with ", " except set-cookie). */
export function header(req: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** True for a body written as it is produced (length not known up front). */
export function isStreamBody(body: ResponseBody): body is Readable | AsyncIterable<Uint8Array> {
  return typeof body !== 'string' && !Buffer.isBuffer(body);
}

/** An output's own status and extra headers, for what a model does not bind: S3's 206 Partial
 *  Content for a Range, CORS headers. Set as symbol keys on the handler's output (the codecs'
 *  encodeHttpBindings applies them), so they never collide with a member name. */
export const RESPONSE_STATUS: unique symbol = Symbol.for('nimbus.responseStatus');
export const RESPONSE_HEADERS: unique symbol = Symbol.for('nimbus.responseHeaders');
