// Filter policy validation with AWS's limits and wording. Subscribe prefixes every message with
// "Invalid parameter: Attributes Reason: ", SetSubscriptionAttributes with "Invalid parameter: ".
// The texts are the ones AWS answers (as recorded by AWS-validated emulator test suites); where AWS's
// own wording is not known, the message says so in a comment.
import { isIP } from 'node:net';
import { AwsError } from '../../protocol/errors.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

export type FilterScope = 'MessageAttributes' | 'MessageBody';

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

class PolicyError extends Error {}

function fail(message: string): never {
  throw new PolicyError(message);
}

/** Parses and validates a FilterPolicy attribute value; returns the policy object. */
export function validateFilterPolicy(text: string, scope: FilterScope, subscribeCall: boolean): Record<string, unknown> {
  const prefix = subscribeCall ? 'Invalid parameter: Attributes Reason: ' : 'Invalid parameter: ';
  let policy: unknown;
  try {
    policy = parseJsonDocument(text);
  } catch {
    throw new AwsError('InvalidParameterException', `${prefix}FilterPolicy: failed to parse JSON.`);
  }
  try {
    // Nimbus: a JSON value that is not an object gets the parse error too (AWS's wording unknown).
    if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) fail('FilterPolicy: failed to parse JSON.');
    checkPolicy(policy as Record<string, unknown>, scope);
  } catch (e) {
    if (e instanceof PolicyError) throw new AwsError('InvalidParameterException', `${prefix}${e.message}`);
    throw e;
  }
  return policy as Record<string, unknown>;
}

function checkPolicy(policy: Record<string, unknown>, scope: FilterScope): void {
  // Only top-level keys count towards the limit ($or counts as one).
  if (Object.keys(policy).length > MAX_KEYS) fail(`FilterPolicy: Filter policy can not have more than ${MAX_KEYS} keys`);
  const rules: unknown[][] = [];
  const combinations = walk(policy, 1, 1, scope, rules);
  if (combinations > MAX_COMBINATIONS) fail('FilterPolicy: Filter policy is too complex');
  for (const list of rules) for (const rule of list) checkRule(rule);
}

/** Collects the rule lists and returns the combination count AWS documents: the product of the
 *  array sizes, each multiplied by its nesting depth; `$or` branches add up. */
function walk(node: Record<string, unknown>, depth: number, combinations: number, scope: FilterScope, rules: unknown[][]): number {
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      if (value.length === 0) fail('FilterPolicy: Empty arrays are not allowed');
      if (key === '$or') {
        let sum = 0;
        for (const branch of value) {
          if (branch === null || typeof branch !== 'object' || Array.isArray(branch)) fail(`FilterPolicy: "${key}" must be an object or an array`);
          sum += walk(branch as Record<string, unknown>, depth, combinations, scope, rules);
        }
        combinations = sum;
      } else {
        rules.push(value);
        combinations *= value.length * depth;
      }
    } else if (value !== null && typeof value === 'object') {
      if (scope === 'MessageAttributes') fail('Filter policy scope MessageAttributes does not support nested filter policy');
      combinations = walk(value as Record<string, unknown>, depth + 1, combinations, scope, rules);
    } else {
      fail(`FilterPolicy: "${key}" must be an object or an array`);
    }
  }
  return combinations;
}

function checkRule(rule: unknown): void {
  if (rule === null || typeof rule === 'string' || typeof rule === 'boolean' || typeof rule === 'number') return;
  if (Array.isArray(rule) || typeof rule !== 'object') fail('FilterPolicy: Match value must be String, number, true, false, or null');
  const entries = Object.entries(rule as Record<string, unknown>);
  if (entries.length !== 1) fail('FilterPolicy: Only one key allowed in match expression');
  const [operator, value] = entries[0]!;
  switch (operator) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof value !== 'string') fail(`FilterPolicy: ${operator} match pattern must be a string`);
      return;
    case 'exists':
      if (typeof value !== 'boolean') fail('FilterPolicy: exists match pattern must be either true or false.');
      return;
    case 'anything-but':
      return checkAnythingBut(value);
    case 'numeric':
      return checkNumeric(value);
    case 'cidr':
      return checkCidr(value);
    default:
      fail(`FilterPolicy: Unrecognized match type ${operator}`);
  }
}

function checkAnythingBut(value: unknown): void {
  if (typeof value === 'string' || typeof value === 'number') return;
  if (Array.isArray(value)) {
    if (value.length === 0) fail('FilterPolicy: Empty arrays are not allowed');
    for (const v of value) {
      if (typeof v !== 'string' && typeof v !== 'number') fail('FilterPolicy: Inside anything but list, start|null|boolean is not supported.');
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length !== 1) fail('FilterPolicy: Only one key allowed in match expression');
    const [inner, v] = entries[0]!;
    if (inner !== 'prefix' && inner !== 'suffix') fail(`FilterPolicy: Unsupported anything-but pattern: ${inner}`);
    if (typeof v !== 'string') fail(`FilterPolicy: ${inner} match pattern must be a string`);
    return;
  }
  // true/false/null inside anything-but (AWS: the same wording as inside a list).
  fail('FilterPolicy: Inside anything but list, start|null|boolean is not supported.');
}

function checkNumeric(value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) fail('FilterPolicy: Invalid member in numeric match: ]');
  const terms = [...value];
  const operator = terms.shift();
  if (typeof operator !== 'string') fail(`FilterPolicy: Invalid member in numeric match: ${String(operator)}`);
  if (!NUMERIC_OPERATORS.has(operator)) fail(`FilterPolicy: Unrecognized numeric range operator: ${operator}`);
  const bottom = terms.shift();
  if (typeof bottom !== 'number') fail(`FilterPolicy: Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
  if (terms.length === 0) return;
  if (operator !== '>' && operator !== '>=') fail('FilterPolicy: Too many elements in numeric expression');
  const second = terms.shift();
  if (typeof second !== 'string') fail(`FilterPolicy: Bad value in numeric range: ${String(second)}`);
  if (second !== '<' && second !== '<=') fail(`FilterPolicy: Bad numeric range operator: ${second}`);
  const top = terms.shift();
  if (typeof top !== 'number') fail(`FilterPolicy: Value of ${second} must be numeric`);
  if (top <= bottom) fail('FilterPolicy: Bottom must be less than top');
  if (terms.length > 0) fail('FilterPolicy: Too many terms in numeric range expression');
}

function checkCidr(value: unknown): void {
  // AWS answers a non-string cidr with the prefix message.
  if (typeof value !== 'string') fail('FilterPolicy: prefix match pattern must be a string');
  const parts = value.split('/');
  if (parts.length !== 2) fail("FilterPolicy: Malformed CIDR, one '/' required");
  const [ip, bits] = parts as [string, string];
  if (!/^\d+$/.test(bits)) fail('FilterPolicy: Malformed CIDR, mask bits must be an integer');
  const family = isIP(ip);
  if (family === 0 || Number(bits) > (family === 4 ? 32 : 128)) fail(`FilterPolicy: Nonstandard IP address: ${ip}`);
}
