// S3 state. Bucket names are global across accounts and regions (as on AWS), so the bucket table
// lives in one global scope; each bucket records its owner account and region. Buckets are kept as
// rows (one per bucket); the map is built from them when the state is created.
import { createHash } from 'node:crypto';
import type { Host } from '../host.js';

export interface Bucket {
  name: string;
  owner: string;
  region: string;
  creationDate: Date;
  /** Object keys -> objects; filled by the S3 issue. Present now so DeleteBucket can refuse. */
  objects: Map<string, unknown>;
}

/** The durable row of a bucket (store s3/buckets, scope 'global', key the bucket name). */
export interface BucketRow {
  owner: string;
  region: string;
  /** Epoch ms. */
  creationDate: number;
}

export function createS3State(host: Host) {
  const bucketRows = host.stores.open<BucketRow>('s3', { name: 'buckets', scope: 'global', version: 1 });
  const buckets = new Map<string, Bucket>();
  for (const { key, row } of bucketRows.load()) {
    buckets.set(key, { name: key, owner: row.owner, region: row.region, creationDate: new Date(row.creationDate), objects: new Map() });
  }
  return {
    buckets,
    putBucket(b: Bucket): void {
      bucketRows.put('', '', b.name, { owner: b.owner, region: b.region, creationDate: b.creationDate.getTime() });
    },
    deleteBucket(name: string): void {
      bucketRows.delete('', '', name);
    },
  };
}

export type S3State = ReturnType<typeof createS3State>;

/** The canonical user id S3 shows as an account's Owner.ID: stable per account (64 hex chars). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`nimbus-canonical-${account}`).digest('hex');
}
