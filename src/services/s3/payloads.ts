// Writing a request's payload to a blob: streamed through the MD5 and checksum hashes into the
// blob file (never held whole), then checked against the Content-MD5 and the x-amz-checksum-*
// header or aws-chunked trailer the client sent. A payload that fails a check is discarded.
import { Readable } from 'node:stream';
import { AwsError } from '../../protocol/errors.js';
import type { BlobRef } from '../../state/durable/blobs.js';
import { DEFAULT_CHECKSUM, HashingStream, requestedChecksum, verifyChecksum, verifyContentMd5, type ChecksumAlgorithm } from './checksums.js';
import type { RequestContext } from '../context.js';
import { newVersionId } from './common.js';
import { SMALL_OBJECT, type Bucket, type ObjectVersion, type S3State } from './store.js';

export interface WrittenPayload {
  blob: BlobRef;
  md5: Buffer;
  /** Base64 values of the algorithms computed. */
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
  /** The algorithm the client sent or asked for, else the default one (when given). */
  algorithm?: ChecksumAlgorithm;
}

/** The aws-chunked trailers of a streamed payload (PayloadStream), else none. */
function trailersOf(body: unknown): Readonly<Record<string, string>> {
  return (body as { trailers?: Record<string, string> })?.trailers ?? {};
}

export async function writePayload(
  state: S3State,
  input: Record<string, any>,
  ctx: RequestContext,
  /** Algorithms to compute besides the requested one (a multipart upload's). */
  also: readonly (ChecksumAlgorithm | undefined)[] = [],
  /** Computed, and reported as `algorithm`, when the request names none: S3's default checksum
   *  for a whole object; a part (no default) passes undefined and its upload's algorithm in `also`. */
  defaultAlgorithm: ChecksumAlgorithm | undefined = DEFAULT_CHECKSUM,
): Promise<WrittenPayload> {
  const request = requestedChecksum(input, ctx.headers);
  const algorithm = request?.algorithm ?? defaultAlgorithm;
  const algorithms = [algorithm, ...also].filter((a): a is ChecksumAlgorithm => a !== undefined);
  const hashing = new HashingStream(algorithms, SMALL_OBJECT);
  const body: Readable | Buffer | undefined = input.Body;
  const source = body === undefined ? Readable.from([]) : Buffer.isBuffer(body) ? Readable.from([body]) : body;
  source.on('error', (e) => hashing.destroy(e));
  let blob: BlobRef;
  try {
    const declared = input.ContentLength as number | undefined;
    // A small payload is read whole (it is small) and written in one call.
    blob = await state.host.blobs.put(declared !== undefined && declared <= SMALL_OBJECT ? await collect(source.pipe(hashing)) : source.pipe(hashing));
  } catch (e) {
    throw e instanceof AwsError ? e : new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
  }
  try {
    const declared = input.ContentLength as number | undefined;
    if (declared !== undefined && blob.size !== declared) {
      throw new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    }
    verifyContentMd5(input.ContentMD5, hashing.md5Digest);
    if (request) verifyChecksum(request, hashing.checksums[request.algorithm]!, trailersOf(body));
  } catch (e) {
    state.blobs.discard(blob.id);
    throw e;
  }
  const payload = hashing.payload;
  if (payload) state.blobs.cache(blob.id, payload);
  return { blob, md5: hashing.md5Digest, checksums: hashing.checksums, ...(algorithm && { algorithm }) };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What an upload says about its object besides the payload. */
export type UploadDescription = Pick<ObjectVersion, 'headers' | 'metadata' | 'storageClass' | 'tags' | 'sse' | 'owner'>;

/** The new version a single-part upload (PutObject, POST Object) makes of its written payload. */
export function uploadedVersion(state: S3State, bucket: Bucket, key: string, written: WrittenPayload, described: UploadDescription, now: number): ObjectVersion {
  return {
    bucket: bucket.name,
    key,
    versionId: newVersionId(bucket),
    seq: state.nextSeq(),
    deleteMarker: false,
    etag: `"${written.md5.toString('hex')}"`,
    size: written.blob.size,
    lastModified: new Date(now),
    blobs: [written.blob],
    ...described,
    ...(written.algorithm && { checksum: { algorithm: written.algorithm, value: written.checksums[written.algorithm]!, type: 'FULL_OBJECT' as const } }),
  };
}
