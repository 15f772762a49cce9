// The --persist journal: one SQLite database (better-sqlite3, WAL mode) in the persistence
// directory, one table per declared store, rows (and their details) as JSON text.
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
import type { Journal, Page, Write } from './journal.js';
import type { StoreSpec } from './stores.js';

/** The directory layout's version. Bump it (with a migration) when the layout changes.
 *  2: store tables have a `detail` column (format 1 tables get it, empty, when opened). */
export const FORMAT_VERSION = 2;

export class PersistError extends Error {}

/** Rows per page read at restore (SQS restores a million messages in 200 queries). */
const ROWS_PAGE = 5000;

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
  private readonly details = new Map<string, Statement>();
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
        else this.upserts.get(w.table)!.run(w.scope, w.key, w.row, w.blobs ?? null, w.detail ?? null);
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
    if (version === 1) {
      // Format 1 had no details: every store table gets the column, empty.
      this.db.transaction(() => {
        for (const { name } of this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'store:%'").all() as Array<{ name: string }>) {
          this.db.exec(`ALTER TABLE ${quote(name)} ADD COLUMN detail TEXT`);
        }
        this.db.pragma(`user_version = ${FORMAT_VERSION}`);
      })();
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
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${q} (scope TEXT NOT NULL, key TEXT NOT NULL, row TEXT NOT NULL, blobs TEXT, detail TEXT, PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    // The rows naming blobs, so the start's blob sweep (referencedBlobs) reads only those, not
    // every row of a table that may hold millions (SQS messages).
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${quote(`${table}:blobs`)} ON ${q} (blobs) WHERE blobs IS NOT NULL`);
    if (known && known.version !== spec.version) this.migrate(table, service, spec, known.version);
    if (!known || known.version !== spec.version) {
      this.db.prepare('INSERT OR REPLACE INTO stores (service, name, version) VALUES (?, ?, ?)').run(service, spec.name, spec.version);
    }
    // A put without a detail keeps the row's detail (the row is updated in place, in one B-tree
    // cell: a row and its detail cost one page write, not one per table).
    this.upserts.set(
      table,
      this.db.prepare(`INSERT INTO ${q} (scope, key, row, blobs, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET row = excluded.row, blobs = excluded.blobs, detail = coalesce(excluded.detail, detail)`),
    );
    this.deletes.set(table, this.db.prepare(`DELETE FROM ${q} WHERE scope = ? AND key = ?`));
    this.details.set(table, this.db.prepare(`SELECT detail FROM ${q} WHERE scope = ? AND key = ?`).pluck());
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

  // A scope at a time, found through the primary key, a page of rows per query. SQLite joins a
  // page's rows into one JSON array text (the rows are JSON already) and its keys into another, so
  // a page is two strings handed to JavaScript and two JSON.parse calls, not two strings and an
  // array per row: with a million rows (SQS messages) the per-row crossings into JavaScript and
  // the garbage they leave were most of a restart. A page's text is large enough to be allocated
  // outside the young generation, so it costs the scavenger nothing.
  *pages(table: string): Iterable<Page> {
    const q = quote(table);
    const first = this.db.prepare(`SELECT min(scope) FROM ${q}`).pluck();
    const next = this.db.prepare(`SELECT min(scope) FROM ${q} WHERE scope > ?`).pluck();
    const page = this.db
      .prepare(`SELECT json_group_array(key), '[' || group_concat(row, ',') || ']' FROM (SELECT key, row FROM ${q} WHERE scope = ? AND key > ? ORDER BY key LIMIT ${ROWS_PAGE})`)
      .raw(true);
    for (let scope = first.get() as string | null; scope !== null; scope = next.get(scope) as string | null) {
      // Every key sorts after '' (a key is never empty: stores name their records).
      let after = '';
      for (;;) {
        const [keys, rows] = page.get(scope, after) as [string, string | null];
        if (rows === null) break;
        const parsed = inKeyOrder({ scope, keys: JSON.parse(keys) as string[], rows: JSON.parse(rows) as unknown[] });
        yield parsed;
        if (parsed.keys.length < ROWS_PAGE) break;
        after = parsed.keys[parsed.keys.length - 1]!;
      }
    }
  }

  // One queue's messages: the same pages as pages() but without the keys (json_group_array of a
  // million keys, their parse and their garbage were a fifth of a restart); max(key) is all the
  // paging needs. The prefix is a key range on the primary key: [prefix, prefix with its last
  // character incremented), which in SQLite's BINARY order (UTF-8 bytes) and JavaScript's (UTF-16
  // units) bounds the same keys for the ASCII prefixes stores use.
  *rowPages(table: string, scope: string, prefix: string): Iterable<readonly unknown[]> {
    if (!prefix) throw new Error('rowPages needs a key prefix');
    const q = quote(table);
    const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const select = (from: string) =>
      this.db.prepare(`SELECT count(*), max(key), '[' || group_concat(row, ',') || ']' FROM (SELECT key, row FROM ${q} WHERE scope = ? AND key ${from} ? AND key < ? ORDER BY key LIMIT ${ROWS_PAGE})`).raw(true);
    const first = select('>=');
    const next = select('>');
    for (let page = first.get(scope, prefix, end) as [number, string | null, string | null]; ; ) {
      const [count, last, rows] = page;
      if (count === 0 || rows === null || last === null) return;
      yield JSON.parse(rows) as unknown[];
      if (count < ROWS_PAGE) return;
      page = next.get(scope, last, end) as [number, string | null, string | null];
    }
  }

  detail(table: string, scope: string, key: string): unknown {
    const text = this.details.get(table)!.get(scope, key) as string | null | undefined;
    return text == null ? undefined : JSON.parse(text);
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

/** The two aggregates see the subquery's rows in the same order, which is key order as SQLite
 *  scans the primary key (no ORDER BY inside the aggregates: that makes SQLite sort every page
 *  again). Its documentation leaves an aggregate's order unspecified, so a page is checked and
 *  sorted if it ever comes out otherwise: restores rely on key order (SQS rebuilds its lists by
 *  appending). */
function inKeyOrder(page: Page): Page {
  const { keys, rows } = page;
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted) return page;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  return { scope: page.scope, keys: order.map((i) => keys[i]!), rows: order.map((i) => rows[i]) };
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
