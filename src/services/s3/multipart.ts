// Multipart uploads: Create, UploadPart, UploadPartCopy, Complete, Abort, ListParts,
// ListMultipartUploads. Each part is its own blob; completing names the listed parts' blobs from
// the object's version (no data is copied or read again), with the composite ETag
// `md5(md5(part1)..md5(partN))-N` and the upload's checksum of checksums (COMPOSITE `-N` or
// FULL_OBJECT, combined from the part CRCs).
import { randomBytes } from 'node:crypto';
import type {
  AbortMultipartUploadOutput,
  AbortMultipartUploadRequest,
  CompleteMultipartUploadOutput,
  CompleteMultipartUploadRequest,
  CreateMultipartUploadOutput,
  CreateMultipartUploadRequest,
  ListMultipartUploadsOutput,
  ListMultipartUploadsRequest,
  ListPartsOutput,
  ListPartsRequest,
  UploadPartCopyOutput,
  UploadPartCopyRequest,
  UploadPartOutput,
  UploadPartRequest,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import {
  checkChecksumType,
  DEFAULT_CHECKSUM,
  defaultChecksumType,
  MEMBER,
  multipartChecksum,
  parseAlgorithm,
  type ChecksumAlgorithm,
  type ChecksumType,
} from './checksums.js';
import { contentHeadersOf, invalidArgument, latest, metadataOf, newVersionId, noSuchUpload, readObject, requireBucket, shownVersionId, sseOf, storageClassOf, tagsFromHeader } from './common.js';
import { checkWriteConditions } from './conditions.js';
import { copySourceVersion } from './copy.js';
import { objectEvent } from './events.js';
import { checkKey } from './objects.js';
import { putHashed, writePayload } from './payloads.js';
import { canonicalId, type Bucket, type MultipartUpload, type ObjectVersion, type Part, type S3State } from './store.js';
import { compareKeys } from './listing.js';

/** AWS's smallest part (every part but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

function requireUpload(bucket: Bucket, uploadId: string, key: string): MultipartUpload {
  const u = bucket.uploads.get(uploadId);
  if (!u || u.key !== key) throw noSuchUpload(uploadId);
  return u;
}

function checkPartNumber(n: number | undefined): number {
  if (n === undefined || !Number.isInteger(n) || n < 1 || n > MAX_PARTS) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(n));
  }
  return n;
}

export function createMultipartUpload(input: CreateMultipartUploadRequest, ctx: RequestContext, state: S3State): HandlerOutput<CreateMultipartUploadOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  checkKey(input.Key!);
  const algorithm = parseAlgorithm(input.ChecksumAlgorithm);
  const typeText = input.ChecksumType as string | undefined;
  if (typeText !== undefined && typeText !== 'COMPOSITE' && typeText !== 'FULL_OBJECT') {
    throw new AwsError('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  }
  if (typeText !== undefined && !algorithm) {
    throw new AwsError('InvalidRequest', 'The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  }
  const type = algorithm ? ((typeText as ChecksumType | undefined) ?? defaultChecksumType(algorithm)) : undefined;
  if (algorithm && type) checkChecksumType(algorithm, type);
  const upload: MultipartUpload = {
    uploadId: randomBytes(30).toString('base64url'),
    bucket: bucket.name,
    key: input.Key!,
    initiated: new Date(ctx.clock.now()),
    owner: ctx.account,
    headers: contentHeadersOf(input),
    metadata: metadataOf(input),
    storageClass: storageClassOf(input),
    ...(algorithm && { checksumAlgorithm: algorithm, checksumType: type }),
    tags: tagsFromHeader(input.Tagging),
    sse: sseOf(input, bucket),
    parts: new Map(),
  };
  bucket.uploads.set(upload.uploadId, upload);
  state.putUpload(upload);
  return {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    ...(algorithm && { ChecksumAlgorithm: algorithm, ChecksumType: type }),
    ServerSideEncryption: upload.sse!.algorithm as any,
  };
}

export async function uploadPart(input: UploadPartRequest, ctx: RequestContext, state: S3State): Promise<HandlerOutput<UploadPartOutput>> {
  const bucket = requireBucket(state, input.Bucket!);
  const upload = requireUpload(bucket, input.UploadId!, input.Key!);
  const partNumber = checkPartNumber(input.PartNumber);
  const written = await writePayload(state, input as Record<string, any>, ctx, { also: [partAlgorithm(upload)], defaultAlgorithm: undefined, inline: false });
  // A part is always a blob file (writePayload's inline: false).
  const blob = written.blob!;
  if (written.algorithm && upload.checksumAlgorithm && written.algorithm !== upload.checksumAlgorithm) {
    state.blobs.discard(blob.id);
    throw new AwsError('InvalidRequest', `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm.toLowerCase()}, actual checksum Type: ${written.algorithm.toLowerCase()}`);
  }
  if (!bucket.uploads.has(upload.uploadId)) {
    // Aborted or completed while the part streamed in.
    state.blobs.discard(blob.id);
    throw noSuchUpload(upload.uploadId);
  }
  const part: Part = {
    partNumber,
    etag: `"${written.md5.toString('hex')}"`,
    size: written.size,
    lastModified: new Date(ctx.clock.now()),
    blob,
    checksum: written.checksums[partAlgorithm(upload)]!,
  };
  state.putPart(upload, part);
  return {
    ETag: part.etag,
    ...(upload.checksumAlgorithm && { [MEMBER[upload.checksumAlgorithm]]: part.checksum }),
    ServerSideEncryption: upload.sse!.algorithm as any,
  };
}

export async function uploadPartCopy(input: UploadPartCopyRequest, ctx: RequestContext, state: S3State): Promise<HandlerOutput<UploadPartCopyOutput>> {
  const bucket = requireBucket(state, input.Bucket!);
  const upload = requireUpload(bucket, input.UploadId!, input.Key!);
  const partNumber = checkPartNumber(input.PartNumber);
  const { bucket: srcBucket, version: source } = copySourceVersion(state, input as Record<string, any>);
  let start = 0;
  let end = source.size - 1;
  if (input.CopySourceRange !== undefined) {
    const m = /^bytes=(\d+)-(\d+)$/.exec(input.CopySourceRange);
    if (!m || Number(m[2]) < Number(m[1])) {
      throw invalidArgument('The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy', 'x-amz-copy-source-range', input.CopySourceRange);
    }
    start = Number(m[1]);
    end = Number(m[2]);
    if (end >= source.size) {
      throw new AwsError('InvalidRange', 'The requested range is not satisfiable', { status: 416, fields: { RangeRequested: input.CopySourceRange, ActualObjectSize: source.size } });
    }
  }
  // The range of the source (inline bytes, or streamed from its blobs) into the part's blob file.
  const { blob, hasher } = await putHashed(state, readObject(state, source, start, end), [partAlgorithm(upload)]);
  if (!bucket.uploads.has(upload.uploadId)) {
    state.blobs.discard(blob.id);
    throw noSuchUpload(upload.uploadId);
  }
  const part: Part = {
    partNumber,
    etag: `"${hasher.md5Digest.toString('hex')}"`,
    size: blob.size,
    lastModified: new Date(ctx.clock.now()),
    blob,
    checksum: hasher.checksums[partAlgorithm(upload)]!,
  };
  state.putPart(upload, part);
  const shown = shownVersionId(srcBucket, source);
  return {
    CopyPartResult: { ETag: part.etag, LastModified: part.lastModified, ...(upload.checksumAlgorithm && { [MEMBER[upload.checksumAlgorithm]]: part.checksum }) },
    ...(shown !== undefined && { CopySourceVersionId: shown }),
  };
}

/** The algorithm a part's checksum is kept in: the upload's, else S3's default (for the object's
 *  full-object CRC64NVME at completion). */
function partAlgorithm(upload: MultipartUpload): ChecksumAlgorithm {
  return upload.checksumAlgorithm ?? DEFAULT_CHECKSUM;
}

const invalidPart = (partNumber: number, etag?: string) =>
  new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part\'s entity tag.', {
    fields: { PartNumber: partNumber, ...(etag !== undefined && { ETag: etag }), UploadId: undefined },
  });

const unquote = (etag: string) => etag.replace(/^"|"$/g, '');

export function completeMultipartUpload(input: CompleteMultipartUploadRequest, ctx: RequestContext, state: S3State): HandlerOutput<CompleteMultipartUploadOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const upload = requireUpload(bucket, input.UploadId!, input.Key!);
  const listed = input.MultipartUpload?.Parts ?? [];
  if (listed.length === 0) {
    throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  checkWriteConditions(input, latest(bucket, upload.key));
  const parts: Part[] = [];
  let previous = 0;
  for (const p of listed) {
    const n = p.PartNumber ?? 0;
    if (n <= previous) throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', { fields: { UploadId: upload.uploadId } });
    previous = n;
    const part = upload.parts.get(n);
    if (!part || p.ETag === undefined || unquote(p.ETag) !== unquote(part.etag)) throw invalidPart(n, p.ETag);
    if (upload.checksumAlgorithm) {
      const sent = (p as Record<string, unknown>)[MEMBER[upload.checksumAlgorithm]];
      if (sent !== undefined && sent !== part.checksum) throw invalidPart(n, p.ETag);
    }
    parts.push(part);
  }
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i]!;
    if (p.size < MIN_PART_SIZE) {
      throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', {
        fields: { ProposedSize: p.size, MinSizeAllowed: MIN_PART_SIZE, PartNumber: p.partNumber, ETag: unquote(p.etag) },
      });
    }
  }
  const md5s = createHash('md5');
  for (const p of parts) md5s.update(Buffer.from(unquote(p.etag), 'hex'));
  const etag = `"${md5s.digest('hex')}-${parts.length}"`;
  let checksum: ObjectVersion['checksum'];
  if (upload.checksumAlgorithm && upload.checksumType) {
    const algorithm: ChecksumAlgorithm = upload.checksumAlgorithm;
    const value = multipartChecksum(algorithm, upload.checksumType, parts.map((p) => ({ checksum: p.checksum!, size: p.size })));
    const sent = (input as unknown as Record<string, unknown>)[MEMBER[algorithm]] as string | undefined;
    if (sent !== undefined && sent !== value && sent.replace(/-\d+$/, '') !== value.replace(/-\d+$/, '')) {
      throw new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
    }
    checksum = { algorithm, value, type: upload.checksumType };
  } else if (parts.every((p) => p.checksum !== undefined)) {
    // No algorithm asked for: S3's default, the full-object CRC64NVME, combined from the parts'
    // (parts stored before Nimbus computed the default have none; their object then has none).
    checksum = { algorithm: DEFAULT_CHECKSUM, value: multipartChecksum(DEFAULT_CHECKSUM, 'FULL_OBJECT', parts.map((p) => ({ checksum: p.checksum!, size: p.size }))), type: 'FULL_OBJECT' };
  }
  const v: ObjectVersion = {
    bucket: bucket.name,
    key: upload.key,
    versionId: newVersionId(bucket),
    seq: state.nextSeq(),
    deleteMarker: false,
    etag,
    size: parts.reduce((n, p) => n + p.size, 0),
    lastModified: new Date(ctx.clock.now()),
    blobs: parts.map((p) => p.blob),
    parts: parts.map((p) => ({ size: p.size, ...(p.checksum && { checksum: p.checksum }) })),
    headers: upload.headers,
    metadata: upload.metadata,
    storageClass: upload.storageClass,
    ...(checksum && { checksum }),
    tags: upload.tags,
    ...(upload.sse && { sse: upload.sse }),
    owner: upload.owner,
  };
  // The object names the listed parts' blobs before the upload lets go of them all.
  state.addVersion(bucket, v);
  state.dropUpload(bucket, upload);
  objectEvent(state, ctx, bucket, 'ObjectCreated:CompleteMultipartUpload', v);
  const id = shownVersionId(bucket, v);
  return {
    Location: `http://${ctx.host}/${bucket.name}/${encodeURIComponent(v.key).replace(/%2F/g, '/')}`,
    Bucket: bucket.name,
    Key: v.key,
    ETag: etag,
    ...(checksum && { [MEMBER[checksum.algorithm]]: checksum.value, ChecksumType: checksum.type }),
    ...(id !== undefined && { VersionId: id }),
    ServerSideEncryption: v.sse?.algorithm as any,
  };
}

export function abortMultipartUpload(input: AbortMultipartUploadRequest, _ctx: RequestContext, state: S3State): HandlerOutput<AbortMultipartUploadOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const upload = requireUpload(bucket, input.UploadId!, input.Key!);
  state.dropUpload(bucket, upload);
  return {};
}

const ownerOf = (account: string) => ({ ID: canonicalId(account), DisplayName: account });

export function listParts(input: ListPartsRequest, _ctx: RequestContext, state: S3State): HandlerOutput<ListPartsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const upload = requireUpload(bucket, input.UploadId!, input.Key!);
  const max = Math.min(input.MaxParts ?? 1000, 1000);
  const marker = Number(input.PartNumberMarker ?? 0);
  const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const truncated = all.length > max;
  return {
    Bucket: bucket.name,
    Key: upload.key,
    UploadId: upload.uploadId,
    PartNumberMarker: String(marker) as any,
    ...(page.length > 0 && { NextPartNumberMarker: String(page[page.length - 1]!.partNumber) as any }),
    MaxParts: input.MaxParts ?? 1000,
    IsTruncated: truncated,
    Parts: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified,
      ETag: p.etag,
      Size: p.size,
      ...(upload.checksumAlgorithm && p.checksum && { [MEMBER[upload.checksumAlgorithm]]: p.checksum }),
    })),
    Initiator: { ID: `arn:aws:iam::${upload.owner}:root`, DisplayName: upload.owner },
    Owner: ownerOf(upload.owner),
    StorageClass: upload.storageClass as any,
    ...(upload.checksumAlgorithm && { ChecksumAlgorithm: upload.checksumAlgorithm, ChecksumType: upload.checksumType }),
  };
}

export function listMultipartUploads(input: ListMultipartUploadsRequest, _ctx: RequestContext, state: S3State): HandlerOutput<ListMultipartUploadsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const max = Math.min(input.MaxUploads ?? 1000, 1000);
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter || undefined;
  const sorted = [...bucket.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.getTime() - b.initiated.getTime() || (a.uploadId < b.uploadId ? -1 : 1));
  const after = (u: MultipartUpload) => {
    if (!input.KeyMarker) return true;
    const c = compareKeys(u.key, input.KeyMarker);
    if (c !== 0) return c > 0;
    if (!input.UploadIdMarker) return false;
    const idx = sorted.findIndex((x) => x.uploadId === input.UploadIdMarker);
    return sorted.indexOf(u) > idx;
  };
  const uploads: MultipartUpload[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  for (const u of sorted) {
    if (!after(u)) continue;
    const common = delimiter ? commonPrefixOf(u.key, prefix, delimiter) : undefined;
    if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
    if (uploads.length + prefixes.length === max) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else uploads.push(u);
  }
  const last = uploads[uploads.length - 1];
  return {
    Bucket: bucket.name,
    KeyMarker: input.KeyMarker ?? '',
    UploadIdMarker: input.UploadIdMarker ?? '',
    ...(truncated && last && { NextKeyMarker: last.key, NextUploadIdMarker: last.uploadId }),
    Prefix: prefix,
    ...(input.Delimiter !== undefined && { Delimiter: input.Delimiter }),
    MaxUploads: input.MaxUploads ?? 1000,
    IsTruncated: truncated,
    Uploads: uploads.map((u) => ({
      UploadId: u.uploadId,
      Key: u.key,
      Initiated: u.initiated,
      StorageClass: u.storageClass as any,
      Owner: ownerOf(u.owner),
      Initiator: { ID: `arn:aws:iam::${u.owner}:root`, DisplayName: u.owner },
      ...(u.checksumAlgorithm && { ChecksumAlgorithm: u.checksumAlgorithm, ChecksumType: u.checksumType }),
    })),
    CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
  };
}

function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  const at = key.indexOf(delimiter, prefix.length);
  return at >= 0 ? key.slice(0, at + delimiter.length) : undefined;
}
