// Nimbus's settings: CLI flags override NIMBUS_* environment variables, which override defaults.
import type { ServiceDefinition } from '../services/service.js';
import { SERVICE_SETTING_DEFAULTS, type LambdaSettings, type SnsSettings } from '../services/settings.js';
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
  /** Persistence directory (NIMBUS_PERSIST): every acknowledged write is kept there, through
   *  restarts and kill -9. Default: state in memory only. */
  persist?: string;
  /** With persist: wait for the disk on every commit, so commits survive a power loss too
   *  (NIMBUS_PERSIST_FSYNC=1). Default off: commits survive a process crash. */
  persistFsync?: boolean;
  /** Largest request body accepted, in bytes (NIMBUS_MAX_BODY_BYTES). Default 5 GiB + 64 KiB. */
  maxBodyBytes?: number;
  /** SNS knobs (NIMBUS_SNS_SIGNING_KEY_BITS, NIMBUS_SNS_RETRY_DELAY_SCALE). */
  sns?: Partial<SnsSettings>;
  /** Lambda knobs (NIMBUS_LAMBDA_IDLE_SECONDS, NIMBUS_LAMBDA_ASYNC_RETRY_DELAY_SCALE). */
  lambda?: Partial<LambdaSettings>;
  clock?: Clock;
  ids?: IdSource;
  /** For tests: service definitions by model id, loaded instead of the registry's (or for a
   *  service the registry lacks), e.g. one with an empty operation table to see 501 answers. */
  services?: Record<string, () => Promise<ServiceDefinition<any>>>;
}

export type ResolvedOptions = Required<Omit<NimbusOptions, 'persist' | 'persistFsync' | 'clock' | 'ids' | 'sns' | 'lambda' | 'services'>> &
  Pick<NimbusOptions, 'persist' | 'persistFsync' | 'clock' | 'ids' | 'services'> & { sns: SnsSettings; lambda: LambdaSettings };

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
  if (env.NIMBUS_PORT) {
    if (!/^\d+$/.test(env.NIMBUS_PORT)) throw new Error(`NIMBUS_PORT must be a number from 0 to 65535, not '${env.NIMBUS_PORT}'`);
    o.port = Number(env.NIMBUS_PORT);
  }
  if (env.NIMBUS_REGION) o.region = env.NIMBUS_REGION;
  if (env.NIMBUS_DEFAULT_ACCOUNT) o.defaultAccount = env.NIMBUS_DEFAULT_ACCOUNT;
  if (env.NIMBUS_PERSIST) o.persist = env.NIMBUS_PERSIST;
  if (env.NIMBUS_PERSIST_FSYNC) o.persistFsync = env.NIMBUS_PERSIST_FSYNC === '1' || env.NIMBUS_PERSIST_FSYNC === 'true';
  if (env.NIMBUS_MAX_BODY_BYTES) o.maxBodyBytes = Number(env.NIMBUS_MAX_BODY_BYTES);
  const sns: Partial<SnsSettings> = {};
  if (env.NIMBUS_SNS_SIGNING_KEY_BITS) sns.signingKeyBits = Number(env.NIMBUS_SNS_SIGNING_KEY_BITS) as SnsSettings['signingKeyBits'];
  if (env.NIMBUS_SNS_RETRY_DELAY_SCALE) sns.retryDelayScale = Number(env.NIMBUS_SNS_RETRY_DELAY_SCALE);
  if (Object.keys(sns).length) o.sns = sns;
  const lambda: Partial<LambdaSettings> = {};
  if (env.NIMBUS_LAMBDA_IDLE_SECONDS) lambda.idleSeconds = Number(env.NIMBUS_LAMBDA_IDLE_SECONDS);
  if (env.NIMBUS_LAMBDA_ASYNC_RETRY_DELAY_SCALE) lambda.asyncRetryDelayScale = Number(env.NIMBUS_LAMBDA_ASYNC_RETRY_DELAY_SCALE);
  if (Object.keys(lambda).length) o.lambda = lambda;
  return o;
}

export function resolveOptions(options: NimbusOptions): ResolvedOptions {
  const o = { ...DEFAULTS, ...options, sns: { ...SERVICE_SETTING_DEFAULTS.sns, ...options.sns }, lambda: { ...SERVICE_SETTING_DEFAULTS.lambda, ...(process.env.PATH && { path: process.env.PATH }), ...options.lambda } };
  if (!(o.lambda.idleSeconds >= 0)) throw new Error(`Lambda idle seconds must be a number >= 0: ${o.lambda.idleSeconds}`);
  if (![1024, 2048, 3072, 4096].includes(o.sns.signingKeyBits)) throw new Error(`SNS signing key bits must be 1024, 2048, 3072 or 4096: ${o.sns.signingKeyBits}`);
  if (!(o.sns.retryDelayScale >= 0)) throw new Error(`SNS retry delay scale must be a number >= 0: ${o.sns.retryDelayScale}`);
  if (!/^\d{12}$/.test(o.defaultAccount)) throw new Error(`default account must be 12 digits: ${o.defaultAccount}`);
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`invalid port: ${o.port}`);
  return o;
}
