// Versions and aliases. A version is an immutable snapshot of $LATEST (code and configuration)
// numbered 1, 2, ...; publishing when nothing changed since the last version returns that version,
// as AWS does. An alias names a version, optionally with RoutingConfig weights sending a share of
// invocations to one other version (resolveTarget picks per invocation).
import type {
  AliasConfiguration,
  CreateAliasRequest,
  DeleteAliasRequest,
  FunctionConfiguration,
  GetAliasRequest,
  ListAliasesRequest,
  ListAliasesResponse,
  ListVersionsByFunctionRequest,
  ListVersionsByFunctionResponse,
  PublishVersionRequest,
  UpdateAliasRequest,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { functionArn, invalidParameter } from './arns.js';
import { describeConfig, findFunction, functionNotFound } from './functions.js';
import { publishSnapshot } from './publish.js';
import type { InvokeTarget } from './target.js';
import type { AliasRow } from './rows.js';
import { saveAlias, type LambdaFunction, type LambdaState } from './store.js';

const MAX_ITEMS = 50;
const VERSION = /^\d+$/;

export function publishVersion(input: PublishVersionRequest, ctx: RequestContext, state: LambdaState): FunctionConfiguration {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!);
  if (qualifier !== undefined) throw invalidParameter('Versions cannot be published from a qualified function name.');
  const c = fn.row.config;
  if (fn.row.state === 'Pending' || fn.row.lastUpdateStatus === 'InProgress') {
    throw new AwsError('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${c.FunctionArn}`, { status: 409 });
  }
  if (input.CodeSha256 !== undefined && input.CodeSha256 !== c.CodeSha256) {
    throw new AwsError('PreconditionFailedException', `CodeSHA256 (${input.CodeSha256}) is different from current CodeSHA256 in $LATEST (${c.CodeSha256}). Please try again with the CodeSHA256 in $LATEST.`, { status: 412 });
  }
  if (input.RevisionId !== undefined && input.RevisionId !== c.RevisionId) {
    throw new AwsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', { status: 412 });
  }
  return describeConfig(publishSnapshot(state, ctx, fn, input.Description).config);
}

export function listVersionsByFunction(input: ListVersionsByFunctionRequest, ctx: RequestContext, state: LambdaState): ListVersionsByFunctionResponse {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  const all = [describeConfig(fn.row.config, fn.row), ...[...fn.versions.values()].sort((a, b) => Number(a.config.Version) - Number(b.config.Version)).map((v) => describeConfig(v.config))];
  const start = input.Marker ? Number(input.Marker) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid marker');
  const page = all.slice(start, start + (input.MaxItems ?? MAX_ITEMS));
  return { Versions: page, ...(start + page.length < all.length && { NextMarker: String(start + page.length) }) };
}

// -- aliases ---------------------------------------------------------------------------------------

function describeAlias(fn: LambdaFunction, a: AliasRow): AliasConfiguration {
  return {
    AliasArn: functionArn(fn.region, fn.account, fn.row.config.FunctionName, a.Name),
    Name: a.Name,
    FunctionVersion: a.FunctionVersion,
    Description: a.Description,
    ...(Object.keys(a.weights).length && { RoutingConfig: { AdditionalVersionWeights: { ...a.weights } } }),
    RevisionId: a.RevisionId,
  };
}

function checkVersion(ctx: RequestContext, fn: LambdaFunction, version: string): void {
  if (version !== '$LATEST' && !fn.versions.has(version)) throw functionNotFound(ctx, fn.row.config.FunctionName, version);
}

function checkWeights(ctx: RequestContext, fn: LambdaFunction, primary: string, weights: Record<string, number>): void {
  const entries = Object.entries(weights);
  if (entries.length > 1) throw invalidParameter('Number of items in AdditionalVersionWeights cannot be greater than 1');
  for (const [v, w] of entries) {
    if (!(w >= 0 && w <= 1)) throw invalidParameter(`Invalid weight ${w}: weights must be between 0.0 and 1.0`);
    if (v === primary) throw invalidParameter(`Invalid function version ${v}. Function version ${v} is already included in routing configuration.`);
    if (primary === '$LATEST' || v === '$LATEST') throw invalidParameter('$LATEST is not supported for an alias pointing to more than 1 version');
    checkVersion(ctx, fn, v);
  }
}

export function createAlias(input: CreateAliasRequest, ctx: RequestContext, state: LambdaState): AliasConfiguration {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  const name = input.Name!;
  if (VERSION.test(name) || name === '$LATEST') throw invalidParameter(`1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`);
  if (fn.aliases.has(name)) throw new AwsError('ResourceConflictException', `Alias already exists: ${functionArn(fn.region, fn.account, fn.row.config.FunctionName, name)}`, { status: 409 });
  checkVersion(ctx, fn, input.FunctionVersion!);
  const weights = { ...input.RoutingConfig?.AdditionalVersionWeights };
  checkWeights(ctx, fn, input.FunctionVersion!, weights);
  const row: AliasRow = { Name: name, FunctionVersion: input.FunctionVersion!, Description: input.Description ?? '', weights, RevisionId: ctx.ids.uuid() };
  fn.aliases.set(name, row);
  saveAlias(state, fn, row);
  return describeAlias(fn, row);
}

function findAlias(ctx: RequestContext, fn: LambdaFunction, name: string): AliasRow {
  const a = fn.aliases.get(name);
  if (!a) throw new AwsError('ResourceNotFoundException', `Alias not found: ${functionArn(fn.region, fn.account, fn.row.config.FunctionName, name)}`, { status: 404 });
  return a;
}

export function getAlias(input: GetAliasRequest, ctx: RequestContext, state: LambdaState): AliasConfiguration {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  return describeAlias(fn, findAlias(ctx, fn, input.Name!));
}

export function updateAlias(input: UpdateAliasRequest, ctx: RequestContext, state: LambdaState): AliasConfiguration {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  const a = findAlias(ctx, fn, input.Name!);
  if (input.RevisionId !== undefined && input.RevisionId !== a.RevisionId) {
    throw new AwsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', { status: 412 });
  }
  const version = input.FunctionVersion ?? a.FunctionVersion;
  checkVersion(ctx, fn, version);
  const weights = input.RoutingConfig !== undefined ? { ...input.RoutingConfig.AdditionalVersionWeights } : a.weights;
  checkWeights(ctx, fn, version, weights);
  Object.assign(a, { FunctionVersion: version, weights, RevisionId: ctx.ids.uuid(), ...(input.Description !== undefined && { Description: input.Description }) });
  saveAlias(state, fn, a);
  return describeAlias(fn, a);
}

export function listAliases(input: ListAliasesRequest, ctx: RequestContext, state: LambdaState): ListAliasesResponse {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  const all = [...fn.aliases.values()].filter((a) => input.FunctionVersion === undefined || a.FunctionVersion === input.FunctionVersion).sort((a, b) => (a.Name < b.Name ? -1 : 1)).map((a) => describeAlias(fn, a));
  const start = input.Marker ? Number(input.Marker) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid marker');
  const page = all.slice(start, start + (input.MaxItems ?? MAX_ITEMS));
  return { Aliases: page, ...(start + page.length < all.length && { NextMarker: String(start + page.length) }) };
}

export function deleteAlias(input: DeleteAliasRequest, ctx: RequestContext, state: LambdaState): void {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  if (fn.aliases.delete(input.Name!)) state.stores.aliases.delete(fn.account, fn.region, `${fn.row.config.FunctionName}:${input.Name}`);
}

/** What an invocation of `qualifier` runs: $LATEST, a version, or an alias's version by its weights. */
export function resolveTarget(ctx: Pick<RequestContext, 'account' | 'region'>, fn: LambdaFunction, qualifier: string | undefined, random: () => number = Math.random): InvokeTarget {
  const name = fn.row.config.FunctionName;
  const invokedArn = functionArn(fn.region, fn.account, name, qualifier);
  if (qualifier === undefined || qualifier === '$LATEST') return { fn, config: fn.row.config, version: '$LATEST', invokedArn };
  let version = qualifier;
  if (!VERSION.test(qualifier)) {
    const a = fn.aliases.get(qualifier);
    if (!a) throw functionNotFound(fn, name, qualifier);
    version = a.FunctionVersion;
    let r = random();
    for (const [v, w] of Object.entries(a.weights)) {
      if (r < w) {
        version = v;
        break;
      }
      r -= w;
    }
  }
  if (version === '$LATEST') return { fn, config: fn.row.config, version, invokedArn };
  const v = fn.versions.get(version);
  if (!v) throw functionNotFound(fn, name, qualifier);
  return { fn, config: v.config, version, invokedArn };
}
