// The node:http listener: turns each request into an HttpRequest (whole body read, with a size
// cap), walks the handler chain, writes the response.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse } from '../protocol/http.js';
import { handleRequest } from './chain.js';
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
  const limit = instance.options.maxBodyBytes;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return tooLarge(res, limit);
  // Plain listeners rather than a promise per body: this runs for every request.
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      req.resume();
      tooLarge(res, limit);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
    handleRequest(instance, toHttpRequest(req, body)).then(
      (response) => respond(res, response),
      (err) => {
        console.error('nimbus: failed to answer a request', err);
        respond(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'InternalFailure' });
      },
    );
  });
}

function toHttpRequest(req: IncomingMessage, body: Buffer): HttpRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
}

function respond(res: ServerResponse, { status, headers, body }: HttpResponse): void {
  if (res.headersSent) return void res.end();
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return void streamBody(res, status, headers, body);
  // An explicit length: writeHead() before end() would otherwise make node send the body chunked.
  headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.length);
  res.writeHead(status, headers);
  res.end(body);
}

/** A body produced over time (event streams): sent chunked as it yields, with backpressure. */
async function streamBody(res: ServerResponse, status: number, headers: Record<string, string>, body: AsyncIterable<Uint8Array>): Promise<void> {
  res.writeHead(status, headers);
  try {
    for await (const chunk of body) {
      if (res.destroyed) return; // the client went away: leaving the loop closes the source
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch (err) {
    // The status line is out: all that is left is to cut the response short.
    console.error('nimbus: a streaming response failed', err);
    res.destroy(err as Error);
  }
}

/** The next 'drain' (or 'close': a client that went away never drains). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function tooLarge(res: ServerResponse, limit: number): void {
  // Deliberately protocol-neutral: the body was not read, so the protocol is not known for sure.
  res.writeHead(413, { 'content-type': 'application/xml', connection: 'close' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestEntityTooLarge</Code>` +
      `<Message>Request body exceeds the ${limit} byte limit</Message></Error>`,
  );
}
