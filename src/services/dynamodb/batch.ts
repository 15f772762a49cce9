// BatchGetItem and BatchWriteItem: up to 100 keys / 25 writes, each checked as its single-item
// operation would be (all before any is applied: one bad request fails the whole batch, as on
// AWS). Nimbus never throttles, so UnprocessedKeys/UnprocessedItems are always empty, except for
// keys past BatchGetItem's 16 MB response limit, which are returned unprocessed as AWS does.
import type { RequestContext } from '../context.js';
import { consumed, readUnits, writeUnits } from './capacity.js';
import { project } from './expressions/projection.js';
import { applyWrite, prepareDelete, preparePut, type PreparedWrite } from './items.js';
import { checkKey, invalid, parseExpressions } from './request.js';
import { getTable, type DynamoState } from './state.js';
import { itemSize, type Item } from './values.js';

const MAX_GET = 100;
const MAX_WRITE = 25;
const MAX_RESPONSE = 16 * 1024 * 1024;

export function batchGetItem(input: any, ctx: RequestContext, state: DynamoState) {
  const requests = input.RequestItems as Record<string, any>;
  let count = 0;
  for (const name in requests) count += requests[name].Keys?.length ?? 0;
  if (count > MAX_GET) throw invalid(`Too many items requested for the BatchGetItem call`);
  const responses: Record<string, Item[]> = {};
  const unprocessed: Record<string, any> = {};
  const capacity: unknown[] = [];
  let bytes = 0;
  for (const name in requests) {
    const r = requests[name];
    const table = getTable(state, ctx.account, ctx.region, name);
    const expressions = parseExpressions(r);
    const seen = new Set<string>();
    const out: Item[] = [];
    let read = 0;
    for (const raw of r.Keys as Item[]) {
      const key = checkKey(table, raw);
      const id = table.itemKey(key);
      if (seen.has(id)) throw invalid('Provided list of item keys contains duplicates');
      seen.add(id);
      if (bytes >= MAX_RESPONSE) {
        (unprocessed[name] ??= { ...r, Keys: [] }).Keys.push(key);
        continue;
      }
      const item = table.get(key);
      if (!item) continue;
      bytes += itemSize(item);
      read += readUnits(itemSize(item), r.ConsistentRead === true);
      out.push(expressions.projection ? project(item, expressions.projection) : item);
    }
    responses[name] = out;
    const cc = consumed(table, input.ReturnConsumedCapacity, read, undefined, true);
    if (cc) capacity.push(cc);
  }
  const result: Record<string, unknown> = { Responses: responses, UnprocessedKeys: unprocessed };
  if (capacity.length) result.ConsumedCapacity = capacity;
  return result;
}

export function batchWriteItem(input: any, ctx: RequestContext, state: DynamoState) {
  const requests = input.RequestItems as Record<string, any[]>;
  let count = 0;
  for (const name in requests) count += requests[name]!.length;
  if (count > MAX_WRITE) throw invalid(`1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`);
  const writes: PreparedWrite[] = [];
  for (const name in requests) {
    const table = getTable(state, ctx.account, ctx.region, name);
    const seen = new Set<string>();
    for (const w of requests[name]!) {
      if ((w.PutRequest ? 1 : 0) + (w.DeleteRequest ? 1 : 0) !== 1) throw invalid('Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes');
      const prepared = w.PutRequest ? preparePut(table, { Item: w.PutRequest.Item }) : prepareDelete(table, { Key: w.DeleteRequest.Key });
      const id = table.itemKey((prepared.next ?? checkKey(table, w.DeleteRequest.Key))!);
      if (seen.has(id)) throw invalid('Provided list of item keys contains duplicates');
      seen.add(id);
      writes.push(prepared);
    }
  }
  const units = new Map<string, number>();
  for (const w of writes) {
    // Re-read: an earlier write of this batch may have changed nothing the key names (keys are
    // unique), so the prepared old item is still current.
    applyWrite(w, ctx);
    units.set(w.table.name, (units.get(w.table.name) ?? 0) + writeUnits(w.old, w.next));
  }
  const result: Record<string, unknown> = { UnprocessedItems: {} };
  if (input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES') {
    result.ConsumedCapacity = [...units].map(([name, u]) => consumed(getTable(state, ctx.account, ctx.region, name), input.ReturnConsumedCapacity, u));
  }
  return result;
}
