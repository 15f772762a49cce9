// Who is calling: the account comes from the access key (a 12-digit key id IS the account, as in
// LocalStack; any other key acts in the configured default account), the region from the
// credential scope (else the configured default). Signature verification and IAM enforcement are
// off in this version: every well-formed request is accepted as its key's account.
import type { CredentialScope } from '../protocol/credentials.js';
import type { Settings } from '../services/settings.js';

export interface Identity {
  accessKeyId: string;
  account: string;
  region: string;
}

const ACCOUNT_ID = /^\d{12}$/;

export function identify(settings: Pick<Settings, 'defaultAccount' | 'region'>, scope: CredentialScope | undefined): Identity {
  const accessKeyId = scope?.accessKeyId ?? '';
  return {
    accessKeyId,
    account: ACCOUNT_ID.test(accessKeyId) ? accessKeyId : settings.defaultAccount,
    region: scope?.region || settings.region,
  };
}
