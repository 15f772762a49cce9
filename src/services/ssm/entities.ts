// Parameter Store's live structures, one per account and region: parameters by name, each with
// its versions (history) and tags. The rows (rows.ts) are these same shapes, so a parameter is
// saved and restored as it is.
import type { Timer } from '../../state/scheduler.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';
export type ParameterTier = 'Standard' | 'Advanced';

export interface ParameterVersion {
  version: number;
  type: ParameterType;
  /** The value; for a SecureString, the KMS ciphertext blob in base64 (never the plaintext). */
  value: string;
  /** SecureString: the KeyId as given (alias/aws/ssm by default). */
  keyId?: string;
  description?: string;
  allowedPattern?: string;
  tier: ParameterTier;
  dataType: string;
  /** Parameter policies as given (JSON texts), with AWS's PolicyStatus. */
  policies: Array<{ text: string; type: string }>;
  labels: string[];
  lastModifiedDate: number;
  lastModifiedUser: string;
}

export interface Parameter {
  name: string;
  versions: ParameterVersion[];
  tags: Array<[string, string]>;
  /** The Expiration policy's deletion, on host.scheduler. */
  expiration?: Timer;
}

export interface SsmRegion {
  parameters: Map<string, Parameter>;
  /** How many Standard parameters exist (AWS's 10,000 limit per account and Region). */
  standardCount: number;
}

export function latest(p: Parameter): ParameterVersion {
  return p.versions[p.versions.length - 1]!;
}
