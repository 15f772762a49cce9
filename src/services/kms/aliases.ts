// Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. alias/aws/* names are AWS's own:
// customers cannot create, move or delete them.
import type * as sdk from '@aws-sdk/client-kms';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { aliasArn } from './entities.js';
import { checkKeyState } from './key-state.js';
import { page, truncation } from './pagination.js';
import { deleteAlias as dropAlias, findKey, saveAlias, type KmsState } from './store.js';

type Out<T> = HandlerOutput<T>;

const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;

function checkAliasName(name: string): void {
  if (!ALIAS_NAME.test(name)) throw new AwsError('ValidationException', `1 validation error detected: Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`);
  if (name.startsWith('alias/aws/')) throw new AwsError('NotAuthorizedException', 'Alias names starting with alias/aws/ are reserved for AWS managed keys.');
}

/** The target of an alias: a customer managed key named by key id or key ARN (never an alias). */
function targetKey(state: KmsState, ctx: RequestContext, targetKeyId: string, operation: string) {
  if (targetKeyId.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(targetKeyId)) {
    throw new AwsError('ValidationException', 'Aliases must refer to keys. Not aliases');
  }
  const key = findKey(state, ctx, targetKeyId, { aliases: false });
  if (key.account !== ctx.account || key.region !== ctx.region) throw new AwsError('NotFoundException', `Key '${key.arn}' does not exist`);
  checkKeyState(key, operation);
  if (key.keyManager === 'AWS') throw new AwsError('NotAuthorizedException', 'An alias cannot refer to an AWS managed key.');
  return key;
}

export function createAlias(input: sdk.CreateAliasRequest, ctx: RequestContext, state: KmsState): void {
  const name = input.AliasName!;
  checkAliasName(name);
  const region = state.regions.for(ctx.account, ctx.region);
  if (region.aliases.has(name)) throw new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx.account, ctx.region, name)} already exists`);
  const key = targetKey(state, ctx, input.TargetKeyId!, 'CreateAlias');
  const now = ctx.clock.now();
  const alias = { name, targetKeyId: key.id, creationDate: now, lastUpdatedDate: now };
  region.aliases.set(name, alias);
  saveAlias(state, ctx.account, ctx.region, alias);
}

export function updateAlias(input: sdk.UpdateAliasRequest, ctx: RequestContext, state: KmsState): void {
  const name = input.AliasName!;
  checkAliasName(name);
  const alias = state.regions.for(ctx.account, ctx.region).aliases.get(name);
  if (!alias) throw new AwsError('NotFoundException', `Alias ${aliasArn(ctx.account, ctx.region, name)} is not found.`);
  const key = targetKey(state, ctx, input.TargetKeyId!, 'UpdateAlias');
  const current = state.regions.for(ctx.account, ctx.region).keys.get(alias.targetKeyId);
  // AWS: the new key must have the same key usage as the current one.
  if (current && (current.keyUsage !== key.keyUsage || (current.keySpec === 'SYMMETRIC_DEFAULT') !== (key.keySpec === 'SYMMETRIC_DEFAULT'))) {
    throw new AwsError('ValidationException', `${key.arn} is not compatible with the key the alias ${name} refers to (key usage and key spec type must match).`);
  }
  alias.targetKeyId = key.id;
  alias.lastUpdatedDate = ctx.clock.now();
  saveAlias(state, ctx.account, ctx.region, alias);
}

export function deleteAlias(input: sdk.DeleteAliasRequest, ctx: RequestContext, state: KmsState): void {
  const name = input.AliasName!;
  if (name.startsWith('alias/aws/')) throw new AwsError('NotAuthorizedException', 'Alias names starting with alias/aws/ are reserved for AWS managed keys.');
  if (!state.regions.for(ctx.account, ctx.region).aliases.has(name)) {
    throw new AwsError('NotFoundException', `Alias ${aliasArn(ctx.account, ctx.region, name)} is not found.`);
  }
  dropAlias(state, ctx.account, ctx.region, name);
}

export function listAliases(input: sdk.ListAliasesRequest, ctx: RequestContext, state: KmsState): Out<sdk.ListAliasesResponse> {
  const keyId = input.KeyId === undefined ? undefined : findKey(state, ctx, input.KeyId, { aliases: false }).id;
  const aliases = [...state.regions.for(ctx.account, ctx.region).aliases.values()]
    .filter((a) => keyId === undefined || a.targetKeyId === keyId)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const p = page(aliases, input.Limit, input.Marker, 50);
  return {
    Aliases: p.items.map((a) => ({
      AliasName: a.name,
      AliasArn: aliasArn(ctx.account, ctx.region, a.name),
      TargetKeyId: a.targetKeyId,
      CreationDate: new Date(a.creationDate),
      LastUpdatedDate: new Date(a.lastUpdatedDate),
    })),
    ...truncation(p.next),
  };
}
