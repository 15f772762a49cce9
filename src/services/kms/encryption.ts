// Encryption with a KMS key, shared by the operations (Encrypt, Decrypt, ReEncrypt, data keys) and
// the in-process API: AES-256-GCM envelopes for symmetric keys (ciphertext.ts), RSAES-OAEP for RSA
// keys. The encryption context is authenticated data of symmetric ciphertexts.
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { Key } from './entities.js';
import { KEY_SPECS } from './key-specs.js';
import { checkKeyState, checkKeyUsage } from './key-state.js';
import { invalidCiphertext, openSymmetric, parseBlob, sealSymmetric } from './ciphertext.js';
import { privateKeyOf, publicKeyOf } from './key-objects.js';
import { findKey, type KmsState, type Where } from './store.js';

const OAEP_HASH: Readonly<Record<string, string>> = Object.assign(Object.create(null), { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' });

/** Throws InvalidKeyUsageException unless `algorithm` is one of the key's encryption algorithms. */
function checkAlgorithm(key: Key, algorithm: string): void {
  if (!KEY_SPECS[key.keySpec]!.encryptionAlgorithms?.includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
}

function checkContext(key: Key, context: Record<string, string> | undefined): void {
  // AWS: an encryption context is supported only with symmetric encryption keys.
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' && context && Object.keys(context).length > 0) {
    throw new AwsError('ValidationException', 'EncryptionContext is not supported for asymmetric KMS keys.');
  }
}

export function encryptWith(key: Key, operation: string, plaintext: Uint8Array, context: Record<string, string> | undefined, algorithm = 'SYMMETRIC_DEFAULT'): Buffer {
  checkKeyState(key, operation);
  checkKeyUsage(key, 'ENCRYPT_DECRYPT', operation);
  checkAlgorithm(key, algorithm);
  checkContext(key, context);
  if (key.keySpec === 'SYMMETRIC_DEFAULT') return sealSymmetric(key.arn, key.material.length - 1, key.material[key.material.length - 1]!, plaintext, context);
  try {
    return publicEncrypt({ key: publicKeyOf(key), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm]! }, plaintext);
  } catch {
    // Longer than OAEP allows for the modulus (e.g. 190 bytes for RSA_2048 with SHA-256).
    throw new AwsError('ValidationException', `Plaintext is too long for ${key.keySpec} with ${algorithm}.`);
  }
}

/** The account and region of a key ARN. */
function arnScope(arn: string): Where | undefined {
  const m = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\//.exec(arn);
  return m ? { account: m[2]!, region: m[1]! } : undefined;
}

export interface Decrypted {
  key: Key;
  plaintext: Buffer;
  algorithm: string;
}

/**
 * Decrypts a ciphertext blob. A symmetric blob names its key (by ARN, in whichever account and
 * region; a format 1 blob by id, in `where` or the named key's); `keyId`, when given, must name
 * the same key (IncorrectKeyException otherwise). An RSA ciphertext needs `keyId`. Whether the
 * caller may use the key is the authorize step's (or the in-process API's) question.
 */
export function decryptBlob(
  state: KmsState,
  where: Where,
  operation: string,
  blob: Uint8Array,
  keyId: string | undefined,
  context: Record<string, string> | undefined,
  algorithm = 'SYMMETRIC_DEFAULT',
): Decrypted {
  const named = keyId === undefined ? undefined : findKey(state, where, keyId);
  if (algorithm === 'SYMMETRIC_DEFAULT' && (named === undefined || named.keySpec === 'SYMMETRIC_DEFAULT')) {
    const parsed = parseBlob(blob);
    const scope = parsed.keyArn ? arnScope(parsed.keyArn) : named ? { account: named.account, region: named.region } : where;
    const key = scope && state.regions.for(scope.account, scope.region).keys.get(parsed.keyId);
    if (named && (parsed.keyId !== named.id || (parsed.keyArn !== undefined && parsed.keyArn !== named.arn))) {
      throw new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
    if (!key) throw invalidCiphertext();
    checkKeyState(key, operation);
    checkKeyUsage(key, 'ENCRYPT_DECRYPT', operation);
    const material = key.material[parsed.materialVersion];
    if (!material) throw invalidCiphertext();
    return { key, plaintext: openSymmetric(parsed, material, context), algorithm };
  }
  if (!named) throw invalidCiphertext();
  checkKeyState(named, operation);
  checkKeyUsage(named, 'ENCRYPT_DECRYPT', operation);
  checkAlgorithm(named, algorithm);
  checkContext(named, context);
  try {
    return { key: named, plaintext: privateDecrypt({ key: privateKeyOf(named), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[algorithm]! }, blob), algorithm };
  } catch {
    throw invalidCiphertext();
  }
}
