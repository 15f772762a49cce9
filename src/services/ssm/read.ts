// Reading parameters: GetParameter, GetParameters (selectors name:3 and name:label),
// GetParametersByPath, GetParameterHistory; and deleting them. A SecureString's Value is its
// ciphertext (base64) unless WithDecryption is true, as on AWS; public parameters (/aws/service/)
// are read from their table in every account.
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { latest, type Parameter, type ParameterVersion } from './entities.js';
import { BY_PATH_KEYS, compileFilters, pageByName } from './filters.js';
import { normalizePath, parameterArn, parseSelector, underPath } from './names.js';
import { isPublicName, publicArn, publicParameters, type PublicParameter } from './public-parameters.js';
import { kmsError } from './put.js';
import { kmsOf, parameterNotFound, removeParameter, type SsmState } from './store.js';

type Out<T> = HandlerOutput<T>;

/** When the public parameters were last published (Nimbus's table has one version of each). */
const PUBLIC_DATE = Date.UTC(2026, 0, 1);

async function plaintext(state: SsmState, ctx: RequestContext, name: string, v: ParameterVersion): Promise<string> {
  const kms = await kmsOf(state);
  try {
    return kms.decrypt(ctx.caller, ctx.region, Buffer.from(v.value, 'base64'), { PARAMETER_ARN: parameterArn(ctx.account, ctx.region, name) }).plaintext.toString();
  } catch (e) {
    return kmsError(e, v.keyId ?? '');
  }
}

/** The value a read returns: decrypted only for a SecureString read WithDecryption. */
function valueOf(state: SsmState, ctx: RequestContext, name: string, v: ParameterVersion, decrypt: boolean | undefined): string | Promise<string> {
  return v.type === 'SecureString' && decrypt ? plaintext(state, ctx, name, v) : v.value;
}

function publicOutput(region: string, p: PublicParameter, selector?: string): Out<sdk.Parameter> {
  return { Name: p.name, Type: 'String', Value: p.value, Version: 1, ...(selector && { Selector: selector }), LastModifiedDate: new Date(PUBLIC_DATE), ARN: publicArn(region, p.name), DataType: p.dataType };
}

function output(ctx: RequestContext, name: string, v: ParameterVersion, value: string, selector?: string): Out<sdk.Parameter> {
  return {
    Name: name,
    Type: v.type,
    Value: value,
    Version: v.version,
    ...(selector && { Selector: selector }),
    LastModifiedDate: new Date(v.lastModifiedDate),
    ARN: parameterArn(ctx.account, ctx.region, name),
    DataType: v.dataType,
  };
}

type Lookup = { kind: 'found'; name: string; version: ParameterVersion; selector?: string } | { kind: 'public'; p: PublicParameter; selector?: string } | { kind: 'missing'; name: string }
  | { kind: 'noVersion'; name: string; version: number };

/** The version a name with an optional selector reads. */
function lookup(state: SsmState, ctx: RequestContext, text: string): Lookup {
  const sel = parseSelector(text);
  if (isPublicName(sel.name)) {
    const p = publicParameters(ctx.region).get(sel.name);
    if (!p || (sel.version !== undefined && sel.version !== 1) || sel.label !== undefined) return { kind: 'missing', name: text };
    return { kind: 'public', p, ...(sel.selector && { selector: sel.selector }) };
  }
  const p = state.regions.for(ctx.account, ctx.region).parameters.get(sel.name);
  if (!p) return { kind: 'missing', name: text };
  let version: ParameterVersion | undefined;
  if (sel.version !== undefined) {
    version = p.versions.find((v) => v.version === sel.version);
    if (!version) return { kind: 'noVersion', name: sel.name, version: sel.version };
  } else if (sel.label !== undefined) {
    version = p.versions.find((v) => v.labels.includes(sel.label!));
    if (!version) return { kind: 'missing', name: text };
  } else {
    version = latest(p);
  }
  return { kind: 'found', name: p.name, version, ...(sel.selector && { selector: sel.selector }) };
}

function versionNotFound(name: string, version: number): AwsError {
  return new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
}

export function getParameter(input: sdk.GetParameterRequest, ctx: RequestContext, state: SsmState): Out<sdk.GetParameterResult> | Promise<Out<sdk.GetParameterResult>> {
  const found = lookup(state, ctx, input.Name!);
  if (found.kind === 'public') return { Parameter: publicOutput(ctx.region, found.p, found.selector) };
  if (found.kind === 'missing') throw parameterNotFound(found.name);
  if (found.kind === 'noVersion') throw versionNotFound(found.name, found.version);
  const value = valueOf(state, ctx, found.name, found.version, input.WithDecryption);
  if (typeof value === 'string') return { Parameter: output(ctx, found.name, found.version, value, found.selector) };
  return value.then((v) => ({ Parameter: output(ctx, found.name, found.version, v, found.selector) }));
}

export async function getParameters(input: sdk.GetParametersRequest, ctx: RequestContext, state: SsmState): Promise<Out<sdk.GetParametersResult>> {
  const parameters: Out<sdk.Parameter>[] = [];
  const invalid: string[] = [];
  for (const text of new Set(input.Names ?? [])) {
    let found: Lookup;
    try {
      found = lookup(state, ctx, text);
    } catch {
      invalid.push(text);
      continue;
    }
    if (found.kind === 'public') parameters.push(publicOutput(ctx.region, found.p, found.selector));
    else if (found.kind === 'found') parameters.push(output(ctx, found.name, found.version, await valueOf(state, ctx, found.name, found.version, input.WithDecryption), found.selector));
    else invalid.push(text);
  }
  return { Parameters: parameters, InvalidParameters: invalid };
}

export async function getParametersByPath(input: sdk.GetParametersByPathRequest, ctx: RequestContext, state: SsmState): Promise<Out<sdk.GetParametersByPathResult>> {
  const path = normalizePath(input.Path!);
  const recursive = input.Recursive ?? false;
  const max = input.MaxResults ?? 10;
  const filter = compileFilters(input.ParameterFilters, BY_PATH_KEYS);
  if (path === '/aws/service' || path.startsWith('/aws/service/')) {
    const all = [...publicParameters(ctx.region).values()].filter((p) => underPath(p.name, path, recursive)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const page = pageByName(all, max, input.NextToken);
    return { Parameters: page.items.map((p) => publicOutput(ctx.region, p)), ...(page.next && { NextToken: page.next }) };
  }
  const matching = [...state.regions.for(ctx.account, ctx.region).parameters.values()]
    .filter((p) => underPath(p.name, path, recursive) && filter(p))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = pageByName(matching, max, input.NextToken);
  const parameters: Out<sdk.Parameter>[] = [];
  for (const p of page.items) parameters.push(output(ctx, p.name, latest(p), await valueOf(state, ctx, p.name, latest(p), input.WithDecryption)));
  return { Parameters: parameters, ...(page.next && { NextToken: page.next }) };
}

export function policyList(v: ParameterVersion): Out<sdk.ParameterInlinePolicy>[] {
  return v.policies.map((p) => ({ PolicyText: p.text, PolicyType: p.type, PolicyStatus: 'Pending' }));
}

export async function getParameterHistory(input: sdk.GetParameterHistoryRequest, ctx: RequestContext, state: SsmState): Promise<Out<sdk.GetParameterHistoryResult>> {
  const p = state.regions.for(ctx.account, ctx.region).parameters.get(input.Name!);
  if (!p) throw parameterNotFound(input.Name!);
  const max = input.MaxResults ?? 50;
  let start = 0;
  if (input.NextToken !== undefined) {
    const m = /^v:(\d+)$/.exec(Buffer.from(input.NextToken, 'base64url').toString('utf8'));
    if (!m) throw new AwsError('InvalidNextToken', 'The specified token is not valid.');
    start = p.versions.findIndex((v) => v.version > Number(m[1]));
    if (start < 0) start = p.versions.length;
  }
  const versions = p.versions.slice(start, start + max);
  const out: Out<sdk.ParameterHistory>[] = [];
  for (const v of versions) {
    out.push({
      Name: p.name,
      Type: v.type,
      ...(v.keyId !== undefined && { KeyId: v.keyId }),
      LastModifiedDate: new Date(v.lastModifiedDate),
      LastModifiedUser: v.lastModifiedUser,
      ...(v.description !== undefined && { Description: v.description }),
      Value: await valueOf(state, ctx, p.name, v, input.WithDecryption),
      ...(v.allowedPattern !== undefined && { AllowedPattern: v.allowedPattern }),
      Version: v.version,
      Labels: [...v.labels],
      Tier: v.tier,
      Policies: policyList(v),
      DataType: v.dataType,
    });
  }
  const more = start + max < p.versions.length;
  return { Parameters: out, ...(more && { NextToken: Buffer.from(`v:${versions[versions.length - 1]!.version}`).toString('base64url') }) };
}

export function deleteParameter(input: sdk.DeleteParameterRequest, ctx: RequestContext, state: SsmState): Out<sdk.DeleteParameterResult> {
  const p = state.regions.for(ctx.account, ctx.region).parameters.get(input.Name!);
  if (!p) throw parameterNotFound(input.Name!);
  removeParameter(state, ctx.account, ctx.region, p);
  return {};
}

export function deleteParameters(input: sdk.DeleteParametersRequest, ctx: RequestContext, state: SsmState): Out<sdk.DeleteParametersResult> {
  const deleted: string[] = [];
  const invalid: string[] = [];
  const scope = state.regions.for(ctx.account, ctx.region);
  for (const name of new Set(input.Names ?? [])) {
    const p: Parameter | undefined = scope.parameters.get(name);
    if (!p) {
      invalid.push(name);
      continue;
    }
    removeParameter(state, ctx.account, ctx.region, p);
    deleted.push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
}
