// Object tagging (Put/Get/DeleteObjectTagging) and bucket tagging (Put/Get/DeleteBucketTagging).
import type {
  DeleteBucketTaggingRequest,
  DeleteObjectTaggingOutput,
  DeleteObjectTaggingRequest,
  GetBucketTaggingOutput,
  GetBucketTaggingRequest,
  GetObjectTaggingOutput,
  GetObjectTaggingRequest,
  PutBucketTaggingRequest,
  PutObjectTaggingOutput,
  PutObjectTaggingRequest,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { checkTags, readableVersion, requireBucket, shownVersionId } from './common.js';
import type { S3State } from './store.js';

const tagSet = (tags: [string, string][]) => tags.map(([Key, Value]) => ({ Key, Value }));
const pairs = (set: { Key?: string; Value?: string }[] | undefined): [string, string][] => (set ?? []).map((t) => [t.Key ?? '', t.Value ?? '']);

export function putObjectTagging(input: PutObjectTaggingRequest, _ctx: RequestContext, state: S3State): HandlerOutput<PutObjectTaggingOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const v = readableVersion(bucket, input.Key!, input.VersionId);
  const tags = pairs(input.Tagging?.TagSet);
  checkTags(tags);
  v.tags = tags;
  state.updateVersion(v);
  const id = shownVersionId(bucket, v);
  return id === undefined ? {} : { VersionId: id };
}

export function getObjectTagging(input: GetObjectTaggingRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetObjectTaggingOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const v = readableVersion(bucket, input.Key!, input.VersionId);
  const id = shownVersionId(bucket, v);
  return { TagSet: tagSet(v.tags), ...(id !== undefined && { VersionId: id }) };
}

export function deleteObjectTagging(input: DeleteObjectTaggingRequest, _ctx: RequestContext, state: S3State): HandlerOutput<DeleteObjectTaggingOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const v = readableVersion(bucket, input.Key!, input.VersionId);
  v.tags = [];
  state.updateVersion(v);
  const id = shownVersionId(bucket, v);
  return id === undefined ? {} : { VersionId: id };
}

export function putBucketTagging(input: PutBucketTaggingRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  const tags = pairs(input.Tagging?.TagSet);
  checkTags(tags, 50);
  for (const [k] of tags) if (k.startsWith('aws:')) throw new AwsError('InvalidTag', 'System tags cannot be added/updated by requester');
  bucket.tags = tags;
  state.putBucket(bucket);
}

export function getBucketTagging(input: GetBucketTaggingRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketTaggingOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  if (!bucket.tags || bucket.tags.length === 0) {
    throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', { status: 404, fields: { BucketName: bucket.name } });
  }
  return { TagSet: tagSet(bucket.tags) };
}

export function deleteBucketTagging(input: DeleteBucketTaggingRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  delete bucket.tags;
  state.putBucket(bucket);
}
