// What S3's handlers share: the errors S3 answers with its own wording, object lookup, version
// ids, the content headers an object keeps, tag sets and the object read stream.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AwsError } from '../../protocol/errors.js';
import type { ContentHeaders } from './model.js';
import type { Bucket, ObjectVersion, S3State } from './store.js';

export const noSuchKey = (key: string, headers?: Record<string, string>) =>
  new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404, fields: { Key: key }, ...(headers && { headers }) });

export const noSuchVersion = (key: string, versionId: string) =>
  new AwsError('NoSuchVersion', 'The specified version does not exist.', { status: 404, fields: { Key: key, VersionId: versionId } });

export const noSuchUpload = (uploadId: string) =>
  new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    status: 404,
    fields: { UploadId: uploadId },
  });

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new AwsError('InvalidArgument', message, { fields: { ...(name && { ArgumentName: name }), ...(value !== undefined && { ArgumentValue: value }) } });

export function requireBucket(state: S3State, name: string): Bucket {
  const bucket = state.buckets.get(name);
  if (!bucket) throw new AwsError('NoSuchBucket', 'The specified bucket does not exist', { status: 404, fields: { BucketName: name } });
  return bucket;
}

/** The latest version of a key, or undefined (none, or a delete marker when `markers` is false). */
export function latest(bucket: Bucket, key: string): ObjectVersion | undefined {
  return bucket.objects.get(key)?.[0];
}

/** The version a GET/HEAD/COPY reads: by id, else the latest; NoSuchKey (with the delete marker
 *  header) when the latest is a delete marker, MethodNotAllowed when the named one is. */
export function readableVersion(bucket: Bucket, key: string, versionId: string | undefined): ObjectVersion {
  const versions = bucket.objects.get(key);
  if (versionId !== undefined) {
    const v = versions?.find((o) => o.versionId === versionId);
    if (!v) {
      if (versionId !== 'null' && !/^[A-Za-z0-9._-]{1,64}$/.test(versionId)) throw invalidArgument('Invalid version id specified', 'versionId', versionId);
      throw noSuchVersion(key, versionId);
    }
    if (v.deleteMarker) {
      throw new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
        status: 405,
        headers: { 'x-amz-delete-marker': 'true', 'x-amz-version-id': v.versionId, 'last-modified': v.lastModified.toUTCString() },
        fields: { Method: 'GET', ResourceType: 'DeleteMarker' },
      });
    }
    return v;
  }
  const v = versions?.[0];
  if (!v) throw noSuchKey(key);
  if (v.deleteMarker) {
    throw noSuchKey(key, { 'x-amz-delete-marker': 'true', ...(v.versionId !== 'null' && { 'x-amz-version-id': v.versionId }) });
  }
  return v;
}

/** A new version's id: random while versioning is enabled, else 'null'. */
export function newVersionId(bucket: Bucket): string {
  if (bucket.versioning !== 'Enabled') return 'null';
  // Version ids are opaque URL-safe strings of 32 characters on AWS.
  return randomBytes(24).toString('base64url');
}

/** The version id S3 shows: none for a bucket that never had versioning. */
export function shownVersionId(bucket: Bucket, v: ObjectVersion): string | undefined {
  if (bucket.versioning === undefined && v.versionId === 'null') return undefined;
  return v.versionId;
}

const CONTENT_HEADERS = ['ContentType', 'ContentEncoding', 'ContentDisposition', 'ContentLanguage', 'CacheControl', 'WebsiteRedirectLocation'] as const;

export function contentHeadersOf(input: Record<string, any>): ContentHeaders {
  const h: ContentHeaders = {};
  for (const k of CONTENT_HEADERS) if (typeof input[k] === 'string' && input[k] !== '') h[k] = input[k];
  if (input.Expires instanceof Date) h.Expires = input.Expires.toUTCString();
  // S3 stores binary/octet-stream when no type is sent.
  h.ContentType ??= 'binary/octet-stream';
  return h;
}

export function metadataOf(input: Record<string, any>): Record<string, string> {
  const m: Record<string, string> = {};
  const sent = input.Metadata as Record<string, string> | undefined;
  if (sent) for (const k in sent) m[k.toLowerCase()] = sent[k]!;
  let size = 0;
  for (const k in m) size += k.length + m[k]!.length;
  if (size > 2048) {
    throw new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size', { fields: { Size: size, MaxSizeAllowed: 2048 } });
  }
  return m;
}

const STORAGE_CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS', 'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE', 'FSX_OPENZFS', 'FSX_ONTAP']);

export function storageClassOf(input: Record<string, any>): string {
  const c = input.StorageClass as string | undefined;
  if (c === undefined) return 'STANDARD';
  if (!STORAGE_CLASSES.has(c)) throw new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', { fields: { StorageClassRequested: c } });
  return c;
}

/** Server-side encryption as requested (stored and echoed; Nimbus does not encrypt the files). */
export function sseOf(input: Record<string, any>, bucket: Bucket): { algorithm: string; kmsKeyId?: string } {
  if (input.ServerSideEncryption) return { algorithm: input.ServerSideEncryption, ...(input.SSEKMSKeyId && { kmsKeyId: input.SSEKMSKeyId }) };
  const rule = (bucket.encryption as any)?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
  if (rule?.SSEAlgorithm) return { algorithm: rule.SSEAlgorithm, ...(rule.KMSMasterKeyID && { kmsKeyId: rule.KMSMasterKeyID }) };
  // Every S3 object is encrypted with SSE-S3 by default since January 2023.
  return { algorithm: 'AES256' };
}

/** The x-amz-tagging header: a URL-encoded query string. */
export function tagsFromHeader(text: string | undefined): [string, string][] {
  if (!text) return [];
  const tags = [...new URLSearchParams(text)] as [string, string][];
  checkTags(tags);
  return tags;
}

export function checkTags(tags: readonly [string, string][], limit = 10): void {
  if (tags.length > limit) throw new AwsError('BadRequest', `Object tags cannot be greater than ${limit}`);
  const seen = new Set<string>();
  for (const [k, v] of tags) {
    if (k.length === 0 || k.length > 128) throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid');
    if (v.length > 256) throw new AwsError('InvalidTag', 'The TagValue you have provided is invalid');
    if (seen.has(k)) throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key');
    seen.add(k);
  }
}

/** A range of an object's payload (inclusive end): a view of its inline bytes, else a stream read
 *  across its blobs in order. The blobs are marked as being read until the stream closes, so a
 *  delete meanwhile leaves the files alone. */
export function readObject(state: S3State, v: ObjectVersion, start = 0, end = v.size - 1): Readable | Buffer {
  if (v.inline) return v.inline.subarray(start, end + 1);
  const ids = v.blobs.map((b) => b.id);
  const done = state.blobs.read(ids);
  const blobs = v.blobs;
  const host = state.host;
  async function* chunks() {
    let offset = 0;
    for (const blob of blobs) {
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + blob.size - 1);
      if (from <= to) yield* host.blobs.read(blob.id, { start: from - offset, end: to - offset });
      offset += blob.size;
      if (offset > end) break;
    }
  }
  // One blob (a PUT's) is its file's stream as it is; parts are read one after the other.
  const stream = end < start ? Readable.from([]) : blobs.length === 1 ? host.blobs.read(blobs[0]!.id, { start, end }) : Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
  stream.once('close', done);
  return stream;
}

/** S3's URL encoding for encoding-type=url listings. */
export function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/%2F/g, '/').replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
