// Reads who signed a request and for which service/region, without verifying anything (signature
// verification belongs to auth/ when enforcement is on). Cheap: runs on every request.
import type { HttpRequest } from './http.js';
import { queryOf } from './http.js';

export interface CredentialScope {
  accessKeyId: string;
  /** undefined for SigV2 (always S3) and SigV4a (no region in the scope). */
  region?: string;
  /** SigV4 service name; 's3' for SigV2. */
  signingName: string;
  signatureVersion: 'v4' | 'v4a' | 'v2';
  presigned: boolean;
}

const V4 = 'AWS4-HMAC-SHA256 ';
const V4A = 'AWS4-ECDSA-P256-SHA256 ';

export function credentialScope(req: HttpRequest): CredentialScope | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    if (auth.startsWith(V4)) return fromCredential(auth, V4.length, 'v4', false);
    if (auth.startsWith(V4A)) return fromCredential(auth, V4A.length, 'v4a', false);
    if (auth.startsWith('AWS ')) {
      const colon = auth.indexOf(':', 4);
      return {
        accessKeyId: auth.slice(4, colon < 0 ? undefined : colon).trim(),
        signingName: 's3',
        signatureVersion: 'v2',
        presigned: false,
      };
    }
    return undefined;
  }
  if (req.rawQuery === '') return undefined;
  if (!req.rawQuery.includes('X-Amz-Credential') && !req.rawQuery.includes('AWSAccessKeyId')) return undefined;
  const q = queryOf(req);
  const credential = q.get('X-Amz-Credential');
  if (credential) {
    const algorithm = q.get('X-Amz-Algorithm') ?? '';
    const scope = parseScope(credential, algorithm.startsWith('AWS4-ECDSA') ? 'v4a' : 'v4', true);
    if (scope) return scope;
  }
  const v2Key = q.get('AWSAccessKeyId');
  if (v2Key) return { accessKeyId: v2Key, signingName: 's3', signatureVersion: 'v2', presigned: true };
  return undefined;
}

function fromCredential(auth: string, from: number, version: 'v4' | 'v4a', presigned: boolean) {
  const at = auth.indexOf('Credential=', from);
  if (at < 0) return undefined;
  const start = at + 'Credential='.length;
  let end = auth.indexOf(',', start);
  if (end < 0) end = auth.length;
  const credential = auth.slice(start, end).trim();
  // Every request of a client carries the same Credential (key, date, region, service): its
  // parsed scope is kept, so the per-request work is one slice and one lookup. Scopes are frozen
  // (shared between requests); the cache is dropped whole when it fills (a day's date change or
  // many keys), never grows without bound.
  const key = version === 'v4' ? credential : `a${credential}`;
  const cached = scopes.get(key);
  if (cached !== undefined) return cached;
  const scope = parseScope(credential, version, presigned);
  if (scope) {
    if (scopes.size >= MAX_CACHED_SCOPES) scopes.clear();
    scopes.set(key, Object.freeze(scope));
  }
  return scope;
}

const MAX_CACHED_SCOPES = 1024;
const scopes = new Map<string, Readonly<CredentialScope>>();

/** `AKID/20261127/us-east-1/sqs/aws4_request` (v4) or `AKID/20261127/sqs/aws4_request` (v4a). */
function parseScope(credential: string, version: 'v4' | 'v4a', presigned: boolean): CredentialScope | undefined {
  const parts = credential.split('/');
  if (version === 'v4' && parts.length >= 5) {
    return { accessKeyId: parts[0]!, region: parts[2]!, signingName: parts[3]!, signatureVersion: 'v4', presigned };
  }
  if (parts.length >= 4) {
    return { accessKeyId: parts[0]!, signingName: parts[parts.length - 2]!, signatureVersion: 'v4a', presigned };
  }
  return undefined;
}
