// The legacy parameters (Expected, QueryFilter, ScanFilter, KeyConditions, AttributeUpdates) as
// the expression trees the rest of the service evaluates: one evaluator for both generations.
import { AwsError } from '../../protocol/errors.js';
import type { Comparator, Condition, Operand, UpdateAction } from './expressions/ast.js';
import { checkValue, type AttributeValue } from './values.js';

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

const COUNTS: Record<string, [number, number]> = {
  EQ: [1, 1], NE: [1, 1], LE: [1, 1], LT: [1, 1], GE: [1, 1], GT: [1, 1],
  NOT_NULL: [0, 0], NULL: [0, 0], CONTAINS: [1, 1], NOT_CONTAINS: [1, 1], BEGINS_WITH: [1, 1],
  IN: [1, Infinity], BETWEEN: [2, 2],
};
const COMPARATORS: Record<string, Comparator> = { EQ: '=', NE: '<>', LE: '<=', LT: '<', GE: '>=', GT: '>' };

function value(v: AttributeValue, i: number): Operand {
  checkValue(v);
  return { kind: 'value', value: v, name: `legacy${i}` };
}

function comparison(name: string, op: string, list: AttributeValue[]): Condition {
  const [min, max] = COUNTS[op] ?? [0, -1];
  if (list.length < min || list.length > max) {
    throw invalid(`One or more parameter values were invalid: Invalid number of argument(s) for the ${op} ComparisonOperator`);
  }
  const a: Operand = { kind: 'path', path: [name] };
  const vals = list.map(value);
  if (COMPARATORS[op]) return { kind: 'compare', op: COMPARATORS[op], a, b: vals[0]! };
  switch (op) {
    case 'NULL':
      return { kind: 'attribute_not_exists', path: [name] };
    case 'NOT_NULL':
      return { kind: 'attribute_exists', path: [name] };
    case 'CONTAINS':
      return { kind: 'contains', a, b: vals[0]! };
    case 'NOT_CONTAINS':
      return { kind: 'and', a: { kind: 'attribute_exists', path: [name] }, b: { kind: 'not', a: { kind: 'contains', a, b: vals[0]! } } };
    case 'BEGINS_WITH':
      return { kind: 'begins_with', a, b: vals[0]! };
    case 'IN':
      return { kind: 'in', a, list: vals };
    case 'BETWEEN':
      return { kind: 'between', a, low: vals[0]!, high: vals[1]! };
  }
  throw invalid(`1 validation error detected: Value '${op}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(COUNTS).join(', ')}]`);
}

/** Expected / QueryFilter / ScanFilter / KeyConditions as one condition. */
export function legacyCondition(spec: Record<string, any>, operator: string | undefined, param: string): Condition {
  const parts: Condition[] = [];
  for (const name of Object.keys(spec)) {
    const c = spec[name] ?? {};
    if (param === 'Expected' && c.ComparisonOperator === undefined) {
      const exists = c.Exists ?? true;
      if (exists && c.Value === undefined) throw invalid(`One or more parameter values were invalid: Value must be provided when Exists is ${c.Exists === undefined ? 'null' : 'true'} for Attribute: ${name}`);
      if (!exists && c.Value !== undefined) throw invalid(`One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: ${name}`);
      parts.push(exists ? comparison(name, 'EQ', [c.Value]) : { kind: 'attribute_not_exists', path: [name] });
      continue;
    }
    if (c.ComparisonOperator === undefined) throw invalid(`One or more parameter values were invalid: ComparisonOperator must be specified for ${name}`);
    const list = c.AttributeValueList ?? (c.Value !== undefined ? [c.Value] : []);
    parts.push(comparison(name, c.ComparisonOperator, list));
  }
  if (parts.length === 0) throw invalid(`${param} must not be empty`);
  const kind = operator === 'OR' ? 'or' : 'and';
  return parts.reduce((a, b) => ({ kind, a, b }) as Condition);
}

/** AttributeUpdates: PUT, DELETE (an attribute, or elements of a set) and ADD. */
export function legacyUpdate(spec: Record<string, any>): UpdateAction[] {
  const actions: UpdateAction[] = [];
  for (const name of Object.keys(spec)) {
    const u = spec[name] ?? {};
    const action = u.Action ?? 'PUT';
    if (u.Value !== undefined) checkValue(u.Value);
    if (action === 'PUT') {
      if (u.Value === undefined) throw invalid(`One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified`);
      actions.push({ action: 'SET', path: [name], value: { kind: 'value', value: u.Value, name } });
    } else if (action === 'DELETE') {
      if (u.Value === undefined) actions.push({ action: 'REMOVE', path: [name] });
      else {
        if (!u.Value.SS && !u.Value.NS && !u.Value.BS) throw invalid('One or more parameter values were invalid: DELETE action with value is not supported for the type ' + Object.keys(u.Value)[0]);
        actions.push({ action: 'DELETE', path: [name], value: u.Value });
      }
    } else {
      if (u.Value === undefined) throw invalid('One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified');
      if (u.Value.N === undefined && !u.Value.SS && !u.Value.NS && !u.Value.BS && !u.Value.L) throw invalid('One or more parameter values were invalid: ADD action is not supported for the type ' + Object.keys(u.Value)[0]);
      actions.push({ action: 'ADD', path: [name], value: u.Value });
    }
  }
  return actions;
}
