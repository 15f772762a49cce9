// Marker/Limit pagination of KMS's list operations. The marker is opaque to clients: Nimbus's is
// the offset of the next item.
import { AwsError } from '../../protocol/errors.js';

export function page<T>(items: readonly T[], limit: number | undefined, marker: string | undefined, defaultLimit: number): { items: T[]; next?: string } {
  let start = 0;
  if (marker !== undefined) {
    const m = /^nimbus:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
    if (!m) throw new AwsError('InvalidMarkerException', 'Invalid marker');
    start = Number(m[1]);
  }
  const end = start + (limit ?? defaultLimit);
  return { items: items.slice(start, end), ...(end < items.length && { next: Buffer.from(`nimbus:${end}`).toString('base64') }) };
}

/** The three output members of a page. */
export function truncation(next: string | undefined): { Truncated: boolean; NextMarker?: string } {
  return next === undefined ? { Truncated: false } : { Truncated: true, NextMarker: next };
}
