// The durable-state mechanism on its own, through a service defined here: rows put by a handler are
// committed before its response, restored by the next instance on the same directory, wiped by a
// reset; a directory in use or of an unknown format is refused with what to do; store versions
// migrate or refuse; blob files no row names are swept at start; memory mode loads nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRequire } from 'node:module';
import { Instance } from '../../src/server/instance.js';
import { resolveOptions, type NimbusOptions } from '../../src/server/options.js';
import type { ServiceDefinition } from '../../src/services/service.js';
import type { Store, StoreSpec } from '../../src/state/durable/stores.js';
import { startChild, ChildExit } from '../support/child-nimbus.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nimbus-durable-test-'));
  dirs.push(d);
  return d;
}

interface NoteRow {
  text: string;
  blob?: string;
}

const NOTES: StoreSpec = { name: 'notes', scope: 'region', version: 1 };

/** A service whose state is one store of notes, indexed in a Map on load. */
function notesService(spec: StoreSpec = NOTES): ServiceDefinition<{ store: Store<NoteRow>; notes: Map<string, NoteRow> }> {
  return {
    id: 'xray',
    createState(host) {
      const store = host.stores.open<NoteRow>('xray', spec);
      const notes = new Map<string, NoteRow>();
      for (const r of store.load()) notes.set(`${r.account}/${r.region}/${r.key}`, r.row);
      return { store, notes };
    },
    operations: {},
  };
}

async function instance(persist: string | undefined, spec?: StoreSpec, extra: NimbusOptions = {}): Promise<Instance> {
  const definition = notesService(spec);
  return Instance.create(resolveOptions({ port: 0, ...(persist && { persist }), ...extra, services: { xray: async () => definition } }));
}

async function notesOf(i: Instance) {
  return (await i.serviceState<{ store: Store<NoteRow>; notes: Map<string, NoteRow> }>('xray'))!;
}

test('committed rows are restored by the next instance on the directory, in their scopes', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  const s = await notesOf(a);
  s.store.put('111111111111', 'us-east-1', 'n1', { text: 'one' });
  s.store.put('111111111111', 'eu-west-1', 'n1', { text: 'one in Ireland' });
  s.store.put('222222222222', 'us-east-1', 'n2', { text: 'two' });
  s.store.put('222222222222', 'us-east-1', 'gone', { text: 'deleted below' });
  s.store.delete('222222222222', 'us-east-1', 'gone');
  a.commit();
  await a.dispose();

  const b = await instance(dir);
  // Restored at start, before any request: the service had rows.
  assert.deepEqual(b.loadedServices(), ['xray']);
  const restored = await notesOf(b);
  assert.deepEqual(Object.fromEntries(restored.notes), {
    '111111111111/us-east-1/n1': { text: 'one' },
    '111111111111/eu-west-1/n1': { text: 'one in Ireland' },
    '222222222222/us-east-1/n2': { text: 'two' },
  });
  await b.dispose();
});

test('a write outside a request or timer is committed on the next macrotask; a row is captured at put', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  const s = await notesOf(a);
  const row = { text: 'as put' };
  s.store.put('111111111111', 'us-east-1', 'k', row);
  row.text = 'changed after put';
  assert.equal(a.durable.pending, 1);
  await new Promise((r) => setImmediate(r));
  assert.equal(a.durable.pending, 0, 'committed without a request or a timer asking');
  await a.dispose();
  const b = await instance(dir);
  assert.deepEqual((await notesOf(b)).notes.get('111111111111/us-east-1/k'), { text: 'as put' });
  await b.dispose();
});

test('reset wipes persisted rows; they stay gone after a restart', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  (await notesOf(a)).store.put('111111111111', 'us-east-1', 'k', { text: 'x' });
  a.commit();
  await a.reset();
  await a.dispose();
  const b = await instance(dir);
  assert.equal((await notesOf(b)).notes.size, 0);
  await b.dispose();
});

test('memory mode persists nothing and loads nothing', async () => {
  const a = await instance(undefined);
  assert.equal(a.durable.persistent, false);
  (await notesOf(a)).store.put('111111111111', 'us-east-1', 'k', { text: 'x' });
  a.commit();
  await a.dispose();
  const b = await instance(undefined);
  assert.equal((await notesOf(b)).notes.size, 0);
  await b.dispose();
});

test('a store of another version migrates through spec.migrate, or is refused without one', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  (await notesOf(a)).store.put('111111111111', 'us-east-1', 'k', { text: 'v1' });
  a.commit();
  await a.dispose();

  const v2: StoreSpec = { ...NOTES, version: 2 };
  // Refused at start (the service has rows, so it is restored then), and the directory let go.
  await assert.rejects(instance(dir, v2), /store xray\/notes holds rows of version 1, and this Nimbus writes version 2 with no migration/);

  const migrating: StoreSpec = { ...NOTES, version: 2, migrate: (row, from) => ({ text: `${(row as NoteRow).text} migrated from ${from}` }) };
  const b = await instance(dir, migrating);
  assert.deepEqual((await notesOf(b)).notes.get('111111111111/us-east-1/k'), { text: 'v1 migrated from 1' });
  await b.dispose();
});

test('a directory of an unknown format version is refused with what to do', async () => {
  const dir = tempDir();
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(join(dir, 'nimbus.db'));
  db.pragma('user_version = 99');
  db.exec('CREATE TABLE future (x)');
  db.close();
  await assert.rejects(instance(dir), /written by a newer Nimbus \(persistence format 99; this Nimbus reads format 2\)\. Run a Nimbus at least as new/);
});

test('blobs are written whole before their row; files no row names are swept at start', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  const s = await notesOf(a);
  const kept = await a.host.blobs.put(Buffer.from('kept payload'));
  const orphan = await a.host.blobs.put(Buffer.from('no row names me'));
  assert.equal(kept.size, 12);
  s.store.put('111111111111', 'us-east-1', 'with-blob', { text: 'x', blob: kept.id }, [kept.id]);
  a.commit();
  // A crash between a blob and its row leaves a partial file too.
  writeFileSync(join(dir, 'blobs', '.deadbeef.partial'), 'half');
  await a.dispose();
  assert.ok(existsSync(join(dir, 'blobs', orphan.id)));

  const b = await instance(dir);
  assert.deepEqual(readdirSync(join(dir, 'blobs')), [kept.id]);
  const chunks: Buffer[] = [];
  for await (const c of b.host.blobs.read(kept.id)) chunks.push(c as Buffer);
  assert.equal(Buffer.concat(chunks).toString(), 'kept payload');
  await b.dispose();
});

test('a second process on the same directory is refused; the lock goes with a killed process', async () => {
  const dir = tempDir();
  const first = await startChild(['--persist', dir]);
  try {
    const health = await (await fetch(`${first.endpoint}/_nimbus/health`)).json();
    assert.deepEqual(health.persistence, { enabled: true, directory: dir, fsync: false });
    await assert.rejects(startChild(['--persist', dir]), (e: unknown) => {
      assert.ok(e instanceof ChildExit);
      assert.equal(e.code, 1);
      assert.match(e.stderr, /is in use by another Nimbus process \(a persistence directory serves one process at a time\)/);
      return true;
    });
  } finally {
    await first.kill();
  }
  const again = await startChild(['--persist', dir]);
  await again.stop();
});

test('rows load in key order per scope across read pages, keys and rows of any text intact', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  const s = await notesOf(a);
  // More rows than one read page holds (5,000), put out of order; keys and texts with quotes,
  // commas, brackets, newlines and non-ASCII, texts also with a lone surrogate (JSON.stringify
  // escapes it; a key is SQLite text, UTF-8, which has no lone surrogates).
  const odd = ['"', ',', ']', '[', '\n', 'é', '\u{1F600}', '\\'];
  const text = (i: number): string => `${odd[(i + 3) % odd.length]}note ${i}],[\ud800`;
  const n = 12_345;
  const keys: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const key = `k${String(i).padStart(6, '0')}${odd[i % odd.length]}`;
    keys.push(key);
    s.store.put('111111111111', 'us-east-1', key, { text: text(i) });
  }
  s.store.put('222222222222', 'us-east-1', 'other', { text: 'another scope' });
  await a.dispose();

  const b = await instance(dir);
  const loaded = [...(await notesOf(b)).store.load()];
  await b.dispose();
  const first = loaded.filter((r) => r.account === '111111111111');
  assert.deepEqual(first.map((r) => r.key), [...keys].sort());
  for (const r of first) {
    const i = Number(r.key.slice(1, 7));
    assert.equal(r.row.text, text(i));
  }
  assert.deepEqual(loaded.filter((r) => r.account === '222222222222').map((r) => [r.key, r.row.text]), [['other', 'another scope']]);
});

test('loadPrefix reads one scope\'s rows whose keys start with the prefix, in key order across read pages', async () => {
  const dir = tempDir();
  const a = await instance(dir);
  const s = await notesOf(a);
  // Two queues' worth of keys that share a longer prefix ('q ' and 'q2 '), neighbours just outside
  // the range ('q!' sorts right after 'q '), another scope with the same prefix, and more rows
  // than one read page holds (5,000), put out of order.
  const n = 11_003;
  for (let i = n - 1; i >= 0; i--) s.store.put('111111111111', 'us-east-1', `q ${String(i).padStart(6, '0')}`, { text: `q/${i}` });
  s.store.put('111111111111', 'us-east-1', 'q!', { text: 'after the range' });
  s.store.put('111111111111', 'us-east-1', 'q', { text: 'before the range' });
  s.store.put('111111111111', 'us-east-1', 'q2 000001', { text: 'another prefix' });
  s.store.put('111111111111', 'eu-west-1', 'q 000001', { text: 'another scope' });
  await a.dispose();

  const b = await instance(dir);
  const store = (await notesOf(b)).store;
  const pages = [...store.loadPrefix('111111111111', 'us-east-1', 'q ')];
  const texts = pages.flat().map((r) => r.text);
  assert.equal(texts.length, n);
  assert.deepEqual(texts, Array.from({ length: n }, (_, i) => `q/${i}`));
  assert.ok(pages.length > 2, `read in pages (${pages.length})`);
  assert.deepEqual([...store.loadPrefix('111111111111', 'eu-west-1', 'q ')].flat().map((r) => r.text), ['another scope']);
  assert.deepEqual([...store.loadPrefix('111111111111', 'us-east-1', 'q2 ')].flat().map((r) => r.text), ['another prefix']);
  assert.deepEqual([...store.loadPrefix('111111111111', 'us-east-1', 'none ')], []);
  await b.dispose();
});

test('a row\'s detail is kept with it but not loaded: read by key, staged writes first; a put without one keeps it; memory mode has none', async () => {
  const DETAILED: StoreSpec = { name: 'detailed', scope: 'region', version: 1 };
  const dir = tempDir();
  const a = await instance(dir);
  const s = a.durable.open<NoteRow, { body: string }>('xray', DETAILED);
  s.putWithDetail('111111111111', 'us-east-1', 'k', { text: 'row' }, { body: 'staged' });
  assert.deepEqual(s.detail('111111111111', 'us-east-1', 'k'), { body: 'staged' });
  a.commit();
  assert.deepEqual(s.detail('111111111111', 'us-east-1', 'k'), { body: 'staged' }, 'committed');
  s.put('111111111111', 'us-east-1', 'k', { text: 'row, put again' });
  assert.deepEqual(s.detail('111111111111', 'us-east-1', 'k'), { body: 'staged' }, 'a staged put without a detail keeps it');
  s.delete('111111111111', 'us-east-1', 'k');
  assert.equal(s.detail('111111111111', 'us-east-1', 'k'), undefined, 'a staged delete hides the committed detail');
  s.putWithDetail('111111111111', 'us-east-1', 'kept', { text: 'first' }, { body: 'kept' });
  a.commit();
  s.put('111111111111', 'us-east-1', 'kept', { text: 'second' });
  s.putWithDetail('111111111111', 'us-east-1', 'replaced', { text: 'r' }, { body: 'one' });
  s.putWithDetail('111111111111', 'us-east-1', 'replaced', { text: 'r' }, { body: 'two' });
  await a.dispose();

  const b = await instance(dir);
  const t = b.durable.open<NoteRow, { body: string }>('xray', DETAILED);
  assert.deepEqual([...t.load()].map((r) => [r.key, r.row]), [['kept', { text: 'second' }], ['replaced', { text: 'r' }]], 'rows only');
  assert.equal(t.detail('111111111111', 'us-east-1', 'k'), undefined);
  assert.deepEqual(t.detail('111111111111', 'us-east-1', 'kept'), { body: 'kept' }, 'kept through a committed put without one');
  assert.deepEqual(t.detail('111111111111', 'us-east-1', 'replaced'), { body: 'two' });
  assert.equal(t.detail('111111111111', 'eu-west-1', 'kept'), undefined, 'another scope');
  assert.equal(t.detail('222222222222', 'us-east-1', 'kept'), undefined, 'another account');
  await b.dispose();

  const m = await instance(undefined);
  const u = m.durable.open<NoteRow, { body: string }>('xray', DETAILED);
  u.putWithDetail('111111111111', 'us-east-1', 'k', { text: 'x' }, { body: 'x' });
  assert.equal(u.detail('111111111111', 'us-east-1', 'k'), undefined);
  await m.dispose();
});
