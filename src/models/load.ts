// Reads the compiled models lazily: the small index at first use, each service's model the first
// time a request for that service arrives. Runtime code reads models only through here.
import { readFileSync } from 'node:fs';
import type { ServiceModel, ServiceSummary } from './types.js';

// dist/src/models/load.js -> <root>/src/models/ (the JSON files are committed next to types.ts).
const MODEL_DIR = new URL('../../../src/models/', import.meta.url);

let summaries: ServiceSummary[] | undefined;
const models = new Map<string, ServiceModel>();

export function serviceSummaries(): ServiceSummary[] {
  if (!summaries) {
    const raw = JSON.parse(readFileSync(new URL('index.json', MODEL_DIR), 'utf8')) as
      | ServiceSummary[]
      | Record<string, ServiceSummary>;
    summaries = Array.isArray(raw) ? raw : Object.values(raw);
  }
  return summaries;
}

export function summaryOf(id: string): ServiceSummary | undefined {
  return serviceSummaries().find((s) => s.id === id);
}

export function loadModel(id: string): ServiceModel {
  let model = models.get(id);
  if (!model) {
    const summary = summaryOf(id);
    if (!summary) throw new Error(`no model for service ${id}`);
    model = ownKeysOnly(JSON.parse(readFileSync(new URL(summary.file, MODEL_DIR), 'utf8')) as ServiceModel);
    models.set(id, model);
  }
  return model;
}

/**
 * Operation, shape and member names arrive in requests (`Action=valueOf`, `X-Amz-Target:
 * AmazonSQS.__proto__`, a JSON member named `constructor`): the tables keyed by them have no
 * prototype, so a lookup finds only what the model declares, never Object.prototype's members.
 */
function ownKeysOnly(model: ServiceModel): ServiceModel {
  Object.setPrototypeOf(model.operations, null);
  Object.setPrototypeOf(model.shapes, null);
  for (const name in model.shapes) {
    const shape = model.shapes[name]!;
    if (shape.type === 'structure' || shape.type === 'union') Object.setPrototypeOf(shape.members, null);
  }
  return model;
}
