// The Condition element: every operator of a block must hold (AND), every key of an operator
// (AND), and a key holds when the request's value matches any of the policy's values (OR) — for a
// negated operator (StringNotEquals, ...) when it matches none of them (NOR). A key absent from the
// request makes a positive operator false and a negated one true, except for ...IfExists (true when
// absent) and Null (which tests presence). ForAnyValue:/ForAllValues: compare each value of a
// multivalued key.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import { BlockList, isIP } from 'node:net';
import type { ConditionBlock } from './document.js';
import { lookup, type ContextValue } from './context.js';
import { literal, substitute } from './variables.js';
import { arnMatch, wildcardMatch } from './wildcard.js';

/** One value comparison: does the request's value match the policy's value? */
type Compare = (request: string, policy: string) => boolean;

interface Operator {
  compare: Compare;
  /** Negated operators hold when no policy value matches. */
  negated: boolean;
  /** Policy variables are substituted in the policy's values (not for Numeric, Date, Bool, IP). */
  variables: boolean;
}

const number = (s: string): number => (/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s) ? Number(s) : NaN);
/** Dates are ISO 8601 text or epoch seconds. */
const date = (s: string): number => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const numeric = (f: (a: number, b: number) => boolean): Compare => (r, p) => {
  const a = number(r);
  const b = number(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};
const dated = (f: (a: number, b: number) => boolean): Compare => (r, p) => {
  const a = date(r);
  const b = date(p);
  return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
};

function inCidr(request: string, cidr: string): boolean {
  const ip = request.trim();
  const family = isIP(ip);
  if (!family) return false;
  const [net, bits] = cidr.trim().split('/');
  const netFamily = isIP(net ?? '');
  if (!netFamily || netFamily !== family) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix)) return false;
  list.addSubnet(net!, prefix, type);
  return list.check(ip, type);
}

const eq: Compare = (r, p) => r === literal(p);
const eqIgnoreCase: Compare = (r, p) => r.toLowerCase() === literal(p).toLowerCase();
const like: Compare = (r, p) => wildcardMatch(p, r);
const arn: Compare = (r, p) => arnMatch(p, r);
const bool: Compare = (r, p) => r.toLowerCase() === p.toLowerCase();
const binary: Compare = (r, p) => r === p;

const pos = (compare: Compare, variables = true): Operator => ({ compare, negated: false, variables });
const neg = (compare: Compare, variables = true): Operator => ({ compare, negated: true, variables });

/** Every operator by name (case-insensitive lookup, as AWS reads them). */
const OPERATORS: Record<string, Operator> = {
  StringEquals: pos(eq),
  StringNotEquals: neg(eq),
  StringEqualsIgnoreCase: pos(eqIgnoreCase),
  StringNotEqualsIgnoreCase: neg(eqIgnoreCase),
  StringLike: pos(like),
  StringNotLike: neg(like),
  NumericEquals: pos(numeric((a, b) => a === b), false),
  NumericNotEquals: neg(numeric((a, b) => a === b), false),
  NumericLessThan: pos(numeric((a, b) => a < b), false),
  NumericLessThanEquals: pos(numeric((a, b) => a <= b), false),
  NumericGreaterThan: pos(numeric((a, b) => a > b), false),
  NumericGreaterThanEquals: pos(numeric((a, b) => a >= b), false),
  DateEquals: pos(dated((a, b) => a === b), false),
  DateNotEquals: neg(dated((a, b) => a === b), false),
  DateLessThan: pos(dated((a, b) => a < b), false),
  DateLessThanEquals: pos(dated((a, b) => a <= b), false),
  DateGreaterThan: pos(dated((a, b) => a > b), false),
  DateGreaterThanEquals: pos(dated((a, b) => a >= b), false),
  Bool: pos(bool),
  BinaryEquals: pos(binary, false),
  IpAddress: pos(inCidr, false),
  NotIpAddress: neg(inCidr, false),
  ArnEquals: pos(arn),
  ArnLike: pos(arn),
  ArnNotEquals: neg(arn),
  ArnNotLike: neg(arn),
};
const BY_LOWER = new Map(Object.entries(OPERATORS).map(([k, v]) => [k.toLowerCase(), v]));

export class UnknownConditionOperator extends Error {}

interface ParsedOperator {
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
  op?: Operator;
  isNull: boolean;
}

export function parseOperator(name: string): ParsedOperator {
  let rest = name;
  let set: ParsedOperator['set'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === 'forallvalues') set = 'ForAllValues';
    else if (q === 'foranyvalue') set = 'ForAnyValue';
    else throw new UnknownConditionOperator(name);
    rest = rest.slice(colon + 1);
  }
  if (rest.toLowerCase() === 'null') return { set, ifExists: false, isNull: true };
  const ifExists = rest.toLowerCase().endsWith('ifexists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const op = BY_LOWER.get(base.toLowerCase());
  if (!op) throw new UnknownConditionOperator(name);
  return { set, ifExists, op, isNull: false };
}

/** Does one request value satisfy the operator against the policy's (substituted) values? */
function single(op: Operator, request: string, values: readonly (string | undefined)[]): boolean {
  const any = values.some((p) => p !== undefined && op.compare(request, p));
  return op.negated ? !any : any;
}

function holds(operator: string, key: string, policyValues: readonly string[], context: Record<string, ContextValue>, variables: boolean): boolean {
  const parsed = parseOperator(operator);
  const value = lookup(context, key);
  const present = value !== undefined && !(Array.isArray(value) && value.length === 0);
  if (parsed.isNull) {
    // Null: "true" holds when the key is absent, "false" when it is present.
    return policyValues.some((p) => (p.toLowerCase() === 'true' ? !present : present));
  }
  const op = parsed.op!;
  const values = op.variables ? policyValues.map((p) => substitute(p, context, variables)) : policyValues;
  if (parsed.set === 'ForAllValues') {
    // True when every request value matches (so also when the key is absent or empty).
    if (!present) return true;
    const list = typeof value === 'string' ? [value] : value!;
    return list.every((v) => single(op, v, values));
  }
  if (parsed.set === 'ForAnyValue') {
    if (!present) return false;
    const list = typeof value === 'string' ? [value] : value!;
    return list.some((v) => single(op, v, values));
  }
  if (!present) return parsed.ifExists || op.negated;
  // A multivalued key without a set operator: AWS compares it as a set of one value each; any
  // value matching is taken as a match for a positive operator, all for a negated one.
  const list = typeof value === 'string' ? [value] : value!;
  return op.negated ? list.every((v) => single(op, v, values)) : list.some((v) => single(op, v, values));
}

/** Does the whole Condition block hold for this request context? */
export function conditionsHold(block: ConditionBlock, context: Record<string, ContextValue>, variables: boolean): boolean {
  for (const c of block) if (!holds(c.operator, c.key, c.values, context, variables)) return false;
  return true;
}
