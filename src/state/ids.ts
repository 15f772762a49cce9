// The one id source: request ids, resource ids and message ids all come from here, so a test can
// swap it for a deterministic one.
import { randomFillSync, randomUUID } from 'node:crypto';

export interface IdSource {
  /** A random RFC 4122 v4 UUID (request ids, message ids). */
  uuid(): string;
  /** `n` random lower-case hex characters (resource id suffixes such as EC2's i-0abc...). */
  hex(n: number): string;
}

// Random bytes are cut from a pool filled 4 KB at a time (as node's randomUUID does): a
// randomBytes call per id cost ~10 us, a Lambda invocation's trace id takes two. Every byte is
// handed out once.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(n: number): string {
  const bytes = Math.ceil(n / 2);
  if (bytes > pool.length) return randomFillSync(Buffer.alloc(bytes)).toString('hex').slice(0, n);
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return n % 2 ? hex.slice(0, n) : hex;
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  hex: randomHex,
};
