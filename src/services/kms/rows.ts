// KMS's durable rows (state/durable/stores.ts). A key's row carries its key material (AES, HMAC
// or PKCS#8 private key bytes, base64, one entry per rotation), so with --persist a ciphertext
// made before a restart decrypts after it. The material never leaves Nimbus otherwise: no
// operation returns it.
//
//   keys     region  key key id      KeyRow (metadata, policy, tags, grants, material)
//   aliases  region  key alias name  AliasRow
import type { Host } from '../host.js';
import type { Store } from '../../state/durable/stores.js';

export interface GrantRow {
  grantId: string;
  grantToken: string;
  name?: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  operations: string[];
  constraints?: { EncryptionContextSubset?: Record<string, string>; EncryptionContextEquals?: Record<string, string> };
  issuingAccount: string;
  creationDate: number;
}

export interface KeyRow {
  id: string;
  creationDate: number;
  description: string;
  keyUsage: string;
  keySpec: string;
  keyManager: 'CUSTOMER' | 'AWS';
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  deletionDate?: number;
  policy: string;
  tags: Array<[string, string]>;
  rotation: { enabled: boolean; periodDays: number; since?: number };
  /** Key material versions, oldest first, base64; the last one encrypts. */
  material: string[];
  /** When each material version was made (ListKeyRotations). */
  materialDates: number[];
  grants: GrantRow[];
}

export interface AliasRow {
  name: string;
  targetKeyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

export interface KmsStores {
  keys: Store<KeyRow>;
  aliases: Store<AliasRow>;
}

export function openKmsStores(host: Host): KmsStores {
  return {
    keys: host.stores.open<KeyRow>('kms', { name: 'keys', scope: 'region', version: 1 }),
    aliases: host.stores.open<AliasRow>('kms', { name: 'aliases', scope: 'region', version: 1 }),
  };
}
