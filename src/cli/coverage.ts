// The coverage table: implemented operations per service, generated from the models and the
// services' operation tables (`nimbus coverage`; the README embeds its output).
import { loadModel, serviceSummaries } from '../models/load.js';
import { serviceLoaders } from '../services/registry.js';

export interface ServiceCoverage {
  id: string;
  sdkId: string;
  protocols: string[];
  total: number;
  implemented: string[];
}

export async function coverage(): Promise<ServiceCoverage[]> {
  const rows: ServiceCoverage[] = [];
  for (const s of serviceSummaries()) {
    const model = loadModel(s.id);
    const definition = serviceLoaders[s.id] ? await serviceLoaders[s.id]!() : undefined;
    const implemented = Object.keys(model.operations)
      // A legacy operation (servedBy) is implemented when the operation serving its route is.
      .filter((op) => definition?.operations[model.operations[op]!.servedBy ?? op])
      .sort();
    rows.push({ id: s.id, sdkId: s.sdkId, protocols: s.protocols, total: Object.keys(model.operations).length, implemented });
  }
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

export async function coverageMarkdown(): Promise<string> {
  const lines = [
    '| Service | Protocols | Implemented | Operations |',
    '|---|---|---|---|',
  ];
  for (const row of await coverage()) {
    const ops = row.implemented.length ? row.implemented.join(', ') : '—';
    lines.push(`| ${row.sdkId} (\`${row.id}\`) | ${row.protocols.join(', ')} | ${row.implemented.length}/${row.total} | ${ops} |`);
  }
  return `${lines.join('\n')}\n`;
}
