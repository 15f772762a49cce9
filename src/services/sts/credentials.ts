// Temporary credentials: how they look (ASIA + 16 characters of AWS's id alphabet, a 40-character
// secret, an opaque session token) and where they live. Every session STS issues is a row of the
// global store sts/sessions keyed by its access key id, so under --persist assumed-role
// credentials keep working after a restart until they expire.
import type { Host } from '../host.js';
import type { IdSource } from '../../state/ids.js';
import type { StsSession } from './api.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(ids: IdSource, n: number): string {
  let out = '';
  const hex = ids.hex(n * 2);
  for (let i = 0; i < n; i++) out += BASE32[parseInt(hex.slice(i * 2, i * 2 + 2), 16) & 31];
  return out;
}

/** Ids in AWS's formats for temporary credentials. */
export const credentialIds = {
  accessKeyId: (ids: IdSource) => 'ASIA' + base32(ids, 16),
  secretAccessKey: (ids: IdSource) => Buffer.from(ids.hex(60), 'hex').toString('base64'),
  /** Opaque to clients; AWS's are a few hundred base64 characters. */
  sessionToken: (ids: IdSource) => 'FwoGZXIvYXdzE' + Buffer.from(ids.hex(240), 'hex').toString('base64'),
};

/** The durable row of a session (store sts/sessions, scope global, key the access key id). */
export type SessionRow = Omit<StsSession, 'accessKeyId'> & {
  /** How the session was made: AssumeRole, AssumeRoleWithWebIdentity or GetSessionToken. */
  kind: string;
  /** Epoch ms. */
  issued: number;
};

/** Sessions that expired this long ago are dropped when the state loads (their key is then
 *  unknown rather than expired). */
const KEEP_EXPIRED_MS = 7 * 24 * 3600 * 1000;

export function createStsState(host: Host) {
  const rows = host.stores.open<SessionRow>('sts', { name: 'sessions', scope: 'global', version: 1 });
  const sessions = new Map<string, StsSession & { kind: string; issued: number }>();
  const now = host.clock.now();
  for (const { key, row } of rows.load()) {
    if (row.expiration + KEEP_EXPIRED_MS < now) rows.delete('', '', key);
    else sessions.set(key, { accessKeyId: key, ...row });
  }
  return {
    host,
    sessions,
    /** Issues a session: stores it and returns it. */
    issue(kind: string, fields: Omit<StsSession, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): StsSession {
      const accessKeyId = credentialIds.accessKeyId(host.ids);
      const row: SessionRow = {
        kind,
        issued: host.clock.now(),
        secretAccessKey: credentialIds.secretAccessKey(host.ids),
        sessionToken: credentialIds.sessionToken(host.ids),
        ...fields,
      };
      rows.put('', '', accessKeyId, row);
      const session = { accessKeyId, ...row };
      sessions.set(accessKeyId, session);
      return session;
    },
  };
}

export type StsState = ReturnType<typeof createStsState>;
