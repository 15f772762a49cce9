// GetObjectAttributes: an object's ETag, checksum, parts, storage class and size, without its data.
import type { GetObjectAttributesOutput, GetObjectAttributesRequest } from '@aws-sdk/client-s3';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { MEMBER } from './checksums.js';
import { readableVersion, requireBucket, shownVersionId } from './common.js';
import type { S3State } from './store.js';

export function getObjectAttributes(input: GetObjectAttributesRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetObjectAttributesOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const v = readableVersion(bucket, input.Key!, input.VersionId);
  const wanted = new Set(input.ObjectAttributes ?? []);
  const out: HandlerOutput<GetObjectAttributesOutput> = { LastModified: v.lastModified };
  const id = shownVersionId(bucket, v);
  if (id !== undefined) out.VersionId = id;
  if (wanted.has('ETag')) out.ETag = v.etag.replace(/"/g, '');
  if (wanted.has('Checksum') && v.checksum) out.Checksum = { [MEMBER[v.checksum.algorithm]]: v.checksum.value, ChecksumType: v.checksum.type };
  if (wanted.has('ObjectParts') && v.parts) {
    const marker = Number(input.PartNumberMarker ?? 0);
    const max = input.MaxParts ?? 1000;
    const all = v.parts.map((p, i) => ({ PartNumber: i + 1, Size: p.size, ...(v.checksum && p.checksum && { [MEMBER[v.checksum.algorithm]]: p.checksum }) })).filter((p) => p.PartNumber > marker);
    const page = all.slice(0, max);
    out.ObjectParts = {
      TotalPartsCount: v.parts.length,
      PartNumberMarker: String(marker) as any,
      ...(page.length > 0 && { NextPartNumberMarker: String(page[page.length - 1]!.PartNumber) as any }),
      MaxParts: max,
      IsTruncated: all.length > max,
      Parts: page,
    };
  }
  if (wanted.has('StorageClass')) out.StorageClass = v.storageClass as any;
  if (wanted.has('ObjectSize')) out.ObjectSize = v.size;
  return out;
}
