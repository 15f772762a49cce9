// Sign, Verify, GenerateMac, VerifyMac and GetPublicKey: RSA (PSS, PKCS#1 v1.5) and ECDSA
// signatures in AWS's formats (ECDSA signatures DER-encoded), over the message (RAW) or a
// precomputed digest (DIGEST), HMACs, DER SubjectPublicKeyInfo.
import { constants, createHmac, sign as nodeSign, timingSafeEqual, verify as nodeVerify } from 'node:crypto';
import type * as sdk from '@aws-sdk/client-kms';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import type { Key } from './entities.js';
import { publicKeyDer, privateKeyOf, publicKeyOf } from './key-objects.js';
import { KEY_SPECS, MAC_HASHES, SIGNING_ALGORITHMS } from './key-specs.js';
import { checkKeyState, checkKeyUsage } from './key-state.js';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa-digest.js';
import { pkcs1SignDigest, pkcs1VerifyDigest, pssSignDigest, pssVerifyDigest } from './rsa-digest.js';
import { findKey, type KmsState } from './store.js';

type Out<T> = HandlerOutput<T>;

function signingKey(state: KmsState, ctx: RequestContext, keyId: string, algorithm: string, operation: string): Key {
  const key = findKey(state, ctx, keyId);
  checkKeyState(key, operation);
  checkKeyUsage(key, 'SIGN_VERIFY', operation);
  if (!KEY_SPECS[key.keySpec]!.signingAlgorithms?.includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
  return key;
}

function checkMessage(message: Uint8Array, messageType: string, algorithm: string): void {
  if (messageType !== 'DIGEST') return;
  const { digestBytes } = SIGNING_ALGORITHMS[algorithm]!;
  if (message.length !== digestBytes) {
    throw new AwsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
}

/** A signature over a precomputed digest: RSA padding in rsa-digest.ts, ECDSA in ecdsa-digest.ts. */
function signDigest(key: Key, algorithm: string, digest: Buffer): Buffer {
  const { hash, padding } = SIGNING_ALGORITHMS[algorithm]!;
  if (!padding) return ecdsaSignDigest(privateKeyOf(key), digest);
  return padding === 'pss' ? pssSignDigest(privateKeyOf(key), hash, digest) : pkcs1SignDigest(privateKeyOf(key), hash, digest);
}

function verifyDigest(key: Key, algorithm: string, digest: Buffer, signature: Buffer): boolean {
  const { hash, padding } = SIGNING_ALGORITHMS[algorithm]!;
  if (!padding) return ecdsaVerifyDigest(privateKeyOf(key), digest, signature);
  return padding === 'pss' ? pssVerifyDigest(publicKeyOf(key), hash, digest, signature) : pkcs1VerifyDigest(publicKeyOf(key), hash, digest, signature);
}

function rsaOptions(key: Key, padding: 'pss' | 'pkcs1' | undefined, digestBytes: number) {
  if (!padding) return { key: privateKeyOf(key), dsaEncoding: 'der' as const };
  return padding === 'pss'
    ? { key: privateKeyOf(key), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digestBytes }
    : { key: privateKeyOf(key), padding: constants.RSA_PKCS1_PADDING };
}

export function sign(input: sdk.SignRequest, ctx: RequestContext, state: KmsState): Out<sdk.SignResponse> {
  const algorithm = input.SigningAlgorithm!;
  const key = signingKey(state, ctx, input.KeyId!, algorithm, 'Sign');
  const messageType = input.MessageType ?? 'RAW';
  const message = Buffer.from(input.Message!);
  checkMessage(message, messageType, algorithm);
  const { hash, digestBytes, padding } = SIGNING_ALGORITHMS[algorithm]!;
  const signature = messageType === 'DIGEST' ? signDigest(key, algorithm, message) : nodeSign(hash, message, rsaOptions(key, padding, digestBytes));
  return { KeyId: key.arn, Signature: signature, SigningAlgorithm: algorithm };
}

export function verify(input: sdk.VerifyRequest, ctx: RequestContext, state: KmsState): Out<sdk.VerifyResponse> {
  const algorithm = input.SigningAlgorithm!;
  const key = signingKey(state, ctx, input.KeyId!, algorithm, 'Verify');
  const messageType = input.MessageType ?? 'RAW';
  const message = Buffer.from(input.Message!);
  const signature = Buffer.from(input.Signature!);
  checkMessage(message, messageType, algorithm);
  const { hash, digestBytes, padding } = SIGNING_ALGORITHMS[algorithm]!;
  let valid: boolean;
  if (messageType === 'DIGEST') {
    valid = verifyDigest(key, algorithm, message, signature);
  } else {
    const options = { ...rsaOptions(key, padding, digestBytes), key: publicKeyOf(key) };
    try {
      valid = nodeVerify(hash, message, options, signature);
    } catch {
      valid = false;
    }
  }
  // AWS answers an invalid signature with an error, not SignatureValid: false.
  if (!valid) throw new AwsError('KMSInvalidSignatureException', '');
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: algorithm };
}

function macKey(state: KmsState, ctx: RequestContext, keyId: string, algorithm: string, operation: string): Key {
  const key = findKey(state, ctx, keyId);
  checkKeyState(key, operation);
  checkKeyUsage(key, 'GENERATE_VERIFY_MAC', operation);
  if (!KEY_SPECS[key.keySpec]!.macAlgorithms?.includes(algorithm)) {
    throw new AwsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${key.keySpec}.`);
  }
  return key;
}

function mac(key: Key, algorithm: string, message: Uint8Array): Buffer {
  return createHmac(MAC_HASHES[algorithm]!, key.material[key.material.length - 1]!).update(message).digest();
}

export function generateMac(input: sdk.GenerateMacRequest, ctx: RequestContext, state: KmsState): Out<sdk.GenerateMacResponse> {
  const key = macKey(state, ctx, input.KeyId!, input.MacAlgorithm!, 'GenerateMac');
  return { KeyId: key.arn, Mac: mac(key, input.MacAlgorithm!, input.Message!), MacAlgorithm: input.MacAlgorithm };
}

export function verifyMac(input: sdk.VerifyMacRequest, ctx: RequestContext, state: KmsState): Out<sdk.VerifyMacResponse> {
  const key = macKey(state, ctx, input.KeyId!, input.MacAlgorithm!, 'VerifyMac');
  const expected = mac(key, input.MacAlgorithm!, input.Message!);
  const given = Buffer.from(input.Mac!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AwsError('KMSInvalidMacException', '');
  return { KeyId: key.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
}

export function getPublicKey(input: sdk.GetPublicKeyRequest, ctx: RequestContext, state: KmsState): Out<sdk.GetPublicKeyResponse> {
  const key = findKey(state, ctx, input.KeyId!);
  checkKeyState(key, 'GetPublicKey');
  const spec = KEY_SPECS[key.keySpec]!;
  if (spec.rsaBytes === undefined && spec.curve === undefined) {
    throw new AwsError('UnsupportedOperationException', `${key.arn} key usage is ${key.keyUsage}; GetPublicKey needs an asymmetric KMS key.`);
  }
  return {
    KeyId: key.arn,
    PublicKey: publicKeyDer(key),
    CustomerMasterKeySpec: key.keySpec as sdk.CustomerMasterKeySpec,
    KeySpec: key.keySpec as sdk.KeySpec,
    KeyUsage: key.keyUsage as sdk.KeyUsageType,
    ...(key.keyUsage === 'ENCRYPT_DECRYPT' ? { EncryptionAlgorithms: [...spec.encryptionAlgorithms!] as sdk.EncryptionAlgorithmSpec[] } : { SigningAlgorithms: [...spec.signingAlgorithms!] as sdk.SigningAlgorithmSpec[] }),
  };
}
