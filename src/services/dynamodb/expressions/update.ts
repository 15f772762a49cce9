// Applying an update expression (or legacy AttributeUpdates, converted to the same actions) to an
// item. Every SET value is computed from the item as it was before the update, as DynamoDB does;
// then the actions apply in order to a copy. Numbers add and subtract exactly (decimal.ts).
import { AwsError } from '../../../protocol/errors.js';
import { addDecimal, formatNumber, parseNumber, subtractDecimal } from '../decimal.js';
import { b64, cloneItem, compareNumbers, setOwn, type AttributeValue, type Item } from '../values.js';
import type { Operand, Path, UpdateAction } from './ast.js';
import { resolvePath } from './evaluate.js';

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

const WRONG_TYPE = 'An operand in the update expression has an incorrect data type';
const BAD_PATH = 'The document path provided in the update expression is invalid for update';

/** Refuses an update that touches a key attribute. */
export function checkNoKeyUpdate(actions: UpdateAction[], keyNames: readonly string[]): void {
  for (const a of actions) {
    if (keyNames.includes(a.path[0] as string)) {
      throw invalid(`One or more parameter values were invalid: Cannot update attribute ${a.path[0]}. This attribute is part of the key`);
    }
  }
}

function setValue(item: Item, op: Operand): AttributeValue {
  switch (op.kind) {
    case 'value':
      return op.value;
    case 'path': {
      const v = resolvePath(item, op.path);
      if (v === undefined) throw invalid('The provided expression refers to an attribute that does not exist in the item');
      return v;
    }
    case 'if_not_exists':
      return resolvePath(item, op.path) ?? setValue(item, op.fallback);
    case 'list_append': {
      const a = setValue(item, op.a);
      const b = setValue(item, op.b);
      if (!a.L || !b.L) throw invalid(WRONG_TYPE);
      return { L: [...a.L, ...b.L] };
    }
    case 'arith': {
      const a = setValue(item, op.a);
      const b = setValue(item, op.b);
      if (a.N === undefined || b.N === undefined) throw invalid(WRONG_TYPE);
      const x = parseNumber(a.N);
      const y = parseNumber(b.N);
      return { N: formatNumber(op.op === '+' ? addDecimal(x, y) : subtractDecimal(x, y)) };
    }
    default:
      throw invalid(WRONG_TYPE);
  }
}

/** The container holding the last element of `path` (a map's M or a list's L), or undefined. */
function parentOf(item: Item, path: Path): Record<string, AttributeValue> | AttributeValue[] | undefined {
  if (path.length === 1) return item;
  const parent = resolvePath(item, path.slice(0, -1));
  if (!parent) return undefined;
  const last = path[path.length - 1];
  if (typeof last === 'number') return parent.L;
  return parent.M;
}

function put(item: Item, path: Path, value: AttributeValue): void {
  const container = parentOf(item, path);
  const last = path[path.length - 1]!;
  if (container === undefined) throw invalid(BAD_PATH);
  if (Array.isArray(container)) {
    if (typeof last !== 'number') throw invalid(BAD_PATH);
    // Past the end appends, as DynamoDB does.
    if (last >= container.length) container.push(value);
    else container[last] = value;
  } else {
    if (typeof last !== 'string') throw invalid(BAD_PATH);
    setOwn(container, last, value);
  }
}

function remove(item: Item, path: Path): void {
  const last = path[path.length - 1]!;
  if (path.length > 1) {
    const parent = resolvePath(item, path.slice(0, -1));
    if (!parent) return;
    if (typeof last === 'number' ? !parent.L : !parent.M) throw invalid(BAD_PATH);
  }
  const container = parentOf(item, path);
  if (container === undefined) return;
  if (Array.isArray(container)) {
    if (typeof last === 'number' && last < container.length) container.splice(last, 1);
  } else delete container[last as string];
}

function setUnion(a: AttributeValue, b: AttributeValue): AttributeValue {
  if (a.SS && b.SS) return { SS: [...new Set([...a.SS, ...b.SS])] };
  if (a.NS && b.NS) return { NS: [...a.NS, ...b.NS.filter((n) => !a.NS!.some((m) => compareNumbers(m, n) === 0))] };
  if (a.BS && b.BS) {
    const seen = new Set(a.BS.map(b64));
    return { BS: [...a.BS, ...b.BS.filter((x) => !seen.has(b64(x)))] };
  }
  throw invalid(WRONG_TYPE);
}

function setDifference(a: AttributeValue, b: AttributeValue): AttributeValue | undefined {
  let out: AttributeValue;
  if (a.SS && b.SS) out = { SS: a.SS.filter((s) => !b.SS!.includes(s)) };
  else if (a.NS && b.NS) out = { NS: a.NS.filter((n) => !b.NS!.some((m) => compareNumbers(m, n) === 0)) };
  else if (a.BS && b.BS) {
    const drop = new Set(b.BS.map(b64));
    out = { BS: a.BS.filter((x) => !drop.has(b64(x))) };
  } else throw invalid(WRONG_TYPE);
  const list = (out.SS ?? out.NS ?? out.BS)!;
  return list.length ? out : undefined;
}

/** The item after the actions (a new object; `item` is not changed). */
export function applyUpdate(item: Item, actions: UpdateAction[]): Item {
  const values = actions.map((a) => (a.action === 'SET' ? setValue(item, a.value) : undefined));
  const out = cloneItem(item);
  // List elements removed by index refer to the list as it was: remove from the highest index.
  const removals: Path[] = [];
  actions.forEach((a, i) => {
    switch (a.action) {
      case 'SET':
        put(out, a.path, structuredCloneValue(values[i]!));
        break;
      case 'REMOVE':
        removals.push(a.path);
        break;
      case 'ADD': {
        const cur = resolvePath(out, a.path);
        if (cur === undefined) put(out, a.path, a.value);
        else if (a.value.N !== undefined) {
          if (cur.N === undefined) throw invalid(WRONG_TYPE);
          put(out, a.path, { N: formatNumber(addDecimal(parseNumber(cur.N), parseNumber(a.value.N))) });
        } else put(out, a.path, setUnion(cur, a.value));
        break;
      }
      case 'DELETE': {
        const cur = resolvePath(out, a.path);
        if (cur === undefined) break;
        const rest = setDifference(cur, a.value);
        if (rest) put(out, a.path, rest);
        else remove(out, a.path);
        break;
      }
    }
  });
  removals.sort((x, y) => {
    const a = x[x.length - 1];
    const b = y[y.length - 1];
    return typeof a === 'number' && typeof b === 'number' ? b - a : 0;
  });
  for (const p of removals) remove(out, p);
  return out;
}

/** Values copied from other paths must not alias them (a later action may change one). */
function structuredCloneValue(v: AttributeValue): AttributeValue {
  if (v.M) {
    const m: Record<string, AttributeValue> = {};
    for (const k in v.M) setOwn(m, k, structuredCloneValue(v.M[k]!));
    return { M: m };
  }
  if (v.L) return { L: v.L.map(structuredCloneValue) };
  return v;
}

/** The top-level attribute names an update changed (for ReturnValues UPDATED_*). */
export function updatedNames(actions: UpdateAction[]): Set<string> {
  return new Set(actions.map((a) => a.path[0] as string));
}
