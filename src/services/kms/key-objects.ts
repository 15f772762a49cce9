// node:crypto KeyObjects of asymmetric keys, made once per key from its PKCS#8 material (parsing
// a private key per request would dominate Sign and Decrypt).
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Key } from './entities.js';

const privateKeys = new WeakMap<Buffer, KeyObject>();
const publicKeys = new WeakMap<Buffer, KeyObject>();

export function privateKeyOf(key: Key): KeyObject {
  const material = key.material[key.material.length - 1]!;
  let k = privateKeys.get(material);
  if (!k) privateKeys.set(material, (k = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })));
  return k;
}

export function publicKeyOf(key: Key): KeyObject {
  const material = key.material[key.material.length - 1]!;
  let k = publicKeys.get(material);
  if (!k) publicKeys.set(material, (k = createPublicKey(privateKeyOf(key))));
  return k;
}

/** DER SubjectPublicKeyInfo, as GetPublicKey returns it. */
export function publicKeyDer(key: Key): Buffer {
  return publicKeyOf(key).export({ type: 'spki', format: 'der' });
}
