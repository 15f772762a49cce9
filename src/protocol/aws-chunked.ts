// S3 `content-encoding: aws-chunked` bodies. Two framings arrive:
//   unsigned (JS v3 `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, even over plain HTTP):
//     <hex size>\r\n<data>\r\n ... 0\r\n[<trailer>:<value>\r\n ... \r\n]
//     (JS v3 ends right after `0\r\n` when it sends no checksum trailer)
//   signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`, other SDKs):
//     <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n
//     [trailers..., x-amz-trailer-signature:<sig>\r\n]\r\n
// One incremental state machine (ChunkedParser) decodes both, fed the raw bytes in any chunk
// boundaries: chunk data passes straight through (never buffered; zero-copy slices of the input),
// only header lines (8 KiB each) and trailers (64 KiB in all) are accumulated. It collects the
// trailer headers (e.g. x-amz-checksum-crc32), the chunk signatures in order with each chunk's
// length and SHA-256 (for the SigV4 layer to verify; not verified here) and the decoded length.
//
// API:
//   isAwsChunked(headers)                        the request body uses aws-chunked framing
//   decodedContentLength(headers)                x-amz-decoded-content-length as a number, if sent
//   new AwsChunkedDecoder(decodedLength?)        Transform: framed bytes in, decoded data out; after
//                                                'end': .trailers, .signatures, .chunks, .decodedLength;
//                                                framing errors are AwsErrors on 'error'
//   decodeAwsChunked(raw, decodedLength?)        buffered body -> { body, trailers, signatures, chunks };
//                                                throws AwsError
//   decodedRequestHeaders(headers, decodedLength, trailers?)
//                                                the headers as the codecs should see a decoded body
import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsError } from './errors.js';

/** One signed chunk: what a SigV4 streaming verifier needs (string-to-sign uses `sha256`). */
export interface SignedChunk {
  /** The `chunk-signature` extension value. */
  signature: string;
  /** Bytes of data in the chunk (0 for the final chunk). */
  length: number;
  /** Lower-case hex SHA-256 of the chunk's data (of the empty string for the final chunk). */
  sha256: string;
}

/** Trailer headers: a null-prototype object, names lower-cased. */
export type Trailers = Record<string, string>;

export interface DecodedChunkedBody {
  body: Buffer;
  /** Trailer headers, names lower-cased (x-amz-checksum-crc32, x-amz-trailer-signature, ...). */
  trailers: Trailers;
  /** chunk-signature values in order, the final (empty) chunk's included; empty when unsigned. */
  signatures: string[];
  /** The same chunks with their lengths and data hashes; empty when unsigned. */
  chunks: SignedChunk[];
}

/** True when the body is aws-chunked: the content-encoding says so, or the payload hash names a
 *  streaming mode (some clients omit the content-encoding when it would be the only one). */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const ce = headers['content-encoding'];
  if (typeof ce === 'string' && ce.includes('aws-chunked')) return true;
  const sha = headers['x-amz-content-sha256'];
  return typeof sha === 'string' && sha.startsWith('STREAMING-');
}

/** x-amz-decoded-content-length, when the request sent one (a non-number is ignored, as before). */
export function decodedContentLength(headers: IncomingHttpHeaders): number | undefined {
  const declared = headers['x-amz-decoded-content-length'];
  if (typeof declared !== 'string' || declared.trim() === '') return undefined;
  const n = Number(declared);
  return Number.isFinite(n) ? n : undefined;
}

// A truncated body is IncompleteBody (S3's code for "fewer bytes than announced"); framing that is
// not aws-chunked at all is InvalidRequest. S3's exact messages for the latter are not documented.
function incomplete(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly');
}
function invalid(detail: string): AwsError {
  return new AwsError('InvalidRequest', `Invalid aws-chunked encoding: ${detail}`);
}
function tooLong(total: number, decodedLength: number): AwsError {
  return invalid(`decoded ${total} bytes, x-amz-decoded-content-length says ${decodedLength}`);
}

const CR = 13;
const LF = 10;
const MAX_HEX_DIGITS = 12; // 2^48 bytes: far beyond any single S3 chunk
/** Longest chunk header line (size and extensions; a signed one is ~85 bytes). */
export const MAX_HEADER_LINE = 8 * 1024;
/** Most trailer bytes in all (each line is also capped at MAX_HEADER_LINE). */
export const MAX_TRAILER_BYTES = 64 * 1024;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
// Names that would be dangerous merged into an ordinary headers object later.
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const enum State {
  Header, // reading `<hex>[;ext]*\r\n`
  Data, // `remaining` bytes of chunk data
  DataCR, // the CR after the data
  DataLF, // the LF after the data
  Trailers, // trailer lines up to an empty line or the end of the body
  Done, // after the empty line (anything more is ignored, as S3's framing ends there)
}

type Emit = (data: Buffer) => void;

/** The aws-chunked state machine: `write` raw bytes in any boundaries, `end` once. Both throw
 *  AwsError. Data is handed to `emit` as slices of the input, never copied. */
export class ChunkedParser {
  readonly trailers: Trailers = Object.create(null) as Trailers;
  readonly chunks: SignedChunk[] = [];
  /** Data bytes the chunk headers so far announced (the decoded length once ended). */
  decodedLength = 0;

  private state = State.Header;
  private remaining = 0;
  private chunkLength = 0;
  private signature: string | undefined;
  private hash: Hash | undefined;
  private signed: boolean | undefined; // set by the first chunk: all chunks must agree
  private pending: Buffer[] = []; // a header/trailer line split across inputs
  private pendingLength = 0;
  private trailerBytes = 0;
  private ended = false;

  private readonly expected: number | undefined;

  /** `expected`: x-amz-decoded-content-length, when sent (a non-finite number is ignored). */
  constructor(expected?: number) {
    this.expected = expected !== undefined && Number.isFinite(expected) ? expected : undefined;
  }

  get signatures(): string[] {
    return this.chunks.map((c) => c.signature);
  }

  write(buf: Buffer, emit: Emit): void {
    const n = buf.length;
    let pos = 0;
    while (pos < n) {
      switch (this.state) {
        case State.Data: {
          const take = Math.min(this.remaining, n - pos);
          const data = take === n ? buf : buf.subarray(pos, pos + take);
          this.hash?.update(data);
          emit(data);
          pos += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.DataCR;
          break;
        }
        case State.DataCR:
          if (buf[pos] !== CR) throw invalid('chunk data is not followed by CRLF');
          pos++;
          this.state = State.DataLF;
          break;
        case State.DataLF:
          if (buf[pos] !== LF) throw invalid('chunk data is not followed by CRLF');
          pos++;
          this.endChunk();
          this.state = State.Header;
          break;
        case State.Header:
        case State.Trailers: {
          const lf = buf.indexOf(LF, pos);
          const end = lf < 0 ? n : lf;
          const isHeader = this.state === State.Header;
          if (this.pendingLength + (end - pos) > MAX_HEADER_LINE) {
            throw invalid(isHeader ? 'chunk header line too long' : 'trailer line too long');
          }
          if (lf < 0) {
            // Keep a copy: the caller may reuse its buffer.
            this.pending.push(Buffer.from(buf.subarray(pos)));
            this.pendingLength += n - pos;
            pos = n;
            break;
          }
          // The line without its LF: line[start, stop).
          let line = buf;
          let start = pos;
          let stop = lf;
          if (this.pendingLength > 0) {
            this.pending.push(buf.subarray(pos, lf));
            line = Buffer.concat(this.pending);
            start = 0;
            stop = line.length;
            this.pending = [];
            this.pendingLength = 0;
          }
          if (stop === start || line[stop - 1] !== CR) {
            throw invalid(isHeader ? 'chunk header is not terminated by CRLF' : 'trailer is not terminated by CRLF');
          }
          pos = lf + 1;
          if (isHeader) this.header(line, start, stop - 1);
          else this.trailer(line, start, stop - 1);
          break;
        }
        case State.Done:
          return;
      }
    }
  }

  /** The body is over: anything short of a complete framing is IncompleteBody. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.state === State.Trailers && this.pendingLength > 0) {
      // Tolerate a last trailer without its CRLF.
      const line = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingLength = 0;
      this.trailer(line, 0, line.length);
    } else if (this.state !== State.Trailers && this.state !== State.Done) {
      throw incomplete();
    }
    this.state = State.Done;
    if (this.expected !== undefined && this.decodedLength < this.expected) throw incomplete();
  }

  /** Chunk header `<hex size>[;name=value]*` in line[start, end). */
  private header(line: Buffer, start: number, end: number): void {
    let size = 0;
    let i = start;
    for (; i < end; i++) {
      const c = line[i]!;
      const d = c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1;
      if (d < 0) break;
      if (i - start >= MAX_HEX_DIGITS) throw invalid('chunk size too large');
      size = size * 16 + d;
    }
    if (i === start) throw invalid('chunk size is not hexadecimal');
    let signature: string | undefined;
    if (i < end) {
      if (line[i] !== 0x3b /* ; */) throw invalid('unexpected characters after the chunk size');
      for (const ext of line.toString('latin1', i + 1, end).split(';')) {
        const eq = ext.indexOf('=');
        if (eq > 0 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim();
      }
    }
    const signed = signature !== undefined;
    if (this.signed === undefined) this.signed = signed;
    else if (this.signed !== signed) throw invalid('some chunks are signed and some are not');
    const total = this.decodedLength + size;
    if (this.expected !== undefined && total > this.expected) throw tooLong(total, this.expected);
    this.decodedLength = total;
    this.signature = signature;
    if (size === 0) {
      if (signed) this.chunks.push({ signature: signature!, length: 0, sha256: EMPTY_SHA256 });
      this.state = State.Trailers;
      return;
    }
    this.hash = signed ? createHash('sha256') : undefined;
    this.remaining = this.chunkLength = size;
    this.state = State.Data;
  }

  private endChunk(): void {
    if (this.signature === undefined) return;
    this.chunks.push({ signature: this.signature, length: this.chunkLength, sha256: this.hash!.digest('hex') });
    this.signature = undefined;
    this.hash = undefined;
  }

  /** A trailer `name:value` in line[start, end); an empty line ends the body. */
  private trailer(line: Buffer, start: number, end: number): void {
    if (end === start) {
      this.state = State.Done;
      return;
    }
    this.trailerBytes += end - start + 2;
    if (this.trailerBytes > MAX_TRAILER_BYTES) throw invalid('trailers too long');
    const text = line.toString('latin1', start, end);
    const colon = text.indexOf(':');
    if (colon <= 0) throw invalid('malformed trailer');
    const name = text.slice(0, colon).trim().toLowerCase();
    if (name === '' || FORBIDDEN_NAMES.has(name)) throw invalid('malformed trailer');
    this.trailers[name] = text.slice(colon + 1).trim();
  }
}

/** aws-chunked decoding as a stream: raw framed bytes in (any boundaries), decoded data out. The
 *  trailers, signed chunks and decoded length are complete once 'end' has been emitted; a framing
 *  error (or a decoded length that disagrees with `decodedLength`) is an AwsError on 'error'. */
export class AwsChunkedDecoder extends Transform {
  private readonly parser: ChunkedParser;
  private readonly onData: Emit = (data) => void this.push(data);

  constructor(decodedLength?: number) {
    super();
    this.parser = new ChunkedParser(decodedLength);
  }

  /** Trailer headers (null-prototype object, names lower-cased). */
  get trailers(): Trailers {
    return this.parser.trailers;
  }
  /** chunk-signature values in order (the final chunk's included); empty when unsigned. */
  get signatures(): string[] {
    return this.parser.signatures;
  }
  /** Signed chunks with their data lengths and SHA-256s, in order; empty when unsigned. */
  get chunks(): SignedChunk[] {
    return this.parser.chunks;
  }
  /** The decoded content length, once 'end' has been emitted. */
  get decodedLength(): number {
    return this.parser.decodedLength;
  }

  override _transform(chunk: Buffer | Uint8Array | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      this.parser.write(buf, this.onData);
    } catch (e) {
      return callback(e as Error);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.parser.end();
    } catch (e) {
      return callback(e as Error);
    }
    callback();
  }
}

/** Decode a whole (buffered) aws-chunked body with the same state machine. `decodedLength`
 *  (x-amz-decoded-content-length), when given, must match the decoded size. */
export function decodeAwsChunked(raw: Buffer, decodedLength?: number): DecodedChunkedBody {
  const parser = new ChunkedParser(decodedLength);
  const parts: Buffer[] = [];
  parser.write(raw, (data) => void parts.push(data));
  parser.end();
  const total = parser.decodedLength;
  const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  return { body, trailers: parser.trailers, signatures: parser.signatures, chunks: parser.chunks };
}

/** The request headers as the codecs should see the decoded body: content-length is the decoded
 *  length, `aws-chunked` leaves content-encoding (removed when it was the only one), and trailers
 *  become headers unless the request sent that header up front (x-amz-trailer-signature is framing,
 *  not a header). A new object: the original headers stay intact for SigV4. */
export function decodedRequestHeaders(headers: IncomingHttpHeaders, decodedLength: number, trailers?: Trailers): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  if (trailers) {
    for (const name in trailers) {
      if (name !== 'x-amz-trailer-signature' && !FORBIDDEN_NAMES.has(name)) out[name] ??= trailers[name];
    }
  }
  const ce = out['content-encoding'];
  if (typeof ce === 'string') {
    const rest = ce
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && t !== 'aws-chunked');
    if (rest.length > 0) out['content-encoding'] = rest.join(', ');
    else delete out['content-encoding'];
  }
  out['content-length'] = String(decodedLength);
  return out;
}
