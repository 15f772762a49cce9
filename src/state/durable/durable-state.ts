// The instance's durable state: the journal (SQLite or memory), the blob store, and the stores
// services open through the host. Writes are staged here and committed together (commit()), in one
// journal transaction: the chain calls commit() before writing a response, the scheduler after
// each run of timers, and a write made anywhere else is committed on the next macrotask at the
// latest, so no acknowledged write waits for a later request.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore } from './blobs.js';
import { MemoryJournal, type Journal, type Write } from './journal.js';
import { parseScopeKey, scopeKey, type Store, type StoreSpec, type StoredRow, type Stores } from './stores.js';

export interface DurableOptions {
  /** Persistence directory; undefined for memory mode. */
  persist?: string;
  /** Wait for the disk on every commit. */
  fsync?: boolean;
}

export class DurableState implements Stores {
  readonly journal: Journal;
  readonly blobs: BlobStore;
  private staged: Write[] = [];
  private flushScheduled = false;
  private closed = false;

  private constructor(journal: Journal, blobs: BlobStore) {
    this.journal = journal;
    this.blobs = blobs;
  }

  static async open(options: DurableOptions): Promise<DurableState> {
    if (!options.persist) {
      return new DurableState(new MemoryJournal(), new BlobStore(() => mkdtempSync(join(tmpdir(), 'nimbus-blobs-')), false, true));
    }
    const { SqliteJournal } = await import('./sqlite.js');
    const journal = new SqliteJournal(options.persist, { fsync: options.fsync });
    const blobs = new BlobStore(join(options.persist, 'blobs'), options.fsync ?? false, false);
    blobs.sweep(journal.referencedBlobs());
    return new DurableState(journal, blobs);
  }

  /** Writes staged and not yet committed. */
  get pending(): number {
    return this.staged.length;
  }

  get persistent(): boolean {
    return this.journal.persistent;
  }

  open<Row, Detail = never>(service: string, spec: StoreSpec): Store<Row, Detail> {
    const table = this.journal.declare(service, spec);
    if (!this.journal.persistent) return memoryStore(spec);
    return {
      spec,
      persistent: true,
      load: () => loadRows<Row>(this.journal, table, spec),
      loadPrefix: (account, region, prefix) => this.journal.rowPages(table, scopeKey(spec, account, region), prefix) as Iterable<readonly Row[]>,
      detail: (account, region, key) => this.detail<Detail>(table, scopeKey(spec, account, region), key),
      put: (account, region, key, row, blobs) => {
        this.stage({ table, scope: scopeKey(spec, account, region), key, row: JSON.stringify(row), ...(blobs?.length && { blobs: blobs.join(' ') }) });
      },
      putWithDetail: (account, region, key, row, detail) => {
        this.stage({ table, scope: scopeKey(spec, account, region), key, row: JSON.stringify(row), detail: JSON.stringify(detail) });
      },
      delete: (account, region, key) => {
        this.stage({ table, scope: scopeKey(spec, account, region), key });
      },
    };
  }

  private stage(write: Write): void {
    // After close nothing can become durable: a late write (a key generated in the background
    // while the instance stopped) is dropped rather than committed to a closed database.
    if (this.closed) return;
    this.staged.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // The backstop for writes outside a request or a timer run (e.g. an HTTP delivery's outcome).
      setImmediate(() => {
        try {
          this.commit();
        } catch (err) {
          // No request waits on these writes to answer it; the process must not die of them.
          console.error('nimbus: committing background writes failed', err);
        }
      });
    }
  }

  // A read sees this state's own writes: the last staged delete or detail of the row wins over
  // the journal (writes stay staged until the request's commit, so its reads must not skip them);
  // a staged put without a detail keeps the one before it.
  private detail<Detail>(table: string, scope: string, key: string): Detail | undefined {
    for (let i = this.staged.length - 1; i >= 0; i--) {
      const w = this.staged[i]!;
      if (w.key !== key || w.table !== table || w.scope !== scope) continue;
      if (w.row === undefined) return undefined;
      if (w.detail !== undefined) return JSON.parse(w.detail) as Detail;
    }
    return this.journal.detail(table, scope, key) as Detail | undefined;
  }

  /** Commits every staged write in one transaction. A failure (disk full) throws: the request
   *  that asked for the commit answers 500 instead of acknowledging what was not kept. */
  commit(): void {
    this.flushScheduled = false;
    if (this.staged.length === 0) return;
    const writes = this.staged;
    this.staged = [];
    this.journal.commit(writes);
  }

  /** Reset: drops staged writes and every persisted row and blob. */
  wipe(): void {
    this.staged = [];
    this.journal.wipe();
    this.blobs.sweep(new Set());
  }

  close(): void {
    this.commit();
    this.closed = true;
    this.journal.close();
    this.blobs.close();
  }
}

// Memory mode: nothing is persisted, so rows are neither serialized nor staged (no cost per write).
function memoryStore<Row, Detail>(spec: StoreSpec): Store<Row, Detail> {
  return { spec, persistent: false, load: () => [], loadPrefix: () => [], detail: () => undefined, put: () => {}, putWithDetail: () => {}, delete: () => {} };
}

function* loadRows<Row>(journal: Journal, table: string, spec: StoreSpec): Iterable<StoredRow<Row>> {
  for (const page of journal.pages(table)) {
    // A page holds one scope: its account and region are parsed once.
    const { account, region } = parseScopeKey(spec, page.scope);
    const { keys, rows } = page;
    for (let i = 0; i < rows.length; i++) yield { account, region, key: keys[i]!, row: rows[i] as Row };
  }
}
