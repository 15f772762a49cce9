// What every item operation checks before it touches a table: the key against the table's key
// schema, an item's key attributes, size and values, the expression placeholders, and that a
// request does not mix expressions with their legacy parameters. Messages are DynamoDB's.
import { AwsError } from '../../protocol/errors.js';
import type { Condition, Path, UpdateAction } from './expressions/ast.js';
import { parseCondition, parseProjection, parseUpdate, Placeholders } from './expressions/parser.js';
import { legacyCondition, legacyUpdate } from './legacy.js';
import type { Table } from './table.js';
import { checkItem, checkValue, itemSize, MAX_ITEM_SIZE, type AttributeValue, type Item } from './values.js';

export function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

const MAX_HASH_KEY = 2048;
const MAX_RANGE_KEY = 1024;

function checkKeyValue(table: Table, name: string, v: AttributeValue | undefined, type: string, isRange: boolean, forItem: boolean): void {
  if (v === undefined) {
    throw invalid(forItem ? `One or more parameter values were invalid: Missing the key ${name} in the item` : 'The provided key element does not match the schema');
  }
  if (v[type as 'S'] === undefined) {
    const actual = Object.keys(v).find((k) => (v as Record<string, unknown>)[k] !== undefined);
    throw invalid(forItem ? `One or more parameter values were invalid: Type mismatch for key ${name} expected: ${type} actual: ${actual}` : 'The provided key element does not match the schema');
  }
  const size = type === 'S' ? Buffer.byteLength(v.S!) : type === 'B' ? v.B!.length : 0;
  if (type !== 'N' && size === 0) {
    throw invalid(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. Key: ${name}`);
  }
  // "limit of2048": AWS's own wording, missing space included.
  if (!isRange && size > MAX_HASH_KEY) throw invalid(`One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of${MAX_HASH_KEY} bytes`);
  if (isRange && size > MAX_RANGE_KEY) throw invalid(`One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of ${MAX_RANGE_KEY} bytes`);
  void table;
}

/** A Key parameter: exactly the table's key attributes, of their types. */
export function checkKey(table: Table, key: Item | undefined): Item {
  if (!key) throw invalid('The provided key element does not match the schema');
  for (const k in key) checkValue(key[k]!);
  const names = table.keyNames();
  if (Object.keys(key).length !== names.length) throw invalid('The provided key element does not match the schema');
  checkKeyValue(table, table.key.hash, key[table.key.hash], table.key.hashType, false, false);
  if (table.key.range !== undefined) checkKeyValue(table, table.key.range, key[table.key.range], table.key.rangeType!, true, false);
  return key;
}

/** An item's index key attributes must have the index's types (an item without them is simply
 *  not in the index). */
function checkIndexKeys(table: Table, item: Item): void {
  for (const ix of table.indexes.values()) {
    for (const [name, type] of [[ix.key.hash, ix.key.hashType], [ix.key.range, ix.key.rangeType]] as const) {
      if (name === undefined) continue;
      const v = item[name];
      if (v === undefined) continue;
      if (v[type! as 'S'] === undefined) {
        const actual = Object.keys(v)[0];
        throw invalid(`One or more parameter values were invalid: Type mismatch for Index Key ${name} Expected: ${type} Actual: ${actual} IndexName: ${ix.row.IndexName}`);
      }
      if (type !== 'N' && (type === 'S' ? v.S!.length : v.B!.length) === 0) {
        throw invalid(`One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${type === 'S' ? 'string' : 'binary'} value. IndexName: ${ix.row.IndexName}, IndexKey: ${name}`);
      }
    }
  }
}

/** A whole item (PutItem, or the result of an update): values, keys, index keys, size. */
export function checkNewItem(table: Table, item: Item, values = true): void {
  if (values) checkItem(item);
  checkKeyValue(table, table.key.hash, item[table.key.hash], table.key.hashType, false, true);
  if (table.key.range !== undefined) checkKeyValue(table, table.key.range, item[table.key.range], table.key.rangeType!, true, true);
  if (table.indexes.size) checkIndexKeys(table, item);
  if (itemSize(item) > MAX_ITEM_SIZE) throw invalid('Item size has exceeded the maximum allowed size');
}

export function keyOf(table: Table, item: Item): Item {
  const key: Item = { [table.key.hash]: item[table.key.hash]! };
  if (table.key.range !== undefined) key[table.key.range] = item[table.key.range]!;
  return key;
}

// ------------------------------------------------------------------------------ expressions

interface ExpressionInput {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ConditionExpression?: string;
  FilterExpression?: string;
  KeyConditionExpression?: string;
  UpdateExpression?: string;
  ProjectionExpression?: string;
  Expected?: Record<string, any>;
  ConditionalOperator?: string;
  AttributesToGet?: string[];
  AttributeUpdates?: Record<string, any>;
  QueryFilter?: Record<string, any>;
  ScanFilter?: Record<string, any>;
  KeyConditions?: Record<string, any>;
}

const EXPRESSION_PARAMS = ['ConditionExpression', 'FilterExpression', 'KeyConditionExpression', 'UpdateExpression', 'ProjectionExpression'] as const;
const LEGACY_PARAMS = ['AttributesToGet', 'AttributeUpdates', 'Expected', 'QueryFilter', 'ScanFilter', 'KeyConditions', 'ConditionalOperator'] as const;

/** The request's expressions, parsed, with their placeholders checked (all defined, all used). */
export interface Expressions {
  condition?: Condition;
  filter?: Condition;
  keyCondition?: Condition;
  update?: UpdateAction[];
  projection?: Path[];
}

/** Whether a request carries any expression, legacy condition or placeholder parameter. */
function hasExpressionParams(input: ExpressionInput): boolean {
  if (input.ExpressionAttributeNames !== undefined || input.ExpressionAttributeValues !== undefined) return true;
  for (const p of EXPRESSION_PARAMS) if (input[p] !== undefined) return true;
  for (const p of LEGACY_PARAMS) if (input[p] !== undefined) return true;
  return false;
}

export function parseExpressions(raw: ExpressionInput | Record<string, any>): Expressions {
  const input = raw as ExpressionInput;
  // The common PutItem/GetItem/DeleteItem: nothing to parse (a fresh object: callers may add to it).
  if (!hasExpressionParams(input)) return {};
  const expr = EXPRESSION_PARAMS.filter((p) => input[p] !== undefined);
  const legacy = LEGACY_PARAMS.filter((p) => input[p] !== undefined);
  if (expr.length && legacy.length) {
    throw invalid(`Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${legacy.join(', ')}} Expression parameters: {${expr.join(', ')}}`);
  }
  const names = input.ExpressionAttributeNames;
  const values = input.ExpressionAttributeValues;
  if (names !== undefined && Object.keys(names).length === 0) throw invalid('ExpressionAttributeNames must not be empty');
  if (values !== undefined && Object.keys(values).length === 0) throw invalid('ExpressionAttributeValues must not be empty');
  if (!expr.length) {
    if (names !== undefined) throw invalid('ExpressionAttributeNames can only be specified when using expressions');
    if (values !== undefined) throw invalid('ExpressionAttributeValues can only be specified when using expressions: ConditionExpression, FilterExpression, KeyConditionExpression and UpdateExpression are null');
  }
  if (values) {
    for (const k in values) {
      try {
        checkValue(values[k]!);
      } catch (e) {
        if (e instanceof AwsError) throw invalid(`ExpressionAttributeValues contains invalid value: ${e.message} for key ${k}`);
        throw e;
      }
    }
  }
  const ph = new Placeholders(names, values);
  const out: Expressions = {};
  if (input.ConditionExpression !== undefined) out.condition = parseCondition(input.ConditionExpression, 'ConditionExpression', ph);
  if (input.FilterExpression !== undefined) out.filter = parseCondition(input.FilterExpression, 'FilterExpression', ph);
  if (input.KeyConditionExpression !== undefined) out.keyCondition = parseCondition(input.KeyConditionExpression, 'KeyConditionExpression', ph);
  if (input.UpdateExpression !== undefined) out.update = parseUpdate(input.UpdateExpression, ph);
  if (input.ProjectionExpression !== undefined) out.projection = parseProjection(input.ProjectionExpression, ph);
  if (expr.length) ph.checkAllUsed();
  // The legacy parameters, as the same trees.
  const op = input.ConditionalOperator;
  if (op !== undefined && !input.Expected && !input.QueryFilter && !input.ScanFilter) {
    throw invalid('ConditionalOperator can only be used when Filter or Expected has two or more elements');
  }
  if (input.Expected) out.condition = legacyCondition(input.Expected, op, 'Expected');
  if (input.QueryFilter) out.filter = legacyCondition(input.QueryFilter, op, 'QueryFilter');
  if (input.ScanFilter) out.filter = legacyCondition(input.ScanFilter, op, 'ScanFilter');
  if (input.KeyConditions) out.keyCondition = legacyCondition(input.KeyConditions, undefined, 'KeyConditions');
  if (input.AttributeUpdates) out.update = legacyUpdate(input.AttributeUpdates);
  if (input.AttributesToGet) {
    if (new Set(input.AttributesToGet).size !== input.AttributesToGet.length) {
      throw invalid(`One or more parameter values were invalid: Duplicate value in attribute name: ${input.AttributesToGet.find((a, i) => input.AttributesToGet!.indexOf(a) !== i)}`);
    }
    out.projection = input.AttributesToGet.map((a) => [a]);
  }
  return out;
}
