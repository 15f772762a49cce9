// The node:http listener: turns each request into an IncomingRequest (body not read: the chain
// reads it after routing, buffered under the operation's limit or streamed to the handler), walks
// the handler chain, and writes the response — whole, or streamed with backpressure. A client that
// disconnects aborts the request's signal, which long polls and streams listen to.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { isStreamBody, type HttpResponse } from '../protocol/http.js';
import { handleRequest } from './chain.js';
import { parseTarget, type IncomingRequest } from './incoming.js';
import type { Instance } from './instance.js';

export function createNimbusServer(instance: Instance): Server {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => serve(instance, req, res));
  server.on('clientError', (err, socket) => {
    // Malformed HTTP (bad request line, oversized headers): answer 400 and close; keep serving.
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy(err);
  });
  return server;
}

function serve(instance: Instance, req: IncomingMessage, res: ServerResponse): void {
  const gone = new ClientGone(res);
  handleRequest(instance, toIncoming(req, gone)).then(
    (response) => respond(req, res, response),
    (err) => {
      console.error('nimbus: failed to answer a request', err);
      respond(req, res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'InternalFailure' });
    },
  );
}

function toIncoming(req: IncomingMessage, gone: ClientGone): IncomingRequest {
  const target = parseTarget(req.url ?? '/');
  let headers = req.headers;
  if (target.authority !== undefined) headers = { ...headers, host: target.authority };
  return new Incoming(req.method ?? 'GET', target.path, target.rawQuery, headers, req, gone);
}

class Incoming implements IncomingRequest {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly rawQuery: string,
    readonly headers: IncomingMessage['headers'],
    readonly body: IncomingMessage,
    private readonly gone: ClientGone,
  ) {}
  get signal(): AbortSignal {
    return this.gone.signal;
  }
}

/** The request's "client went away" signal, made only when something asks for it (a long poll):
 *  an AbortController and a 'close' listener per request cost more than the rest of a cheap
 *  request's routing. A client already gone when the signal is first asked for (the response
 *  closed before it finished) gets it aborted at once. */
class ClientGone {
  private controller: AbortController | undefined;
  constructor(private readonly res: ServerResponse) {}
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = (this.controller = new AbortController());
      const res = this.res;
      if (res.closed) {
        if (!res.writableFinished) controller.abort();
      } else {
        res.once('close', () => {
          if (!res.writableFinished) controller.abort();
        });
      }
    }
    return this.controller.signal;
  }
}

function respond(req: IncomingMessage, res: ServerResponse, { status, headers, body }: HttpResponse): void {
  if (res.headersSent || res.destroyed) return void res.end();
  if (!req.complete) {
    // The body was not all read (refused before reading, or too large): close instead of
    // draining what may be gigabytes. (A small unread body node:http discards by itself.)
    headers['connection'] = 'close';
  }
  if (!isStreamBody(body)) {
    // HEAD answers carry the length the GET would have (S3 HeadObject's Content-Length member).
    if (req.method !== 'HEAD' || headers['content-length'] === undefined) {
      headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
    }
    res.writeHead(status, headers);
    res.end(body);
    return;
  }
  // A stream: content-length only when the codec set it from a known length; else chunked.
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
    return void res.end();
  }
  pipeline(body, res, (err) => {
    // A source that fails mid-body cannot change the status line any more: the connection is cut,
    // so the client sees a truncated body rather than a complete-looking one.
    if (err && !res.destroyed) res.destroy(err);
  });
}
