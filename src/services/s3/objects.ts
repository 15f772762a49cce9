// PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects.
import type {
  DeleteObjectOutput,
  DeleteObjectRequest,
  DeleteObjectsOutput,
  DeleteObjectsRequest,
  GetObjectOutput,
  GetObjectRequest,
  HeadObjectOutput,
  HeadObjectRequest,
  PutObjectOutput,
  PutObjectRequest,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../protocol/errors.js';
import { RESPONSE_STATUS } from '../../protocol/http.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { MEMBER } from './checksums.js';
import {
  contentHeadersOf,
  invalidArgument,
  latest,
  metadataOf,
  newVersionId,
  readableVersion,
  readObject,
  requireBucket,
  shownVersionId,
  sseOf,
  storageClassOf,
  tagsFromHeader,
} from './common.js';
import { checkReadConditions, checkWriteConditions, readConditionsOf } from './conditions.js';
import { objectEvent } from './events.js';
import { discardPayload, uploadedVersion, writePayload } from './payloads.js';
import type { Bucket, ObjectVersion, S3State } from './store.js';

export async function putObject(input: PutObjectRequest, ctx: RequestContext, state: S3State): Promise<HandlerOutput<PutObjectOutput>> {
  const bucket = requireBucket(state, input.Bucket!);
  const key = input.Key!;
  checkKey(key);
  checkWriteConditions(input, latest(bucket, key));
  const headers = contentHeadersOf(input);
  const metadata = metadataOf(input);
  const storageClass = storageClassOf(input);
  const tags = tagsFromHeader(input.Tagging);
  const written = await writePayload(state, input as Record<string, any>, ctx);
  try {
    // Checked again now that the payload is in: another write may have landed meanwhile.
    checkWriteConditions(input, latest(requireBucket(state, bucket.name), key));
  } catch (e) {
    discardPayload(state, written);
    throw e;
  }
  const v = uploadedVersion(state, bucket, key, written, { headers, metadata, storageClass, tags, sse: sseOf(input, bucket), owner: ctx.account }, ctx.clock.now());
  state.addVersion(bucket, v);
  objectEvent(state, ctx, bucket, 'ObjectCreated:Put', v);
  return {
    ETag: v.etag,
    ...checksumOutput(v),
    ...(v.checksum && { ChecksumType: v.checksum.type }),
    ...versionOutput(bucket, v),
    ServerSideEncryption: v.sse!.algorithm as any,
    ...(v.sse!.kmsKeyId && { SSEKMSKeyId: v.sse!.kmsKeyId }),
    Size: v.size,
  };
}

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > 1024) throw new AwsError('KeyTooLongError', 'Your key is too long', { fields: { Size: Buffer.byteLength(key), MaxSizeAllowed: 1024 } });
}

function versionOutput(bucket: Bucket, v: ObjectVersion): { VersionId?: string } {
  const id = shownVersionId(bucket, v);
  return id === undefined ? {} : { VersionId: id };
}

export function checksumOutput(v: ObjectVersion): Record<string, string> {
  return v.checksum ? { [MEMBER[v.checksum.algorithm]]: v.checksum.value } : {};
}

/** A Range header: `bytes=a-b`, `bytes=a-`, `bytes=-n`. Anything else is ignored (the whole
 *  object), as S3 does; a range starting past the end is 416. */
export function parseRange(text: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!text) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(text.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) throw invalidRange(size);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

const invalidRange = (size: number) =>
  new AwsError('InvalidRange', 'The requested range is not satisfiable', { status: 416, fields: { RangeRequested: '', ActualObjectSize: size }, headers: { 'content-range': `bytes */${size}` } });

type ReadInput = GetObjectRequest | HeadObjectRequest;

/** GET and HEAD: the version, conditions, range or part, and the headers S3 answers with. */
function readResponse(input: ReadInput, ctx: RequestContext, state: S3State, withBody: boolean): HandlerOutput<GetObjectOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const v = readableVersion(bucket, input.Key!, input.VersionId);
  checkReadConditions(readConditionsOf(input), v);
  let range = parseRange(input.Range, v.size);
  let partsCount: number | undefined;
  if (input.PartNumber !== undefined) {
    if (range) throw invalidArgument('Cannot specify both Range header and partNumber query parameter', 'partNumber', String(input.PartNumber));
    const sizes = v.parts?.map((p) => p.size) ?? [v.size];
    if (input.PartNumber < 1 || input.PartNumber > sizes.length) {
      if (input.PartNumber >= 1 && input.PartNumber <= 10000) throw invalidRange(v.size);
      throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(input.PartNumber));
    }
    let start = 0;
    for (let i = 0; i < input.PartNumber - 1; i++) start += sizes[i]!;
    range = { start, end: start + sizes[input.PartNumber - 1]! - 1 };
    if (v.parts) partsCount = v.parts.length;
  }
  const length = range ? range.end - range.start + 1 : v.size;
  const whole = !range || (range.start === 0 && range.end === v.size - 1 && input.PartNumber === undefined);
  // Built by assignment: object spreads of optional parts cost more than the rest of the answer.
  const output: HandlerOutput<GetObjectOutput> = {};
  if (withBody) output.Body = readObject(state, v, range?.start, range?.end);
  output.AcceptRanges = 'bytes';
  output.ContentLength = length;
  if (range) output.ContentRange = `bytes ${range.start}-${range.end}/${v.size}`;
  output.ETag = v.etag;
  output.LastModified = v.lastModified;
  const shown = shownVersionId(bucket, v);
  if (shown !== undefined) output.VersionId = shown;
  output.Metadata = v.metadata;
  Object.assign(output, contentOutput(v, input));
  if (v.storageClass !== 'STANDARD') output.StorageClass = v.storageClass as any;
  if (v.sse) {
    output.ServerSideEncryption = v.sse.algorithm as any;
    if (v.sse.kmsKeyId) output.SSEKMSKeyId = v.sse.kmsKeyId;
  }
  if (v.tags.length > 0 && withBody) output.TagCount = v.tags.length;
  if (partsCount !== undefined) output.PartsCount = partsCount;
  // Checksums describe the whole object: a range has none (as on AWS).
  if (input.ChecksumMode === 'ENABLED' && v.checksum && whole) Object.assign(output, checksumOutput(v), { ChecksumType: v.checksum.type });
  if (range) Object.assign(output, { [RESPONSE_STATUS]: 206 });
  return output;
}

const OVERRIDES = [
  ['ResponseContentType', 'ContentType'],
  ['ResponseContentEncoding', 'ContentEncoding'],
  ['ResponseContentDisposition', 'ContentDisposition'],
  ['ResponseContentLanguage', 'ContentLanguage'],
  ['ResponseCacheControl', 'CacheControl'],
] as const;

function contentOutput(v: ObjectVersion, input: ReadInput): Record<string, unknown> {
  const out: Record<string, unknown> = { ...v.headers };
  if (v.headers.Expires !== undefined) out.Expires = new Date(v.headers.Expires);
  for (const [param, member] of OVERRIDES) {
    const value = (input as unknown as Record<string, unknown>)[param];
    if (typeof value === 'string') out[member] = value;
  }
  const expires = (input as GetObjectRequest).ResponseExpires;
  if (expires instanceof Date) out.Expires = expires;
  return out;
}

export function getObject(input: GetObjectRequest, ctx: RequestContext, state: S3State): HandlerOutput<GetObjectOutput> {
  return readResponse(input, ctx, state, true);
}

export function headObject(input: HeadObjectRequest, ctx: RequestContext, state: S3State): HandlerOutput<HeadObjectOutput> {
  return readResponse(input, ctx, state, false) as HandlerOutput<HeadObjectOutput>;
}

/** Deletes a key: its null version when unversioned, a delete marker on top when versioned, one
 *  version for good when a version id is named. */
export function deleteOne(
  bucket: Bucket,
  key: string,
  versionId: string | undefined,
  ctx: RequestContext,
  state: S3State,
): { DeleteMarker?: boolean; VersionId?: string; DeleteMarkerVersionId?: string } {
  const versions = bucket.objects.get(key);
  if (versionId !== undefined) {
    const v = versions?.find((o) => o.versionId === versionId);
    if (!v) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]{1,64}$/.test(versionId)) throw invalidArgument('Invalid version id specified', 'versionId', versionId);
      return { VersionId: versionId };
    }
    state.dropVersion(bucket, v);
    if (!v.deleteMarker) objectEvent(state, ctx, bucket, 'ObjectRemoved:Delete', v);
    return { VersionId: versionId, ...(v.deleteMarker && { DeleteMarker: true }) };
  }
  if (bucket.versioning === undefined) {
    const v = versions?.[0];
    if (v) {
      state.dropVersion(bucket, v);
      objectEvent(state, ctx, bucket, 'ObjectRemoved:Delete', v);
    }
    return {};
  }
  // Versioned (or suspended): a delete marker becomes the latest version.
  const marker: ObjectVersion = {
    bucket: bucket.name,
    key,
    versionId: newVersionId(bucket),
    seq: state.nextSeq(),
    deleteMarker: true,
    etag: '',
    size: 0,
    lastModified: new Date(ctx.clock.now()),
    blobs: [],
    headers: {},
    metadata: {},
    storageClass: 'STANDARD',
    tags: [],
    owner: ctx.account,
  };
  state.addVersion(bucket, marker);
  objectEvent(state, ctx, bucket, 'ObjectRemoved:DeleteMarkerCreated', marker);
  return { DeleteMarker: true, VersionId: marker.versionId };
}

export function deleteObject(input: DeleteObjectRequest, ctx: RequestContext, state: S3State): HandlerOutput<DeleteObjectOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  if (input.IfMatch !== undefined) {
    const current = latest(bucket, input.Key!);
    if (current && !current.deleteMarker) checkWriteConditions({ IfMatch: input.IfMatch }, current);
  }
  return deleteOne(bucket, input.Key!, input.VersionId, ctx, state);
}

export function deleteObjects(input: DeleteObjectsRequest, ctx: RequestContext, state: S3State): HandlerOutput<DeleteObjectsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const objects = input.Delete?.Objects ?? [];
  if (objects.length === 0 || objects.length > 1000) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  const deleted: NonNullable<DeleteObjectsOutput['Deleted']> = [];
  const errors: NonNullable<DeleteObjectsOutput['Errors']> = [];
  for (const o of objects) {
    try {
      const r = deleteOne(bucket, o.Key!, o.VersionId, ctx, state);
      deleted.push({ Key: o.Key, ...(o.VersionId !== undefined && { VersionId: o.VersionId }), ...(r.DeleteMarker && { DeleteMarker: true }), ...(r.DeleteMarker && o.VersionId === undefined && { DeleteMarkerVersionId: r.VersionId }) });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      errors.push({ Key: o.Key, ...(o.VersionId !== undefined && { VersionId: o.VersionId }), Code: e.code, Message: e.message });
    }
  }
  return { ...(!input.Delete?.Quiet && deleted.length > 0 && { Deleted: deleted }), ...(errors.length > 0 && { Errors: errors }) };
}
