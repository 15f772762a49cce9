// S3's in-process API, for services that read objects (Lambda's function code from S3 now;
// CloudFormation templates, Glue scripts later): the same rules as GetObject, without HTTP.
// Errors are the AwsErrors GetObject throws (NoSuchBucket, NoSuchKey, NoSuchVersion, AccessDenied,
// PermanentRedirect for a bucket in another region).
//
// CONTRACT: callers code against this interface; the S3 service implements it (index.ts `api`).
import type { Readable } from 'node:stream';
import type { Caller } from '../caller.js';

export interface S3Object {
  bucket: string;
  key: string;
  size: number;
  /** Quoted, as S3 shows it. */
  etag: string;
  /** The version read ('null' for an unversioned write). */
  versionId: string;
  lastModified: Date;
  contentType?: string;
  /** The payload, streamed from the object's blobs; the blobs stay readable until the stream
   *  closes, even if the object is deleted meanwhile. Call once. */
  read(): Readable;
}

export interface S3Api {
  /** The object `key` of `bucket` (its latest version, or `versionId`), read by `caller` from
   *  `region`: the account boundary holds (another account's bucket needs its bucket policy to
   *  allow s3:GetObject), and a bucket of another region answers PermanentRedirect. */
  getObject(caller: Caller, region: string, bucket: string, key: string, versionId?: string): S3Object;
}
