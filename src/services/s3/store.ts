// S3 state. Bucket names are global across accounts and regions (as on AWS), so every S3 table
// lives in one global scope; each bucket records its owner account and region. Rows (s3/rows.ts)
// are the format on disk; the maps here are built from them when the state is created.
//
// A small object's payload (a PutObject declaring at most INLINE_PAYLOAD bytes) is kept inline, in
// its version's row, committed with it in one transaction. Every other payload is a blob file
// (host.blobs), never a row: an object version names its blobs (one for a single PUT, one per part
// after a multipart upload, so completing never copies data). A copy shares its source's payload
// (the inline bytes or the blobs), so blobs are reference-counted; a blob goes when no version or
// part names it and no GET is still reading it.
import { createHash } from 'node:crypto';
import type { Host } from '../host.js';
import type { Store } from '../../state/durable/stores.js';
import {
  bucketFromRow,
  bucketRow,
  partRow,
  uploadFromRow,
  uploadRow,
  versionFromRow,
  versionRow,
  type BucketRow,
  type PartRow,
  type UploadRow,
  type VersionRow,
} from './rows.js';
import type { Bucket, MultipartUpload, ObjectVersion, Part } from './model.js';

export type { Bucket, MultipartUpload, ObjectVersion, Part } from './model.js';

export function createS3State(host: Host) {
  const bucketRows = host.stores.open<BucketRow>('s3', { name: 'buckets', scope: 'global', version: 1 });
  // Version 2 added `inline` (version 1 rows, all payloads in blob files, read as they are).
  const versionRows = host.stores.open<VersionRow>('s3', { name: 'objects', scope: 'global', version: 2, migrate: (row) => row });
  const uploadRows = host.stores.open<UploadRow>('s3', { name: 'uploads', scope: 'global', version: 1 });
  const partRows = host.stores.open<PartRow>('s3', { name: 'parts', scope: 'global', version: 1 });
  const buckets = new Map<string, Bucket>();
  const blobs = new BlobRefs(host);
  let seq = 0;

  for (const { key, row } of bucketRows.load()) buckets.set(key, bucketFromRow(key, row));
  const loaded: ObjectVersion[] = [];
  for (const { row } of versionRows.load()) {
    const v = versionFromRow(row);
    if (!buckets.has(row.bucket)) continue;
    loaded.push(v);
    seq = Math.max(seq, v.seq);
  }
  // Newest first within a key: the order they were written in.
  loaded.sort((a, b) => b.seq - a.seq);
  for (const v of loaded) {
    const bucket = buckets.get(v.bucket)!;
    let list = bucket.objects.get(v.key);
    if (!list) bucket.objects.set(v.key, (list = []));
    list.push(v);
    blobs.retain(v.blobs.map((b) => b.id));
  }
  for (const { key, row } of uploadRows.load()) {
    const bucket = buckets.get(row.bucket);
    if (bucket) bucket.uploads.set(key, uploadFromRow(key, row));
  }
  for (const { row } of partRows.load()) {
    const upload = buckets.get(row.bucket)?.uploads.get(row.uploadId);
    if (!upload) continue;
    upload.parts.set(row.partNumber, { ...row, lastModified: new Date(row.lastModified) });
    blobs.retain([row.blob.id]);
  }

  const versionKey = (v: { bucket: string; key: string; versionId: string }) => JSON.stringify([v.bucket, v.key, v.versionId]);

  return {
    host,
    buckets,
    blobs,
    nextSeq: () => ++seq,
    putBucket(b: Bucket): void {
      bucketRows.put('', '', b.name, bucketRow(b));
    },
    deleteBucket(name: string): void {
      bucketRows.delete('', '', name);
    },
    /** Files a new version of its key (newest first). An unversioned write replaces the key's
     *  'null' version, whose blobs are released. */
    addVersion(bucket: Bucket, v: ObjectVersion): void {
      let list = bucket.objects.get(v.key);
      if (!list) {
        bucket.objects.set(v.key, (list = []));
        bucket.sortedKeys = undefined;
      }
      // Retained before the replaced version lets go: a copy onto itself shares its blobs.
      blobs.retain(v.blobs.map((b) => b.id));
      let replaced: ObjectVersion | undefined;
      if (v.versionId === 'null') {
        const i = list.findIndex((o) => o.versionId === 'null');
        if (i >= 0) replaced = list.splice(i, 1)[0];
      }
      list.unshift(v);
      // Same row key for a replaced null version: the put replaces its row. (In memory mode the
      // row, which would carry an inline payload's base64, is not even built.)
      if (versionRows.persistent) versionRows.put('', '', versionKey(v), versionRow(v), v.blobs.map((b) => b.id));
      if (replaced) blobs.release(replaced.blobs.map((b) => b.id));
    },
    /** Re-writes a version's row (tags changed). */
    updateVersion(v: ObjectVersion): void {
      if (versionRows.persistent) versionRows.put('', '', versionKey(v), versionRow(v), v.blobs.map((b) => b.id));
    },
    /** Removes one version for good (DeleteObject with a version id, or an unversioned delete). */
    dropVersion(bucket: Bucket, v: ObjectVersion): void {
      const list = bucket.objects.get(v.key);
      if (list) {
        const i = list.indexOf(v);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) {
          bucket.objects.delete(v.key);
          bucket.sortedKeys = undefined;
        }
      }
      versionRows.delete('', '', versionKey(v));
      blobs.release(v.blobs.map((b) => b.id));
    },
    putUpload(u: MultipartUpload): void {
      uploadRows.put('', '', u.uploadId, uploadRow(u));
    },
    putPart(u: MultipartUpload, p: Part): void {
      const old = u.parts.get(p.partNumber);
      u.parts.set(p.partNumber, p);
      blobs.retain([p.blob.id]);
      partRows.put('', '', `${u.uploadId}/${p.partNumber}`, partRow(u, p), [p.blob.id]);
      if (old) blobs.release([old.blob.id]);
    },
    /** Ends an upload (aborted, or completed: then its parts' blobs live on in the object). */
    dropUpload(bucket: Bucket, u: MultipartUpload): void {
      bucket.uploads.delete(u.uploadId);
      uploadRows.delete('', '', u.uploadId);
      for (const p of u.parts.values()) partRows.delete('', '', `${u.uploadId}/${p.partNumber}`);
      blobs.release([...u.parts.values()].map((p) => p.blob.id));
    },
  };
}

export type S3State = ReturnType<typeof createS3State>;

/** Payloads up to this many bytes (declared by the upload) are kept inline, in the version's row
 *  and in memory, instead of a blob file: a small PUT then costs no file open, write, rename and
 *  later unlink, and its GET no file read. What this costs: every inline byte is held in memory
 *  for as long as its version lives (and, with --persist, read back at start). */
export const INLINE_PAYLOAD = 64 * 1024;

/** Reference counts of blob files: by the versions and parts naming them, and by GETs reading
 *  them (a file removed under a reader would cut its response short). */
export class BlobRefs {
  private readonly named = new Map<string, number>();
  private readonly reading = new Map<string, number>();
  constructor(private readonly host: Host) {}

  retain(ids: readonly string[]): void {
    for (const id of ids) this.named.set(id, (this.named.get(id) ?? 0) + 1);
  }

  /** Drops names; files no longer named go once the rows that dropped them are committed. */
  release(ids: readonly string[], commitNow = true): void {
    const gone: string[] = [];
    for (const id of ids) {
      const n = (this.named.get(id) ?? 1) - 1;
      if (n > 0) this.named.set(id, n);
      else {
        this.named.delete(id);
        gone.push(id);
      }
    }
    if (gone.length === 0) return;
    // The row naming the file must be gone on disk before the file is (a crash in between leaves
    // an unnamed file, which the next start sweeps; never a row naming a missing file).
    if (commitNow) this.host.stores.commit();
    for (const id of gone) this.removeIfUnused(id);
  }

  /** A read of `ids` starts; the returned function ends it. */
  read(ids: readonly string[]): () => void {
    for (const id of ids) this.reading.set(id, (this.reading.get(id) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const id of ids) {
        const n = (this.reading.get(id) ?? 1) - 1;
        if (n > 0) this.reading.set(id, n);
        else {
          this.reading.delete(id);
          this.removeIfUnused(id);
        }
      }
    };
  }

  /** A blob written but not (yet) named by a row: removed when the write fails its checks. */
  discard(id: string): void {
    this.removeIfUnused(id);
  }

  private removeIfUnused(id: string): void {
    if (this.named.has(id) || this.reading.has(id)) return;
    void this.host.blobs.remove(id);
  }
}

/** The canonical user id S3 shows as an account's Owner.ID: stable per account (64 hex chars). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`nimbus-canonical-${account}`).digest('hex');
}

export type { Store };
