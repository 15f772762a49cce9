// Every service's operation table names only operations of its model, each with a handler: the
// runtime counterpart of the compile-time check (test/types/), for tables the compiler cannot see
// through (a spread, a computed key).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/models/load.js';
import { serviceLoaders } from '../../src/services/registry.js';

test('every operation table key is an operation of the service model', async () => {
  for (const [id, load] of Object.entries(serviceLoaders)) {
    const definition = await load();
    assert.equal(definition.id, id, `registry entry ${id} loads service ${definition.id}`);
    const model = loadModel(id);
    const keys = Object.keys(definition.operations);
    assert.ok(keys.length > 0, `${id} has handlers`);
    const unknown = keys.filter((k) => !Object.hasOwn(model.operations, k));
    assert.deepEqual(unknown, [], `${id}: table keys that are not operations of src/models/${model.file}`);
    for (const k of keys) assert.equal(typeof definition.operations[k], 'function', `${id}.${k} is a handler`);
  }
});
