// Where committed rows go. Two journals, one contract:
//   MemoryJournal   (default) nothing is kept beyond the live state: every write is dropped at
//                   commit, and a fresh state loads no rows. A deliberate choice over SQLite on a
//                   temporary file: in-memory mode then costs no more than before durable state.
//   SqliteJournal   (--persist DIR) every commit is one SQLite transaction (durable/sqlite.ts).
// Services never see either: they talk to Store (durable/stores.ts).
import type { StoreSpec } from './stores.js';

/** One staged write. `row` is the JSON text of the row; undefined deletes (row and detail).
 *  `detail` is the JSON text of the row's detail; undefined keeps the one it has. */
export interface Write {
  table: string;
  scope: string;
  key: string;
  row?: string;
  blobs?: string;
  detail?: string;
}

/** Rows of one scope as read back: `rows[i]` (parsed) is the row of `keys[i]`. */
export interface Page {
  scope: string;
  keys: readonly string[];
  rows: readonly unknown[];
}

export interface Journal {
  /** 'memory' or the persistence directory, for /_nimbus/health. */
  readonly location: string;
  readonly persistent: boolean;
  /** Declares a store's table (and checks its persisted version); returns the table name. */
  declare(service: string, spec: StoreSpec): string;
  /** The rows of a table a page at a time (one scope per page, keys in order). */
  pages(table: string): Iterable<Page>;
  /** The rows of one scope whose keys start with `prefix`, without their keys: pages of parsed
   *  rows, the pages in key order; inside a page rows come in key order as SQLite aggregates them,
   *  which its documentation leaves unspecified, so a caller that relies on order checks it from
   *  the rows (sqlite.ts, rowPages). */
  rowPages(table: string, scope: string, prefix: string): Iterable<readonly unknown[]>;
  /** One committed row's detail (parsed), or undefined. */
  detail(table: string, scope: string, key: string): unknown;
  /** Applies the writes atomically (all or none). */
  commit(writes: readonly Write[]): void;
  /** Services with persisted rows (their state is restored at start). */
  servicesWithRows(): string[];
  /** Blob ids named by some row. */
  referencedBlobs(): Set<string>;
  /** Deletes every row of every store (reset). */
  wipe(): void;
  close(): void;
}

export class MemoryJournal implements Journal {
  readonly location = 'memory';
  readonly persistent = false;
  declare(service: string, spec: StoreSpec): string {
    return `${service}/${spec.name}`;
  }
  pages(): Iterable<Page> {
    return [];
  }
  rowPages(): Iterable<readonly unknown[]> {
    return [];
  }
  detail(): unknown {
    return undefined;
  }
  commit(): void {}
  servicesWithRows(): string[] {
    return [];
  }
  referencedBlobs(): Set<string> {
    return new Set();
  }
  wipe(): void {}
  close(): void {}
}
