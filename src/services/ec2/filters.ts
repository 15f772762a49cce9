// EC2's Filter.N.Name / Filter.N.Value.M semantics: every filter must match (AND), any of a
// filter's values may match (OR), values may use * and ? wildcards. Each Describe* operation
// declares a table of the filter names it supports; an unknown name is InvalidParameterValue.
import type { Filter } from '@aws-sdk/client-ec2';
import { AwsError } from '../../protocol/errors.js';

export type FilterTable<T> = Record<string, (item: T) => string | string[] | undefined>;

export function applyFilters<T>(items: T[], filters: Filter[] | undefined, table: FilterTable<T>): T[] {
  if (!filters?.length) return items;
  const compiled = filters.map((f) => {
    const name = f.Name ?? '';
    // Own entries only: a filter named `constructor` or `__proto__` is just an unknown filter.
    const read = Object.hasOwn(table, name) ? table[name] : undefined;
    if (!read) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    return { read, patterns: f.Values ?? [] };
  });
  return items.filter((item) =>
    compiled.every(({ read, patterns }) => {
      const value = read(item);
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return values.some((v) => patterns.some((p) => wildcardMatch(p, v)));
    }),
  );
}

/** `*` any run, `?` any one character. Matched directly rather than through a RegExp: a filter
 *  value is request data of any length, and a pattern built from it can exceed RegExp's limits. */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === value[v])) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
