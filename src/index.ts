// Library API: start Nimbus inside a test suite or script.
//   const nimbus = await startNimbus({ port: 0 });
//   new SQSClient({ endpoint: nimbus.endpoint, ... });
//   await nimbus.reset(); await nimbus.stop();
import type { AddressInfo } from 'node:net';
import { Instance } from './server/instance.js';
import { createNimbusServer } from './server/http-server.js';
import { optionsFromEnv, resolveOptions, type NimbusOptions } from './server/options.js';

export type { NimbusOptions } from './server/options.js';
export { ManualClock, type Clock } from './state/clock.js';
export type { IdSource } from './state/ids.js';

export interface RunningNimbus {
  /** e.g. http://127.0.0.1:4566 */
  endpoint: string;
  port: number;
  host: string;
  /** Wipes every account, region and service (persisted state too). */
  reset(): Promise<void>;
  /** Stops serving; with persistence, everything acknowledged is in the directory for the next start. */
  stop(): Promise<void>;
  /** The running instance, for in-process access to services' state in tests. */
  instance: Instance;
}

/** Starts Nimbus; options override NIMBUS_* environment variables. Port 0 picks a free port. */
export async function startNimbus(options: NimbusOptions = {}): Promise<RunningNimbus> {
  const resolved = resolveOptions({ ...optionsFromEnv(), ...options });
  const instance = await Instance.create(resolved);
  const server = createNimbusServer(instance);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      void instance.dispose();
      reject(e);
    });
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  resolved.port = port;
  const hostForUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  return {
    endpoint: `http://${hostForUrl}:${port}`,
    port,
    host: resolved.host,
    instance,
    reset: () => instance.reset(),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await instance.dispose();
    },
  };
}
