// ParameterFilters (DescribeParameters, GetParametersByPath) and the legacy Filters of
// DescribeParameters, compiled once per request into one predicate over a parameter.
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import { latest, type Parameter } from './entities.js';
import { normalizePath, underPath } from './names.js';

type Predicate = (p: Parameter) => boolean;

/** The options each filter key accepts; the first is the default. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  Name: ['Equals', 'BeginsWith', 'Contains'],
  Path: ['OneLevel', 'Recursive'],
  Type: ['Equals', 'BeginsWith'],
  KeyId: ['Equals', 'BeginsWith'],
  Label: ['Equals', 'BeginsWith'],
  Tier: ['Equals', 'BeginsWith'],
  DataType: ['Equals', 'BeginsWith'],
  tag: ['Equals', 'BeginsWith'],
};

function match(option: string, actual: string | undefined, values: readonly string[]): boolean {
  if (actual === undefined) return false;
  if (option === 'Equals') return values.includes(actual);
  if (option === 'BeginsWith') return values.some((v) => actual.startsWith(v));
  return values.some((v) => actual.includes(v));
}

function compileOne(f: sdk.ParameterStringFilter, allowed: ReadonlySet<string>): Predicate {
  const key = f.Key!;
  const family = key.startsWith('tag:') ? 'tag' : key;
  if (!allowed.has(family)) throw new AwsError('InvalidFilterKey', `The following filter key is not valid: ${key}. Valid filter keys include: [${[...allowed].map((k) => (k === 'tag' ? 'tag:' : k)).join(', ')}].`);
  const options = OPTIONS[family]!;
  const option = f.Option ?? options[0]!;
  if (!options.includes(option)) {
    throw new AwsError('InvalidFilterOption', `The following filter option is not valid: ${option}. Valid options include: [${options.join(', ')}].`);
  }
  const values = f.Values ?? [];
  if (family !== 'tag' && values.length === 0) throw new AwsError('InvalidFilterValue', `The following filter values are missing : null for filter key ${key}.`);
  switch (family) {
    case 'Name':
      // Names are matched with or without their leading slash, as AWS does.
      return (p) => match(option, p.name, values) || match(option, p.name, values.map((v) => (v.startsWith('/') ? v.slice(1) : `/${v}`)));
    case 'Path': {
      const path = normalizePath(values[0]!);
      return (p) => underPath(p.name, path, option === 'Recursive');
    }
    case 'Label':
      return (p) => p.versions.some((v) => v.labels.some((l) => match(option, l, values)));
    case 'tag': {
      const tagKey = key.slice(4);
      return (p) => p.tags.some(([k, v]) => k === tagKey && (values.length === 0 || match(option, v, values)));
    }
    default: {
      const field = ({ Type: 'type', KeyId: 'keyId', Tier: 'tier', DataType: 'dataType' } as const)[family as 'Type' | 'KeyId' | 'Tier' | 'DataType'];
      return (p) => match(option, latest(p)[field], values);
    }
  }
}

export const DESCRIBE_KEYS: ReadonlySet<string> = new Set(['Name', 'Path', 'Type', 'KeyId', 'Label', 'Tier', 'DataType', 'tag']);
export const BY_PATH_KEYS: ReadonlySet<string> = new Set(['Type', 'KeyId', 'Label', 'Tier', 'DataType', 'tag']);

export function compileFilters(filters: readonly sdk.ParameterStringFilter[] | undefined, allowed: ReadonlySet<string>): Predicate {
  const predicates = (filters ?? []).map((f) => compileOne(f, allowed));
  return (p) => predicates.every((fn) => fn(p));
}

/** DescribeParameters' legacy Filters: Name (begins with), Type and KeyId (equals). */
export function compileLegacyFilters(filters: readonly sdk.ParametersFilter[] | undefined): Predicate {
  return compileFilters(
    (filters ?? []).map((f) => ({ Key: f.Key!, Option: f.Key === 'Name' ? 'BeginsWith' : 'Equals', Values: f.Values })),
    DESCRIBE_KEYS,
  );
}

/** NextToken over names in order: the last name returned. */
export function pageByName<T extends { name: string }>(items: T[], max: number, token: string | undefined): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    if (!after.startsWith('n:')) throw new AwsError('InvalidNextToken', 'The specified token is not valid.');
    const name = after.slice(2);
    start = items.findIndex((x) => x.name > name);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + max);
  const more = start + max < items.length;
  return { items: page, ...(more && { next: Buffer.from(`n:${page[page.length - 1]!.name}`).toString('base64url') }) };
}
