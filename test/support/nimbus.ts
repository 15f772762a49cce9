// Test support: one in-process Nimbus per test file, and client settings pointing at it.
import { after, before } from 'node:test';
import { startNimbus, type NimbusOptions, type RunningNimbus } from '../../src/index.js';

export interface TestNimbus {
  nimbus: RunningNimbus;
  /** Settings for any SDK v3 client: endpoint, region, static credentials. */
  config(overrides?: { region?: string; accessKeyId?: string }): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    forcePathStyle?: boolean;
  };
  /** Environment for boto3 / AWS CLI subprocesses. */
  env(overrides?: { region?: string; accessKeyId?: string }): NodeJS.ProcessEnv;
}

/** Starts Nimbus on a free port before the file's tests and stops it after them. */
export function useNimbus(options: NimbusOptions = {}): TestNimbus {
  const t = {} as TestNimbus;
  before(async () => {
    t.nimbus = await startNimbus({ port: 0, ...options });
  });
  after(async () => {
    await t.nimbus?.stop();
  });
  t.config = (o = {}) => ({
    endpoint: t.nimbus.endpoint,
    region: o.region ?? 'us-east-1',
    credentials: { accessKeyId: o.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' },
  });
  t.env = (o = {}) => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ENDPOINT_URL: t.nimbus.endpoint,
    AWS_ACCESS_KEY_ID: o.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'nimbus-secret',
    AWS_DEFAULT_REGION: o.region ?? 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '1',
  });
  return t;
}

let counter = 0;
/** A resource name unique within the test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
}
