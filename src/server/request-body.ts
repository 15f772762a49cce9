// Reading a request body, after routing, in one of two ways:
//   readBody(req, limit)     the whole body, for every operation without a streaming payload.
//                            Never holds more than `limit` bytes: a declared Content-Length over
//                            it is refused before reading, a body that grows past it while read is
//                            cut off. Content encodings the SDKs add are decoded (gzip for the
//                            requestCompression trait, aws-chunked), the limit applying to the
//                            decoded bytes too.
//   payloadStream(req, max)  the body as a stream of decoded bytes, for a streaming payload member
//                            (S3 PutObject, UploadPart): nothing is buffered.
// A body over its limit raises BodyTooLarge; the chain turns it into the service's own error.
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type Readable, type TransformCallback, type Writable } from 'node:stream';
import { gunzipSync, inflateSync } from 'node:zlib';
import { AwsChunkedDecoder, decodeAwsChunked, decodedContentLength, decodedRequestHeaders, isAwsChunked, type DecodedChunkedBody } from '../protocol/aws-chunked.js';
import { AwsError } from '../protocol/errors.js';
import type { IncomingRequest } from './incoming.js';

/** What SigV4 needs of an aws-chunked body: each chunk's signature and data hash, in order. For a
 *  streamed body it is the decoder itself (complete once the stream has ended). */
export type ChunkFraming = Pick<DecodedChunkedBody, 'signatures' | 'chunks'>;

export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly size: number | undefined,
  ) {
    super(`request body ${size === undefined ? '' : `of ${size} bytes `}exceeds the ${limit} byte limit`);
  }
}

/** What reading a body gives the decoded view: the bytes, and the headers the codecs should see. */
export interface DecodedBody {
  body: Buffer;
  /** The request's headers as the decoded body implies them (content-encoding without what was
   *  decoded, content-length of the decoded bytes, aws-chunked trailers merged); the request's own
   *  headers stay untouched. Undefined when nothing was decoded. */
  headers?: IncomingHttpHeaders;
  /** aws-chunked: the chunk signatures and data hashes (for SigV4 streaming verification). */
  framing?: ChunkFraming;
}

const EMPTY = Buffer.alloc(0);
// aws-chunked framing adds a chunk header per chunk (~90 bytes signed) and trailers.
const CHUNKED_OVERHEAD = (limit: number) => Math.ceil(limit / 1024) + 64 * 1024;

function contentEncodings(headers: IncomingHttpHeaders): string[] {
  const ce = headers['content-encoding'];
  if (typeof ce !== 'string' || ce === '') return [];
  return ce
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'identity');
}

/** Reads the whole body (decoded) under `limit` bytes. */
export function readBody(req: IncomingRequest, limit: number): Promise<DecodedBody> | DecodedBody {
  const encodings = contentEncodings(req.headers);
  const chunked = isAwsChunked(req.headers);
  // Compressed bytes never exceed the limit either (their decoded size is checked as they inflate).
  const rawLimit = chunked ? limit + CHUNKED_OVERHEAD(limit) : limit;
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > rawLimit) throw new BodyTooLarge(limit, Number(declared));
  if (declared === '0' || (declared === undefined && req.headers['transfer-encoding'] === undefined)) {
    return decode(req.headers, EMPTY, encodings, chunked, limit);
  }
  return readRaw(req.body, rawLimit).then((raw) => decode(req.headers, raw, encodings, chunked, limit));
}

function readRaw(body: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        body.pause();
        reject(new BodyTooLarge(limit, undefined));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('aborted', onAborted);
    };
    const onAborted = () => onError(new Error('the client aborted the request'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('aborted', onAborted);
  });
}

// Content codings that are decoded; any other is left for the codec (and fails there as bad input).
const DECODERS: Record<string, (raw: Buffer, limit: number) => Buffer> = {
  gzip: (raw, limit) => inflate(gunzipSync, raw, limit),
  'x-gzip': (raw, limit) => inflate(gunzipSync, raw, limit),
  deflate: (raw, limit) => inflate(inflateSync, raw, limit),
};

function inflate(fn: typeof gunzipSync, raw: Buffer, limit: number): Buffer {
  try {
    return fn(raw, { maxOutputLength: limit + 1 > 2 ** 31 ? 2 ** 31 : limit + 1 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLarge(limit, undefined);
    throw new AwsError('SerializationException', `Cannot decode the request body: ${(e as Error).message}`);
  }
}

function decode(headers: IncomingHttpHeaders, raw: Buffer, encodings: string[], chunked: boolean, limit: number): DecodedBody {
  if (!chunked && encodings.length === 0) return { body: raw };
  let body = raw;
  let view: IncomingHttpHeaders;
  let framing: ChunkFraming | undefined;
  if (chunked) {
    const decoded = decodeAwsChunked(body, decodedContentLength(headers));
    body = decoded.body;
    framing = decoded;
    // Trailers merged as headers the request did not send; aws-chunked leaves content-encoding.
    view = decodedRequestHeaders(headers, body.length, decoded.trailers);
  } else {
    view = { ...headers };
  }
  // Codings apply in the order listed, so they are undone from the last.
  const left: string[] = [];
  for (const coding of [...encodings].reverse()) {
    if (coding === 'aws-chunked') continue;
    const decoder = Object.hasOwn(DECODERS, coding) ? DECODERS[coding] : undefined;
    if (decoder && left.length === 0) body = decoder(body, limit);
    else left.unshift(coding);
  }
  if (body.length > limit) throw new BodyTooLarge(limit, body.length);
  if (left.length > 0) view['content-encoding'] = left.join(', ');
  else delete view['content-encoding'];
  view['content-length'] = String(body.length);
  return { body, headers: view, ...(framing && { framing: { signatures: framing.signatures, chunks: framing.chunks } }) };
}

/** The body as a stream for a streaming payload member, cut off (BodyTooLarge) past `max` bytes:
 *  aws-chunked framing decoded as it streams (the raw bytes and chunk signatures stay with the
 *  decoder, for SigV4), and the headers a decoded body implies when they differ from the request's. */
export function payloadStream(
  req: IncomingRequest,
  max: number,
  /** The service's error for a payload that grows past `max` while the handler reads it. */
  tooLarge: (e: BodyTooLarge) => Error,
): { stream: PayloadStream; headers?: IncomingHttpHeaders; chunked?: AwsChunkedDecoder } {
  const chunked = isAwsChunked(req.headers);
  const declared = chunked ? decodedContentLength(req.headers) : Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared! > max) throw new BodyTooLarge(max, declared);
  if (!chunked) {
    const stream = new PayloadStream(max, tooLarge);
    connect(req.body, stream);
    return { stream };
  }
  const decoder = new AwsChunkedDecoder(declared);
  const stream = new PayloadStream(max, tooLarge, decoder);
  connect(req.body, decoder);
  connect(decoder, stream);
  const headers = decodedRequestHeaders(req.headers, declared ?? 0);
  // Without x-amz-decoded-content-length the decoded length is known only at the end.
  if (declared === undefined) delete headers['content-length'];
  return { stream, headers, chunked: decoder };
}

/** `source.pipe(dest)` with what stream.pipeline adds that matters here: an error or an early
 *  close of the source (the client went away) fails `dest`, where the handler reading it sees it;
 *  an error of `dest` (too large, malformed framing) destroys the source. Not pipeline itself: its
 *  AbortController per call, and the DOMException its end creates, were ~5% of a 4 KiB PutObject's
 *  CPU. The listeners also keep an error nobody reads (a handler that failed before reading the
 *  payload) from being unhandled. */
function connect(source: Readable, dest: Writable): void {
  source.pipe(dest);
  source.on('error', (e) => dest.destroy(e));
  source.on('close', () => {
    if (!source.readableEnded) dest.destroy(new PrematureClose());
  });
  dest.on('error', (e) => source.destroy(e));
}

class PrematureClose extends Error {
  readonly code = 'ERR_STREAM_PREMATURE_CLOSE';
  constructor() {
    super('the request body ended before it was complete');
  }
}

/** A streaming payload as the handler reads it: the decoded bytes, failing with BodyTooLarge past
 *  `max`. After it ends, `trailers` holds the aws-chunked trailers (x-amz-checksum-crc32, ...):
 *  what S3 verifies a streamed upload's checksum against. */
export class PayloadStream extends Transform {
  private seen = 0;
  constructor(
    private readonly max: number,
    private readonly tooLarge: (e: BodyTooLarge) => Error,
    private readonly decoder?: AwsChunkedDecoder,
  ) {
    super();
  }
  /** Trailer headers of an aws-chunked body (empty otherwise); complete once the stream has ended. */
  get trailers(): Readonly<Record<string, string>> {
    return this.decoder?.trailers ?? {};
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) return done(this.tooLarge(new BodyTooLarge(this.max, undefined)));
    done(null, chunk);
  }
}
