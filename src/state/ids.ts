// The one id source: request ids, resource ids and message ids all come from here, so a test can
// swap it for a deterministic one.
import { randomBytes, randomUUID } from 'node:crypto';

export interface IdSource {
  /** A random RFC 4122 v4 UUID (request ids, message ids). */
  uuid(): string;
  /** `n` random lower-case hex characters (resource id suffixes such as EC2's i-0abc...). */
  hex(n: number): string;
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  hex: (n) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n),
};
