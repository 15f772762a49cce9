// IAM's identifiers in AWS's formats: unique ids (a four-letter prefix naming the kind of entity
// and 17 characters), access key ids (AKIA + 16), secret access keys (40 characters), and ARNs
// with paths. Randomness comes from the host's id source.
import type { IdSource } from '../../state/ids.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Unique id prefixes (IAM User Guide, "Unique identifiers"). */
export const ID_PREFIX = {
  user: 'AIDA',
  group: 'AGPA',
  role: 'AROA',
  policy: 'ANPA',
  instanceProfile: 'AIPA',
} as const;

/** `n` random characters of AWS's id alphabet (upper-case letters and 2-7). */
function base32(ids: IdSource, n: number): string {
  const bytes = Buffer.from(ids.hex(Math.ceil((n * 5) / 8) * 2 + 2), 'hex');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < n) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function uniqueId(ids: IdSource, kind: keyof typeof ID_PREFIX): string {
  return ID_PREFIX[kind] + base32(ids, 17);
}

/** A long-term access key id: AKIA and 16 characters (20 in all). */
export function accessKeyId(ids: IdSource): string {
  return 'AKIA' + base32(ids, 16);
}

/** A secret access key: 40 characters of base64 (30 random bytes), as AWS's are. */
export function secretAccessKey(ids: IdSource): string {
  return Buffer.from(ids.hex(60), 'hex').toString('base64');
}

export type ArnKind = 'user' | 'group' | 'role' | 'policy' | 'instance-profile';

/** arn:aws:iam::<account>:<kind><path><name>; the path begins and ends with '/'. */
export function iamArn(account: string, kind: ArnKind, path: string, name: string): string {
  return `arn:aws:iam::${account}:${kind}${path}${name}`;
}

/** The parts of an IAM ARN naming an entity of `kind`, or undefined when it names none. */
export function parseIamArn(arn: string, kind: ArnKind): { account: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}|aws):([a-z-]+)(\/(?:[^/]+\/)*|\/)?([^/]+)$/.exec(arn);
  if (!m || m[2] !== kind) return undefined;
  return { account: m[1]!, path: m[3] ?? '/', name: m[4]! };
}
