// Evaluating conditions (condition, filter and key-condition expressions) against an item, and
// resolving document paths. Semantics as DynamoDB documents them: a comparison between values of
// different types is false (<> true); <, <=, >, >= and BETWEEN apply to strings (UTF-8 byte
// order), numbers and binaries; a path to a missing attribute makes every predicate false except
// <> and attribute_not_exists.
import { typeOf, valuesEqual, compareUtf8, compareNumbers, type AttributeValue, type Item } from '../values.js';
import type { Condition, Operand, Path } from './ast.js';

/** The value a path names in the item, or undefined. */
export function resolvePath(item: Item, path: Path): AttributeValue | undefined {
  let v: AttributeValue | undefined = item[path[0] as string];
  if (v === undefined || !Object.hasOwn(item, path[0] as string)) return undefined;
  for (let i = 1; i < path.length; i++) {
    const e = path[i]!;
    if (typeof e === 'number') {
      if (!v.L || e >= v.L.length) return undefined;
      v = v.L[e]!;
    } else {
      if (!v.M || !Object.hasOwn(v.M, e)) return undefined;
      v = v.M[e]!;
    }
  }
  return v;
}

export function operandValue(item: Item, op: Operand): AttributeValue | undefined {
  switch (op.kind) {
    case 'value':
      return op.value;
    case 'path':
      return resolvePath(item, op.path);
    case 'size': {
      const v = resolvePath(item, op.path);
      const n = v === undefined ? undefined : sizeOf(v);
      return n === undefined ? undefined : { N: String(n) };
    }
    default:
      return undefined;
  }
}

/** size(): characters of a string, bytes of a binary, elements of a set, list or map. */
function sizeOf(v: AttributeValue): number | undefined {
  if (v.S !== undefined) return [...v.S].length;
  if (v.B !== undefined) return v.B.length;
  if (v.SS) return v.SS.length;
  if (v.NS) return v.NS.length;
  if (v.BS) return v.BS.length;
  if (v.L) return v.L.length;
  if (v.M) return Object.keys(v.M).length;
  return undefined;
}

/** Order of two scalars of one orderable type; undefined when they cannot be ordered. */
export function orderOf(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return compareUtf8(a.S, b.S);
  if (a.N !== undefined && b.N !== undefined) return compareNumbers(a.N, b.N);
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(a.B, b.B);
  return undefined;
}

export function evaluate(c: Condition, item: Item): boolean {
  switch (c.kind) {
    case 'and':
      return evaluate(c.a, item) && evaluate(c.b, item);
    case 'or':
      return evaluate(c.a, item) || evaluate(c.b, item);
    case 'not':
      return !evaluate(c.a, item);
    case 'attribute_exists':
      return resolvePath(item, c.path) !== undefined;
    case 'attribute_not_exists':
      return resolvePath(item, c.path) === undefined;
    case 'attribute_type': {
      const v = resolvePath(item, c.path);
      return v !== undefined && typeOf(v) === (c.type as { value: AttributeValue }).value.S;
    }
    case 'begins_with': {
      const a = operandValue(item, c.a);
      const b = operandValue(item, c.b);
      if (!a || !b) return false;
      if (a.S !== undefined && b.S !== undefined) return a.S.startsWith(b.S);
      if (a.B !== undefined && b.B !== undefined) return b.B.length <= a.B.length && Buffer.compare(a.B.subarray(0, b.B.length), b.B) === 0;
      return false;
    }
    case 'contains': {
      const a = operandValue(item, c.a);
      const b = operandValue(item, c.b);
      if (!a || !b) return false;
      if (a.S !== undefined) return b.S !== undefined && a.S.includes(b.S);
      if (a.B !== undefined) return b.B !== undefined && Buffer.from(a.B).includes(Buffer.from(b.B));
      if (a.SS) return b.S !== undefined && a.SS.includes(b.S);
      if (a.NS) return b.N !== undefined && a.NS.some((n) => compareNumbers(n, b.N!) === 0);
      if (a.BS) return b.B !== undefined && a.BS.some((x) => Buffer.compare(x, b.B!) === 0);
      if (a.L) return a.L.some((x) => valuesEqual(x, b));
      return false;
    }
    case 'compare': {
      const a = operandValue(item, c.a);
      const b = operandValue(item, c.b);
      if (c.op === '<>') return a === undefined || b === undefined || !valuesEqual(a, b);
      if (a === undefined || b === undefined) return false;
      if (c.op === '=') return valuesEqual(a, b);
      const o = orderOf(a, b);
      if (o === undefined) return false;
      return c.op === '<' ? o < 0 : c.op === '<=' ? o <= 0 : c.op === '>' ? o > 0 : o >= 0;
    }
    case 'between': {
      const a = operandValue(item, c.a);
      const lo = operandValue(item, c.low);
      const hi = operandValue(item, c.high);
      if (!a || !lo || !hi) return false;
      const x = orderOf(a, lo);
      const y = orderOf(a, hi);
      return x !== undefined && y !== undefined && x >= 0 && y <= 0;
    }
    case 'in': {
      const a = operandValue(item, c.a);
      if (!a) return false;
      return c.list.some((o) => {
        const v = operandValue(item, o);
        return v !== undefined && valuesEqual(a, v);
      });
    }
  }
}

/** Every top-level attribute name a condition reads (for key-attribute checks). */
export function conditionPaths(c: Condition, out: Path[] = []): Path[] {
  const operand = (o: Operand): void => {
    if (o.kind === 'path' || o.kind === 'size') out.push(o.path);
  };
  switch (c.kind) {
    case 'and':
    case 'or':
      conditionPaths(c.a, out);
      conditionPaths(c.b, out);
      break;
    case 'not':
      conditionPaths(c.a, out);
      break;
    case 'attribute_exists':
    case 'attribute_not_exists':
    case 'attribute_type':
      out.push(c.path);
      break;
    case 'begins_with':
    case 'contains':
      operand(c.a);
      operand(c.b);
      break;
    case 'compare':
      operand(c.a);
      operand(c.b);
      break;
    case 'between':
      operand(c.a);
      operand(c.low);
      operand(c.high);
      break;
    case 'in':
      operand(c.a);
      c.list.forEach(operand);
      break;
  }
  return out;
}
