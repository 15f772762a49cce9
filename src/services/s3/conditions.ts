// Conditional requests as S3 evaluates them (RFC 7232 order): If-Match, then If-Unmodified-Since
// (only without If-Match) -> 412; If-None-Match, then If-Modified-Since (only without
// If-None-Match) -> 304 for reads. Conditional writes (PutObject, CompleteMultipartUpload):
// If-None-Match: * refuses an existing key, If-Match an ETag that no longer matches (412).
import { AwsError } from '../../protocol/errors.js';
import type { ObjectVersion } from './store.js';

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

const preconditionFailed = (condition: string) =>
  new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { status: 412, fields: { Condition: condition } });

const notModified = (v: ObjectVersion) =>
  new AwsError('NotModified', 'Not Modified', { status: 304, headers: { etag: v.etag, 'last-modified': v.lastModified.toUTCString() } });

/** The ETags of a header list ("a", "b", W/"c", or *). */
function etagsMatch(header: string, etag: string): boolean {
  return header.split(',').some((t) => {
    const s = t.trim().replace(/^W\//, '');
    return s === '*' || s === etag || `"${s}"` === etag;
  });
}

// HTTP dates have second precision: compare whole seconds.
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** GET/HEAD (and CopyObject's x-amz-copy-source-if-* with `copy`: every failure is 412 there). */
export function checkReadConditions(c: Conditions, v: ObjectVersion, copy = false): void {
  const prefix = copy ? 'x-amz-copy-source-' : '';
  if (c.ifMatch !== undefined && !etagsMatch(c.ifMatch, v.etag)) throw preconditionFailed(`${prefix}If-Match`);
  if (c.ifMatch === undefined && c.ifUnmodifiedSince && seconds(v.lastModified) > seconds(c.ifUnmodifiedSince)) {
    throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  }
  const fail = copy ? (name: string) => preconditionFailed(`${prefix}${name}`) : () => notModified(v);
  if (c.ifNoneMatch !== undefined && etagsMatch(c.ifNoneMatch, v.etag)) throw fail('If-None-Match');
  if (c.ifNoneMatch === undefined && c.ifModifiedSince && seconds(v.lastModified) <= seconds(c.ifModifiedSince)) throw fail('If-Modified-Since');
}

/** Conditional writes: checked before the upload and again when it completes. */
export function checkWriteConditions(input: { IfMatch?: string; IfNoneMatch?: string }, current: ObjectVersion | undefined): void {
  if (input.IfNoneMatch !== undefined) {
    if (input.IfNoneMatch.trim() !== '*') throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', { status: 501, fields: { Header: 'If-None-Match' } });
    if (current && !current.deleteMarker) throw preconditionFailed('If-None-Match');
  }
  if (input.IfMatch !== undefined) {
    if (!current || current.deleteMarker) throw noSuchKeyForWrite();
    if (!etagsMatch(input.IfMatch, current.etag)) throw preconditionFailed('If-Match');
  }
}

const noSuchKeyForWrite = () => new AwsError('NoSuchKey', 'The specified key does not exist.', { status: 404 });

export function readConditionsOf(input: { IfMatch?: string; IfNoneMatch?: string; IfModifiedSince?: Date; IfUnmodifiedSince?: Date }): Conditions {
  return { ifMatch: input.IfMatch, ifNoneMatch: input.IfNoneMatch, ifModifiedSince: input.IfModifiedSince, ifUnmodifiedSince: input.IfUnmodifiedSince };
}
