// The listener an execution environment's Runtime API is served on: HTTP/1.1 over a net.Server,
// parsed and written here rather than by node:http. node:http's server objects (IncomingMessage,
// ServerResponse, their streams) cost more CPU per invocation than everything else Lambda does for
// a warm invoke; the Runtime API needs little of HTTP: requests with a Content-Length or chunked
// body (streamed responses), keep-alive, pipelining, Expect: 100-continue (curl), Connection: close
// and HTTP/1.0 (python's http.client, shell runtimes).
//
// Replies go out in request order. A reply marked `withNext` (the 202 for a posted result) may wait
// for the reply of a request pipelined behind it on the same connection (the runtime's next GET
// /invocation/next) and go out in the same write: the runtime, which waits for nothing but its
// next event, is woken once per invocation instead of twice.
import { createServer, type Server, type Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';

/** Largest request head (request line and headers). */
const MAX_HEAD_BYTES = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

export interface BodyRead {
  /** The body, its first `limit` bytes when it was longer. */
  body: Buffer;
  /** The body's whole length. */
  size: number;
}

export class RuntimeExchange {
  /** Header names lower-cased; a repeated header keeps its first value. */
  readonly headers: Record<string, string>;
  closed = false;
  /** @internal the reply, once given */
  out: { head: string; body: Buffer | string; withNext: boolean } | undefined;
  /** @internal */
  closeAfter: boolean;
  private sink: { limit: number; chunks: Buffer[]; kept: number; size: number; done(r: BodyRead): void } | undefined;
  private streamSink: { chunk(c: Buffer): void; end(): void; abort(): void } | undefined;
  private ended = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    readonly method: string,
    readonly url: string,
    headers: Record<string, string>,
    keepAlive: boolean,
  ) {
    this.headers = headers;
    this.closeAfter = !keepAlive;
  }

  /** The whole body, keeping at most `limit` bytes. */
  read(limit: number): Promise<BodyRead> {
    return new Promise((done) => {
      this.sink = { limit, chunks: [], kept: 0, size: 0, done };
      if (this.ended) this.bodyEnded();
    });
  }

  /** The body's chunks as they arrive; `abort` when the connection breaks before the body's end. */
  stream(chunk: (c: Buffer) => void, end: () => void, abort: () => void): void {
    this.streamSink = { chunk, end, abort };
    if (this.ended) end();
  }

  reply(status: number, body: Buffer | string, headers: Record<string, string> = {}, options: { withNext?: boolean } = {}): void {
    if (this.out || this.closed) return;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    head += `content-length: ${typeof body === 'string' ? Buffer.byteLength(body) : body.length}\r\n`;
    if (this.closeAfter) head += 'connection: close\r\n';
    this.out = { head: head + '\r\n', body, withNext: options.withNext ?? false };
    this.connection.flush();
  }

  onClose(f: () => void): void {
    if (this.closed) f();
    else this.closeListeners.push(f);
  }

  /** Ends the connection this request came on. */
  destroy(): void {
    this.connection.destroy();
  }

  /** @internal */
  bodyChunk(c: Buffer): void {
    if (this.streamSink) return this.streamSink.chunk(c);
    const s = this.sink;
    if (!s) return;
    s.size += c.length;
    if (s.kept < s.limit) {
      const keep = c.length <= s.limit - s.kept ? c : c.subarray(0, s.limit - s.kept);
      // The connection's buffer is reused for the next request: keep a copy.
      s.chunks.push(Buffer.from(keep));
      s.kept += keep.length;
    }
  }

  /** @internal */
  bodyEnded(): void {
    this.ended = true;
    if (this.streamSink) return this.streamSink.end();
    const s = this.sink;
    if (!s) return;
    this.sink = undefined;
    s.done({ body: s.chunks.length === 1 ? s.chunks[0]! : Buffer.concat(s.chunks), size: s.size });
  }

  /** @internal */
  connectionClosed(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.ended) this.streamSink?.abort();
    for (const f of this.closeListeners.splice(0)) f();
  }
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked'; stage: 'size' | 'data' | 'data-end' | 'trailers'; remaining: number };

class Connection {
  private pending: Buffer = Buffer.alloc(0);
  /** Requests not yet answered, in the order they came. */
  private readonly queue: RuntimeExchange[] = [];
  /** The request whose body is being read, and how it is framed. */
  private reading: { exchange: RuntimeExchange; framing: Framing } | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly handle: (exchange: RuntimeExchange) => void,
    private readonly onGone: () => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.data(d));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
  }

  destroy(): void {
    if (this.closed) return;
    this.socket.destroy();
    this.shut();
  }

  /** No more requests on this connection: the unanswered ones are closed. */
  private shut(): void {
    this.closed = true;
    for (const ex of this.queue.splice(0)) ex.connectionClosed();
    this.reading?.exchange.connectionClosed();
    this.reading = undefined;
    this.pending = Buffer.alloc(0);
    this.onGone();
  }

  /** Writes the replies ready at the head of the queue, together. */
  flush(): void {
    let n = 0;
    while (n < this.queue.length) {
      const out = this.queue[n]!.out;
      if (!out) break;
      // A withNext reply waits for the reply of a request already pipelined behind it.
      if (out.withNext && n + 1 < this.queue.length && !this.queue[n + 1]!.out) break;
      n++;
      if (this.queue[n - 1]!.closeAfter) break;
    }
    if (!n || this.closed) return;
    const done = this.queue.splice(0, n);
    const socket = this.socket;
    socket.cork();
    for (const ex of done) {
      const out = ex.out!;
      if (typeof out.body === 'string') socket.write(out.head + out.body);
      else {
        socket.write(out.head);
        if (out.body.length) socket.write(out.body);
      }
    }
    socket.uncork();
    for (const ex of done) ex.connectionClosed();
    if (done[done.length - 1]!.closeAfter) {
      this.socket.end();
      this.shut();
    }
  }

  private data(d: Buffer): void {
    let b = this.pending.length ? Buffer.concat([this.pending, d]) : d;
    let at = 0;
    while (at < b.length && !this.closed) {
      if (this.reading) {
        const next = this.body(b, at);
        if (next === undefined) break;
        at = next;
        continue;
      }
      const end = b.indexOf(HEAD_END, at);
      if (end < 0) {
        if (b.length - at > MAX_HEAD_BYTES) return this.refuse(431);
        break;
      }
      if (end - at > MAX_HEAD_BYTES) return this.refuse(431);
      const head = b.toString('latin1', at, end);
      at = end + 4;
      if (!this.request(head)) return this.refuse(400);
    }
    if (this.closed) return;
    b = b.subarray(at);
    // Keep only the unparsed rest (a copy when small: the socket's chunk need not stay alive).
    this.pending = b.length && b.length < 4096 ? Buffer.from(b) : b;
  }

  /** Parses a request head; false when malformed. */
  private request(head: string): boolean {
    const lines = head.split('\r\n');
    const [method, url, version] = lines[0]!.split(' ');
    if (!method || !url || !version?.startsWith('HTTP/1.')) return false;
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0) return false;
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!(name in headers)) headers[name] = line.slice(colon + 1).trim();
    }
    const connection = (headers['connection'] ?? '').toLowerCase();
    const keepAlive = version === 'HTTP/1.0' ? connection.includes('keep-alive') : !connection.includes('close');
    const exchange = new RuntimeExchange(this, method, url, headers, keepAlive);
    this.queue.push(exchange);
    let framing: Framing | undefined;
    if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) framing = { kind: 'chunked', stage: 'size', remaining: 0 };
    else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (!Number.isSafeInteger(length) || length < 0) return false;
      if (length > 0) framing = { kind: 'length', remaining: length };
    }
    if (framing && (headers['expect'] ?? '').toLowerCase() === '100-continue' && this.queue.length === 1) {
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
    if (framing) this.reading = { exchange, framing };
    this.handle(exchange);
    if (!framing) exchange.bodyEnded();
    return true;
  }

  /** Consumes body bytes from `at`; returns where it stopped, undefined when it needs more bytes. */
  private body(b: Buffer, at: number): number | undefined {
    const { exchange, framing } = this.reading!;
    if (framing.kind === 'length') {
      const n = Math.min(framing.remaining, b.length - at);
      exchange.bodyChunk(b.subarray(at, at + n));
      framing.remaining -= n;
      if (framing.remaining === 0) this.bodyDone();
      return at + n;
    }
    switch (framing.stage) {
      case 'size': {
        const eol = b.indexOf(CRLF, at);
        if (eol < 0) {
          if (b.length - at > 1024) this.refuse(400);
          return undefined;
        }
        const size = parseInt(b.toString('latin1', at, eol), 16);
        if (!(size >= 0)) {
          this.refuse(400);
          return undefined;
        }
        framing.remaining = size;
        framing.stage = size === 0 ? 'trailers' : 'data';
        return eol + 2;
      }
      case 'data': {
        const n = Math.min(framing.remaining, b.length - at);
        exchange.bodyChunk(b.subarray(at, at + n));
        framing.remaining -= n;
        if (framing.remaining === 0) framing.stage = 'data-end';
        return at + n;
      }
      case 'data-end': {
        if (b.length - at < 2) return undefined;
        framing.stage = 'size';
        return at + 2;
      }
      case 'trailers': {
        // Trailer lines, then an empty line.
        const eol = b.indexOf(CRLF, at);
        if (eol < 0) return undefined;
        if (eol === at) this.bodyDone();
        return eol + 2;
      }
    }
  }

  private bodyDone(): void {
    const exchange = this.reading!.exchange;
    this.reading = undefined;
    exchange.bodyEnded();
  }

  private refuse(status: number): void {
    if (this.closed) return;
    this.socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    this.shut();
  }
}

/** A Runtime API listener on 127.0.0.1 (port 0): `handle` gets each request once its head is in. */
export class RuntimeApiServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();

  constructor(handle: (exchange: RuntimeExchange) => void) {
    this.server = createServer((socket) => {
      const c = new Connection(socket, handle, () => this.connections.delete(c));
      this.connections.add(c);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port)));
  }

  close(): Promise<void> {
    for (const c of [...this.connections]) c.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
