// State scoped per account and region (or per account, or global where AWS has such scopes):
// `store.for(account, region)` returns that scope's plain-data state, created on first use.
// Every ScopedStore registers with the instance's StoreRegistry, so a reset wipes them all.

export type Scope = 'region' | 'account' | 'global';

export class ScopedStore<T> {
  private readonly scopes = new Map<string, T>();

  constructor(
    private readonly create: () => T,
    readonly scope: Scope = 'region',
  ) {}

  for(account: string, region: string): T {
    const key = this.scope === 'region' ? `${account}/${region}` : this.scope === 'account' ? account : '';
    let state = this.scopes.get(key);
    if (state === undefined) {
      state = this.create();
      this.scopes.set(key, state);
    }
    return state;
  }

  /** Every scope created so far, with its account and region (region is '' above region scope). */
  *entries(): IterableIterator<{ account: string; region: string; state: T }> {
    for (const [key, state] of this.scopes) {
      const [account = '', region = ''] = key.split('/');
      yield { account, region, state };
    }
  }

  reset(): void {
    this.scopes.clear();
  }
}
