// Small pieces IAM's handlers share: pagination (Marker/MaxItems/IsTruncated), tags, documents as
// IAM returns them, policy checks with IAM's quotas.
import { validatePolicyDocument, type PolicyKind } from '../../auth/policy-validate.js';
import type { Tag } from '@aws-sdk/client-iam';
import { invalidInput, malformedPolicy, quota, validationError } from './errors.js';
import type { TagRow } from './rows.js';

const DEFAULT_MAX_ITEMS = 100;

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * One page of `items` (already in IAM's order) after `marker`. The marker is opaque to clients;
 * here it is the position of the next item, so pages stay stable while nothing changes between
 * calls (as with AWS, a list changed between pages may skip or repeat an entry).
 */
export function paginate<T>(items: readonly T[], input: { Marker?: string; MaxItems?: number }): Page<T> {
  let start = 0;
  if (input.Marker !== undefined) {
    const decoded = /^nimbus-(\d+)$/.exec(Buffer.from(input.Marker, 'base64').toString('latin1'));
    if (!decoded) throw validationError('Invalid Marker.');
    start = Number(decoded[1]);
  }
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const page = items.slice(start, start + max);
  const next = start + page.length;
  return next < items.length
    ? { items: page, IsTruncated: true, Marker: Buffer.from(`nimbus-${next}`, 'latin1').toString('base64') }
    : { items: page, IsTruncated: false };
}

/** IAM lists entities in name order (AWS's order is alphabetical, case-insensitively). */
export function byName<T extends { name: string }>(values: Iterable<T>): T[] {
  return [...values].sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export function pathMatches(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(prefix);
}

/** Policy documents come back URL-encoded (RFC 3986), as AWS returns them; boto3 and the CLI
 *  decode them, the SDK v3 hands them over as they are. */
export function encodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Throws MalformedPolicyDocument unless `document` is a valid policy of `kind`. */
export function checkPolicy(document: string, kind: PolicyKind, requireCurrentVersion = false): void {
  const problem = validatePolicyDocument(document, kind, { requireCurrentVersion });
  if (problem) throw malformedPolicy(problem);
}

/** A policy's size as IAM counts it for its quotas: characters other than whitespace. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

export const MAX_TAGS = 50;

/** Tags merged as TagUser/TagRole do: a key given again replaces its value; at most 50. */
export function mergeTags(existing: TagRow[], added: readonly Tag[] | undefined, resource: string): TagRow[] {
  const merged = new Map(existing.map((t) => [t.Key, t.Value]));
  for (const t of added ?? []) merged.set(t.Key!, t.Value ?? '');
  if (merged.size > MAX_TAGS) throw quota(`TagsPer${resource}`, MAX_TAGS);
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}

/** Tags given at creation: a key may appear once. */
export function initialTags(tags: readonly Tag[] | undefined): TagRow[] {
  const keys = new Set<string>();
  for (const t of tags ?? []) {
    if (keys.has(t.Key!.toLowerCase())) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    keys.add(t.Key!.toLowerCase());
  }
  if (keys.size > MAX_TAGS) throw validationError(`1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAGS}`);
  return (tags ?? []).map((t) => ({ Key: t.Key!, Value: t.Value ?? '' }));
}

export function removeTags(existing: TagRow[], keys: readonly string[] | undefined): TagRow[] {
  const drop = new Set(keys ?? []);
  return existing.filter((t) => !drop.has(t.Key));
}
