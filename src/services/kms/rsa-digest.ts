// RSA signatures over a precomputed digest (Sign/Verify with MessageType DIGEST). node:crypto's
// sign() always hashes its input, so the padding is applied here and the raw RSA operation done
// with privateEncrypt/publicDecrypt: PKCS#1 v1.5 is DigestInfo || digest (RFC 8017 9.2), PSS is
// EMSA-PSS (RFC 8017 9.1) with a salt as long as the digest, as AWS KMS uses.
import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

const DIGEST_INFO: Readonly<Record<string, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

export function pkcs1SignDigest(key: KeyObject, hash: string, digest: Buffer): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[hash]!, digest]));
}

export function pkcs1VerifyDigest(key: KeyObject, hash: string, digest: Buffer, signature: Buffer): boolean {
  try {
    const recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
    const expected = Buffer.concat([DIGEST_INFO[hash]!, digest]);
    return recovered.length === expected.length && timingSafeEqual(recovered, expected);
  } catch {
    return false;
  }
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

function modulusBytes(key: KeyObject): number {
  return (key.asymmetricKeyDetails!.modulusLength ?? 0) / 8;
}

export function pssSignDigest(key: KeyObject, hash: string, digest: Buffer): Buffer {
  const emLen = modulusBytes(key); // modulus bits are a multiple of 8 for KMS's RSA specs
  const hLen = digest.length;
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.alloc(emLen - hLen - 1);
  db[emLen - 2 * hLen - 2] = 0x01;
  salt.copy(db, emLen - 2 * hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0x7f; // emBits = modBits - 1
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([db, h, Buffer.from([0xbc])]));
}

export function pssVerifyDigest(key: KeyObject, hash: string, digest: Buffer, signature: Buffer): boolean {
  let em: Buffer;
  try {
    em = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emLen = modulusBytes(key);
  const hLen = digest.length;
  if (em.length !== emLen || em[emLen - 1] !== 0xbc || (em[0]! & 0x80) !== 0) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0x7f;
  const sep = emLen - 2 * hLen - 2;
  for (let i = 0; i < sep; i++) if (db[i] !== 0) return false;
  if (db[sep] !== 0x01) return false;
  const salt = db.subarray(sep + 1);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(expected, h);
}
