// Lifecycle rules applied on the instance's clock (host.scheduler): an hourly sweep expires current
// versions (Expiration Days / Date), noncurrent versions (NoncurrentVersionExpiration) and
// incomplete multipart uploads (AbortIncompleteMultipartUpload). Like AWS, an expiration in days
// falls due at the midnight UTC after the object's age reaches them. Expiring a current version of
// a versioned bucket puts a delete marker on top, as AWS does.
import type { Timer } from '../../state/scheduler.js';
import type { RequestContext } from '../context.js';
import { deleteOne } from './objects.js';
import type { Bucket, ObjectVersion, S3State } from './store.js';

const DAY = 86_400_000;
const SWEEP_EVERY = 3_600_000;

interface Rule {
  ID?: string;
  Status?: string;
  Prefix?: string;
  Filter?: { Prefix?: string; Tag?: { Key?: string; Value?: string }; ObjectSizeGreaterThan?: number; ObjectSizeLessThan?: number; And?: { Prefix?: string; Tags?: { Key?: string; Value?: string }[]; ObjectSizeGreaterThan?: number; ObjectSizeLessThan?: number } };
  Expiration?: { Days?: number; Date?: string | Date; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: number };
}

/** The midnight UTC on or after `t + days`. */
const dueAfter = (t: number, days: number) => Math.ceil((t + days * DAY) / DAY) * DAY;

function applies(rule: Rule, v: { key: string; size?: number; tags?: [string, string][] }): boolean {
  const f = rule.Filter ?? {};
  const and = f.And ?? {};
  const prefix = rule.Prefix ?? f.Prefix ?? and.Prefix ?? '';
  if (!v.key.startsWith(prefix)) return false;
  const tags = [...(f.Tag ? [f.Tag] : []), ...(and.Tags ?? [])];
  for (const t of tags) if (!v.tags?.some(([k, val]) => k === t.Key && val === t.Value)) return false;
  const gt = f.ObjectSizeGreaterThan ?? and.ObjectSizeGreaterThan;
  const lt = f.ObjectSizeLessThan ?? and.ObjectSizeLessThan;
  if (gt !== undefined && (v.size ?? 0) <= gt) return false;
  if (lt !== undefined && (v.size ?? 0) >= lt) return false;
  return true;
}

function sweepBucket(state: S3State, bucket: Bucket, now: number, ctx: RequestContext): void {
  const rules = ((bucket.lifecycle ?? []) as Rule[]).filter((r) => r.Status === 'Enabled');
  if (rules.length === 0) return;
  for (const [key, versions] of [...bucket.objects]) {
    const current = versions[0];
    for (const rule of rules) {
      if (!current || !state.buckets.has(bucket.name)) break;
      const e = rule.Expiration;
      if (current.deleteMarker) {
        // An expired-object delete marker (the only version left) goes.
        if (e?.ExpiredObjectDeleteMarker && versions.length === 1 && applies(rule, current)) state.dropVersion(bucket, current);
        continue;
      }
      if (!applies(rule, current)) continue;
      const due = e?.Days !== undefined ? dueAfter(current.lastModified.getTime(), e.Days) : e?.Date !== undefined ? new Date(e.Date).getTime() : Infinity;
      if (now >= due) {
        deleteOne(bucket, key, undefined, ctx, state);
        break;
      }
    }
    const noncurrent = rules.filter((r) => r.NoncurrentVersionExpiration?.NoncurrentDays !== undefined);
    if (noncurrent.length > 0) {
      const list = bucket.objects.get(key) ?? [];
      // A version becomes noncurrent when the next newer one is written.
      for (let i = list.length - 1; i >= 1; i--) {
        const v: ObjectVersion = list[i]!;
        const since = list[i - 1]!.lastModified.getTime();
        if (noncurrent.some((r) => applies(r, v) && now >= dueAfter(since, r.NoncurrentVersionExpiration!.NoncurrentDays!))) state.dropVersion(bucket, v);
      }
    }
  }
  const aborts = rules.filter((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined);
  for (const u of [...bucket.uploads.values()]) {
    if (aborts.some((r) => applies(r, u) && now >= dueAfter(u.initiated.getTime(), r.AbortIncompleteMultipartUpload!.DaysAfterInitiation!))) state.dropUpload(bucket, u);
  }
}

/** Runs the sweep every hour of clock time; returns the timer's cancel. */
export function startLifecycle(state: S3State): () => void {
  const host = state.host;
  let timer: Timer | undefined;
  let stopped = false;
  const sweep = () => {
    if (stopped) return;
    const now = host.clock.now();
    for (const bucket of [...state.buckets.values()]) {
      if (!bucket.lifecycle) continue;
      sweepBucket(state, bucket, now, lifecycleContext(state, bucket));
    }
    timer = host.scheduler.after(SWEEP_EVERY, sweep);
  };
  timer = host.scheduler.after(SWEEP_EVERY, sweep);
  return () => {
    stopped = true;
    timer?.cancel();
  };
}

/** The context lifecycle deletions run in: S3 itself, in the bucket owner's account. */
function lifecycleContext(state: S3State, bucket: Bucket): RequestContext {
  const host = state.host;
  return {
    requestId: host.ids.uuid(),
    account: bucket.owner,
    region: bucket.region,
    accessKeyId: '',
    caller: { account: bucket.owner, servicePrincipal: 's3.amazonaws.com' },
    service: { id: 's3' } as RequestContext['service'],
    operation: 'LifecycleExpiration',
    host: 'localhost',
    path: '/',
    headers: {},
    rawQuery: '',
    signal: new AbortController().signal,
    clock: host.clock,
    ids: host.ids,
    nimbus: host,
  };
}
