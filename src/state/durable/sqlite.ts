// The --persist journal: one SQLite database (better-sqlite3, WAL mode) in the persistence
// directory, one table per declared store, rows as JSON text.
//
//   DIR/nimbus.db (+ -wal, -shm)   every store's rows; table "store:<service>/<name>"
//   DIR/blobs/                      immutable payload files (durable/blobs.ts)
//
// Durability: each commit is one transaction. With synchronous=NORMAL (the default) a committed
// transaction survives the process being killed at any instant (it is in the WAL, which the OS
// holds), but a power loss or OS crash may lose the last commits (never corrupt the database);
// `fsync: true` (--persist-fsync) makes every commit wait for the disk (synchronous=FULL).
//
// One process per directory: the database is opened in exclusive locking mode and locked at once,
// so a second Nimbus on the same directory fails with a clear message; the kernel releases the lock
// when the process dies, even by kill -9, so a crash never leaves the directory locked.
//
// The directory's format is versioned (PRAGMA user_version = FORMAT_VERSION); a directory of an
// unknown (newer) version is refused with what to do. Each store's own row version is kept in the
// `stores` table and checked when the store is declared.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Journal, Write } from './journal.js';
import type { StoreSpec } from './stores.js';

/** The directory layout's version. Bump it (with a migration) when the layout changes. */
export const FORMAT_VERSION = 1;

export class PersistError extends Error {}

const ROWS_PAGE = 2000;

export interface SqliteOptions {
  /** Wait for the disk on every commit (survives power loss). */
  fsync?: boolean;
}

type Statement = BetterSqlite3.Statement;

export class SqliteJournal implements Journal {
  readonly persistent = true;
  private readonly db: BetterSqlite3.Database;
  private readonly upserts = new Map<string, Statement>();
  private readonly deletes = new Map<string, Statement>();
  private readonly tables = new Set<string>();
  private readonly applyAll: (writes: readonly Write[]) => void;

  constructor(
    readonly location: string,
    options: SqliteOptions = {},
  ) {
    mkdirSync(location, { recursive: true });
    // Loaded only with --persist: in-memory startup does not pay for the native module.
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    const file = join(location, 'nimbus.db');
    try {
      this.db = new Database(file, { timeout: 0 });
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      // Take the lock now (exclusive mode holds it from the first write until close).
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') {
        throw new PersistError(`${location} is in use by another Nimbus process (a persistence directory serves one process at a time); stop it or choose another --persist directory`);
      }
      throw new PersistError(`cannot open ${file}: ${(e as Error).message}`);
    }
    this.db.pragma(`synchronous = ${options.fsync ? 'FULL' : 'NORMAL'}`);
    this.checkFormat();
    this.db.exec('CREATE TABLE IF NOT EXISTS stores (service TEXT NOT NULL, name TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (service, name)) WITHOUT ROWID');
    this.applyAll = this.db.transaction((writes: readonly Write[]) => {
      for (const w of writes) {
        if (w.row === undefined) this.deletes.get(w.table)!.run(w.scope, w.key);
        else this.upserts.get(w.table)!.run(w.scope, w.key, w.row, w.blobs ?? null);
      }
    });
  }

  private checkFormat(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    const hasTables = (this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n > 0;
    if (version === 0 && !hasTables) {
      this.db.pragma(`user_version = ${FORMAT_VERSION}`);
      return;
    }
    if (version !== FORMAT_VERSION) {
      this.db.close();
      throw new PersistError(
        version > FORMAT_VERSION
          ? `${this.location} was written by a newer Nimbus (persistence format ${version}; this Nimbus reads format ${FORMAT_VERSION}). Run a Nimbus at least as new as the one that wrote it, or point --persist at another directory.`
          : `${this.location} has persistence format ${version}, which this Nimbus (format ${FORMAT_VERSION}) cannot read. Point --persist at another directory, or delete this one to start empty.`,
      );
    }
  }

  declare(service: string, spec: StoreSpec): string {
    const table = `store:${service}/${spec.name}`;
    if (this.tables.has(table)) return table;
    const known = this.db.prepare('SELECT version FROM stores WHERE service = ? AND name = ?').get(service, spec.name) as { version: number } | undefined;
    const q = quote(table);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${q} (scope TEXT NOT NULL, key TEXT NOT NULL, row TEXT NOT NULL, blobs TEXT, PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    // The rows naming blobs, so the start's blob sweep (referencedBlobs) reads only those, not
    // every row of a table that may hold millions (SQS messages).
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${quote(`${table}:blobs`)} ON ${q} (blobs) WHERE blobs IS NOT NULL`);
    if (known && known.version !== spec.version) this.migrate(table, service, spec, known.version);
    if (!known || known.version !== spec.version) {
      this.db.prepare('INSERT OR REPLACE INTO stores (service, name, version) VALUES (?, ?, ?)').run(service, spec.name, spec.version);
    }
    this.upserts.set(table, this.db.prepare(`INSERT OR REPLACE INTO ${q} (scope, key, row, blobs) VALUES (?, ?, ?, ?)`));
    this.deletes.set(table, this.db.prepare(`DELETE FROM ${q} WHERE scope = ? AND key = ?`));
    this.tables.add(table);
    return table;
  }

  /** Rewrites the rows of an older store version through spec.migrate, or refuses. */
  private migrate(table: string, service: string, spec: StoreSpec, from: number): void {
    if (from > spec.version || !spec.migrate) {
      throw new PersistError(
        `${this.location}: store ${service}/${spec.name} holds rows of version ${from}, and this Nimbus writes version ${spec.version} with no migration from it. Run the Nimbus that wrote the directory, or point --persist at another directory.`,
      );
    }
    const q = quote(table);
    const rows = this.db.prepare(`SELECT scope, key, row FROM ${q}`).all() as Array<{ scope: string; key: string; row: string }>;
    const update = this.db.prepare(`UPDATE ${q} SET row = ? WHERE scope = ? AND key = ?`);
    const remove = this.db.prepare(`DELETE FROM ${q} WHERE scope = ? AND key = ?`);
    this.db.transaction(() => {
      for (const r of rows) {
        const next = spec.migrate!(JSON.parse(r.row), from);
        if (next === undefined) remove.run(r.scope, r.key);
        else update.run(JSON.stringify(next), r.scope, r.key);
      }
    })();
  }

  // A scope at a time, found through the primary key: the scope text is read once per scope, not
  // per row, and rows come as [key, row] arrays (a restart may read millions).
  *pages(table: string): Iterable<{ scope: string; rows: ReadonlyArray<readonly [string, string]> }> {
    const q = quote(table);
    const first = this.db.prepare(`SELECT min(scope) FROM ${q}`).pluck();
    const next = this.db.prepare(`SELECT min(scope) FROM ${q} WHERE scope > ?`).pluck();
    // Pages through the primary key (cheaper per row than a statement iterator).
    const firstPage = this.db.prepare(`SELECT key, row FROM ${q} WHERE scope = ? ORDER BY key LIMIT ${ROWS_PAGE}`).raw(true);
    const page = this.db.prepare(`SELECT key, row FROM ${q} WHERE scope = ? AND key > ? ORDER BY key LIMIT ${ROWS_PAGE}`).raw(true);
    for (let scope = first.get() as string | null; scope !== null; scope = next.get(scope) as string | null) {
      let after: string | undefined;
      for (;;) {
        const rows = (after === undefined ? firstPage.all(scope) : page.all(scope, after)) as Array<[string, string]>;
        // A page per yield, not a row: restoring a million rows allocates a million fewer objects.
        yield { scope, rows };
        if (rows.length < ROWS_PAGE) break;
        after = rows[rows.length - 1]![0];
      }
    }
  }

  commit(writes: readonly Write[]): void {
    if (writes.length > 0) this.applyAll(writes);
  }

  servicesWithRows(): string[] {
    const services = new Set<string>();
    for (const { service, name } of this.db.prepare('SELECT service, name FROM stores').all() as Array<{ service: string; name: string }>) {
      const any = this.db.prepare(`SELECT 1 FROM ${quote(`store:${service}/${name}`)} LIMIT 1`).get();
      if (any) services.add(service);
    }
    return [...services];
  }

  referencedBlobs(): Set<string> {
    const ids = new Set<string>();
    for (const { service, name } of this.db.prepare('SELECT service, name FROM stores').all() as Array<{ service: string; name: string }>) {
      const rows = this.db.prepare(`SELECT blobs FROM ${quote(`store:${service}/${name}`)} WHERE blobs IS NOT NULL`).iterate() as Iterable<{ blobs: string }>;
      for (const r of rows) for (const id of r.blobs.split(' ')) if (id) ids.add(id);
    }
    return ids;
  }

  wipe(): void {
    this.db.transaction(() => {
      for (const { service, name } of this.db.prepare('SELECT service, name FROM stores').all() as Array<{ service: string; name: string }>) {
        this.db.exec(`DELETE FROM ${quote(`store:${service}/${name}`)}`);
      }
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
