// The expression languages' syntax trees. Placeholders are resolved while parsing (#name to the
// attribute name, :value to its AttributeValue), so evaluation never looks them up again.
import type { AttributeValue } from '../values.js';

/** A document path: attribute names and list indexes, e.g. a.b[2].c = ['a', 'b', 2, 'c']. */
export type Path = (string | number)[];

export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue; name: string }
  | { kind: 'size'; path: Path }
  // Update expressions only:
  | { kind: 'if_not_exists'; path: Path; fallback: Operand }
  | { kind: 'list_append'; a: Operand; b: Operand }
  | { kind: 'arith'; op: '+' | '-'; a: Operand; b: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'compare'; op: Comparator; a: Operand; b: Operand }
  | { kind: 'between'; a: Operand; low: Operand; high: Operand }
  | { kind: 'in'; a: Operand; list: Operand[] }
  | { kind: 'and'; a: Condition; b: Condition }
  | { kind: 'or'; a: Condition; b: Condition }
  | { kind: 'not'; a: Condition }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: Path }
  | { kind: 'attribute_type'; path: Path; type: Operand }
  | { kind: 'begins_with' | 'contains'; a: Operand; b: Operand };

export type UpdateAction =
  | { action: 'SET'; path: Path; value: Operand }
  | { action: 'REMOVE'; path: Path }
  | { action: 'ADD' | 'DELETE'; path: Path; value: AttributeValue };

export function pathText(p: Path): string {
  let s = '';
  for (const e of p) s += typeof e === 'number' ? `[${e}]` : s === '' ? e : '.' + e;
  return s;
}
