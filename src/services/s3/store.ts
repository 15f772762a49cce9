// S3 state. Bucket names are global across accounts and regions (as on AWS), so the bucket table
// lives in one global scope; each bucket records its owner account and region.
import { createHash } from 'node:crypto';

export interface Bucket {
  name: string;
  owner: string;
  region: string;
  creationDate: Date;
  /** Object keys -> objects; filled by the S3 issue. Present now so DeleteBucket can refuse. */
  objects: Map<string, unknown>;
}

export function createS3State() {
  return { buckets: new Map<string, Bucket>() };
}

export type S3State = ReturnType<typeof createS3State>;

/** The canonical user id S3 shows as an account's Owner.ID: stable per account (64 hex chars). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`nimbus-canonical-${account}`).digest('hex');
}
