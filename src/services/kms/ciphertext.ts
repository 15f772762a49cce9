// The ciphertext blob of a symmetric KMS key: opaque to clients, tamper-evident, and naming its
// key so Decrypt needs no KeyId (as AWS's blobs do). Nimbus's own layout (AWS's is undocumented):
//
//   0   'N' 0x01            magic and format version
//   2   u8 n, n bytes       the key id (ASCII)
//   .   u32                 the key material version (rotation)
//   .   4 bytes             SHA-256 of the header so far, truncated: a flipped key-id byte is
//                           InvalidCiphertextException, not a lookup of some other key
//   .   12 bytes            AES-GCM IV
//   .   16 bytes            AES-GCM tag
//   .   rest                AES-256-GCM ciphertext
//
// The additional authenticated data is the header plus the canonical encryption context, so a
// wrong context, a changed header or any flipped byte fails to authenticate.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';

const MAGIC = 0x4e;
const VERSION = 1;

export interface ParsedBlob {
  keyId: string;
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

function headerFor(keyId: string, materialVersion: number): Buffer {
  const id = Buffer.from(keyId, 'latin1');
  const h = Buffer.alloc(2 + 1 + id.length + 4 + 4);
  h[0] = MAGIC;
  h[1] = VERSION;
  h[2] = id.length;
  id.copy(h, 3);
  h.writeUInt32BE(materialVersion, 3 + id.length);
  createHash('sha256').update(h.subarray(0, 7 + id.length)).digest().copy(h, 7 + id.length, 0, 4);
  return h;
}

export function sealSymmetric(keyId: string, materialVersion: number, material: Buffer, plaintext: Uint8Array, context?: Record<string, string>): Buffer {
  const header = headerFor(keyId, materialVersion);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material, iv);
  cipher.setAAD(Buffer.concat([header, contextBytes(context)]));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
}

/** The blob's header, or InvalidCiphertextException when it is not one of Nimbus's blobs. */
export function parseBlob(blob: Uint8Array): ParsedBlob {
  const b = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (b.length < 3 || b[0] !== MAGIC || b[1] !== VERSION) throw invalidCiphertext();
  const n = b[2]!;
  const headerLength = 3 + n + 8;
  if (b.length < headerLength + 28) throw invalidCiphertext();
  const keyId = b.toString('latin1', 3, 3 + n);
  const materialVersion = b.readUInt32BE(3 + n);
  const header = b.subarray(0, headerLength);
  if (!header.subarray(headerLength - 4).equals(createHash('sha256').update(b.subarray(0, headerLength - 4)).digest().subarray(0, 4))) throw invalidCiphertext();
  return { keyId, materialVersion, header, iv: b.subarray(headerLength, headerLength + 12), tag: b.subarray(headerLength + 12, headerLength + 28), data: b.subarray(headerLength + 28) };
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
