// Nimbus's settings as services see them: resolved once by the server from CLI flags, NIMBUS_*
// variables and defaults (server/options.ts). Services read these, never the environment themselves.

export interface SnsSettings {
  /** RSA modulus of the signing key (NIMBUS_SNS_SIGNING_KEY_BITS): 1024 by default, a deliberate
   *  difference from AWS's 2048 (see sns/signing.ts). */
  signingKeyBits: 1024 | 2048 | 3072 | 4096;
  /** Multiplies every retry delay of an HTTP/S delivery policy (NIMBUS_SNS_RETRY_DELAY_SCALE); 1 is AWS's timing. */
  retryDelayScale: number;
}

export interface LambdaSettings {
  /** Seconds an idle execution environment stays warm before it is ended (NIMBUS_LAMBDA_IDLE_SECONDS). */
  idleSeconds: number;
  /** Multiplies the retry delays of asynchronous invocations (NIMBUS_LAMBDA_ASYNC_RETRY_DELAY_SCALE); 1 is AWS's timing. */
  asyncRetryDelayScale: number;
  /** The PATH a function's process sees (where python3 and a bootstrap's tools are found): the
   *  host's PATH unless set. */
  path: string;
}

export interface Settings {
  /** Listener address, as clients reach it (queue URLs and the like are built from the Host header). */
  readonly host: string;
  readonly port: number;
  /** Region for requests whose credential scope names none. */
  readonly region: string;
  /** Account for access keys that are not 12-digit account ids. */
  readonly defaultAccount: string;
  readonly sns: Readonly<SnsSettings>;
  readonly lambda: Readonly<LambdaSettings>;
}

export const SERVICE_SETTING_DEFAULTS: { sns: SnsSettings; lambda: LambdaSettings } = {
  sns: { signingKeyBits: 1024, retryDelayScale: 1 },
  lambda: { idleSeconds: 600, asyncRetryDelayScale: 1, path: '/usr/local/bin:/usr/bin:/bin' },
};
