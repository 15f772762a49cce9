// ECDSA signatures over a precomputed digest (Sign/Verify with MessageType DIGEST). node:crypto
// hashes whatever it signs with an EC key (sign(null, ...) hashes with SHA-256, measured on Node
// 20 / OpenSSL 3.0), so the signature over the digest as given is made by @noble/curves, with the
// key's private scalar and public point taken from the KeyObject, DER-encoded as AWS returns it
// (SEQUENCE { INTEGER r, INTEGER s }).
//
// As KMS does: nonces are random (hedged: RFC 6979 with extra entropy), so signing the same digest
// twice gives two signatures; S is not normalized to the low half, and a high-S signature (as
// OpenSSL and AWS make half the time) verifies.
import type { KeyObject } from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

type Ecdsa = typeof p256;

/** The curve by node's curve name (key-specs.ts). */
const CURVES: Readonly<Record<string, Ecdsa>> = {
  prime256v1: p256,
  secp384r1: p384,
  secp521r1: p521,
  secp256k1,
};

function curveOf(key: KeyObject): Ecdsa {
  const name = key.asymmetricKeyDetails?.namedCurve;
  const curve = name === undefined ? undefined : CURVES[name];
  if (!curve) throw new Error(`no ECDSA curve ${name}`);
  return curve;
}

/** A JWK coordinate or scalar, left-padded to the curve's field size as noble expects. */
function jwkBytes(value: string | undefined, size: number): Buffer {
  const b = Buffer.from(value ?? '', 'base64url');
  return b.length >= size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]);
}

export function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const curve = curveOf(privateKey);
  const d = jwkBytes(privateKey.export({ format: 'jwk' }).d, curve.lengths.secretKey!);
  return Buffer.from(curve.sign(digest, d, { prehash: false, lowS: false, extraEntropy: true, format: 'der' }));
}

/** False for anything that is not a valid DER signature of the digest under the key. */
export function ecdsaVerifyDigest(privateKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const curve = curveOf(privateKey);
  const jwk = privateKey.export({ format: 'jwk' });
  const size = curve.lengths.secretKey!;
  const point = Buffer.concat([Buffer.from([0x04]), jwkBytes(jwk.x, size), jwkBytes(jwk.y, size)]);
  try {
    return curve.verify(signature, digest, point, { prehash: false, lowS: false, format: 'der' });
  } catch {
    return false; // malformed DER
  }
}
