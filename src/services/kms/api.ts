// KMS's in-process API, for services that encrypt with KMS keys (SSM SecureString parameters now;
// Secrets Manager, S3 SSE-KMS, SQS/SNS server-side encryption later): the same rules as Encrypt
// and Decrypt, without HTTP. Errors are the AwsErrors those operations throw (NotFoundException,
// DisabledException, KMSInvalidStateException, InvalidCiphertextException, ...).
//
// CONTRACT: callers code against this interface; the KMS service implements it (index.ts `api`).
import type { Caller } from '../caller.js';

export interface KmsEncrypted {
  ciphertextBlob: Buffer;
  /** The ARN of the key that encrypted. */
  keyArn: string;
}

export interface KmsDecrypted {
  plaintext: Buffer;
  keyArn: string;
}

export interface KmsApi {
  /** Encrypts with the key `keyId` names (key id, key ARN, alias name or alias ARN) in the
   *  caller's account and `region`. An AWS managed alias (alias/aws/ssm) gets its key on first use. */
  encrypt(caller: Caller, region: string, keyId: string, plaintext: Uint8Array, encryptionContext?: Record<string, string>): KmsEncrypted;
  /** Decrypts a ciphertext blob from `encrypt` (or Encrypt); the blob names its key. */
  decrypt(caller: Caller, region: string, ciphertextBlob: Uint8Array, encryptionContext?: Record<string, string>): KmsDecrypted;
  /** The ARN of the key `keyId` names (creating an AWS managed key on first use of its alias). */
  resolveKeyArn(caller: Caller, region: string, keyId: string): string;
}
