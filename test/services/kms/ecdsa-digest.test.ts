// ECDSA over a precomputed digest (kms/ecdsa-digest.ts), against node:crypto on keys node made:
// node verifies our signatures over the original message, we verify node's, on every KMS curve;
// a wrong digest, a malformed DER signature and out-of-range r or s are refused.
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { test } from 'node:test';
import { ecdsaSignDigest, ecdsaVerifyDigest } from '../../../src/services/kms/ecdsa-digest.js';

const CASES = [
  ['prime256v1', 'sha256'],
  ['secp384r1', 'sha384'],
  ['secp521r1', 'sha512'],
  ['secp256k1', 'sha256'],
] as const;

for (const [curve, hash] of CASES) {
  test(`${curve} with ${hash}: node:crypto verifies our digest signatures; we verify node's`, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
    for (let i = 0; i < 5; i++) {
      const message = Buffer.from(`message ${i} on ${curve}`);
      const digest = createHash(hash).update(message).digest();
      const ours = ecdsaSignDigest(privateKey, digest);
      assert.equal(verify(hash, message, { key: publicKey, dsaEncoding: 'der' }, ours), true);
      assert.equal(verify(hash, Buffer.from('other'), { key: publicKey, dsaEncoding: 'der' }, ours), false);
      const theirs = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
      assert.equal(ecdsaVerifyDigest(privateKey, digest, theirs), true);
      assert.equal(ecdsaVerifyDigest(privateKey, digest, ours), true);
      const wrong = Buffer.from(digest);
      wrong[wrong.length - 1]! ^= 1;
      assert.equal(ecdsaVerifyDigest(privateKey, wrong, theirs), false);
    }
  });
}

test('malformed signatures are invalid, not errors', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const digest = createHash('sha256').update('x').digest();
  const good = ecdsaSignDigest(privateKey, digest);
  assert.equal(ecdsaVerifyDigest(privateKey, digest, Buffer.alloc(0)), false);
  assert.equal(ecdsaVerifyDigest(privateKey, digest, good.subarray(0, good.length - 1)), false);
  assert.equal(ecdsaVerifyDigest(privateKey, digest, Buffer.concat([good, Buffer.from([0])])), false);
  // r = 0 and s = 0: SEQUENCE { INTEGER 0, INTEGER 0 }.
  assert.equal(ecdsaVerifyDigest(privateKey, digest, Buffer.from('3006020100020100', 'hex')), false);
  // r = n (out of range).
  const n = Buffer.from('00ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
  const rn = Buffer.concat([Buffer.from([0x30, 2 + n.length + 3, 0x02, n.length]), n, Buffer.from([0x02, 0x01, 0x01])]);
  assert.equal(ecdsaVerifyDigest(privateKey, digest, rn), false);
});
