// State scoped per account and region (or per account, or global where AWS has such scopes):
// `store.for(account, region)` returns that scope's plain-data state, created on first use.
// Every ScopedStore registers with the instance's StoreRegistry, so a reset wipes them all.

export type Scope = 'region' | 'account' | 'global';

export class ScopedStore<T> {
  // account -> region -> state ('' for the levels above the store's scope). Two maps rather than
  // one keyed by `${account}/${region}`: the lookup is on every request's path, and a joined key
  // is a fresh string to build and hash each time.
  private readonly scopes = new Map<string, Map<string, T>>();

  constructor(
    private readonly create: () => T,
    readonly scope: Scope = 'region',
  ) {}

  for(account: string, region: string): T {
    const a = this.scope === 'global' ? '' : account;
    const r = this.scope === 'region' ? region : '';
    let regions = this.scopes.get(a);
    if (regions === undefined) this.scopes.set(a, (regions = new Map()));
    let state = regions.get(r);
    if (state === undefined) {
      state = this.create();
      regions.set(r, state);
    }
    return state;
  }

  /** Every scope created so far, with its account and region (region is '' above region scope). */
  *entries(): IterableIterator<{ account: string; region: string; state: T }> {
    for (const [account, regions] of this.scopes) for (const [region, state] of regions) yield { account, region, state };
  }

  reset(): void {
    this.scopes.clear();
  }
}
