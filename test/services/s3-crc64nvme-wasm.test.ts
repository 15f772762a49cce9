// The committed WebAssembly bytes (crc64nvme-wasm.ts) are crc64nvme.wat compiled: a change to the
// source that was not followed by `npm run wasm` fails here, not in production.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileWat, WASM_SOURCES } from '../../scripts/compile-wasm.js';
import { CRC64NVME_WASM } from '../../src/services/s3/crc64nvme-wasm.js';

test('crc64nvme-wasm.ts holds crc64nvme.wat compiled (run `npm run wasm` after editing the .wat)', async () => {
  const source = WASM_SOURCES.find((s) => s.name === 'CRC64NVME_WASM')!;
  const compiled = await compileWat(source.wat);
  assert.equal(CRC64NVME_WASM.toString('base64'), compiled.toString('base64'));
});
