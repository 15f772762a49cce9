// Filter policies: compiled once when set (filter-policy-validate.ts has already checked them), then
// matched per message. A policy is an OR of alternatives ($or expands into them); an alternative is
// an AND over keys; a key matches when any of its rules matches any of the key's values.
//
// Values a key sees:
//   MessageAttributes scope: String* -> the string; Number* -> the number; String.Array -> each JSON
//     element; Binary* -> ignored (AWS filters only String, String.Array and Number attributes).
//   MessageBody scope: the value at the nested key path of the JSON body; arrays at any level are
//     flattened, so an array matches when any element matches. A body that is not a JSON object
//     matches no policy.
//
// Rules: exact strings, numbers, true/false/null; prefix, suffix, equals-ignore-case; anything-but
// (a value, a list, or {prefix}/{suffix}); numeric (=, <, <=, >, >=, ranges); exists true/false; cidr
// (IPv4 and IPv6). anything-but on an array value matches only when none of the elements is listed
// (AWS's current documentation for String.Array; applied to body arrays alike).
import { BlockList, isIP } from 'node:net';
import type { FilterScope } from './filter-policy-validate.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

type Leaf = string | number | boolean | null;

type Rule =
  | { kind: 'exists'; exists: boolean }
  | { kind: 'anything-but'; excluded: (v: Leaf) => boolean }
  | { kind: 'match'; test: (v: Leaf) => boolean };

interface KeyRules {
  path: string[];
  rules: Rule[];
}

export interface CompiledFilterPolicy {
  scope: FilterScope;
  /** OR of ANDs. */
  alternatives: KeyRules[][];
}

/** Input to matching: the published message's attributes (as given to Publish) and the body the
 *  subscriber would receive. */
export interface FilterInput {
  attributes?: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: unknown }>;
  body: string;
}

export function compileFilterPolicy(policy: Record<string, unknown>, scope: FilterScope): CompiledFilterPolicy {
  return { scope, alternatives: expand(policy, []) };
}

function expand(node: Record<string, unknown>, path: string[]): KeyRules[][] {
  let alternatives: KeyRules[][] = [[]];
  const combine = (branches: KeyRules[][]): void => {
    alternatives = alternatives.flatMap((a) => branches.map((b) => [...a, ...b]));
  };
  for (const [key, value] of Object.entries(node)) {
    if (key === '$or' && Array.isArray(value)) {
      combine(value.flatMap((branch) => expand(branch as Record<string, unknown>, path)));
    } else if (Array.isArray(value)) {
      combine([[{ path: [...path, key], rules: value.map(compileRule) }]]);
    } else if (value !== null && typeof value === 'object') {
      combine(expand(value as Record<string, unknown>, [...path, key]));
    }
  }
  return alternatives;
}

function numEq(a: number, b: number): boolean {
  // AWS compares numbers with five decimal digits of precision.
  return Math.abs(a - b) < 5e-6;
}

function compileRule(rule: unknown): Rule {
  if (rule === null || typeof rule !== 'object') return { kind: 'match', test: exact(rule as Leaf) };
  const [operator, value] = Object.entries(rule as Record<string, unknown>)[0]!;
  switch (operator) {
    case 'exists':
      return { kind: 'exists', exists: value === true };
    case 'prefix':
      return { kind: 'match', test: (v) => typeof v === 'string' && v.startsWith(value as string) };
    case 'suffix':
      return { kind: 'match', test: (v) => typeof v === 'string' && v.endsWith(value as string) };
    case 'equals-ignore-case': {
      const lower = (value as string).toLowerCase();
      return { kind: 'match', test: (v) => typeof v === 'string' && v.toLowerCase() === lower };
    }
    case 'numeric':
      return { kind: 'match', test: numeric(value as Array<string | number>) };
    case 'cidr':
      return { kind: 'match', test: cidr(value as string) };
    case 'anything-but':
      return { kind: 'anything-but', excluded: anythingBut(value) };
    default:
      return { kind: 'match', test: () => false };
  }
}

function exact(rule: Leaf): (v: Leaf) => boolean {
  if (typeof rule === 'number') return (v) => typeof v === 'number' && numEq(v, rule);
  return (v) => v === rule;
}

function anythingBut(value: unknown): (v: Leaf) => boolean {
  if (Array.isArray(value)) {
    const tests = value.map((x) => exact(x as Leaf));
    return (v) => tests.some((t) => t(v));
  }
  if (value !== null && typeof value === 'object') {
    const [inner, s] = Object.entries(value as Record<string, string>)[0]!;
    if (inner === 'prefix') return (v) => typeof v === 'string' && v.startsWith(s);
    return (v) => typeof v === 'string' && v.endsWith(s);
  }
  return exact(value as Leaf);
}

function numeric(terms: Array<string | number>): (v: Leaf) => boolean {
  const checks: Array<(x: number) => boolean> = [];
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const bound = terms[i + 1] as number;
    switch (terms[i]) {
      case '=': checks.push((x) => numEq(x, bound)); break;
      case '<': checks.push((x) => x < bound); break;
      case '<=': checks.push((x) => x <= bound); break;
      case '>': checks.push((x) => x > bound); break;
      case '>=': checks.push((x) => x >= bound); break;
    }
  }
  return (v) => typeof v === 'number' && checks.every((c) => c(v));
}

function cidr(value: string): (v: Leaf) => boolean {
  const [ip, bits] = value.split('/') as [string, string];
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(ip, Number(bits), family);
  return (v) => {
    if (typeof v !== 'string') return false;
    const f = isIP(v);
    return f !== 0 && list.check(v, f === 6 ? 'ipv6' : 'ipv4');
  };
}

interface KeyValues {
  present: boolean;
  values: Leaf[];
}

function attributeValues(attributes: FilterInput['attributes'], name: string): KeyValues {
  const attr = attributes?.[name];
  const type = attr?.DataType ?? '';
  if (!attr || type.startsWith('Binary')) return { present: false, values: [] };
  const text = attr.StringValue ?? '';
  if (type === 'String.Array') {
    try {
      const parsed: unknown = parseJsonDocument(text);
      const elements = Array.isArray(parsed) ? parsed : [parsed];
      return { present: true, values: elements.filter(isLeaf) };
    } catch {
      return { present: true, values: [] };
    }
  }
  if (type.startsWith('Number')) {
    const n = Number(text);
    return { present: true, values: text.trim() !== '' && Number.isFinite(n) ? [n] : [] };
  }
  return { present: true, values: [text] };
}

function isLeaf(v: unknown): v is Leaf {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function bodyValues(body: unknown, path: string[]): KeyValues {
  let level: unknown[] = [body];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const node of level.flatMap(flattenArrays)) {
      if (node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, segment)) {
        next.push((node as Record<string, unknown>)[segment]);
      }
    }
    level = next;
  }
  const values = level.flatMap(flattenArrays).filter(isLeaf);
  return { present: values.length > 0, values };
}

function flattenArrays(v: unknown): unknown[] {
  return Array.isArray(v) ? v.flatMap(flattenArrays) : [v];
}

function keyMatches(key: KeyRules, kv: KeyValues): boolean {
  for (const rule of key.rules) {
    if (rule.kind === 'exists') {
      if (rule.exists === kv.present) return true;
    } else if (kv.values.length > 0) {
      if (rule.kind === 'anything-but' ? !kv.values.some(rule.excluded) : kv.values.some(rule.test)) return true;
    }
  }
  return false;
}

export function matchesFilterPolicy(policy: CompiledFilterPolicy, input: FilterInput): boolean {
  let body: unknown;
  if (policy.scope === 'MessageBody') {
    try {
      body = parseJsonDocument(input.body);
    } catch {
      return false;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  }
  return policy.alternatives.some((alternative) =>
    alternative.every((key) =>
      keyMatches(key, policy.scope === 'MessageBody' ? bodyValues(body, key.path) : attributeValues(input.attributes, key.path[0]!)),
    ),
  );
}
