// CopyObject: a new version sharing the source's payload, its inline bytes or its blobs (no data
// copied; payloads are immutable, blobs reference-counted), with its metadata copied or replaced
// (x-amz-metadata-directive), its tags copied or replaced (x-amz-tagging-directive), and
// x-amz-copy-source-if-* conditions. The copy keeps its source's checksum; a source without one
// (stored before Nimbus computed S3's default) gets the default CRC64NVME, computed by reading its
// payload once.
import type { CopyObjectOutput, CopyObjectRequest } from '@aws-sdk/client-s3';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { checksumOfStream, DEFAULT_CHECKSUM } from './checksums.js';
import { checksumOutput, checkKey } from './objects.js';
import { contentHeadersOf, invalidArgument, latest, metadataOf, newVersionId, readableVersion, readObject, requireBucket, shownVersionId, sseOf, storageClassOf, tagsFromHeader } from './common.js';
import { checkReadConditions, checkWriteConditions } from './conditions.js';
import { objectEvent } from './events.js';
import type { Bucket, ObjectVersion, S3State } from './store.js';

/** x-amz-copy-source: `bucket/key` or `/bucket/key`, URL-encoded, optionally `?versionId=`. */
export function parseCopySource(text: string): { bucket: string; key: string; versionId?: string } {
  let source = text.startsWith('/') ? text.slice(1) : text;
  let versionId: string | undefined;
  const q = source.indexOf('?');
  if (q >= 0) {
    versionId = new URLSearchParams(source.slice(q + 1)).get('versionId') ?? undefined;
    source = source.slice(0, q);
  }
  const slash = source.indexOf('/');
  if (slash <= 0 || slash === source.length - 1) throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', text);
  let key: string;
  try {
    key = decodeURIComponent(source.slice(slash + 1));
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', text);
  }
  return { bucket: decodeURIComponent(source.slice(0, slash)), key, ...(versionId !== undefined && { versionId }) };
}

/** The source version of a copy, its conditions checked (every failure 412). */
export function copySourceVersion(state: S3State, input: Record<string, any>): { bucket: Bucket; version: ObjectVersion } {
  const src = parseCopySource(input.CopySource);
  const bucket = requireBucket(state, src.bucket);
  const version = readableVersion(bucket, src.key, src.versionId);
  checkReadConditions(
    { ifMatch: input.CopySourceIfMatch, ifNoneMatch: input.CopySourceIfNoneMatch, ifModifiedSince: input.CopySourceIfModifiedSince, ifUnmodifiedSince: input.CopySourceIfUnmodifiedSince },
    version,
    true,
  );
  return { bucket, version };
}

export async function copyObject(input: CopyObjectRequest, ctx: RequestContext, state: S3State): Promise<HandlerOutput<CopyObjectOutput>> {
  const bucket = requireBucket(state, input.Bucket!);
  const key = input.Key!;
  checkKey(key);
  const { bucket: srcBucket, version: source } = copySourceVersion(state, input as Record<string, any>);
  checkWriteConditions(input, latest(bucket, key));
  const replaceMetadata = directive(input.MetadataDirective, 'x-amz-metadata-directive');
  const replaceTags = directive(input.TaggingDirective, 'x-amz-tagging-directive');
  const storageClass = input.StorageClass ? storageClassOf(input) : source.storageClass;
  const sameObject = srcBucket === bucket && source.key === key;
  if (sameObject && !replaceMetadata && !input.StorageClass && !input.ServerSideEncryption && !input.WebsiteRedirectLocation && storageClass === source.storageClass) {
    throw new AwsError(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const headers = replaceMetadata ? contentHeadersOf(input) : { ...source.headers };
  const metadata = replaceMetadata ? metadataOf(input) : { ...source.metadata };
  const tags = replaceTags ? tagsFromHeader(input.Tagging) : [...source.tags];
  const sse = input.ServerSideEncryption ? sseOf(input, bucket) : source.sse ?? sseOf(input, bucket);
  // Held until the copy names the blobs: a delete of the source while its checksum is computed
  // must leave them be.
  const reading = state.blobs.read(source.blobs.map((b) => b.id));
  let checksum: NonNullable<ObjectVersion['checksum']>;
  try {
    checksum = source.checksum ?? { algorithm: DEFAULT_CHECKSUM, value: await checksumOfStream(DEFAULT_CHECKSUM, readObject(state, source)), type: 'FULL_OBJECT' };
  } catch (e) {
    reading();
    throw e;
  }
  const v: ObjectVersion = {
    ...source,
    checksum,
    bucket: bucket.name,
    key,
    versionId: newVersionId(bucket),
    seq: state.nextSeq(),
    lastModified: new Date(ctx.clock.now()),
    blobs: [...source.blobs],
    headers,
    metadata,
    storageClass,
    tags,
    sse,
    owner: ctx.account,
  };
  // A copy of a multipart object is one object on AWS (its ETag becomes the MD5 of the whole
  // only when AWS re-copies it; Nimbus keeps the source's ETag, which is what the data is).
  state.addVersion(bucket, v);
  reading();
  objectEvent(state, ctx, bucket, 'ObjectCreated:Copy', v);
  const shown = shownVersionId(srcBucket, source);
  return {
    CopyObjectResult: { ETag: v.etag, LastModified: v.lastModified, ...checksumOutput(v), ...(v.checksum && { ChecksumType: v.checksum.type }) },
    ...(shown !== undefined && { CopySourceVersionId: shown }),
    ...(shownVersionId(bucket, v) !== undefined && { VersionId: v.versionId }),
    ServerSideEncryption: v.sse!.algorithm as any,
  };
}

function directive(value: string | undefined, header: string): boolean {
  if (value === undefined || value === 'COPY') return false;
  if (value === 'REPLACE') return true;
  throw invalidArgument(`Unknown ${header.replace('x-amz-', '').replace('-directive', '')} directive.`, header, value);
}
