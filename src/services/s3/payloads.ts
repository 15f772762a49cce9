// Writing a request's payload: hashed (MD5 for the ETag, the requested checksums) as it arrives,
// then checked against the Content-MD5 and the x-amz-checksum-* header or aws-chunked trailer the
// client sent. A payload that fails a check is discarded.
//
// Where the bytes go depends on the size the request declares: up to INLINE_PAYLOAD bytes they are
// read whole and kept inline, in the version's row (committed with it, in the same transaction:
// no file to open, write, rename and later unlink); a larger or undeclared payload streams through
// the hashes into a blob file (never held whole). Parts always go to blob files (their object
// names them, and completing copies nothing), a small part written in one call.
import type { Readable } from 'node:stream';
import { AwsError } from '../../protocol/errors.js';
import type { BlobRef } from '../../state/durable/blobs.js';
import { DEFAULT_CHECKSUM, PayloadHasher, requestedChecksum, verifyChecksum, verifyContentMd5, type ChecksumAlgorithm } from './checksums.js';
import { OffThreadHashingStream, type PayloadHashes } from './off-thread-hasher.js';
import type { RequestContext } from '../context.js';
import { newVersionId } from './common.js';
import { INLINE_PAYLOAD, type Bucket, type ObjectVersion, type S3State } from './store.js';

export interface WrittenPayload {
  size: number;
  /** The blob file holding the bytes, unless they are `inline`. */
  blob?: BlobRef;
  /** The bytes of a small payload (an exact-size copy, sharing memory with nothing else). */
  inline?: Buffer;
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

const incompleteBody = () => new AwsError('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');

export async function writePayload(
  state: S3State,
  input: Record<string, any>,
  ctx: RequestContext,
  options: {
    /** Algorithms to compute besides the requested one (a multipart upload's). */
    also?: readonly (ChecksumAlgorithm | undefined)[];
    /** Computed, and reported as `algorithm`, when the request names none: S3's default
     *  checksum for a whole object; a part (no default) passes undefined and its upload's
     *  algorithm in `also`. */
    defaultAlgorithm?: ChecksumAlgorithm | undefined;
    /** False for a part: the payload goes to a blob file whatever its size. */
    inline?: boolean;
  } = {},
): Promise<WrittenPayload> {
  const request = requestedChecksum(input, ctx.headers);
  const algorithm = request?.algorithm ?? ('defaultAlgorithm' in options ? options.defaultAlgorithm : DEFAULT_CHECKSUM);
  const algorithms = [algorithm, ...(options.also ?? [])].filter((a): a is ChecksumAlgorithm => a !== undefined);
  const body: Readable | Buffer | undefined = input.Body;
  const declared = input.ContentLength as number | undefined;
  let hasher: PayloadHashes;
  let blob: BlobRef | undefined;
  let inline: Buffer | undefined;
  try {
    if (body === undefined || Buffer.isBuffer(body) || (declared !== undefined && declared <= INLINE_PAYLOAD)) {
      const small = new PayloadHasher(algorithms);
      hasher = small;
      const bytes = await readSmall(body, small, declared ?? INLINE_PAYLOAD);
      if (options.inline !== false && bytes.length <= INLINE_PAYLOAD) inline = bytes;
      else blob = await state.host.blobs.put(bytes);
    } else {
      ({ blob, hasher } = await putHashed(state, body, algorithms));
    }
  } catch (e) {
    throw e instanceof AwsError ? e : incompleteBody();
  }
  const written: WrittenPayload = { size: hasher.size, ...(blob && { blob }), ...(inline && { inline }), md5: hasher.md5Digest, checksums: hasher.checksums, ...(algorithm && { algorithm }) };
  try {
    if (declared !== undefined && hasher.size !== declared) throw incompleteBody();
    verifyContentMd5(input.ContentMD5, hasher.md5Digest);
    if (request) verifyChecksum(request, hasher.checksums[request.algorithm]!, trailersOf(body));
  } catch (e) {
    discardPayload(state, written);
    throw e;
  }
  return written;
}

/** A payload into a blob file, hashed on its way: a buffer in one write, a stream through an
 *  OffThreadHashingStream (never held whole; hashed on the worker thread while the main thread
 *  writes the file). */
export async function putHashed(state: S3State, source: Readable | Buffer, algorithms: readonly ChecksumAlgorithm[]): Promise<{ blob: BlobRef; hasher: PayloadHashes }> {
  if (Buffer.isBuffer(source)) {
    const hasher = new PayloadHasher(algorithms);
    hasher.update(source);
    return { blob: await state.host.blobs.put(source), hasher };
  }
  const hashing = new OffThreadHashingStream(algorithms);
  source.on('error', (e) => hashing.destroy(e));
  const blob = await state.host.blobs.put(source.pipe(hashing));
  try {
    return { blob, hasher: await hashing.hasher.finish() };
  } catch (e) {
    // The hash worker died (off-thread-hasher.ts). AWS's InternalError, with the cause appended
    // (a deliberate difference: AWS's message says no more, a local one may help).
    state.blobs.discard(blob.id);
    throw new AwsError('InternalError', `We encountered an internal error. Please try again. (${(e as Error).message})`, { status: 500 });
  }
}

/** Lets go of a written payload no row names (a failed check or condition): its blob file goes. */
export function discardPayload(state: S3State, written: WrittenPayload): void {
  if (written.blob) state.blobs.discard(written.blob.id);
}

/** Reads a small payload whole, hashing each chunk as it comes (no stream machinery between the
 *  socket and the hashes), into one exact-size buffer. A payload longer than `limit` is read to
 *  its end without being kept, then fails (the caller reports IncompleteBody). */
function readSmall(body: Readable | Buffer | undefined, hasher: PayloadHasher, limit: number): Promise<Buffer> {
  if (body === undefined || Buffer.isBuffer(body)) {
    const bytes = body ?? Buffer.alloc(0);
    hasher.update(bytes);
    return Promise.resolve(ownCopy([bytes], bytes.length));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let over = false;
    const onData = (chunk: Buffer) => {
      if (over || hasher.size + chunk.length > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      hasher.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      if (over) return reject(incompleteBody());
      resolve(ownCopy(chunks, hasher.size));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}

/** The chunks in one buffer of its own: a chunk is a view of the socket's read buffer (or of the
 *  caller's), which a long-lived object must not keep alive; nor, under 4 KiB, a slab of Buffer's
 *  shared pool, as Buffer.concat would. */
function ownCopy(chunks: readonly Buffer[], size: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const c of chunks) at += c.copy(bytes, at);
  return bytes;
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
    size: written.size,
    lastModified: new Date(now),
    blobs: written.blob ? [written.blob] : [],
    ...(written.inline && { inline: written.inline }),
    ...described,
    ...(written.algorithm && { checksum: { algorithm: written.algorithm, value: written.checksums[written.algorithm]!, type: 'FULL_OBJECT' as const } }),
  };
}
