// One running Nimbus: its settings, clock and id source, and the services it has loaded with their
// per-instance state. Several instances can live in one process (tests start their own).
import { loadModel } from '../models/load.js';
import type { ServiceModel } from '../models/types.js';
import { serviceLoaders } from '../services/registry.js';
import type { ServiceDefinition } from '../services/service.js';
import { systemClock, type Clock } from '../state/clock.js';
import { randomIds, type IdSource } from '../state/ids.js';
import type { ResolvedOptions } from './options.js';

export class Instance {
  readonly clock: Clock;
  readonly ids: IdSource;
  private readonly definitions = new Map<string, ServiceDefinition<any> | null>();
  private readonly states = new Map<string, unknown>();
  private readonly apis = new Map<string, unknown>();
  /** moto's INITIAL_NO_AUTH_ACTION_COUNT, kept for /moto-api/reset-auth (IAM enforcement is off). */
  initialNoAuthActionCount = Infinity;

  constructor(readonly options: ResolvedOptions) {
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
  }

  model(id: string): ServiceModel {
    return loadModel(id);
  }

  /** The service's definition, loading it on first use; null when it has no handlers yet. */
  definition(id: string): ServiceDefinition<any> | null | Promise<ServiceDefinition<any> | null> {
    const known = this.definitions.get(id);
    if (known !== undefined) return known;
    const loader = serviceLoaders[id];
    if (!loader) {
      this.definitions.set(id, null);
      return null;
    }
    return loader().then((d) => {
      this.definitions.set(id, d);
      return d;
    });
  }

  /** The service's state in this instance, created on first use. */
  state<S>(definition: ServiceDefinition<S>): S {
    let s = this.states.get(definition.id) as S | undefined;
    if (s === undefined) {
      s = definition.createState();
      this.states.set(definition.id, s);
    }
    return s;
  }

  /** Another service's state, for in-process cross-service calls (loads the service if needed). */
  async serviceState<S>(id: string): Promise<S | undefined> {
    const d = await this.definition(id);
    return d ? (this.state(d) as S) : undefined;
  }

  /** Another service's in-process API (see ServiceDefinition.api), loading the service if needed. */
  async api<A>(id: string): Promise<A> {
    const d = await this.definition(id);
    if (!d?.api) throw new Error(`service ${id} has no in-process API`);
    let apis = this.apis.get(id);
    if (apis === undefined) {
      apis = d.api(this.state(d), this);
      this.apis.set(id, apis);
    }
    return apis as A;
  }

  /** Loaded service ids, for the health endpoint. */
  loadedServices(): string[] {
    return [...this.states.keys()];
  }

  /** Wipes every account, region and service. */
  async reset(): Promise<void> {
    const states = [...this.states.entries()];
    this.states.clear();
    this.apis.clear();
    for (const [id, state] of states) {
      await this.definitions.get(id)?.disposeState?.(state);
    }
  }
}
