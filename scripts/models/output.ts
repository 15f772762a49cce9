// Output: one model per service plus index.json, following src/models/types.ts. Output is
// deterministic: regenerating gives byte-identical files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModel, ServiceSummary } from '../../src/models/types.js';
import { botocoreDataDir } from './botocore.js';
import { compileService } from './compile-service.js';
import type { CompileNotes } from './notes.js';
import { SERVICES } from './services.js';
import { loadSchemaModule } from './smithy-schema.js';

/** One line per operation and per shape: compact, yet readable in a diff. */
function serializeModel(model: ServiceModel): string {
  const { operations, shapes, ...summary } = model;
  const head = JSON.stringify(summary);
  const block = (o: Record<string, unknown>): string => {
    const keys = Object.keys(o);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(',\n')}\n}`;
  };
  return `${head.slice(0, -1)},\n"operations":${block(operations)},\n"shapes":${block(shapes)}}\n`;
}

function serializeIndex(summaries: ServiceSummary[]): string {
  return `[\n${summaries.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`;
}

export function compileModels(outDir: string, options: { only?: string[] } = {}): CompileNotes {
  const schema = loadSchemaModule();
  const dataDir = botocoreDataDir();
  const notes: CompileNotes = { counts: {}, examples: {} };
  mkdirSync(outDir, { recursive: true });
  const summaries: ServiceSummary[] = [];
  const specs = [...SERVICES].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((s) => !options.only || options.only.includes(s.id));
  for (const spec of specs) {
    const model = compileService(spec, dataDir, schema, notes);
    writeFileSync(join(outDir, model.file), serializeModel(model));
    const { operations: _o, shapes: _s, ...summary } = model;
    summaries.push(summary);
  }
  if (!options.only) writeFileSync(join(outDir, 'index.json'), serializeIndex(summaries));
  return notes;
}
