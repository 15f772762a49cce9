// The host: all a service may reach of the rest of Nimbus. Services get it when their state is
// created and in every request context (ctx.nimbus); they never see the server's Instance, the
// listener or another service's state. This keeps imports flowing one way:
//   server -> services -> (host contract, protocol, state, models)
import type { ServiceModel } from '../models/types.js';
import type { Clock } from '../state/clock.js';
import type { BlobStore } from '../state/durable/blobs.js';
import type { Stores } from '../state/durable/stores.js';
import type { IdSource } from '../state/ids.js';
import type { Scheduler } from '../state/scheduler.js';
import type { ServiceApis } from './apis.js';
import type { Settings } from './settings.js';

export interface Host {
  readonly clock: Clock;
  readonly ids: IdSource;
  /** Every timer runs here, on `clock`. */
  readonly scheduler: Scheduler;
  readonly settings: Settings;
  /** Durable records (state/durable/stores.ts): every service keeps its state in these. */
  readonly stores: Stores;
  /** Immutable payload files (S3 objects, Lambda code), named by rows. */
  readonly blobs: BlobStore;
  /** A compiled service model (src/models). */
  model(id: string): ServiceModel;
  /** Another service's in-process API, loading that service on first use. */
  api<K extends keyof ServiceApis>(id: K): Promise<ServiceApis[K]>;
}
