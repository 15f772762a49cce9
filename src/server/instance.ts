// One running Nimbus: its settings, clock, id source, scheduler and durable state (the Host
// services see), and the services it has loaded with their per-instance state. Several instances
// can live in one process (tests start their own). Create one with `Instance.create`, which opens
// the durable state and restores every service that has persisted rows.
//
// Stopping (dispose) and wiping (reset) are separate: a wipe disposes every service's state,
// deletes what is persisted, and lets state be created anew; a stop commits what is staged, ends
// the scheduler and closes the durable state, leaving it for the next start.
import { loadModel } from '../models/load.js';
import type { ServiceApis } from '../services/apis.js';
import type { Host } from '../services/host.js';
import { serviceLoaders } from '../services/registry.js';
import type { ServiceDefinition } from '../services/service.js';
import type { Settings } from '../services/settings.js';
import { systemClock, type Clock } from '../state/clock.js';
import { DurableState } from '../state/durable/durable-state.js';
import { randomIds, type IdSource } from '../state/ids.js';
import { ClockScheduler } from '../state/scheduler.js';
import type { ResolvedOptions } from './options.js';

export class Instance {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly settings: Settings;
  /** What services see of this instance. */
  readonly host: Host;
  private scheduler: ClockScheduler;
  private readonly definitions = new Map<string, ServiceDefinition<any> | null>();
  private readonly states = new Map<string, unknown>();
  private readonly apis = new Map<string, unknown>();
  /** moto's INITIAL_NO_AUTH_ACTION_COUNT, kept for /moto-api/reset-auth (IAM enforcement is off). */
  initialNoAuthActionCount = Infinity;

  /** Opens the durable state (refusing a directory in use or of an unknown format) and restores
   *  the services it holds rows for, so their timers resume from their persisted deadlines. */
  static async create(options: ResolvedOptions): Promise<Instance> {
    const durable = await DurableState.open({ persist: options.persist, fsync: options.persistFsync });
    const instance = new Instance(options, durable);
    try {
      for (const id of durable.journal.servicesWithRows()) {
        const definition = await instance.definition(id);
        if (definition) instance.state(definition);
      }
    } catch (e) {
      // A store that cannot be read (a version with no migration): refuse to start, and let go
      // of the directory.
      await instance.dispose();
      throw e;
    }
    return instance;
  }

  private constructor(
    readonly options: ResolvedOptions,
    readonly durable: DurableState,
  ) {
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.scheduler = this.newScheduler();
    this.settings = {
      get host() {
        return options.host;
      },
      get port() {
        return options.port;
      },
      region: options.region,
      defaultAccount: options.defaultAccount,
      sns: options.sns,
      lambda: options.lambda,
    };
    const self = this;
    this.host = {
      clock: this.clock,
      ids: this.ids,
      get scheduler() {
        return self.scheduler;
      },
      settings: this.settings,
      stores: durable,
      blobs: durable.blobs,
      model: loadModel,
      api: <K extends keyof ServiceApis>(id: K) => this.api(id) as Promise<ServiceApis[K]>,
    };
  }

  private newScheduler(): ClockScheduler {
    return new ClockScheduler(this.clock, () => this.durable.commit());
  }

  /** The service's definition, loading it on first use; null when it has no handlers yet. */
  definition(id: string): ServiceDefinition<any> | null | Promise<ServiceDefinition<any> | null> {
    const known = this.definitions.get(id);
    if (known !== undefined) return known;
    const injected = this.options.services;
    const loader = injected && Object.hasOwn(injected, id) ? injected[id] : Object.hasOwn(serviceLoaders, id) ? serviceLoaders[id] : undefined;
    if (!loader) {
      this.definitions.set(id, null);
      return null;
    }
    return loader().then((d) => {
      this.definitions.set(id, d);
      return d;
    });
  }

  /** The service's state in this instance, created (and loaded from its stores) on first use. */
  state<S>(definition: ServiceDefinition<S>): S {
    let s = this.states.get(definition.id) as S | undefined;
    if (s === undefined) {
      s = definition.createState(this.host);
      this.states.set(definition.id, s);
    }
    return s;
  }

  /** A loaded service's state, for tests that look inside (never used by services). */
  async serviceState<S>(id: string): Promise<S | undefined> {
    const d = await this.definition(id);
    return d ? (this.state(d) as S) : undefined;
  }

  /** A service's in-process API (ServiceDefinition.api), loading the service if needed. */
  async api(id: string): Promise<unknown> {
    const d = await this.definition(id);
    if (!d?.api) throw new Error(`service ${id} has no in-process API`);
    let api = this.apis.get(id);
    if (api === undefined) {
      api = d.api(this.state(d), this.host);
      this.apis.set(id, api);
    }
    return api;
  }

  /** The in-process API of a service whose state exists in this instance, without a promise;
   *  undefined while the service has never been used. The caller step resolves access keys
   *  through IAM and STS on every request: a service never used (not called, nothing restored
   *  from --persist) has issued no keys, so it need not be loaded to say so. */
  apiIfLoaded(id: string): unknown {
    const api = this.apis.get(id);
    if (api !== undefined) return api;
    const d = this.definitions.get(id);
    if (!d?.api || !this.states.has(id)) return undefined;
    const made = d.api(this.state(d), this.host);
    this.apis.set(id, made);
    return made;
  }

  /** The chain's commit phase, after a request's answer is encoded and before it is written: every
   *  write staged so far (the request's, and any a timer or another request made meanwhile) is
   *  committed in one transaction. In memory mode there is nothing to write. */
  commit(): void {
    this.durable.commit();
  }

  /** Loaded service ids, for the health endpoint. */
  loadedServices(): string[] {
    return [...this.states.keys()];
  }

  /** Wipes every account, region and service, persisted state included: state is created anew on
   *  next use. */
  async reset(): Promise<void> {
    const states = this.takeStates();
    // The new scheduler first: a request arriving while services dispose must not create state on
    // the stopped one (its timers would never run).
    this.scheduler = this.newScheduler();
    await this.disposeStates(states);
    this.durable.wipe();
  }

  /** Stops everything the instance runs; what is persisted stays for the next start. */
  async dispose(): Promise<void> {
    await this.disposeStates(this.takeStates());
    this.durable.close();
  }

  private takeStates(): Array<[string, unknown]> {
    const states = [...this.states.entries()];
    this.states.clear();
    this.apis.clear();
    // Timers first: nothing scheduled may run against state that is going away.
    this.scheduler.dispose();
    return states;
  }

  private async disposeStates(states: Array<[string, unknown]>): Promise<void> {
    for (const [id, state] of states) {
      await this.definitions.get(id)?.dispose?.(state);
    }
  }
}
