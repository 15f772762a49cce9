// Presigned URLs: their expiry, enforced on the instance's clock (signatures themselves are
// checked only once signature verification exists, as for every other request). SigV4 carries
// X-Amz-Date + X-Amz-Expires (at most 7 days); SigV2 an absolute Expires in epoch seconds.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';

const WEEK = 604_800;

/** `20260102T030405Z` -> epoch ms. */
function amzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

const expired = (expires: Date, now: number, fields: Record<string, string>) =>
  new AwsError('AccessDenied', 'Request has expired', { status: 403, fields: { ...fields, Expires: expires.toISOString(), ServerTime: new Date(now).toISOString() } });

export function checkPresignedExpiry(ctx: RequestContext): void {
  const q = ctx.rawQuery;
  if (q === '' || ctx.headers.authorization !== undefined) return;
  if (!q.includes('X-Amz-Credential') && !q.includes('AWSAccessKeyId')) return;
  const params = new URLSearchParams(q);
  const now = ctx.clock.now();
  if (params.has('X-Amz-Credential')) {
    const date = amzDate(params.get('X-Amz-Date') ?? '');
    const expiresText = params.get('X-Amz-Expires');
    if (date === undefined || expiresText === null) {
      throw new AwsError('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
    }
    const seconds = Number(expiresText);
    if (!Number.isInteger(seconds) || seconds < 0) throw new AwsError('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
    if (seconds > WEEK) throw new AwsError('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is; 604800 seconds');
    if (date > now + 15 * 60_000) throw new AwsError('AccessDenied', 'Request is not valid yet', { status: 403 });
    const expires = new Date(date + seconds * 1000);
    if (now > expires.getTime()) throw expired(expires, now, { 'X-Amz-Expires': expiresText });
    return;
  }
  const expiresText = params.get('Expires');
  if (expiresText === null) throw new AwsError('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters', { status: 403 });
  const expires = new Date(Number(expiresText) * 1000);
  if (!Number.isFinite(expires.getTime())) throw new AwsError('AccessDenied', 'Invalid date (should be seconds since epoch): ' + expiresText, { status: 403 });
  if (now > expires.getTime()) throw expired(expires, now, {});
}
