// AWS managed policies (arn:aws:iam::aws:policy/<path><name>): the ones applications commonly
// attach, with their real default-version documents, from data/aws-managed-policies.json (its
// `source` says where they come from). Read-only and the same in every account; loaded once, on
// first use.
//
// Deliberate differences from AWS: only the listed policies exist (AWS has over a thousand), each
// with its default version only; their unique ids (ANPA...) are derived from the name, stable
// across runs, not AWS's own ids.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { iamArn } from './ids.js';
import type { ManagedPolicy } from './store.js';

interface AwsPolicyData {
  path: string;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  document: unknown;
}

// dist/src/services/iam/aws-managed.js -> <root>/src/services/iam/data/ (committed beside this file).
const DATA = new URL('../../../../src/services/iam/data/aws-managed-policies.json', import.meta.url);

let byArn: Map<string, ManagedPolicy> | undefined;

/** Every AWS managed policy, by ARN. */
export function awsManagedPolicies(): Map<string, ManagedPolicy> {
  if (!byArn) {
    const data = JSON.parse(readFileSync(DATA, 'utf8')) as { policies: Record<string, AwsPolicyData> };
    byArn = new Map();
    for (const [name, p] of Object.entries(data.policies)) {
      const arn = iamArn('aws', 'policy', p.path, name);
      const created = Date.parse(p.createDate);
      byArn.set(arn, {
        account: 'aws',
        name,
        arn,
        path: p.path,
        id: 'ANPA' + base32Of(name),
        createDate: created,
        updateDate: Date.parse(p.updateDate),
        defaultVersionId: p.defaultVersionId,
        versions: [{ versionId: p.defaultVersionId, document: JSON.stringify(p.document, null, 4), createDate: Date.parse(p.updateDate) }],
        nextVersion: Number(p.defaultVersionId.slice(1)) + 1,
        tags: [],
      });
    }
  }
  return byArn;
}

function base32Of(name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(`aws-managed-policy:${name}`).digest();
  let out = '';
  for (let i = 0; i < 17; i++) out += alphabet[digest[i]! & 31];
  return out;
}
