// The on-disk format of S3's state (stores s3/buckets, s3/objects, s3/uploads, s3/parts; all
// global scope). Spelled out here so that changing a live structure never changes what is on disk.
import type { BlobRef } from '../../state/durable/blobs.js';
import type { Bucket, BucketConfig, ContentHeaders, MultipartUpload, ObjectPart, ObjectVersion, Part, StoredChecksum } from './model.js';
import type { ChecksumAlgorithm, ChecksumType } from './checksums.js';

/** Key: the bucket name. Configuration members are absent when never set. */
export interface BucketRow extends BucketConfig {
  owner: string;
  region: string;
  /** Epoch ms. */
  creationDate: number;
}

/** Key: JSON [bucket, key, versionId]. */
export interface VersionRow {
  bucket: string;
  key: string;
  versionId: string;
  seq: number;
  deleteMarker?: true;
  etag: string;
  size: number;
  lastModified: number;
  blobs: BlobRef[];
  /** A small payload, base64 (version 2 of the store; version 1 rows have blobs only). */
  inline?: string;
  parts?: ObjectPart[];
  headers: ContentHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksum?: StoredChecksum;
  tags: [string, string][];
  sse?: { algorithm: string; kmsKeyId?: string };
  owner: string;
}

/** Key: the upload id. */
export interface UploadRow {
  bucket: string;
  key: string;
  initiated: number;
  owner: string;
  headers: ContentHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  tags: [string, string][];
  sse?: { algorithm: string; kmsKeyId?: string };
}

/** Key: `uploadId/partNumber`. */
export interface PartRow {
  bucket: string;
  uploadId: string;
  partNumber: number;
  etag: string;
  size: number;
  lastModified: number;
  blob: BlobRef;
  checksum?: string;
}

const CONFIG_KEYS = ['versioning', 'tags', 'policy', 'cors', 'lifecycle', 'encryption', 'notification'] as const;

export function bucketRow(b: Bucket): BucketRow {
  const row: BucketRow = { owner: b.owner, region: b.region, creationDate: b.creationDate.getTime() };
  for (const k of CONFIG_KEYS) if (b[k] !== undefined) (row as any)[k] = b[k];
  return row;
}

export function bucketFromRow(name: string, row: BucketRow): Bucket {
  const b: Bucket = { name, owner: row.owner, region: row.region, creationDate: new Date(row.creationDate), objects: new Map(), uploads: new Map() };
  for (const k of CONFIG_KEYS) if (row[k] !== undefined) (b as any)[k] = row[k];
  return b;
}

export function versionRow(v: ObjectVersion): VersionRow {
  const { deleteMarker, lastModified, inline, ...rest } = v;
  return { ...rest, lastModified: lastModified.getTime(), ...(deleteMarker && { deleteMarker: true as const }), ...(inline && { inline: inline.toString('base64') }) };
}

export function versionFromRow(row: VersionRow): ObjectVersion {
  const { inline, ...rest } = row;
  return { ...rest, deleteMarker: row.deleteMarker === true, lastModified: new Date(row.lastModified), ...(inline !== undefined && { inline: Buffer.from(inline, 'base64') }) };
}

export function uploadRow(u: MultipartUpload): UploadRow {
  const { uploadId: _id, parts: _parts, initiated, ...rest } = u;
  return { ...rest, initiated: initiated.getTime() };
}

export function uploadFromRow(uploadId: string, row: UploadRow): MultipartUpload {
  return { ...row, uploadId, initiated: new Date(row.initiated), parts: new Map() };
}

export function partRow(u: MultipartUpload, p: Part): PartRow {
  return { ...p, bucket: u.bucket, uploadId: u.uploadId, lastModified: p.lastModified.getTime() };
}
