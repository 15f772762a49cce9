// IAM's two wildcards: `*` any run of characters (also none), `?` exactly one. Used by Action,
// Resource, StringLike and ArnLike. Compiled patterns are cached: policies are evaluated again and
// again with the same strings.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards

import { literal } from './variables.js';

const compiled = new Map<string, RegExp>();

function compile(pattern: string, ignoreCase: boolean): RegExp {
  const key = (ignoreCase ? 'i' : 's') + pattern;
  let re = compiled.get(key);
  if (!re) {
    let src = '';
    for (const ch of pattern) {
      if (ch === '*') src += '[\\s\\S]*';
      else if (ch === '?') src += '[\\s\\S]';
      else src += literal(ch).replace(/[\\^$.|*?+()[\]{}]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`, ignoreCase ? 'i' : '');
    if (compiled.size > 5000) compiled.clear();
    compiled.set(key, re);
  }
  return re;
}

/** Does `value` match the IAM wildcard pattern? */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    const text = literal(pattern);
    return ignoreCase ? text.toLowerCase() === value.toLowerCase() : text === value;
  }
  return compile(pattern, ignoreCase).test(value);
}

/**
 * ArnLike / ArnEquals: the six colon-separated parts of the ARN are compared one by one, each
 * with wildcards (so `*` never reaches across a colon of the first five parts; the resource part
 * keeps its own colons). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
export function arnMatch(pattern: string, value: string): boolean {
  const p = arnParts(pattern);
  const v = arnParts(value);
  if (!p || !v) return false;
  for (let i = 0; i < 6; i++) if (!wildcardMatch(p[i]!, v[i]!)) return false;
  return true;
}

function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
