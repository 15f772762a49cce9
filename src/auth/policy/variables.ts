// Policy variables: ${aws:username}, ${aws:PrincipalAccount}, ${aws:PrincipalTag/team}, ... in
// Resource and condition values, replaced by the request's value of that key; `${key, 'default'}`
// when the key is absent; ${*}, ${?} and ${$} for the literal characters. Only a Version
// 2012-10-17 policy has variables: an older one reads ${...} as text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { lookup, type ContextValue } from './context.js';

/** A substituted value's own `*` and `?` stand for themselves, not wildcards: they travel as
 *  these private-use characters, which wildcard.ts reads as the literal characters. */
export const LITERAL_STAR = '\uE000';
export const LITERAL_QUESTION = '\uE001';

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * The value with its variables replaced; undefined when a variable names a key the request does
 * not have and gives no default (the value then matches nothing, as on AWS), or a multivalued key.
 */
export function substitute(value: string, context: Record<string, ContextValue>, enabled: boolean): string | undefined {
  if (!enabled || !value.includes('${')) return value;
  let missing = false;
  const out = value.replace(VARIABLE, (_m, body: string) => {
    const inner = body.trim();
    if (inner === '*') return LITERAL_STAR;
    if (inner === '?') return LITERAL_QUESTION;
    if (inner === '$') return '$';
    const comma = inner.indexOf(',');
    const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
    const fallback = comma < 0 ? undefined : inner.slice(comma + 1).trim().replace(/^'(.*)'$/, '$1');
    const v = lookup(context, key);
    const text = typeof v === 'string' ? v : fallback;
    if (text === undefined) {
      missing = true;
      return '';
    }
    return text.replaceAll('*', LITERAL_STAR).replaceAll('?', LITERAL_QUESTION);
  });
  return missing ? undefined : out;
}

/** The text with literal markers turned back into characters (for exact comparisons). */
export function literal(text: string): string {
  return text.includes(LITERAL_STAR) || text.includes(LITERAL_QUESTION) ? text.replaceAll(LITERAL_STAR, '*').replaceAll(LITERAL_QUESTION, '?') : text;
}
