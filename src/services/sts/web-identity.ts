// A web identity token (OpenID Connect ID token): a JWT of three base64url parts whose payload
// names the issuer (iss), subject (sub) and audience (aud), and expires (exp). STS refuses a token
// that is not one (InvalidIdentityToken) or has expired (ExpiredTokenException).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
import { AwsError } from '../../protocol/errors.js';

export interface WebIdentityToken {
  /** The issuer without its scheme (accounts.google.com, token.actions.githubusercontent.com). */
  issuer: string;
  rawIssuer: string;
  subject: string;
  audience: string;
  amr?: string[];
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function invalid(): AwsError {
  return new AwsError('InvalidIdentityTokenException', "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)", { status: 400 });
}

function part(s: string): Record<string, unknown> {
  if (!B64URL.test(s)) throw invalid();
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // falls through
  }
  throw invalid();
}

export function parseWebIdentityToken(jwt: string, now: number): WebIdentityToken {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[2]) throw invalid();
  const header = part(parts[0]!);
  const payload = part(parts[1]!);
  if (typeof header.alg !== 'string') throw invalid();
  const { iss, sub, aud, exp, amr } = payload;
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof exp !== 'number') throw invalid();
  const audience = typeof aud === 'string' ? aud : Array.isArray(aud) && typeof aud[0] === 'string' ? aud[0] : undefined;
  if (audience === undefined) throw invalid();
  if (exp * 1000 <= now) throw new AwsError('ExpiredTokenException', 'Token expired: current date/time ' + Math.floor(now / 1000) + ' must be before the expiration date/time ' + exp, { status: 400 });
  const out: WebIdentityToken = { issuer: iss.replace(/^https:\/\//, '').replace(/\/$/, ''), rawIssuer: iss, subject: sub, audience };
  if (Array.isArray(amr) && amr.every((x) => typeof x === 'string')) out.amr = amr as string[];
  return out;
}
