// CreateBucket, ListBuckets, HeadBucket, DeleteBucket.
import type {
  CreateBucketOutput,
  CreateBucketRequest,
  DeleteBucketRequest,
  HeadBucketOutput,
  HeadBucketRequest,
  ListBucketsOutput,
  ListBucketsRequest,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { requireBucket } from './common.js';
import { canonicalId, type Bucket, type S3State } from './store.js';

const LIST_BUCKETS_MAX = 10_000;

export function createBucket(input: CreateBucketRequest, ctx: RequestContext, state: S3State): CreateBucketOutput {
  const name = input.Bucket!;
  validateBucketName(name);
  const region = bucketRegion(input, ctx.region);
  const existing = state.buckets.get(name);
  if (existing) {
    // us-east-1 answers 200 to its owner re-creating a bucket there (legacy behaviour AWS keeps).
    if (existing.owner === ctx.account && existing.region === 'us-east-1' && region === 'us-east-1') {
      return { Location: `/${name}` };
    }
    if (existing.owner === ctx.account) {
      throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { status: 409, fields: { BucketName: name } });
    }
    throw new AwsError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { status: 409, fields: { BucketName: name } });
  }
  const bucket: Bucket = { name, owner: ctx.account, region, creationDate: new Date(ctx.clock.now()), objects: new Map(), uploads: new Map() };
  state.buckets.set(name, bucket);
  state.putBucket(bucket);
  return {
    Location: region === 'us-east-1' ? `/${name}` : `http://${name}.s3.amazonaws.com/`,
    BucketArn: `arn:aws:s3:::${name}`,
  };
}

/** The region a new bucket goes to: its LocationConstraint, which must match the endpoint's region. */
function bucketRegion(input: CreateBucketRequest, requestRegion: string): string {
  const constraint = input.CreateBucketConfiguration?.LocationConstraint as string | undefined;
  if (!constraint) {
    if (requestRegion !== 'us-east-1') {
      throw new AwsError('IllegalLocationConstraintException', 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.');
    }
    return 'us-east-1';
  }
  if (constraint === 'us-east-1') {
    throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid', { fields: { LocationConstraint: constraint } });
  }
  const region = constraint === 'EU' ? 'eu-west-1' : constraint;
  if (region !== requestRegion) {
    throw new AwsError('IllegalLocationConstraintException', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
  }
  return region;
}

// Bucket naming rules for general purpose buckets, as S3 documents them.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const IP_ADDRESS = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

function validateBucketName(name: string): void {
  const bad =
    !BUCKET_NAME.test(name) ||
    name.includes('..') ||
    name.includes('.-') ||
    name.includes('-.') ||
    IP_ADDRESS.test(name) ||
    RESERVED_PREFIXES.some((p) => name.startsWith(p)) ||
    RESERVED_SUFFIXES.some((s) => name.endsWith(s));
  if (bad) throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { fields: { BucketName: name } });
}

export function listBuckets(input: ListBucketsRequest, ctx: RequestContext, state: S3State): ListBucketsOutput {
  let owned = [...state.buckets.values()]
    .filter((b) => b.owner === ctx.account)
    .filter((b) => input.Prefix === undefined || b.name.startsWith(input.Prefix))
    .filter((b) => input.BucketRegion === undefined || b.region === input.BucketRegion)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (input.ContinuationToken) {
    const after = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
    owned = owned.filter((b) => b.name > after);
  }
  const max = input.MaxBuckets ?? LIST_BUCKETS_MAX;
  const page = owned.slice(0, max);
  const paginated = input.MaxBuckets !== undefined || input.ContinuationToken !== undefined;
  return {
    Buckets: page.map((b) => ({ Name: b.name, CreationDate: b.creationDate, BucketRegion: b.region, BucketArn: `arn:aws:s3:::${b.name}` })),
    Owner: { ID: canonicalId(ctx.account), DisplayName: ctx.account },
    ...(input.Prefix !== undefined && { Prefix: input.Prefix }),
    ...(paginated && owned.length > max && { ContinuationToken: Buffer.from(page[page.length - 1]!.name).toString('base64url') }),
  };
}

export function headBucket(input: HeadBucketRequest, _ctx: RequestContext, state: S3State): HeadBucketOutput {
  const bucket = requireBucket(state, input.Bucket!);
  return { BucketRegion: bucket.region, AccessPointAlias: false, BucketArn: `arn:aws:s3:::${bucket.name}` };
}

export function deleteBucket(input: DeleteBucketRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  if (bucket.objects.size > 0) {
    throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', { status: 409, fields: { BucketName: bucket.name } });
  }
  for (const upload of [...bucket.uploads.values()]) state.dropUpload(bucket, upload);
  state.buckets.delete(bucket.name);
  state.deleteBucket(bucket.name);
}
