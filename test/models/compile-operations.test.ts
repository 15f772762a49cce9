// The generated operation types (src/models/operations/) are up to date: regenerating them from
// the committed models and the service registry gives byte-identical files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serviceLoaders } from '../../src/services/registry.js';

// dist/test/models/ -> repository root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OPERATIONS = join(ROOT, 'src', 'models', 'operations');
const GENERATOR = join(ROOT, 'dist', 'scripts', 'compile-operations.js');

test('regenerating the operation types gives byte-identical files, one per service with handlers', () => {
  const out = mkdtempSync(join(tmpdir(), 'nimbus-operations-'));
  try {
    execFileSync(process.execPath, [GENERATOR, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed = readdirSync(OPERATIONS).sort();
    assert.deepEqual(readdirSync(out).sort(), committed, 'the same files (run `npm run models`)');
    assert.deepEqual(committed, [...Object.keys(serviceLoaders).map((id) => `${id}.ts`), 'index.ts'].sort());
    for (const f of committed) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(OPERATIONS, f))), `${f} is byte-identical (run \`npm run models\`)`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
