// Nimbus's settings: CLI flags override NIMBUS_* environment variables, which override defaults.
import type { Clock } from '../state/clock.js';
import type { IdSource } from '../state/ids.js';

export interface NimbusOptions {
  /** Default 127.0.0.1 (NIMBUS_HOST). */
  host?: string;
  /** Default 4566 (NIMBUS_PORT); 0 picks a free port. */
  port?: number;
  /** Region for requests whose credential scope names none. Default us-east-1 (NIMBUS_REGION). */
  region?: string;
  /** Account for access keys that are not 12-digit account ids. Default 000000000000 (NIMBUS_DEFAULT_ACCOUNT). */
  defaultAccount?: string;
  /** Persistence root (NIMBUS_PERSIST). Reserved: state is in memory in this version. */
  persist?: string;
  /** Largest request body accepted, in bytes (NIMBUS_MAX_BODY_BYTES). Default 5 GiB + 64 KiB. */
  maxBodyBytes?: number;
  clock?: Clock;
  ids?: IdSource;
}

export type ResolvedOptions = Required<Omit<NimbusOptions, 'persist' | 'clock' | 'ids'>> &
  Pick<NimbusOptions, 'persist' | 'clock' | 'ids'>;

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4566,
  region: 'us-east-1',
  defaultAccount: '000000000000',
  maxBodyBytes: 5 * 1024 ** 3 + 64 * 1024,
} as const;

/** Settings from NIMBUS_* variables (only those that are set). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): NimbusOptions {
  const o: NimbusOptions = {};
  if (env.NIMBUS_HOST) o.host = env.NIMBUS_HOST;
  if (env.NIMBUS_PORT) o.port = Number(env.NIMBUS_PORT);
  if (env.NIMBUS_REGION) o.region = env.NIMBUS_REGION;
  if (env.NIMBUS_DEFAULT_ACCOUNT) o.defaultAccount = env.NIMBUS_DEFAULT_ACCOUNT;
  if (env.NIMBUS_PERSIST) o.persist = env.NIMBUS_PERSIST;
  if (env.NIMBUS_MAX_BODY_BYTES) o.maxBodyBytes = Number(env.NIMBUS_MAX_BODY_BYTES);
  return o;
}

export function resolveOptions(options: NimbusOptions): ResolvedOptions {
  const o = { ...DEFAULTS, ...options };
  if (!/^\d{12}$/.test(o.defaultAccount)) throw new Error(`default account must be 12 digits: ${o.defaultAccount}`);
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`invalid port: ${o.port}`);
  return o;
}
