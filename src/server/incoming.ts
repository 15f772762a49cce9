// A request as it arrived, before anything is read from its body: immutable, so the original
// headers (and, for aws-chunked uploads, the framing and chunk signatures) are still there when a
// SigV4 check needs them. Decoded data lives on the exchange (server/chain.ts), never here.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface IncomingRequest {
  readonly method: string;
  /** Path without the query string, still percent-encoded. */
  readonly path: string;
  /** Raw query string without the leading `?` ('' when none). */
  readonly rawQuery: string;
  /** Lower-cased header names, as sent (for an absolute-form target, host is its authority). */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** The unread body; the chain reads it once, after routing. */
  readonly body: Readable;
  /** Aborted when the client goes away before its answer is written. */
  readonly signal: AbortSignal;
}

/** Splits a request target into path and query. An absolute-form target (`http://host:port/p?q`,
 *  which HTTP/1.1 servers must accept) is served like its origin form, with its authority as host. */
export function parseTarget(url: string): { path: string; rawQuery: string; authority?: string } {
  let authority: string | undefined;
  if (url.charCodeAt(0) !== 47 /* / */) {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
    if (m) {
      authority = m[1];
      url = url.slice(m[0].length) || '/';
      if (url.charCodeAt(0) === 63 /* ? */) url = `/${url}`;
    }
  }
  const hash = url.indexOf('#');
  if (hash >= 0) url = url.slice(0, hash);
  const q = url.indexOf('?');
  return q < 0 ? { path: url, rawQuery: '', authority } : { path: url.slice(0, q), rawQuery: url.slice(q + 1), authority };
}
