// S3's additional checksums (x-amz-checksum-{crc32,crc32c,crc64nvme,sha1,sha256}) and the MD5
// ETag, computed chunk by chunk as a payload arrives (never over the whole once more). CRC32 is
// node:zlib's (native), SHA and MD5 node:crypto's; CRC32C, which Node lacks, is the SDK's own
// implementation (@aws-sdk/checksums), and CRC64NVME, S3's default on every upload, Nimbus's
// WebAssembly one (crc64nvme.ts, about four times the SDK's speed).
//
// Multipart objects get checksums of checksums: COMPOSITE (the algorithm over the concatenated
// part checksums, `-N` suffixed) or FULL_OBJECT (the CRC of the whole object, combined from the
// parts' CRCs and lengths without reading the data again: crcCombine below).
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32cJs } from '@aws-sdk/checksums/crc';
import { AwsError } from '../../protocol/errors.js';
import { Crc64Nvme } from './crc64nvme.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

export const ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

/** The checksum S3 computes and keeps for an object uploaded without one (since December 2024):
 *  a full-object CRC64NVME, for single PUTs, POST Object, copies and multipart uploads alike. */
export const DEFAULT_CHECKSUM: ChecksumAlgorithm = 'CRC64NVME';

/** The SDK output member of each algorithm (ChecksumCRC32, ...). */
export const MEMBER: Record<ChecksumAlgorithm, `Checksum${ChecksumAlgorithm}`> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  CRC64NVME: 'ChecksumCRC64NVME',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
};

/** Digest length in bytes (a value of another length is invalid). */
const LENGTH: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/** Reversed polynomials of the CRCs (all reflected, init and xorout all ones). */
const CRC_POLY: Partial<Record<ChecksumAlgorithm, bigint>> = {
  CRC32: 0xedb88320n,
  CRC32C: 0x82f63b78n,
  CRC64NVME: 0x9a6c9329ac4bc9b5n,
};

export const isCrc = (a: ChecksumAlgorithm): boolean => CRC_POLY[a] !== undefined;

export function parseAlgorithm(text: string | undefined): ChecksumAlgorithm | undefined {
  if (text === undefined || text === '') return undefined;
  const upper = text.toUpperCase() as ChecksumAlgorithm;
  if (!ALGORITHMS.includes(upper)) {
    throw new AwsError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.');
  }
  return upper;
}

interface Digest {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

class Crc32Digest implements Digest {
  private value = 0;
  update(data: Uint8Array): void {
    this.value = crc32(data, this.value);
  }
  digest(): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(this.value >>> 0);
    return b;
  }
}

/** The SDK's CRC32C: synchronous update; digest() resolves synchronously computed bytes. */
class SdkDigest implements Digest {
  constructor(private readonly impl: Crc32cJs) {}
  update(data: Uint8Array): void {
    this.impl.update(data);
  }
  digest(): Buffer {
    // The implementation computes the digest synchronously inside its async digest(); read its
    // state the same way to stay synchronous.
    const b = Buffer.alloc(4);
    b.writeUInt32BE(((this.impl as any).crc ^ 0xffff_ffff) >>> 0);
    return b;
  }
}

class HashDigest implements Digest {
  private readonly hash: Hash;
  constructor(name: string) {
    this.hash = createHash(name);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Buffer {
    return this.hash.digest();
  }
}

const DIGESTS: Record<ChecksumAlgorithm, () => Digest> = {
  CRC32: () => new Crc32Digest(),
  CRC32C: () => new SdkDigest(new Crc32cJs()),
  CRC64NVME: () => new Crc64Nvme(),
  SHA1: () => new HashDigest('sha1'),
  SHA256: () => new HashDigest('sha256'),
};

/** One algorithm's checksum of `data`, base64. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const d = DIGESTS[algorithm]();
  d.update(data);
  return d.digest().toString('base64');
}

/** One algorithm's checksum of a stream's bytes, base64 (read as it streams, never buffered). */
export async function checksumOfStream(algorithm: ChecksumAlgorithm, stream: AsyncIterable<Uint8Array> | Uint8Array): Promise<string> {
  const d = DIGESTS[algorithm]();
  if (stream instanceof Uint8Array) d.update(stream);
  else for await (const chunk of stream) d.update(chunk);
  return d.digest().toString('base64');
}

/** The MD5 (for the ETag) and the requested checksums of a payload, fed a chunk at a time, and
 *  its size. */
export class PayloadHasher {
  size = 0;
  private readonly md5 = createHash('md5');
  private readonly digests: [ChecksumAlgorithm, Digest][];
  private md5Bytes?: Buffer;
  private results?: Partial<Record<ChecksumAlgorithm, string>>;

  constructor(algorithms: readonly ChecksumAlgorithm[]) {
    this.digests = [...new Set(algorithms)].map((a) => [a, DIGESTS[a]()]);
  }

  update(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    for (const [, d] of this.digests) d.update(chunk);
  }

  /** The MD5 digest (after the last chunk). */
  get md5Digest(): Buffer {
    return (this.md5Bytes ??= this.md5.digest());
  }

  /** Base64 checksums by algorithm (after the last chunk). */
  get checksums(): Partial<Record<ChecksumAlgorithm, string>> {
    if (!this.results) {
      this.results = {};
      for (const [a, d] of this.digests) this.results[a] = d.digest().toString('base64');
    }
    return this.results;
  }
}

/** What a request asks to be verified: the algorithm and, when sent as a header, its value (else
 *  the value arrives in the aws-chunked trailer). */
export interface ChecksumRequest {
  algorithm: ChecksumAlgorithm;
  header?: string;
  trailer: boolean;
}

/** Reads the checksum a request carries: x-amz-checksum-* headers (at most one), the trailer
 *  x-amz-trailer announces, or x-amz-sdk-checksum-algorithm alone (computed, nothing to verify). */
export function requestedChecksum(input: Record<string, any>, headers: Record<string, string | string[] | undefined>): ChecksumRequest | undefined {
  const sent = ALGORITHMS.filter((a) => typeof input[MEMBER[a]] === 'string');
  const trailerHeader = String(headers['x-amz-trailer'] ?? '').toLowerCase();
  const trailed = ALGORITHMS.filter((a) => trailerHeader.includes(`x-amz-checksum-${a.toLowerCase()}`));
  if (sent.length + trailed.length > 1) {
    throw new AwsError('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const declared = parseAlgorithm(input.ChecksumAlgorithm);
  const algorithm = sent[0] ?? trailed[0] ?? declared;
  if (!algorithm) return undefined;
  if (declared && declared !== algorithm) {
    throw new AwsError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.');
  }
  const header = sent[0] ? (input[MEMBER[sent[0]]] as string) : undefined;
  if (header !== undefined) checkFormat(algorithm, header);
  return { algorithm, ...(header !== undefined && { header }), trailer: trailed.length > 0 };
}

function checkFormat(algorithm: ChecksumAlgorithm, value: string): void {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== LENGTH[algorithm] || bytes.toString('base64') !== value) {
    throw new AwsError('InvalidRequest', `Value for x-amz-checksum-${algorithm.toLowerCase()} header is invalid.`);
  }
}

/** Checks the computed checksum against the header or trailer value the client sent. */
export function verifyChecksum(request: ChecksumRequest, computed: string, trailers: Readonly<Record<string, string>>): void {
  let expected = request.header;
  if (expected === undefined && request.trailer) {
    expected = trailers[`x-amz-checksum-${request.algorithm.toLowerCase()}`];
    if (expected === undefined) throw new AwsError('InvalidRequest', `x-amz-checksum-${request.algorithm.toLowerCase()} trailer is missing.`);
    checkFormat(request.algorithm, expected);
  }
  if (expected !== undefined && expected !== computed) {
    throw new AwsError('BadDigest', `The ${request.algorithm} you specified did not match the calculated checksum.`);
  }
}

/** Content-MD5: checked when sent, never required. */
export function verifyContentMd5(contentMd5: string | undefined, md5: Buffer): void {
  if (contentMd5 === undefined) return;
  const sent = Buffer.from(contentMd5, 'base64');
  if (sent.length !== 16) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
  if (!sent.equals(md5)) throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
}

/** The checksum of a multipart object from its parts' checksums (base64) and sizes. */
export function multipartChecksum(algorithm: ChecksumAlgorithm, type: ChecksumType, parts: readonly { checksum: string; size: number }[]): string {
  if (type === 'COMPOSITE') {
    const d = DIGESTS[algorithm]();
    for (const p of parts) d.update(Buffer.from(p.checksum, 'base64'));
    return `${d.digest().toString('base64')}-${parts.length}`;
  }
  const poly = CRC_POLY[algorithm]!;
  const width = LENGTH[algorithm] * 8;
  let crc: bigint | undefined;
  for (const p of parts) {
    const part = BigInt('0x' + Buffer.from(p.checksum, 'base64').toString('hex'));
    crc = crc === undefined ? part : crcCombine(crc, part, p.size, poly, width);
  }
  const hex = (crc ?? 0n).toString(16).padStart(width / 4, '0');
  return Buffer.from(hex, 'hex').toString('base64');
}

// zlib's crc32_combine, generalized to any reflected CRC with init = xorout = all ones: the CRC
// of A||B from crc(A), crc(B) and len(B), by multiplying crc(A) with x^(8·len(B)) modulo the
// polynomial (GF(2) arithmetic on reflected bit order).
function multModP(a: bigint, b: bigint, poly: bigint, width: number): bigint {
  let m = 1n << BigInt(width - 1);
  let p = 0n;
  while (m !== 0n) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    b = b & 1n ? (b >> 1n) ^ poly : b >> 1n;
  }
  return p;
}

function x2nModP(n: number, k: number, poly: bigint, width: number): bigint {
  // x^(2^k) table, k = 0..63
  let p = 1n << BigInt(width - 1); // x^0
  let power = 1n << BigInt(width - 2); // x^1
  for (let i = 0; i < k; i++) power = multModP(power, power, poly, width);
  let left = BigInt(n);
  while (left > 0n) {
    if (left & 1n) p = multModP(power, p, poly, width);
    left >>= 1n;
    power = multModP(power, power, poly, width);
  }
  return p;
}

export function crcCombine(crcA: bigint, crcB: bigint, lengthB: number, poly: bigint, width: number): bigint {
  return multModP(x2nModP(lengthB, 3, poly, width), crcA, poly, width) ^ crcB;
}

/** The default checksum type of an algorithm for multipart uploads (AWS: CRC64NVME is full-object
 *  only; the others default to composite). */
export function defaultChecksumType(algorithm: ChecksumAlgorithm): ChecksumType {
  return algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
}

/** Which algorithm/type pairs AWS accepts (SHA full-object checksums do not exist). */
export function checkChecksumType(algorithm: ChecksumAlgorithm, type: ChecksumType): void {
  if (type === 'FULL_OBJECT' && !isCrc(algorithm)) {
    throw new AwsError('InvalidRequest', `The ${algorithm} checksum algorithm does not support the FULL_OBJECT checksum type.`);
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw new AwsError('InvalidRequest', 'The COMPOSITE checksum type is not supported for the CRC64NVME checksum algorithm.');
  }
}
