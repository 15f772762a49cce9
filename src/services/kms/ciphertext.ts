// The ciphertext blob of a symmetric KMS key: opaque to clients, tamper-evident, and naming its
// key so Decrypt needs no KeyId (as AWS's blobs do), also for another account's key: the authorize
// step reads the key's ARN from the header (blobKeyArn) and holds the account boundary on it.
// Nimbus's own layout (AWS's is undocumented):
//
//   0   'N' 0x02            magic and format version
//   2   u8 n, n bytes       the key's ARN (ASCII); format 1 (blobs made before) has the key id
//                           alone, meaning a key of the caller's account and region
//   .   u32                 the key material version (rotation)
//   .   4 bytes             SHA-256 of the header so far, truncated: a flipped key byte is
//                           InvalidCiphertextException, not a lookup of some other key
//   .   12 bytes            AES-GCM IV
//   .   16 bytes            AES-GCM tag
//   .   rest                AES-256-GCM ciphertext
//
// The additional authenticated data is the header plus the canonical encryption context, so a
// wrong context, a changed header or any flipped byte fails to authenticate.
import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';

const MAGIC = 0x4e;
const VERSION = 2;
/** Format 1 (key id only) is still read: persisted ciphertexts made before format 2 decrypt. */
const VERSIONS = new Set([1, 2]);

export interface ParsedBlob {
  /** The key's id. */
  keyId: string;
  /** The key's ARN (format 2); undefined for format 1 blobs, whose key is the caller's. */
  keyArn?: string;
  materialVersion: number;
  header: Buffer;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

export function invalidCiphertext(): AwsError {
  // AWS's InvalidCiphertextException carries no message of its own.
  return new AwsError('InvalidCiphertextException', '');
}

/** The encryption context as authenticated bytes: keys sorted, so member order does not matter. */
export function contextBytes(context: Record<string, string> | undefined): Buffer {
  if (!context) return Buffer.alloc(0);
  const keys = Object.keys(context).sort();
  if (keys.length === 0) return Buffer.alloc(0);
  return Buffer.from(JSON.stringify(keys.map((k) => [k, context[k]])));
}

/** Headers by key ARN and material version: the same bytes for every Encrypt with a key, so made
 *  once (their SHA-256 was a tenth of an Encrypt's CPU). Bounded: cleared when it grows past
 *  HEADER_CACHE_MAX, as a test or script creating many keys would make it. */
const headers = new Map<string, Buffer>();
const HEADER_CACHE_MAX = 4096;

function headerFor(keyArn: string, materialVersion: number): Buffer {
  const cacheKey = `${materialVersion}:${keyArn}`;
  const cached = headers.get(cacheKey);
  if (cached) return cached;
  const id = Buffer.from(keyArn, 'latin1');
  const h = Buffer.alloc(2 + 1 + id.length + 4 + 4);
  h[0] = MAGIC;
  h[1] = VERSION;
  h[2] = id.length;
  id.copy(h, 3);
  h.writeUInt32BE(materialVersion, 3 + id.length);
  createHash('sha256').update(h.subarray(0, 7 + id.length)).digest().copy(h, 7 + id.length, 0, 4);
  if (headers.size >= HEADER_CACHE_MAX) headers.clear();
  headers.set(cacheKey, h);
  return h;
}

/** 12-byte AES-GCM IVs cut from a pool of random bytes refilled 4 KiB at a time: one
 *  randomFillSync per 341 encryptions instead of one per call. (Random 96-bit IVs, as before.) */
const IV_POOL = Buffer.alloc(12 * 341);
let ivOffset = IV_POOL.length;

/** A view into the pool, valid until the next refill: used at once (the cipher and the blob copy it). */
function nextIv(): Buffer {
  if (ivOffset + 12 > IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = IV_POOL.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}

export function sealSymmetric(keyArn: string, materialVersion: number, material: Buffer, plaintext: Uint8Array, context?: Record<string, string>): Buffer {
  const header = headerFor(keyArn, materialVersion);
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([header, contextBytes(context)]));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
}

/** Headers whose check bytes were verified: a key's every blob carries the same header, so its
 *  SHA-256 is computed once, not per Decrypt. A changed byte is a different header, checked anew. */
const checkedHeaders = new Set<string>();

function checkedHeader(b: Buffer, headerLength: number): boolean {
  const text = b.toString('latin1', 0, headerLength);
  if (checkedHeaders.has(text)) return true;
  const sum = createHash('sha256').update(b.subarray(0, headerLength - 4)).digest();
  if (!b.subarray(headerLength - 4, headerLength).equals(sum.subarray(0, 4))) return false;
  if (checkedHeaders.size >= HEADER_CACHE_MAX) checkedHeaders.clear();
  checkedHeaders.add(text);
  return true;
}

/** The blob's header, or InvalidCiphertextException when it is not one of Nimbus's blobs. */
export function parseBlob(blob: Uint8Array): ParsedBlob {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < 3 || b[0] !== MAGIC || !VERSIONS.has(b[1]!)) throw invalidCiphertext();
  const n = b[2]!;
  const headerLength = 3 + n + 8;
  if (b.length < headerLength + 28) throw invalidCiphertext();
  const named = b.toString('latin1', 3, 3 + n);
  const materialVersion = b.readUInt32BE(3 + n);
  const header = b.subarray(0, headerLength);
  if (!checkedHeader(b, headerLength)) throw invalidCiphertext();
  const keyArn = b[1] === 1 ? undefined : named;
  const keyId = keyArn === undefined ? named : keyArn.slice(keyArn.lastIndexOf('/') + 1);
  return { keyId, ...(keyArn !== undefined && { keyArn }), materialVersion, header, iv: b.subarray(headerLength, headerLength + 12), tag: b.subarray(headerLength + 12, headerLength + 28), data: b.subarray(headerLength + 28) };
}

/** The ARN of the key a symmetric blob names (a format 1 blob: the key id in `where`), or
 *  undefined when the blob is not one of Nimbus's (an RSA ciphertext, or garbage). */
export function blobKeyArn(blob: Uint8Array | undefined, where: { account: string; region: string }): string | undefined {
  if (!(blob instanceof Uint8Array)) return undefined;
  try {
    const p = parseBlob(blob);
    return p.keyArn ?? `arn:aws:kms:${where.region}:${where.account}:key/${p.keyId}`;
  } catch {
    return undefined;
  }
}

export function openSymmetric(parsed: ParsedBlob, material: Buffer, context?: Record<string, string>): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, parsed.iv);
    decipher.setAAD(Buffer.concat([parsed.header, contextBytes(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.data), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}
