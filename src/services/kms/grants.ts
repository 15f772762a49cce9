// Grants: CreateGrant, ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. Grants are
// stored with their key and returned as AWS lists them. DELIBERATE DIFFERENCE: until IAM
// enforcement exists, a grant gives no permission beyond what every caller already has.
import { createHash } from 'node:crypto';
import type * as sdk from '@aws-sdk/client-kms';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import type { Key } from './entities.js';
import { checkKeyState } from './key-state.js';
import { page, truncation } from './pagination.js';
import type { GrantRow } from './rows.js';
import { findKey, saveKey, type KmsState } from './store.js';

type Out<T> = HandlerOutput<T>;

function sameGrant(g: GrantRow, input: sdk.CreateGrantRequest): boolean {
  return (
    g.granteePrincipal === input.GranteePrincipal &&
    g.retiringPrincipal === input.RetiringPrincipal &&
    JSON.stringify([...g.operations].sort()) === JSON.stringify([...(input.Operations ?? [])].sort()) &&
    JSON.stringify(g.constraints ?? null) === JSON.stringify(input.Constraints ?? null)
  );
}

export function createGrant(input: sdk.CreateGrantRequest, ctx: RequestContext, state: KmsState): Out<sdk.CreateGrantResponse> {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  checkKeyState(key, 'CreateGrant');
  // A retried CreateGrant with the same name and the same grant returns the same grant (AWS).
  if (input.Name !== undefined) {
    for (const g of key.grants.values()) if (g.name === input.Name && sameGrant(g, input)) return { GrantId: g.grantId, GrantToken: g.grantToken };
  }
  if (key.grants.size >= 50_000) throw new AwsError('LimitExceededException', 'Too many grants for this KMS key.');
  const grantId = createHash('sha256').update(ctx.ids.uuid()).digest('hex');
  const grant: GrantRow = {
    grantId,
    grantToken: Buffer.concat([Buffer.from(grantId, 'hex'), createHash('sha512').update(ctx.ids.uuid()).digest()]).toString('base64url'),
    ...(input.Name !== undefined && { name: input.Name }),
    granteePrincipal: input.GranteePrincipal!,
    ...(input.RetiringPrincipal !== undefined && { retiringPrincipal: input.RetiringPrincipal }),
    operations: [...(input.Operations ?? [])],
    ...(input.Constraints !== undefined && { constraints: input.Constraints }),
    issuingAccount: `arn:aws:iam::${ctx.account}:root`,
    creationDate: ctx.clock.now(),
  };
  key.grants.set(grantId, grant);
  saveKey(state, key);
  return { GrantId: grantId, GrantToken: grant.grantToken };
}

function grantEntry(key: Key, g: GrantRow): Out<sdk.GrantListEntry> {
  return {
    KeyId: key.arn,
    GrantId: g.grantId,
    ...(g.name !== undefined && { Name: g.name }),
    CreationDate: new Date(g.creationDate),
    GranteePrincipal: g.granteePrincipal,
    ...(g.retiringPrincipal !== undefined && { RetiringPrincipal: g.retiringPrincipal }),
    IssuingAccount: g.issuingAccount,
    Operations: g.operations as sdk.GrantOperation[],
    ...(g.constraints !== undefined && { Constraints: g.constraints }),
  };
}

export function listGrants(input: sdk.ListGrantsRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListGrantsResponse> {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  const grants = [...key.grants.values()].filter(
    (g) => (input.GrantId === undefined || g.grantId === input.GrantId) && (input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal),
  );
  const p = page(grants, input.Limit, input.Marker, 50);
  return { Grants: p.items.map((g) => grantEntry(key, g)), ...truncation(p.next) };
}

export function listRetirableGrants(input: sdk.ListRetirableGrantsRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListGrantsResponse> {
  const entries: Out<sdk.GrantListEntry>[] = [];
  for (const key of state.regions.for(ctx.account, ctx.region).keys.values()) {
    for (const g of key.grants.values()) if (g.retiringPrincipal === input.RetiringPrincipal) entries.push(grantEntry(key, g));
  }
  const p = page(entries, input.Limit, input.Marker, 50);
  return { Grants: p.items, ...truncation(p.next) };
}

function removeGrant(state: KmsState, key: Key, grantId: string): void {
  if (!key.grants.delete(grantId)) throw new AwsError('NotFoundException', `Grant ID ${grantId} not found`);
  saveKey(state, key);
}

export function retireGrant(input: sdk.RetireGrantRequest, ctx: RequestContext, state: KmsState): void {
  if (input.GrantToken !== undefined) {
    for (const key of state.regions.for(ctx.account, ctx.region).keys.values()) {
      for (const g of key.grants.values()) if (g.grantToken === input.GrantToken) return removeGrant(state, key, g.grantId);
    }
    throw new AwsError('InvalidGrantTokenException', 'Grant token is not valid');
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    throw new AwsError('ValidationException', 'Either GrantToken or both KeyId and GrantId must be specified.');
  }
  removeGrant(state, findKey(state, ctx, input.KeyId, { aliases: false }), input.GrantId);
}

export function revokeGrant(input: sdk.RevokeGrantRequest, ctx: RequestContext, state: KmsState): void {
  const key = findKey(state, ctx, input.KeyId!, { aliases: false });
  if (!/^[0-9a-f]{64}$/.test(input.GrantId!)) throw new AwsError('InvalidGrantIdException', 'Invalid grant id');
  removeGrant(state, key, input.GrantId!);
}
