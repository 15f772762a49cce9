// ECDSA signatures over a precomputed digest (Sign/Verify with MessageType DIGEST). node:crypto
// hashes whatever it signs with an EC key (sign(null, ...) hashes with SHA-256, measured on Node
// 20 / OpenSSL 3.0), so ECDSA itself is done here: FIPS 186-5 section 6.4 (SEC 1 v2 section 4.1)
// with the scalar arithmetic mod n on BigInts and the one point multiplication k·G by node's
// native curve code (ECDH), signatures DER-encoded as AWS returns them (SEQUENCE { INTEGER r,
// INTEGER s }). Not constant-time: Nimbus is a local emulator, its keys are not secrets worth a
// timing attack.
import { createECDH, randomBytes, type KeyObject } from 'node:crypto';

/** The order n of each curve's base point (SEC 2 / FIPS 186-5), by node's curve name (key-specs.ts). */
const ORDERS: Readonly<Record<string, bigint>> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  secp521r1: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  secp256k1: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
};

interface Curve {
  name: string;
  n: bigint;
  /** Bytes of a scalar (and of a field element: equal for these curves). */
  bytes: number;
}

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, t0, t1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return mod(t0, m);
}

/** The x coordinate of k·G (k in [1, n-1]), by node's native curve code: ECDH's public key of
 *  the private scalar k is exactly k·G. */
function xOfMultiple(c: Curve, k: bigint): bigint {
  const ecdh = createECDH(c.name);
  ecdh.setPrivateKey(Buffer.from(k.toString(16).padStart(c.bytes * 2, '0'), 'hex'));
  const point = ecdh.getPublicKey(); // 04 || x || y
  return bigintOf(point.subarray(1, 1 + (point.length - 1) / 2));
}

const bigintOf = (b: Buffer) => (b.length ? BigInt(`0x${b.toString('hex')}`) : 0n);
const bitLength = (v: bigint) => v.toString(2).length;

/** The digest as an integer: its leftmost bitlen(n) bits (FIPS 186-5 6.4.1 step 2). */
function digestInteger(c: Curve, digest: Buffer): bigint {
  const e = bigintOf(digest);
  const excess = digest.length * 8 - bitLength(c.n);
  return excess > 0 ? e >> BigInt(excess) : e;
}

function curveOf(key: KeyObject): Curve {
  const name = key.asymmetricKeyDetails?.namedCurve;
  const n = name === undefined ? undefined : ORDERS[name];
  if (n === undefined) throw new Error(`no ECDSA curve ${name}`);
  return { name: name!, n, bytes: Math.ceil(bitLength(n) / 8) };
}

function jwkInteger(value: string | undefined): bigint {
  return bigintOf(Buffer.from(value ?? '', 'base64url'));
}

/** A uniformly random scalar in [1, n-1]. */
function nonce(n: bigint): bigint {
  const bytes = Math.ceil(bitLength(n) / 8);
  const excess = BigInt(bytes * 8 - bitLength(n));
  for (;;) {
    const k = bigintOf(randomBytes(bytes)) >> excess;
    if (k > 0n && k < n) return k;
  }
}

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return Buffer.concat([Buffer.from([0x02]), derLength(b.length), b]);
}

function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]); // at most 2 * 67 bytes (P-521)
}

/** (r, s) of a DER ECDSA signature, or undefined when it is not one. */
function parseDer(sig: Buffer): [bigint, bigint] | undefined {
  let at = 0;
  const length = (): number | undefined => {
    const first = sig[at++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first !== 0x81) return undefined;
    return sig[at++];
  };
  if (sig[at++] !== 0x30) return undefined;
  const total = length();
  if (total === undefined || at + total !== sig.length) return undefined;
  const ints: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (sig[at++] !== 0x02) return undefined;
    const n = length();
    if (n === undefined || n === 0 || at + n > sig.length) return undefined;
    ints.push(bigintOf(sig.subarray(at, at + n)));
    at += n;
  }
  return at === sig.length ? [ints[0]!, ints[1]!] : undefined;
}

export function ecdsaSignDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const c = curveOf(privateKey);
  const d = jwkInteger(privateKey.export({ format: 'jwk' }).d);
  const e = digestInteger(c, digest);
  for (;;) {
    const k = nonce(c.n);
    const r = xOfMultiple(c, k) % c.n;
    if (r === 0n) continue;
    const s = (inverse(k, c.n) * (e + r * d)) % c.n;
    if (s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
  }
}

/**
 * Verification as FIPS 186-5 6.4.2: R = u1·G + u2·Q with u1 = e/s, u2 = r/s. KMS verifies with a
 * key whose private scalar d it holds (Q = d·G), so R = (u1 + u2·d)·G: one native multiplication.
 */
export function ecdsaVerifyDigest(privateKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = curveOf(privateKey);
  const rs = parseDer(signature);
  if (!rs) return false;
  const [r, s] = rs;
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) return false;
  const d = jwkInteger(privateKey.export({ format: 'jwk' }).d);
  const w = inverse(s, c.n);
  const scalar = mod(digestInteger(c, digest) * w + r * w * d, c.n);
  if (scalar === 0n) return false; // the point at infinity
  return xOfMultiple(c, scalar) % c.n === r;
}
