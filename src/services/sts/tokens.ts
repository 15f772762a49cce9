// GetCallerIdentity, GetSessionToken, GetAccessKeyInfo and DecodeAuthorizationMessage.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_Operations.html
import type {
  DecodeAuthorizationMessageRequest,
  DecodeAuthorizationMessageResponse,
  GetAccessKeyInfoRequest,
  GetAccessKeyInfoResponse,
  GetCallerIdentityRequest,
  GetCallerIdentityResponse,
  GetSessionTokenRequest,
  GetSessionTokenResponse,
} from '@aws-sdk/client-sts';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { StsState } from './credentials.js';
import { validationError } from './errors.js';

export function getCallerIdentity(_input: GetCallerIdentityRequest, ctx: RequestContext): GetCallerIdentityResponse {
  const c = ctx.caller;
  // The root answers its account id as UserId; a user its AIDA id; a role session <role id>:<name>.
  return { UserId: c.userId ?? ctx.account, Account: ctx.account, Arn: c.principal ?? `arn:aws:iam::${ctx.account}:root` };
}

/** GetSessionToken's limits: 15 minutes to 36 hours (one hour for the root). */
const ROOT_MAX_SECONDS = 3600;

export function getSessionToken(input: GetSessionTokenRequest, ctx: RequestContext, state: StsState): GetSessionTokenResponse {
  const c = ctx.caller;
  if (c.accessKeyId?.startsWith('ASIA')) {
    throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials', { status: 403 });
  }
  const principal = c.principal ?? `arn:aws:iam::${ctx.account}:root`;
  const root = principal.endsWith(':root');
  const seconds = input.DurationSeconds ?? (root ? ROOT_MAX_SECONDS : 43200);
  // AWS caps the root's sessions at one hour instead of refusing a longer request.
  const effective = root ? Math.min(seconds, ROOT_MAX_SECONDS) : seconds;
  if (input.SerialNumber !== undefined && input.TokenCode === undefined) throw validationError('TokenCode is required when SerialNumber is given.');
  const session = state.issue('GetSessionToken', {
    expiration: ctx.clock.now() + effective * 1000,
    account: ctx.account,
    arn: principal,
    userId: c.userId ?? ctx.account,
  });
  return { Credentials: { AccessKeyId: session.accessKeyId, SecretAccessKey: session.secretAccessKey, SessionToken: session.sessionToken, Expiration: new Date(session.expiration) } };
}

export async function getAccessKeyInfo(input: GetAccessKeyInfoRequest, ctx: RequestContext, state: StsState): Promise<GetAccessKeyInfoResponse> {
  const id = input.AccessKeyId!;
  const session = state.sessions.get(id);
  if (session) return { Account: session.account };
  if (/^\d{12}$/.test(id)) return { Account: id };
  if (id.startsWith('AKIA')) {
    const key = (await ctx.nimbus.api('iam')).accessKey(id);
    if (key) return { Account: key.account };
  }
  // Any other key acts in the default account in Nimbus (auth/identity.ts), so that is its account.
  return { Account: ctx.nimbus.settings.defaultAccount };
}

/**
 * Authorization failure messages: services that refuse a call with an encoded message (EC2's
 * UnauthorizedOperation) encode it with encodeAuthorizationMessage; DecodeAuthorizationMessage
 * gives back the JSON. No Nimbus service emits encoded messages yet (they come with IAM
 * enforcement), so today only messages made by encodeAuthorizationMessage decode.
 */
const PREFIX = 'nimbus-authz:';

export function encodeAuthorizationMessage(decoded: object): string {
  return Buffer.from(PREFIX + JSON.stringify(decoded), 'utf8').toString('base64');
}

export function decodeAuthorizationMessage(input: DecodeAuthorizationMessageRequest): DecodeAuthorizationMessageResponse {
  const text = /^[A-Za-z0-9+/_-]+={0,2}$/.test(input.EncodedMessage!) ? Buffer.from(input.EncodedMessage!, 'base64').toString('utf8') : '';
  if (!text.startsWith(PREFIX)) throw new AwsError('InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.', { status: 400 });
  return { DecodedMessage: text.slice(PREFIX.length) };
}
