// Which key states each operation accepts, and the error AWS gives in the others (AWS KMS
// Developer Guide, "Key states of AWS KMS keys": the table of operations by key state).
import { AwsError } from '../../protocol/errors.js';
import type { Key } from './entities.js';

type Rule = 'enabled' | 'notPending' | 'pending' | 'any';

/** Operations not listed accept any state (DescribeKey, Get/PutKeyPolicy, ListGrants, ...). */
const RULES: Readonly<Record<string, Rule>> = Object.assign(Object.create(null), {
  Encrypt: 'enabled',
  Decrypt: 'enabled',
  ReEncrypt: 'enabled',
  GenerateDataKey: 'enabled',
  GenerateDataKeyWithoutPlaintext: 'enabled',
  GenerateDataKeyPair: 'enabled',
  GenerateDataKeyPairWithoutPlaintext: 'enabled',
  Sign: 'enabled',
  Verify: 'enabled',
  GenerateMac: 'enabled',
  VerifyMac: 'enabled',
  GetPublicKey: 'enabled',
  EnableKeyRotation: 'enabled',
  DisableKeyRotation: 'enabled',
  RotateKeyOnDemand: 'enabled',
  GetKeyRotationStatus: 'notPending',
  CreateGrant: 'notPending',
  EnableKey: 'notPending',
  DisableKey: 'notPending',
  TagResource: 'notPending',
  UntagResource: 'notPending',
  UpdateKeyDescription: 'notPending',
  ScheduleKeyDeletion: 'notPending',
  CreateAlias: 'notPending',
  UpdateAlias: 'notPending',
  CancelKeyDeletion: 'pending',
});

/** Throws the error AWS answers when `key` is in a state `operation` does not accept. */
export function checkKeyState(key: Key, operation: string): void {
  const rule = RULES[operation] ?? 'any';
  if (rule === 'any') return;
  if (rule === 'pending') {
    if (key.state !== 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    return;
  }
  if (key.state === 'PendingDeletion') throw new AwsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  if (rule === 'enabled' && key.state === 'Disabled') throw new AwsError('DisabledException', `${key.arn} is disabled.`);
}

/** Throws InvalidKeyUsageException unless the key's usage is `usage`. */
export function checkKeyUsage(key: Key, usage: string, operation: string): void {
  if (key.keyUsage !== usage) {
    throw new AwsError('InvalidKeyUsageException', `${key.arn} key usage is ${key.keyUsage} which is not valid for ${operation}.`);
  }
}
