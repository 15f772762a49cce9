// AWS KMS over awsJson1_1: symmetric (AES-256-GCM), RSA, ECC and HMAC keys with real cryptography
// (node:crypto); aliases, AWS managed keys created on first use, key policies, grants, key states
// and scheduled deletion, tags, rotation; an in-process API (api.ts) for services that encrypt.
// Custom key stores, imported key material, multi-Region keys and key agreement are routed but
// not implemented (501).
import { authorizeInProcess } from '../../auth/authorize.js';
import type { Caller } from '../caller.js';
import { defineService } from '../service.js';
import type { KmsApi } from './api.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import {
  decrypt,
  encrypt,
  generateDataKey,
  generateDataKeyPair,
  generateDataKeyPairWithoutPlaintext,
  generateDataKeyWithoutPlaintext,
  generateRandom,
  reEncrypt,
} from './data-keys.js';
import { blobKeyArn } from './ciphertext.js';
import { decryptBlob, encryptWith } from './encryption.js';
import { createGrant, listGrants, listRetirableGrants, retireGrant, revokeGrant } from './grants.js';
import { kmsIam } from './iam.js';
import { kmsResourcePolicies } from './resource-policy.js';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  disableKeyRotation,
  enableKey,
  enableKeyRotation,
  getKeyPolicy,
  getKeyRotationStatus,
  listKeyPolicies,
  listKeyRotations,
  listKeys,
  listResourceTags,
  putKeyPolicy,
  rotateKeyOnDemand,
  scheduleKeyDeletion,
  tagResource,
  untagResource,
  updateKeyDescription,
} from './keys.js';
import { generateMac, getPublicKey, sign, verify, verifyMac } from './signing.js';
import { createKmsState, disposeKmsState, findKey, type KmsState } from './store.js';

/** The account boundary for the in-process API: another account's key only when its key policy
 *  allows the caller (auth/authorize.ts authorizeInProcess says what of identities passes). */
function checkBoundary(state: KmsState, caller: Caller, action: string, keyArn: string): void {
  authorizeInProcess({ caller, action, resource: keyArn }, kmsResourcePolicies, state, state.host.clock.now());
}

function kmsApi(state: KmsState): KmsApi {
  return {
    encrypt(caller, region, keyId, plaintext, context) {
      const key = findKey(state, { account: caller.account, region }, keyId, { createManaged: true });
      checkBoundary(state, caller, 'kms:Encrypt', key.arn);
      return { ciphertextBlob: encryptWith(key, 'Encrypt', plaintext, context), keyArn: key.arn };
    },
    decrypt(caller, region, blob, context) {
      const where = { account: caller.account, region };
      const named = blobKeyArn(blob, where);
      if (named) checkBoundary(state, caller, 'kms:Decrypt', named);
      const d = decryptBlob(state, where, 'Decrypt', blob, undefined, context);
      return { plaintext: d.plaintext, keyArn: d.key.arn };
    },
    resolveKeyArn(caller, region, keyId) {
      return findKey(state, { account: caller.account, region }, keyId, { createManaged: true }).arn;
    },
  };
}

export const kms = defineService({
  id: 'kms',
  createState: createKmsState,
  dispose: disposeKmsState,
  api: kmsApi,
  iam: kmsIam,
  resourcePolicies: kmsResourcePolicies,
  operations: {
    CreateKey: createKey,
    DescribeKey: describeKey,
    ListKeys: listKeys,
    EnableKey: enableKey,
    DisableKey: disableKey,
    UpdateKeyDescription: updateKeyDescription,
    ScheduleKeyDeletion: scheduleKeyDeletion,
    CancelKeyDeletion: cancelKeyDeletion,
    EnableKeyRotation: enableKeyRotation,
    DisableKeyRotation: disableKeyRotation,
    GetKeyRotationStatus: getKeyRotationStatus,
    RotateKeyOnDemand: rotateKeyOnDemand,
    ListKeyRotations: listKeyRotations,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListResourceTags: listResourceTags,
    GetKeyPolicy: getKeyPolicy,
    PutKeyPolicy: putKeyPolicy,
    ListKeyPolicies: listKeyPolicies,
    CreateAlias: createAlias,
    UpdateAlias: updateAlias,
    DeleteAlias: deleteAlias,
    ListAliases: listAliases,
    CreateGrant: createGrant,
    ListGrants: listGrants,
    ListRetirableGrants: listRetirableGrants,
    RetireGrant: retireGrant,
    RevokeGrant: revokeGrant,
    Encrypt: encrypt,
    Decrypt: decrypt,
    ReEncrypt: reEncrypt,
    GenerateDataKey: generateDataKey,
    GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
    GenerateDataKeyPair: generateDataKeyPair,
    GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
    GenerateRandom: generateRandom,
    Sign: sign,
    Verify: verify,
    GenerateMac: generateMac,
    VerifyMac: verifyMac,
    GetPublicKey: getPublicKey,
  },
});
