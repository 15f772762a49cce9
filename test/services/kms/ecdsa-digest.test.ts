// ECDSA over a precomputed digest (kms/ecdsa-digest.ts), beside node:crypto, which signs and
// verifies over the message it hashes itself.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { test } from 'node:test';
import { ecdsaSignDigest, ecdsaVerifyDigest } from '../../../src/services/kms/ecdsa-digest.js';

/** The curve order, to make the other signature of each pair (r, n - s). */
const ORDER: Record<string, bigint> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** (r, n - s) of an IEEE P1363 signature (r || s), as P1363 again. */
function otherS(p1363: Buffer, n: bigint): Buffer {
  const half = p1363.length / 2;
  const s = BigInt(`0x${p1363.subarray(half).toString('hex')}`);
  return Buffer.concat([p1363.subarray(0, half), Buffer.from((n - s).toString(16).padStart(half * 2, '0'), 'hex')]);
}

for (const [curve, hash] of [['prime256v1', 'sha256'], ['secp384r1', 'sha384']] as const) {
  test(`${curve}: digest signatures are random, verify with node:crypto, and high S verifies as on KMS`, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    const message = Buffer.from('a message signed by its digest');
    const digest = createHash(hash).update(message).digest();
    const a = ecdsaSignDigest(privateKey, digest);
    const b = ecdsaSignDigest(privateKey, digest);
    assert.notDeepEqual(a, b, 'two signatures of one digest differ (random nonces, as KMS)');
    for (const sig of [a, b]) {
      assert.equal(nodeVerify(hash, message, { key: publicKey, dsaEncoding: 'der' }, sig), true);
      assert.equal(ecdsaVerifyDigest(privateKey, digest, sig), true);
    }
    // node:crypto's own signature and its (r, n - s) twin: both valid ECDSA signatures; KMS does
    // not insist on low S.
    const p1363 = nodeSign(hash, message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    for (const sig of [p1363, otherS(p1363, ORDER[curve]!)]) {
      assert.equal(nodeVerify(hash, message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, sig), true);
      assert.equal(ecdsaVerifyDigest(privateKey, digest, p1363ToDer(sig)), true);
    }
    assert.equal(ecdsaVerifyDigest(privateKey, createHash(hash).update('another').digest(), a), false);
    assert.equal(ecdsaVerifyDigest(privateKey, digest, Buffer.from('not a signature')), false);
    assert.equal(ecdsaVerifyDigest(privateKey, digest, Buffer.alloc(0)), false);
  });
}

/** An IEEE P1363 signature (r || s) as DER, as KMS takes it. */
function p1363ToDer(sig: Buffer): Buffer {
  const half = sig.length / 2;
  const int = (b: Buffer) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    let v = b.subarray(i);
    if (v[0]! & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02, v.length]), v]);
  };
  const body = Buffer.concat([int(sig.subarray(0, half)), int(sig.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
