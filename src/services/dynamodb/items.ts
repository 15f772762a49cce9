// Item operations: PutItem, GetItem, UpdateItem, DeleteItem, with conditions (expression or
// Expected), ReturnValues, ReturnValuesOnConditionCheckFailure, ReturnConsumedCapacity and
// ReturnItemCollectionMetrics. The pieces (prepare*, apply) are shared with the batch and
// transaction operations, so every write is checked and applied the same way.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { collectionMetrics, consumed, indexWriteUnits, readUnits, writeUnits } from './capacity.js';
import { evaluate } from './expressions/evaluate.js';
import type { Condition } from './expressions/ast.js';
import { project } from './expressions/projection.js';
import { applyUpdate, checkNoKeyUpdate } from './expressions/update.js';
import { checkKey, checkNewItem, invalid, keyOf, parseExpressions, type Expressions } from './request.js';
import { getTable, type DynamoState } from './state.js';
import type { Table } from './table.js';
import { itemSize, type Item } from './values.js';

const EMPTY: Item = Object.freeze({}) as Item;

export function conditionFailed(old: Item | undefined, returnOld: boolean): AwsError {
  return new AwsError('ConditionalCheckFailedException', 'The conditional request failed', returnOld && old ? { fields: { Item: old } } : {});
}

function checkCondition(cond: Condition | undefined, old: Item | undefined, returnOnFailure: string | undefined): void {
  if (cond && !evaluate(cond, old ?? EMPTY)) throw conditionFailed(old, returnOnFailure === 'ALL_OLD');
}

function checkReturnValues(rv: string | undefined, allowed: string[]): void {
  if (rv !== undefined && !allowed.includes(rv)) throw invalid('Return values set to invalid value');
}

/** A checked write, ready to apply: the item before and after. */
export interface PreparedWrite {
  table: Table;
  old: Item | undefined;
  next: Item | undefined;
  expressions: Expressions;
}

export function preparePut(table: Table, input: any): PreparedWrite {
  const item = input.Item as Item;
  if (!item) throw invalid('1 validation error detected: Value null at \'item\' failed to satisfy constraint: Member must not be null');
  checkNewItem(table, item);
  const expressions = parseExpressions(input);
  const old = table.get(item);
  checkCondition(expressions.condition, old, input.ReturnValuesOnConditionCheckFailure);
  return { table, old, next: item, expressions };
}

export function prepareDelete(table: Table, input: any): PreparedWrite {
  const key = checkKey(table, input.Key);
  const expressions = parseExpressions(input);
  const old = table.get(key);
  checkCondition(expressions.condition, old, input.ReturnValuesOnConditionCheckFailure);
  return { table, old, next: undefined, expressions };
}

export function prepareUpdate(table: Table, input: any): PreparedWrite {
  const key = checkKey(table, input.Key);
  const expressions = parseExpressions(input);
  const actions = expressions.update ?? [];
  checkNoKeyUpdate(actions, table.keyNames());
  const old = table.get(key);
  checkCondition(expressions.condition, old, input.ReturnValuesOnConditionCheckFailure);
  const next = applyUpdate(old ?? key, actions);
  checkNewItem(table, next, false);
  return { table, old, next, expressions };
}

export function prepareConditionCheck(table: Table, input: any): PreparedWrite {
  const key = checkKey(table, input.Key);
  const expressions = parseExpressions(input);
  const old = table.get(key);
  checkCondition(expressions.condition, old, input.ReturnValuesOnConditionCheckFailure);
  return { table, old, next: old, expressions };
}

export function applyWrite(w: PreparedWrite, ctx: RequestContext): void {
  w.table.write(w.old, w.next, ctx.clock.now());
}

function returnValues(mode: string | undefined, w: PreparedWrite): Item | undefined {
  switch (mode) {
    case 'ALL_OLD':
      return w.old;
    case 'ALL_NEW':
      return w.next;
    case 'UPDATED_OLD':
    case 'UPDATED_NEW': {
      const src = mode === 'UPDATED_OLD' ? w.old : w.next;
      if (!src) return undefined;
      const paths = (w.expressions.update ?? []).map((a) => a.path);
      const out = project(src, paths);
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return undefined;
  }
}

function writeOutput(w: PreparedWrite, input: any) {
  const out: Record<string, unknown> = {};
  const attrs = returnValues(input.ReturnValues, w);
  if (attrs) out.Attributes = attrs;
  const mode = input.ReturnConsumedCapacity;
  if (mode === 'INDEXES' || mode === 'TOTAL') out.ConsumedCapacity = consumed(w.table, mode, writeUnits(w.old, w.next), indexWriteUnits(w.table, w.old, w.next));
  const m = collectionMetrics(w.table, input.ReturnItemCollectionMetrics, w.next ?? w.old);
  if (m) out.ItemCollectionMetrics = m;
  return out;
}

export function putItem(input: any, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName);
  checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD']);
  const w = preparePut(table, input);
  applyWrite(w, ctx);
  return writeOutput(w, input);
}

export function deleteItem(input: any, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName);
  checkReturnValues(input.ReturnValues, ['NONE', 'ALL_OLD']);
  const w = prepareDelete(table, input);
  applyWrite(w, ctx);
  return writeOutput(w, input);
}

export function updateItem(input: any, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName);
  const w = prepareUpdate(table, input);
  applyWrite(w, ctx);
  return writeOutput(w, input);
}

export function getItem(input: any, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName);
  const key = checkKey(table, input.Key);
  const expressions = input.ProjectionExpression !== undefined || input.AttributesToGet !== undefined || input.ExpressionAttributeNames !== undefined || input.ExpressionAttributeValues !== undefined ? parseExpressions(input) : undefined;
  const item = table.get(key);
  const out: Record<string, unknown> = {};
  if (item) out.Item = expressions?.projection ? project(item, expressions.projection) : item;
  if (input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES') {
    out.ConsumedCapacity = consumed(table, input.ReturnConsumedCapacity, readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true), undefined, true);
  }
  return out;
}

export { keyOf };
