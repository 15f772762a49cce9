// Encrypt, Decrypt, ReEncrypt, the data key operations and GenerateRandom.
import { randomBytes } from 'node:crypto';
import type * as sdk from '@aws-sdk/client-kms';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { decryptBlob, encryptWith } from './encryption.js';
import { KEY_PAIR_SPECS } from './key-specs.js';
import { findKey, type KmsState } from './store.js';

type Out<T> = HandlerOutput<T>;

export function encrypt(input: sdk.EncryptRequest, ctx: RequestContext, state: KmsState): Out<sdk.EncryptResponse> {
  const key = findKey(state, ctx, input.KeyId!);
  const algorithm = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  return { CiphertextBlob: encryptWith(key, 'Encrypt', input.Plaintext!, input.EncryptionContext, algorithm), KeyId: key.arn, EncryptionAlgorithm: algorithm as sdk.EncryptionAlgorithmSpec };
}

export function decrypt(input: sdk.DecryptRequest, ctx: RequestContext, state: KmsState): Out<sdk.DecryptResponse> {
  const d = decryptBlob(state, ctx, 'Decrypt', input.CiphertextBlob!, input.KeyId, input.EncryptionContext, input.EncryptionAlgorithm);
  return { KeyId: d.key.arn, Plaintext: d.plaintext, EncryptionAlgorithm: d.algorithm as sdk.EncryptionAlgorithmSpec };
}

export function reEncrypt(input: sdk.ReEncryptRequest, ctx: RequestContext, state: KmsState): Out<sdk.ReEncryptResponse> {
  const d = decryptBlob(state, ctx, 'ReEncrypt', input.CiphertextBlob!, input.SourceKeyId, input.SourceEncryptionContext, input.SourceEncryptionAlgorithm);
  const destination = findKey(state, ctx, input.DestinationKeyId!);
  const algorithm = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
  return {
    CiphertextBlob: encryptWith(destination, 'ReEncrypt', d.plaintext, input.DestinationEncryptionContext, algorithm),
    SourceKeyId: d.key.arn,
    KeyId: destination.arn,
    SourceEncryptionAlgorithm: d.algorithm as sdk.EncryptionAlgorithmSpec,
    DestinationEncryptionAlgorithm: algorithm as sdk.EncryptionAlgorithmSpec,
  };
}

/** The data key's length from KeySpec or NumberOfBytes (exactly one of them). */
function dataKeyLength(input: { KeySpec?: string; NumberOfBytes?: number }): number {
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) {
    throw new AwsError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  return input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
}

function symmetricForDataKeys(state: KmsState, ctx: RequestContext, keyId: string, operation: string) {
  const key = findKey(state, ctx, keyId);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw new AwsError('InvalidKeyUsageException', `${key.arn} key spec is ${key.keySpec}; ${operation} needs a symmetric encryption KMS key.`);
  return key;
}

export function generateDataKey(input: sdk.GenerateDataKeyRequest, ctx: RequestContext, state: KmsState): Out<sdk.GenerateDataKeyResponse> {
  const key = symmetricForDataKeys(state, ctx, input.KeyId!, 'GenerateDataKey');
  const plaintext = randomBytes(dataKeyLength(input));
  return { CiphertextBlob: encryptWith(key, 'GenerateDataKey', plaintext, input.EncryptionContext), Plaintext: plaintext, KeyId: key.arn };
}

export function generateDataKeyWithoutPlaintext(input: sdk.GenerateDataKeyWithoutPlaintextRequest, ctx: RequestContext, state: KmsState): Out<sdk.GenerateDataKeyWithoutPlaintextResponse> {
  const key = symmetricForDataKeys(state, ctx, input.KeyId!, 'GenerateDataKeyWithoutPlaintext');
  return { CiphertextBlob: encryptWith(key, 'GenerateDataKeyWithoutPlaintext', randomBytes(dataKeyLength(input)), input.EncryptionContext), KeyId: key.arn };
}

function dataKeyPair(input: sdk.GenerateDataKeyPairRequest, ctx: RequestContext, state: KmsState, operation: string) {
  const key = symmetricForDataKeys(state, ctx, input.KeyId!, operation);
  const generate = KEY_PAIR_SPECS[input.KeyPairSpec!];
  if (!generate) throw new AwsError('ValidationException', `KeyPairSpec ${input.KeyPairSpec} is not supported.`);
  // Checked before the (slow) key pair is made.
  encryptWith(key, operation, Buffer.alloc(0), input.EncryptionContext);
  const pair = generate();
  const privateDer = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    key,
    privateDer,
    out: {
      PrivateKeyCiphertextBlob: encryptWith(key, operation, privateDer, input.EncryptionContext),
      PublicKey: pair.publicKey.export({ type: 'spki', format: 'der' }),
      KeyId: key.arn,
      KeyPairSpec: input.KeyPairSpec,
    },
  };
}

export function generateDataKeyPair(input: sdk.GenerateDataKeyPairRequest, ctx: RequestContext, state: KmsState): Out<sdk.GenerateDataKeyPairResponse> {
  const { out, privateDer } = dataKeyPair(input, ctx, state, 'GenerateDataKeyPair');
  return { ...out, PrivateKeyPlaintext: privateDer };
}

export function generateDataKeyPairWithoutPlaintext(input: sdk.GenerateDataKeyPairWithoutPlaintextRequest, ctx: RequestContext, state: KmsState): Out<sdk.GenerateDataKeyPairWithoutPlaintextResponse> {
  return dataKeyPair(input, ctx, state, 'GenerateDataKeyPairWithoutPlaintext').out;
}

export function generateRandom(input: sdk.GenerateRandomRequest): Out<sdk.GenerateRandomResponse> {
  if (input.CustomKeyStoreId !== undefined) throw new AwsError('CustomKeyStoreNotFoundException', 'Custom key stores are not supported by Nimbus.');
  if (input.NumberOfBytes === undefined) throw new AwsError('ValidationException', 'NumberOfBytes is required.');
  return { Plaintext: randomBytes(input.NumberOfBytes) };
}
