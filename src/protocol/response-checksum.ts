// Response checksum headers, computed over the exact body bytes sent. Which service wants one is a
// fact of the service (services/response-facts.ts); the chain calls this for those.
import { crc32 } from 'node:zlib';
import type { HttpResponse } from './http.js';

/** Adds the checksum header to a whole-body response (a streamed body has none: it is not known
 *  up front). The body becomes the Buffer the checksum was computed over. */
export function addResponseChecksum(res: HttpResponse, kind: 'crc32'): HttpResponse {
  if (typeof res.body !== 'string' && !Buffer.isBuffer(res.body)) return res;
  const body = typeof res.body === 'string' ? Buffer.from(res.body, 'utf8') : res.body;
  res.body = body;
  if (kind === 'crc32') res.headers['x-amz-crc32'] = String(crc32(body));
  return res;
}
