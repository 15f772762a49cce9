// S3 `content-encoding: aws-chunked` bodies. Two framings arrive:
//   unsigned (JS v3 `STREAMING-UNSIGNED-PAYLOAD-TRAILER`, even over plain HTTP):
//     <hex size>\r\n<data>\r\n ... 0\r\n[<trailer>:<value>\r\n ... \r\n]
//     (JS v3 ends right after `0\r\n` when it sends no checksum trailer)
//   signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`, other SDKs):
//     <hex size>;chunk-signature=<sig>\r\n<data>\r\n ... 0;chunk-signature=<sig>\r\n
//     [trailers..., x-amz-trailer-signature:<sig>\r\n]\r\n
// We return the decoded bytes (what S3 stores), the trailer headers (e.g. x-amz-checksum-crc32) and
// the chunk signatures in order (for the SigV4 layer to verify if it wants to; not verified here).
//
// API:
//   isAwsChunked(headers)                          the request body uses aws-chunked framing
//   decodeAwsChunked(raw, decodedLength?)          -> { body, trailers, signatures }; throws AwsError
//   decodeAwsChunkedRequest(req)                   decode req.body in place (server chain step)
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './errors.js';
import type { HttpRequest } from './http.js';

export interface DecodedChunkedBody {
  body: Buffer;
  /** Trailer headers, names lower-cased (x-amz-checksum-crc32, x-amz-trailer-signature, ...). */
  trailers: Record<string, string>;
  /** chunk-signature values in order, the final (empty) chunk's included; empty when unsigned. */
  signatures: string[];
}

/** True when the body is aws-chunked: the content-encoding says so, or the payload hash names a
 *  streaming mode (some clients omit the content-encoding when it would be the only one). */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const ce = headers['content-encoding'];
  if (typeof ce === 'string' && ce.includes('aws-chunked')) return true;
  const sha = headers['x-amz-content-sha256'];
  return typeof sha === 'string' && sha.startsWith('STREAMING-');
}

// A truncated body is IncompleteBody (S3's code for "fewer bytes than announced"); framing that is
// not aws-chunked at all is InvalidRequest. S3's exact messages for the latter are not documented.
function incomplete(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly');
}
function invalid(detail: string): AwsError {
  return new AwsError('InvalidRequest', `Invalid aws-chunked encoding: ${detail}`);
}

const CR = 13;
const LF = 10;
const MAX_HEX_DIGITS = 12; // 2^48 bytes: far beyond any single S3 chunk

/** Decode an aws-chunked body. `decodedLength` (x-amz-decoded-content-length), when given, must
 *  match the decoded size. */
export function decodeAwsChunked(raw: Buffer, decodedLength?: number): DecodedChunkedBody {
  const parts: Buffer[] = [];
  const signatures: string[] = [];
  let total = 0;
  let pos = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos, 'latin1');
    if (eol < 0) throw incomplete();
    // Chunk header: <hex size>[;name=value]*
    let size = 0;
    let i = pos;
    for (; i < eol; i++) {
      const c = raw[i]!;
      const d = c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1;
      if (d < 0) break;
      if (i - pos >= MAX_HEX_DIGITS) throw invalid('chunk size too large');
      size = size * 16 + d;
    }
    if (i === pos) throw invalid('chunk size is not hexadecimal');
    if (i < eol) {
      if (raw[i] !== 0x3b /* ; */) throw invalid('unexpected characters after the chunk size');
      for (const ext of raw.toString('latin1', i + 1, eol).split(';')) {
        const eq = ext.indexOf('=');
        if (eq > 0 && ext.slice(0, eq).trim() === 'chunk-signature') signatures.push(ext.slice(eq + 1).trim());
      }
    }
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > raw.length) throw incomplete();
    parts.push(raw.subarray(pos, pos + size));
    total += size;
    pos += size;
    if (raw[pos] !== CR || raw[pos + 1] !== LF) throw invalid('chunk data is not followed by CRLF');
    pos += 2;
  }
  const trailers = readTrailers(raw, pos);
  if (decodedLength !== undefined && Number.isFinite(decodedLength) && total !== decodedLength) {
    if (total < decodedLength) throw incomplete();
    throw invalid(`decoded ${total} bytes, x-amz-decoded-content-length says ${decodedLength}`);
  }
  return { body: parts.length === 1 ? parts[0]! : Buffer.concat(parts, total), trailers, signatures };
}

/** Trailer lines after the last chunk, up to an empty line or the end of the body. */
function readTrailers(raw: Buffer, pos: number): Record<string, string> {
  const trailers: Record<string, string> = {};
  while (pos < raw.length) {
    let eol = raw.indexOf('\r\n', pos, 'latin1');
    if (eol < 0) eol = raw.length; // tolerate a last trailer without its CRLF
    if (eol === pos) break; // the empty line that ends the body
    const line = raw.toString('latin1', pos, eol);
    const colon = line.indexOf(':');
    if (colon <= 0) throw invalid('malformed trailer');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === '__proto__') throw invalid('malformed trailer');
    trailers[name] = line.slice(colon + 1).trim();
    pos = eol + 2;
  }
  return trailers;
}

/** Replace an aws-chunked request body by its decoded bytes, in place: trailers become headers (a
 *  header sent up front wins), `aws-chunked` leaves content-encoding, content-length becomes the
 *  decoded length. Returns the decoded parts (the chunk signatures, for SigV4). */
export function decodeAwsChunkedRequest(req: HttpRequest): DecodedChunkedBody {
  const declared = req.headers['x-amz-decoded-content-length'];
  const decodedLength = typeof declared === 'string' && declared.trim() !== '' ? Number(declared) : undefined;
  const decoded = decodeAwsChunked(req.body, decodedLength);
  req.body = decoded.body;
  for (const name in decoded.trailers) req.headers[name] ??= decoded.trailers[name];
  const ce = req.headers['content-encoding'];
  if (typeof ce === 'string') {
    const rest = ce
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '' && t !== 'aws-chunked');
    if (rest.length > 0) req.headers['content-encoding'] = rest.join(', ');
    else delete req.headers['content-encoding'];
  }
  req.headers['content-length'] = String(decoded.body.length);
  return decoded;
}
