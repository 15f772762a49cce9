// Response checksum headers, computed over the exact body bytes sent. Which service wants one is a
// fact of the service (services/response-facts.ts); the chain calls this for those.
import { crc32 } from 'node:zlib';
import type { HttpResponse } from './http.js';

/** Adds the checksum header to a whole-body response (a streamed body has none: it is not known
 *  up front). A string body stays a string (zlib's crc32 takes it as its UTF-8 bytes, the bytes
 *  sent): node:http then writes status, headers and body in one piece, with no Buffer made. */
export function addResponseChecksum(res: HttpResponse, kind: 'crc32'): HttpResponse {
  if (typeof res.body !== 'string' && !Buffer.isBuffer(res.body)) return res;
  if (kind === 'crc32') res.headers['x-amz-crc32'] = String(crc32(res.body));
  return res;
}
