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
    const read = table[name];
    if (!read) throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    return { read, patterns: (f.Values ?? []).map(wildcard) };
  });
  return items.filter((item) =>
    compiled.every(({ read, patterns }) => {
      const value = read(item);
      const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
      return values.some((v) => patterns.some((p) => p.test(v)));
    }),
  );
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
