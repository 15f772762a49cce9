// Who is calling. The access key names the caller:
//   - a 12-digit key id IS its account, acting as the account's root (as in LocalStack);
//   - an IAM access key (AKIA..., made by CreateAccessKey) acts as its user, in the user's account
//     (IamApi.accessKey); an inactive one is refused;
//   - STS temporary credentials (ASIA..., made by AssumeRole, GetSessionToken, ...) act as their
//     session — the assumed role, in the role's account — until they expire, then answer
//     ExpiredToken; the request's security token must be the session's;
//   - any other key (AKIAIOSFODNN7EXAMPLE, "test") acts as the root of the configured default
//     account, as before IAM existed.
// The region comes from the credential scope (else the configured default). Signatures are not
// verified in this version (a deliberate difference from AWS: any secret is accepted).
//
// The hot path stays synchronous: 12-digit keys and keys of no IAM/STS shape need no lookup, and
// IAM's and STS's APIs, once loaded, answer without a promise; only the first lookup waits.
import { AwsError } from '../protocol/errors.js';
import type { CredentialScope } from '../protocol/credentials.js';
import type { Caller } from '../services/caller.js';
import type { IamApi } from '../services/iam/api.js';
import type { Settings } from '../services/settings.js';
import type { StsApi, StsSession } from '../services/sts/api.js';

export interface Identity {
  accessKeyId: string;
  account: string;
  region: string;
  caller: Caller;
}

/** Where access keys are looked up (server/chain.ts gives IAM's and STS's in-process APIs). */
export interface CredentialSources {
  /** IAM's and STS's APIs; a stand-in that knows no keys while the service has never been used
   *  (it has issued none). */
  iam(): IamApi;
  sts(): StsApi;
  /** The instance clock's now (epoch ms): session expiry. */
  now(): number;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The service's words for refused credentials (S3 words them its own way). */
const REFUSALS: Record<string, { expired: [string, number, string]; invalid: [string, number, string] }> = {
  s3: { expired: ['ExpiredToken', 400, 'The provided token has expired.'], invalid: ['InvalidToken', 400, 'The provided token is malformed or otherwise invalid.'] },
};
const DEFAULT_REFUSAL = {
  expired: ['ExpiredToken', 403, 'The security token included in the request is expired'] as [string, number, string],
  invalid: ['InvalidClientTokenId', 403, 'The security token included in the request is invalid.'] as [string, number, string],
};

function refusal(service: string, kind: 'expired' | 'invalid'): AwsError {
  const [code, status, message] = (Object.hasOwn(REFUSALS, service) ? REFUSALS[service]! : DEFAULT_REFUSAL)[kind];
  return new AwsError(code, message, { status });
}

function rootOf(accessKeyId: string, account: string, region: string): Identity {
  return { accessKeyId, account, region, caller: { account, accessKeyId, principal: `arn:aws:iam::${account}:root`, userId: account } };
}

export function identify(
  settings: Pick<Settings, 'defaultAccount' | 'region'>,
  scope: CredentialScope | undefined,
  request: { service: string; securityToken: string | undefined },
  sources: CredentialSources,
): Identity {
  const accessKeyId = scope?.accessKeyId ?? '';
  const region = scope?.region || settings.region;
  if (ACCOUNT_ID.test(accessKeyId)) return rootOf(accessKeyId, accessKeyId, region);
  if (accessKeyId.startsWith('AKIA')) return asUser(sources.iam(), accessKeyId, region, settings, request);
  if (accessKeyId.startsWith('ASIA')) return asSession(sources.sts().session(accessKeyId), accessKeyId, region, settings, request, sources.now());
  return rootOf(accessKeyId, settings.defaultAccount, region);
}

function asUser(iam: IamApi, accessKeyId: string, region: string, settings: Pick<Settings, 'defaultAccount'>, request: { service: string }): Identity {
  const key = iam.accessKey(accessKeyId);
  // A key IAM never made (the SDK docs' AKIAIOSFODNN7EXAMPLE) acts in the default account.
  if (!key) return rootOf(accessKeyId, settings.defaultAccount, region);
  if (key.status !== 'Active') throw refusal(request.service, 'invalid');
  return { accessKeyId, account: key.account, region, caller: { account: key.account, accessKeyId, principal: key.userArn, userId: key.userId } };
}

function asSession(
  session: StsSession | undefined,
  accessKeyId: string,
  region: string,
  settings: Pick<Settings, 'defaultAccount'>,
  request: { service: string; securityToken: string | undefined },
  now: number,
): Identity {
  if (!session) return rootOf(accessKeyId, settings.defaultAccount, region);
  if (request.securityToken !== session.sessionToken) throw refusal(request.service, 'invalid');
  if (now >= session.expiration) throw refusal(request.service, 'expired');
  const caller: Caller = { account: session.account, accessKeyId, principal: session.arn, userId: session.userId };
  if (session.roleArn) caller.roleArn = session.roleArn;
  if (session.sessionPolicies?.length) caller.sessionPolicies = session.sessionPolicies;
  if (session.tags) caller.principalTags = session.tags;
  if (session.sourceIdentity) caller.sourceIdentity = session.sourceIdentity;
  return { accessKeyId, account: session.account, region, caller };
}
