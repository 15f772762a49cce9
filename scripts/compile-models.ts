// The model compiler: `npm run models` (tsc, then `node dist/scripts/compile-models.js [outDir]`).
//
// Walks the schemas embedded in the pinned @aws-sdk/client-* packages with NormalizedSchema from
// @smithy/core/schema, merges in botocore's service JSON (validation constraints, exact scalar
// types, scalar/list/map shape names, per-operation error lists, checksum requirements) and writes
// one model per service plus index.json into src/models/ (or outDir), following
// src/models/types.ts. Output is deterministic: regenerating gives byte-identical files.
//
// Source of truth, per fact:
//   - wire shape (members, member order, required, HTTP bindings, serialization traits, error
//     traits, routes, host prefixes): the SDK schemas;
//   - scalar type (integer/long/double/float), constraints (min/max/pattern/enum), names of
//     scalars and of inline lists/maps, operation error lists, request checksum requirement:
//     botocore, matched by structure name + member name (falling back to the botocore shape the
//     parent member targets when the SDK's structure name is unknown to botocore);
//   - service facts: the SDK client's runtime config (protocol, protocolSettings, serviceId),
//     botocore metadata (signing name), and the two small documented tables in models/services.ts.
//
// This file is the CLI entry point; the compiler lives in scripts/models/:
//   services.ts         the service table and the protocol tables
//   smithy-schema.ts    the slice of @smithy/core/schema used, and readers for its traits
//   botocore.ts         locating and loading botocore's service JSON, and its types
//   compile-service.ts  one service: SDK client config + botocore metadata -> ServiceModel
//   operations.ts       routes, host prefixes, checksum requirements, error lists
//   shapes.ts           SDK schemas (+ botocore) -> structures, members, lists, maps, scalars
//   shape-table.ts      the table of named shapes and its interning/naming rules
//   notes.ts            the SDK/botocore disagreements reported by --verbose
//   output.ts           deterministic serialization; compileModels writes the models + index.json
//   botocore-model.ts   a botocore-format model alone (protocol test suites) -> ServiceModel
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModels } from './models/output.js';

export type { BotoMember, BotoModel, BotoOperation, BotoShape } from './models/botocore.js';
export { botocoreDataDir, loadBotocore } from './models/botocore.js';
export type { CompileNotes } from './models/notes.js';
export { compileModels };
export type { BotocoreModelInput } from './models/botocore-model.js';
export { compileBotocoreModel } from './models/botocore-model.js';

function main(argv: string[]): void {
  const args = argv.filter((a) => !a.startsWith('--'));
  const verbose = argv.includes('--verbose');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const outDir = resolve(args[0] ?? join(root, 'src', 'models'));
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const started = Date.now();
  const notes = compileModels(outDir, only ? { only } : {});
  if (verbose) {
    for (const k of Object.keys(notes.counts).sort()) {
      console.log(`${k}: ${notes.counts[k]}  e.g. ${(notes.examples[k] ?? []).join(' | ')}`);
    }
  }
  console.log(`models written to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
