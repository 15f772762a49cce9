// ListObjects (v1), ListObjectsV2 and ListObjectVersions: keys in UTF-8 binary order, prefix,
// delimiter with common prefixes (each counting as one key against MaxKeys), markers and
// continuation tokens, encoding-type=url.
import type {
  ListObjectsOutput,
  ListObjectsRequest,
  ListObjectsV2Output,
  ListObjectsV2Request,
  ListObjectVersionsOutput,
  ListObjectVersionsRequest,
  _Object,
} from '@aws-sdk/client-s3';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { invalidArgument, requireBucket, urlEncode } from './common.js';
import { canonicalId, type Bucket, type ObjectVersion } from './store.js';
import type { S3State } from './store.js';

const DEFAULT_MAX_KEYS = 1000;

/** UTF-8 binary order (S3's), which differs from JavaScript's UTF-16 order only past U+D7FF. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (/[\ud800-\uffff]/.test(a) || /[\ud800-\uffff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return a < b ? -1 : 1;
}

export function sortedKeys(bucket: Bucket): string[] {
  return (bucket.sortedKeys ??= [...bucket.objects.keys()].sort(compareKeys));
}

/** The index of the first key after `marker` (binary search). */
function firstAfter(keys: string[], marker: string | undefined): number {
  if (!marker) return 0;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, marker) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Walk<T> {
  items: T[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned. */
  last?: string;
}

/** Walks the keys after `marker` under `prefix`, grouping by `delimiter`, up to `max` entries;
 *  `entries(key)` gives a key's entries (none to skip it). */
function walk<T>(bucket: Bucket, prefix: string, delimiter: string | undefined, marker: string | undefined, max: number, entries: (key: string) => T[]): Walk<T> {
  const keys = sortedKeys(bucket);
  const out: Walk<T> = { items: [], prefixes: [], truncated: false };
  let count = 0;
  for (let i = firstAfter(keys, marker && compareKeys(marker, prefix) < 0 ? undefined : marker); i < keys.length; i++) {
    const key = keys[i]!;
    if (!key.startsWith(prefix)) {
      if (compareKeys(key, prefix) > 0) break;
      continue;
    }
    // Resuming after a common prefix skips every key under it.
    if (marker && delimiter && marker.endsWith(delimiter) && key.startsWith(marker)) continue;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) {
        const common = key.slice(0, at + delimiter.length);
        if (out.prefixes[out.prefixes.length - 1] === common) continue;
        if (entries(key).length === 0 && !hasLiveUnder(bucket, keys, i, common, entries)) continue;
        if (count === max) {
          out.truncated = true;
          break;
        }
        out.prefixes.push(common);
        out.last = common;
        count++;
        continue;
      }
    }
    const found = entries(key);
    if (found.length === 0) continue;
    if (count + found.length > max) {
      if (count === 0) {
        // ListObjectVersions: a key's versions may be split across pages.
        out.items.push(...found.slice(0, max));
        out.last = key;
      }
      out.truncated = true;
      break;
    }
    out.items.push(...found);
    out.last = key;
    count += found.length;
  }
  return out;
}

function hasLiveUnder<T>(_bucket: Bucket, keys: string[], from: number, common: string, entries: (key: string) => T[]): boolean {
  for (let i = from; i < keys.length && keys[i]!.startsWith(common); i++) if (entries(keys[i]!).length > 0) return true;
  return false;
}

function maxKeysOf(max: number | undefined): number {
  if (max === undefined) return DEFAULT_MAX_KEYS;
  if (max < 0) throw invalidArgument('maxKeys should be non-negative', 'max-keys', String(max));
  return Math.min(max, DEFAULT_MAX_KEYS);
}

function encodingOf(type: string | undefined): ((s: string) => string) {
  if (type === undefined) return (s) => s;
  if (type !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', type);
  return urlEncode;
}

function objectEntry(v: ObjectVersion, owner: boolean, encode: (s: string) => string): _Object {
  return {
    Key: encode(v.key),
    LastModified: v.lastModified,
    ETag: v.etag,
    ...(v.checksum && { ChecksumAlgorithm: [v.checksum.algorithm], ChecksumType: v.checksum.type }),
    Size: v.size,
    StorageClass: v.storageClass as any,
    ...(owner && { Owner: { ID: canonicalId(v.owner), DisplayName: v.owner } }),
  };
}

const liveLatest = (bucket: Bucket) => (key: string): ObjectVersion[] => {
  const v = bucket.objects.get(key)?.[0];
  return v && !v.deleteMarker ? [v] : [];
};

export function listObjectsV2(input: ListObjectsV2Request, _ctx: RequestContext, state: S3State): HandlerOutput<ListObjectsV2Output> {
  const bucket = requireBucket(state, input.Bucket!);
  const max = maxKeysOf(input.MaxKeys);
  const encode = encodingOf(input.EncodingType);
  const prefix = input.Prefix ?? '';
  let marker = input.StartAfter;
  if (input.ContinuationToken !== undefined) {
    const decoded = Buffer.from(input.ContinuationToken, 'base64url').toString('utf8');
    if (!decoded.startsWith('1:')) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', input.ContinuationToken);
    marker = decoded.slice(2);
  }
  const delimiter = input.Delimiter || undefined;
  const w = max === 0 ? { items: [], prefixes: [], truncated: false } : walk(bucket, prefix, delimiter, marker, max, liveLatest(bucket));
  return {
    IsTruncated: w.truncated,
    Contents: w.items.map((v) => objectEntry(v, input.FetchOwner === true, encode)),
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter !== undefined && { Delimiter: encode(input.Delimiter) }),
    MaxKeys: input.MaxKeys ?? DEFAULT_MAX_KEYS,
    CommonPrefixes: w.prefixes.map((p) => ({ Prefix: encode(p) })),
    ...(input.EncodingType && { EncodingType: input.EncodingType }),
    KeyCount: w.items.length + w.prefixes.length,
    ...(input.ContinuationToken !== undefined && { ContinuationToken: input.ContinuationToken }),
    ...(w.truncated && w.last !== undefined && { NextContinuationToken: Buffer.from(`1:${w.last}`).toString('base64url') }),
    ...(input.StartAfter !== undefined && { StartAfter: encode(input.StartAfter) }),
  };
}

export function listObjects(input: ListObjectsRequest, _ctx: RequestContext, state: S3State): HandlerOutput<ListObjectsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const max = maxKeysOf(input.MaxKeys);
  const encode = encodingOf(input.EncodingType);
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter || undefined;
  const w = max === 0 ? { items: [], prefixes: [], truncated: false, last: undefined } : walk(bucket, prefix, delimiter, input.Marker, max, liveLatest(bucket));
  return {
    IsTruncated: w.truncated,
    Marker: encode(input.Marker ?? ''),
    // S3 returns NextMarker only with a delimiter; without one the client resumes from the last key.
    ...(w.truncated && delimiter && w.last !== undefined && { NextMarker: encode(w.last) }),
    Contents: w.items.map((v) => objectEntry(v, true, encode)),
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter !== undefined && { Delimiter: encode(input.Delimiter) }),
    MaxKeys: input.MaxKeys ?? DEFAULT_MAX_KEYS,
    CommonPrefixes: w.prefixes.map((p) => ({ Prefix: encode(p) })),
    ...(input.EncodingType && { EncodingType: input.EncodingType }),
  };
}

export function listObjectVersions(input: ListObjectVersionsRequest, _ctx: RequestContext, state: S3State): HandlerOutput<ListObjectVersionsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const max = maxKeysOf(input.MaxKeys);
  const encode = encodingOf(input.EncodingType);
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter || undefined;
  if (input.VersionIdMarker !== undefined && !input.KeyMarker) {
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', input.VersionIdMarker);
  }
  // Resuming inside a key: its versions after the version-id marker come first.
  const resumed: ObjectVersion[] = [];
  if (input.KeyMarker && input.VersionIdMarker) {
    const versions = bucket.objects.get(input.KeyMarker) ?? [];
    const at = versions.findIndex((v) => v.versionId === input.VersionIdMarker);
    if (at >= 0) resumed.push(...versions.slice(at + 1));
  }
  const left = Math.max(0, max - resumed.length);
  const head = resumed.slice(0, max);
  const w: Walk<ObjectVersion> =
    max === 0 ? { items: [], prefixes: [], truncated: false } : left === 0 ? { items: [], prefixes: [], truncated: resumed.length > max || sortedKeys(bucket).length > 0 } : walk(bucket, prefix, delimiter, input.KeyMarker, left, (key) => bucket.objects.get(key) ?? []);
  const items = [...head, ...w.items];
  const truncated = w.truncated || resumed.length > max;
  const lastItem = items[items.length - 1];
  const nextKey = w.last !== undefined && (!lastItem || compareKeys(w.last, lastItem.key) > 0) ? w.last : lastItem?.key;
  const isLatest = (v: ObjectVersion) => bucket.objects.get(v.key)?.[0] === v;
  return {
    IsTruncated: truncated,
    KeyMarker: encode(input.KeyMarker ?? ''),
    VersionIdMarker: input.VersionIdMarker ?? '',
    ...(truncated && nextKey !== undefined && { NextKeyMarker: encode(nextKey) }),
    ...(truncated && lastItem && nextKey === lastItem.key && { NextVersionIdMarker: lastItem.versionId }),
    Versions: items
      .filter((v) => !v.deleteMarker)
      .map((v) => ({ ...objectEntry(v, true, encode), VersionId: v.versionId, IsLatest: isLatest(v) })) as any,
    DeleteMarkers: items
      .filter((v) => v.deleteMarker)
      .map((v) => ({ Owner: { ID: canonicalId(v.owner), DisplayName: v.owner }, Key: encode(v.key), VersionId: v.versionId, IsLatest: isLatest(v), LastModified: v.lastModified })),
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(input.Delimiter !== undefined && { Delimiter: encode(input.Delimiter) }),
    MaxKeys: input.MaxKeys ?? DEFAULT_MAX_KEYS,
    CommonPrefixes: w.prefixes.map((p) => ({ Prefix: encode(p) })),
    ...(input.EncodingType && { EncodingType: input.EncodingType }),
  };
}
