// KMS operations in IAM's terms (Service Authorization Reference, "Actions defined by AWS Key
// Management Service"). Key operations act on the key; a key named by alias is authorized on the
// alias's ARN here (the key it names is known only once it is resolved). Decrypt and ReEncrypt
// without a KeyId act on the key the ciphertext blob names (its header carries the key's ARN), so
// the account boundary holds for another account's ciphertext too; ReEncrypt needs
// kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination, as on AWS.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';
import type { RequestContext } from '../context.js';
import { blobKeyArn } from './ciphertext.js';

function keyResource(keyId: unknown, ctx: RequestContext): string {
  const id = String(keyId ?? '');
  if (id === '') return '*';
  if (id.startsWith('arn:')) return id;
  if (id.startsWith('alias/')) return `arn:aws:kms:${ctx.region}:${ctx.account}:${id}`;
  return `arn:aws:kms:${ctx.region}:${ctx.account}:key/${id}`;
}

const onKey: IamOperation = { resource: (input, ctx) => keyResource(input.KeyId, ctx) };

/** The key a KeyId names, else the key the ciphertext names ('*' for a blob naming none: an RSA
 *  ciphertext without KeyId, which the handler refuses). */
function ciphertextKey(keyId: unknown, blob: unknown, ctx: RequestContext): string {
  if (keyId !== undefined && keyId !== '') return keyResource(keyId, ctx);
  return blobKeyArn(blob as Uint8Array | undefined, ctx) ?? '*';
}
const onAlias: IamOperation = { resource: (input, ctx) => keyResource(input.AliasName, ctx) };

export const kmsIam: IamTable = {
  prefix: 'kms',
  operations: {
    CreateKey: ANY_RESOURCE,
    DescribeKey: onKey,
    ListKeys: ANY_RESOURCE,
    EnableKey: onKey,
    DisableKey: onKey,
    UpdateKeyDescription: onKey,
    ScheduleKeyDeletion: onKey,
    CancelKeyDeletion: onKey,
    EnableKeyRotation: onKey,
    DisableKeyRotation: onKey,
    GetKeyRotationStatus: onKey,
    RotateKeyOnDemand: onKey,
    ListKeyRotations: onKey,
    TagResource: onKey,
    UntagResource: onKey,
    ListResourceTags: onKey,
    GetKeyPolicy: onKey,
    PutKeyPolicy: onKey,
    ListKeyPolicies: onKey,
    CreateAlias: onAlias,
    UpdateAlias: onAlias,
    DeleteAlias: onAlias,
    ListAliases: ANY_RESOURCE,
    CreateGrant: onKey,
    ListGrants: onKey,
    ListRetirableGrants: ANY_RESOURCE,
    RetireGrant: onKey,
    RevokeGrant: onKey,
    Encrypt: onKey,
    Decrypt: { resource: (input, ctx) => ciphertextKey(input.KeyId, input.CiphertextBlob, ctx) },
    ReEncrypt: {
      action: 'kms:ReEncryptFrom',
      resource: (input, ctx) => ciphertextKey(input.SourceKeyId, input.CiphertextBlob, ctx),
      also: [{ action: 'kms:ReEncryptTo', resource: (input, ctx) => keyResource(input.DestinationKeyId, ctx) }],
    },
    GenerateDataKey: onKey,
    GenerateDataKeyWithoutPlaintext: onKey,
    GenerateDataKeyPair: onKey,
    GenerateDataKeyPairWithoutPlaintext: onKey,
    GenerateRandom: ANY_RESOURCE,
    Sign: onKey,
    Verify: onKey,
    GenerateMac: onKey,
    VerifyMac: onKey,
    GetPublicKey: onKey,
  },
};
