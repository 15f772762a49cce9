// The live S3 structures (built from rows, s3/rows.ts): buckets, object versions, uploads.
import type { BlobRef } from '../../state/durable/blobs.js';
import type { ChecksumAlgorithm, ChecksumType } from './checksums.js';

/** A stored checksum: the algorithm, its base64 value (`-N` suffixed for a composite one), type. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: ChecksumType;
}

/** Content headers S3 stores with an object and returns on GET/HEAD. */
export interface ContentHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  /** As sent (an HTTP date). */
  Expires?: string;
  WebsiteRedirectLocation?: string;
}

/** A part of a completed multipart object, as GetObjectAttributes and partNumber GETs see it. */
export interface ObjectPart {
  size: number;
  checksum?: string;
}

export interface ObjectVersion {
  bucket: string;
  key: string;
  /** 'null' in a bucket that was never versioned (or for writes while versioning is suspended). */
  versionId: string;
  /** Write order (newest versions first within a key). */
  seq: number;
  deleteMarker: boolean;
  /** Quoted, as S3 shows it: `"md5hex"` or `"md5-of-md5s-N"`. */
  etag: string;
  size: number;
  lastModified: Date;
  /** The payload's blob files: one, or one per part in order; none when the payload is `inline`
   *  (or empty). */
  blobs: BlobRef[];
  /** A small payload's bytes (at most INLINE_PAYLOAD, store.ts), kept in the version's row
   *  instead of a blob file. Never changed: a copy shares the buffer. */
  inline?: Buffer;
  parts?: ObjectPart[];
  headers: ContentHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksum?: StoredChecksum;
  tags: [string, string][];
  sse?: { algorithm: string; kmsKeyId?: string };
  owner: string;
}

export interface Part {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: Date;
  blob: BlobRef;
  /** The part's checksum (base64) in the upload's algorithm, else in S3's default CRC64NVME
   *  (absent on parts stored before Nimbus computed it). */
  checksum?: string;
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  owner: string;
  headers: ContentHeaders;
  metadata: Record<string, string>;
  storageClass: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  tags: [string, string][];
  sse?: { algorithm: string; kmsKeyId?: string };
  parts: Map<number, Part>;
}

export interface CorsRule {
  ID?: string;
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAgeSeconds?: number;
}

/** A bucket's configuration documents, stored as the SDK shapes they were put as. */
export interface BucketConfig {
  versioning?: 'Enabled' | 'Suspended';
  tags?: [string, string][];
  policy?: string;
  cors?: CorsRule[];
  lifecycle?: unknown[];
  encryption?: unknown;
  notification?: Record<string, unknown>;
}

export interface Bucket extends BucketConfig {
  name: string;
  owner: string;
  region: string;
  creationDate: Date;
  /** Object key -> its versions, newest first. */
  objects: Map<string, ObjectVersion[]>;
  /** Keys in UTF-8 binary order, rebuilt on the first listing after a key came or went. */
  sortedKeys?: string[];
  uploads: Map<string, MultipartUpload>;
}
