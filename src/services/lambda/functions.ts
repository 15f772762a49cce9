// Functions: create, read, list, update code and configuration, delete; tags; reserved
// concurrency. States follow AWS: a new function is Pending (StateReasonCode Creating) until its
// creation completes (a scheduler step), then Active; an update reports LastUpdateStatus
// InProgress, then Successful. The waiters (FunctionActiveV2, FunctionUpdatedV2) poll these.
import type {
  CreateFunctionRequest,
  DeleteFunctionConcurrencyRequest,
  DeleteFunctionRequest,
  FunctionConfiguration,
  GetFunctionConcurrencyRequest,
  GetFunctionConcurrencyResponse,
  GetFunctionConfigurationRequest,
  GetFunctionRequest,
  GetFunctionResponse,
  ListFunctionsRequest,
  ListFunctionsResponse,
  ListTagsRequest,
  ListTagsResponse,
  PutFunctionConcurrencyRequest,
  TagResourceRequest,
  UntagResourceRequest,
  UpdateFunctionCodeRequest,
  UpdateFunctionConfigurationRequest,
  Concurrency,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { functionArn, invalidParameter, parseFunctionRef } from './arns.js';
import { storeCode } from './code.js';
import { ACCOUNT_CONCURRENCY, UNRESERVED_MINIMUM } from './concurrency-limits.js';
import { publishSnapshot } from './publish.js';
import { isSupportedRuntime } from './runtimes.js';
import type { ConfigRow, FunctionRow } from './rows.js';
import { saveFunction, type LambdaFunction, type LambdaState } from './store.js';

const MAX_ITEMS = 50;

export function lastModified(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function functionNotFound(ctx: Pick<RequestContext, 'account' | 'region'>, name: string, qualifier?: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Function not found: ${functionArn(ctx.region, ctx.account, name, qualifier)}`, { status: 404 });
}

/** The function a FunctionName (any form) names, ignoring any qualifier. */
export function findFunction(state: LambdaState, ctx: RequestContext, functionName: string, qualifier?: string): { fn: LambdaFunction; qualifier?: string } {
  const ref = parseFunctionRef(ctx, functionName, qualifier);
  const fn = state.regions.for(ref.account, ref.region).functions.get(ref.name);
  if (!fn) throw functionNotFound(ref, ref.name, ref.qualifier);
  return { fn, qualifier: ref.qualifier };
}

/** The configuration of $LATEST, a version or an alias's version. */
export function configFor(ctx: Pick<RequestContext, 'account' | 'region'>, fn: LambdaFunction, qualifier: string | undefined): ConfigRow {
  if (qualifier === undefined || qualifier === '$LATEST') return fn.row.config;
  const version = fn.versions.get(qualifier) ?? fn.versions.get(fn.aliases.get(qualifier)?.FunctionVersion ?? '');
  if (!version) throw functionNotFound({ account: fn.account, region: fn.region }, fn.row.config.FunctionName, qualifier);
  return version.config;
}

/** FunctionConfiguration as Lambda reports it. */
export function describeConfig(c: ConfigRow, row?: FunctionRow): FunctionConfiguration {
  const latest = row !== undefined;
  const pending = latest && row.state === 'Pending';
  const updating = latest && row.lastUpdateStatus === 'InProgress';
  return {
    FunctionName: c.FunctionName,
    FunctionArn: c.Version === '$LATEST' ? c.FunctionArn : `${c.FunctionArn}:${c.Version}`,
    Runtime: c.Runtime as FunctionConfiguration['Runtime'],
    Role: c.Role,
    Handler: c.Handler,
    CodeSize: c.CodeSize,
    Description: c.Description,
    Timeout: c.Timeout,
    MemorySize: c.MemorySize,
    LastModified: c.LastModified,
    CodeSha256: c.CodeSha256,
    Version: c.Version,
    ...(c.Environment && { Environment: { Variables: c.Environment } }),
    ...(c.DeadLetterTargetArn && { DeadLetterConfig: { TargetArn: c.DeadLetterTargetArn } }),
    TracingConfig: { Mode: c.TracingMode as 'PassThrough' },
    RevisionId: c.RevisionId,
    Layers: c.Layers.map((Arn) => ({ Arn, CodeSize: 0 })),
    State: pending ? 'Pending' : 'Active',
    ...(pending && { StateReason: 'The function is being created.', StateReasonCode: 'Creating' }),
    LastUpdateStatus: updating ? 'InProgress' : 'Successful',
    ...(updating && { LastUpdateStatusReason: 'The function is being updated.', LastUpdateStatusReasonCode: 'InProgress' as never }),
    PackageType: 'Zip',
    Architectures: c.Architectures as ('x86_64' | 'arm64')[],
    EphemeralStorage: { Size: c.EphemeralStorage },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${c.FunctionName}` },
  };
}

function checkRuntime(runtime: string | undefined, handler: string | undefined): void {
  if (runtime === undefined) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  if (!isSupportedRuntime(runtime)) {
    // Deliberate difference: Nimbus runs nodejs, python and provided runtimes only.
    throw invalidParameter(`The runtime parameter of ${runtime} is not supported by Nimbus (nodejs18.x-24.x, python3.9-3.14, provided, provided.al2, provided.al2023 are).`);
  }
  if (handler === undefined && !runtime.startsWith('provided')) throw invalidParameter('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
}

/** Runs the Pending -> Active (or InProgress -> Successful) transition as a scheduler step. */
function settle(state: LambdaState, fn: LambdaFunction): void {
  const t = state.host.scheduler.after(0, () => {
    state.pending.delete(t);
    if (fn.row.state === 'Active' && fn.row.lastUpdateStatus === 'Successful') return;
    fn.row.state = 'Active';
    fn.row.lastUpdateStatus = 'Successful';
    if (state.regions.for(fn.account, fn.region).functions.get(fn.row.config.FunctionName) === fn) saveFunction(state, fn);
  });
  state.pending.add(t);
}

export async function createFunction(input: CreateFunctionRequest, ctx: RequestContext, state: LambdaState): Promise<FunctionConfiguration> {
  const ref = parseFunctionRef(ctx, input.FunctionName!);
  if (ref.qualifier !== undefined) throw invalidParameter('FunctionName must not carry a qualifier when creating a function.');
  if (input.PackageType === 'Image') throw invalidParameter('Nimbus runs Zip packages only: container images are not supported.');
  checkRuntime(input.Runtime, input.Handler);
  const scope = state.regions.for(ref.account, ref.region);
  if (scope.functions.has(ref.name)) throw new AwsError('ResourceConflictException', `Function already exist: ${ref.name}`, { status: 409 });
  const code = await storeCode(input.Code, { host: ctx.nimbus, caller: ctx.caller, region: ref.region });
  // The code was stored asynchronously: another CreateFunction may have won meanwhile.
  if (scope.functions.has(ref.name)) throw new AwsError('ResourceConflictException', `Function already exist: ${ref.name}`, { status: 409 });
  const config: ConfigRow = {
    FunctionName: ref.name,
    FunctionArn: functionArn(ref.region, ref.account, ref.name),
    Runtime: input.Runtime,
    Role: input.Role!,
    Handler: input.Handler,
    Description: input.Description ?? '',
    Timeout: input.Timeout ?? 3,
    MemorySize: input.MemorySize ?? 128,
    LastModified: lastModified(ctx.clock.now()),
    CodeSha256: code.sha256,
    CodeSize: code.size,
    Version: '$LATEST',
    ...(input.Environment?.Variables && { Environment: { ...input.Environment.Variables } }),
    ...(input.DeadLetterConfig?.TargetArn && { DeadLetterTargetArn: input.DeadLetterConfig.TargetArn }),
    TracingMode: input.TracingConfig?.Mode ?? 'PassThrough',
    Layers: input.Layers ?? [],
    Architectures: input.Architectures ?? ['x86_64'],
    EphemeralStorage: input.EphemeralStorage?.Size ?? 512,
    RevisionId: ctx.ids.uuid(),
    PackageType: 'Zip',
    codeBlob: code.blob,
  };
  const fn: LambdaFunction = {
    row: { config, state: 'Pending', lastUpdateStatus: 'Successful', tags: { ...input.Tags }, policy: {}, eventInvoke: {}, lastVersion: 0, revision: 1 },
    versions: new Map(),
    aliases: new Map(),
    account: ref.account,
    region: ref.region,
  };
  scope.functions.set(ref.name, fn);
  saveFunction(state, fn);
  settle(state, fn);
  const described = describeConfig(config, fn.row);
  if (input.Publish) {
    const v = publishSnapshot(state, ctx, fn, '');
    return { ...describeConfig(v.config), State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating' };
  }
  return described;
}

export function getFunctionConfiguration(input: GetFunctionConfigurationRequest, ctx: RequestContext, state: LambdaState): FunctionConfiguration {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const c = configFor(ctx, fn, qualifier);
  return describeConfig(c, c === fn.row.config ? fn.row : undefined);
}

export function getFunction(input: GetFunctionRequest, ctx: RequestContext, state: LambdaState): GetFunctionResponse {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const c = configFor(ctx, fn, qualifier);
  const host = ctx.host || `${ctx.nimbus.settings.host}:${ctx.nimbus.settings.port}`;
  return {
    Configuration: describeConfig(c, c === fn.row.config ? fn.row : undefined),
    // Deliberate difference: a URL Nimbus serves (not a presigned S3 URL), valid while the code is.
    Code: { RepositoryType: 'S3', Location: `http://${host}/_nimbus/lambda/code/${c.codeBlob}.zip` },
    Tags: { ...fn.row.tags },
    ...(fn.row.reservedConcurrency !== undefined && { Concurrency: { ReservedConcurrentExecutions: fn.row.reservedConcurrency } }),
  };
}

export function listFunctions(input: ListFunctionsRequest, ctx: RequestContext, state: LambdaState): ListFunctionsResponse {
  const all = [...state.regions.for(ctx.account, ctx.region).functions.values()].sort((a, b) => (a.row.config.FunctionName < b.row.config.FunctionName ? -1 : 1));
  const configs = input.FunctionVersion === 'ALL' ? all.flatMap((f) => [describeConfig(f.row.config, f.row), ...[...f.versions.values()].map((v) => describeConfig(v.config))]) : all.map((f) => describeConfig(f.row.config, f.row));
  const start = input.Marker ? Number(input.Marker) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid marker');
  const page = configs.slice(start, start + (input.MaxItems ?? MAX_ITEMS));
  const more = start + page.length < configs.length;
  return { Functions: page, ...(more && { NextMarker: String(start + page.length) }) };
}

function checkRevision(fn: LambdaFunction, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== fn.row.config.RevisionId) {
    throw new AwsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id', { status: 412 });
  }
}

function checkUpdatable(fn: LambdaFunction): void {
  if (fn.row.lastUpdateStatus === 'InProgress') {
    throw new AwsError('ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${fn.row.config.FunctionArn}`, { status: 409 });
  }
}

function updated(state: LambdaState, ctx: RequestContext, fn: LambdaFunction): FunctionConfiguration {
  fn.row.config.LastModified = lastModified(ctx.clock.now());
  fn.row.config.RevisionId = ctx.ids.uuid();
  fn.row.lastUpdateStatus = 'InProgress';
  saveFunction(state, fn);
  settle(state, fn);
  // Warm environments of $LATEST run the old code or configuration: new invocations start fresh ones.
  void state.environments.retire(`${fn.account}/${fn.region}/${fn.row.config.FunctionName}/$LATEST/`);
  return describeConfig(fn.row.config, fn.row);
}

export async function updateFunctionCode(input: UpdateFunctionCodeRequest, ctx: RequestContext, state: LambdaState): Promise<FunctionConfiguration> {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!);
  if (qualifier !== undefined) throw invalidParameter('Code of a published version cannot be changed.');
  checkRevision(fn, input.RevisionId);
  checkUpdatable(fn);
  const code = await storeCode(input, { host: ctx.nimbus, caller: ctx.caller, region: fn.region });
  if (input.DryRun) {
    void ctx.nimbus.blobs.remove(code.blob);
    return { ...describeConfig(fn.row.config, fn.row), CodeSha256: code.sha256, CodeSize: code.size };
  }
  const old = fn.row.config.codeBlob;
  Object.assign(fn.row.config, { codeBlob: code.blob, CodeSha256: code.sha256, CodeSize: code.size });
  const out = updated(state, ctx, fn);
  releaseBlob(state, fn, old);
  if (input.Publish) {
    return describeConfig(publishSnapshot(state, ctx, fn, '').config);
  }
  return out;
}

/** Removes a code blob once no version of the function names it (after this request's commit). */
export function releaseBlob(state: LambdaState, fn: LambdaFunction | undefined, blob: string): void {
  if (fn && (fn.row.config.codeBlob === blob || [...fn.versions.values()].some((v) => v.config.codeBlob === blob))) return;
  const t = state.host.scheduler.after(0, () => {
    state.pending.delete(t);
    void state.host.blobs.remove(blob);
  });
  state.pending.add(t);
}

export function updateFunctionConfiguration(input: UpdateFunctionConfigurationRequest, ctx: RequestContext, state: LambdaState): FunctionConfiguration {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!);
  if (qualifier !== undefined) throw invalidParameter('The configuration of a published version cannot be changed.');
  checkRevision(fn, input.RevisionId);
  checkUpdatable(fn);
  const c = fn.row.config;
  const runtime = input.Runtime ?? c.Runtime;
  checkRuntime(runtime, input.Handler ?? c.Handler);
  if (input.Runtime !== undefined) c.Runtime = input.Runtime;
  if (input.Handler !== undefined) c.Handler = input.Handler;
  if (input.Role !== undefined) c.Role = input.Role;
  if (input.Description !== undefined) c.Description = input.Description;
  if (input.Timeout !== undefined) c.Timeout = input.Timeout;
  if (input.MemorySize !== undefined) c.MemorySize = input.MemorySize;
  if (input.Environment !== undefined) c.Environment = { ...input.Environment.Variables };
  if (input.Layers !== undefined) c.Layers = input.Layers;
  if (input.EphemeralStorage?.Size !== undefined) c.EphemeralStorage = input.EphemeralStorage.Size;
  if (input.TracingConfig?.Mode !== undefined) c.TracingMode = input.TracingConfig.Mode;
  if (input.DeadLetterConfig !== undefined) {
    if (input.DeadLetterConfig.TargetArn) c.DeadLetterTargetArn = input.DeadLetterConfig.TargetArn;
    else delete c.DeadLetterTargetArn;
  }
  return updated(state, ctx, fn);
}

export async function deleteFunction(input: DeleteFunctionRequest, ctx: RequestContext, state: LambdaState): Promise<{ StatusCode?: number }> {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const name = fn.row.config.FunctionName;
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    const v = fn.versions.get(qualifier);
    if (!v) throw functionNotFound(ctx, name, qualifier);
    if ([...fn.aliases.values()].some((a) => a.FunctionVersion === qualifier || qualifier in a.weights)) {
      throw new AwsError('ResourceConflictException', `Unable to delete version because the following aliases reference it: ${[...fn.aliases.values()].filter((a) => a.FunctionVersion === qualifier).map((a) => a.Name).join(', ')}`, { status: 409 });
    }
    fn.versions.delete(qualifier);
    state.stores.versions.delete(fn.account, fn.region, `${name}:${qualifier}`);
    releaseBlob(state, fn, v.config.codeBlob);
    await state.environments.retire(`${fn.account}/${fn.region}/${name}/${qualifier}/`);
    return {};
  }
  if (qualifier === '$LATEST') throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
  state.regions.for(fn.account, fn.region).functions.delete(name);
  state.stores.functions.delete(fn.account, fn.region, name);
  for (const v of fn.versions.keys()) state.stores.versions.delete(fn.account, fn.region, `${name}:${v}`);
  for (const a of fn.aliases.keys()) state.stores.aliases.delete(fn.account, fn.region, `${name}:${a}`);
  for (const blob of new Set([fn.row.config.codeBlob, ...[...fn.versions.values()].map((v) => v.config.codeBlob)])) releaseBlob(state, undefined, blob);
  await state.environments.retire(`${fn.account}/${fn.region}/${name}/`);
  return {};
}

// -- tags (resource: the function's unqualified ARN) -------------------------------------------------

function byResource(state: LambdaState, ctx: RequestContext, resource: string): LambdaFunction {
  const { fn, qualifier } = findFunction(state, ctx, resource);
  if (qualifier !== undefined) throw invalidParameter('Tags are only allowed on the unqualified function ARN.');
  return fn;
}

export function tagResource(input: TagResourceRequest, ctx: RequestContext, state: LambdaState): void {
  const fn = byResource(state, ctx, input.Resource!);
  Object.assign(fn.row.tags, input.Tags);
  saveFunction(state, fn);
}

export function untagResource(input: UntagResourceRequest, ctx: RequestContext, state: LambdaState): void {
  const fn = byResource(state, ctx, input.Resource!);
  for (const k of input.TagKeys ?? []) delete fn.row.tags[k];
  saveFunction(state, fn);
}

export function listTags(input: ListTagsRequest, ctx: RequestContext, state: LambdaState): ListTagsResponse {
  return { Tags: { ...byResource(state, ctx, input.Resource!).row.tags } };
}

// -- reserved concurrency -------------------------------------------------------------------------


export function putFunctionConcurrency(input: PutFunctionConcurrencyRequest, ctx: RequestContext, state: LambdaState): Concurrency {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  const wanted = input.ReservedConcurrentExecutions!;
  let reservedElsewhere = 0;
  for (const other of state.regions.for(fn.account, fn.region).functions.values()) if (other !== fn) reservedElsewhere += other.row.reservedConcurrency ?? 0;
  // AWS keeps 100 executions unreserved.
  if (reservedElsewhere + wanted > ACCOUNT_CONCURRENCY - UNRESERVED_MINIMUM) {
    throw invalidParameter(`Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].`);
  }
  fn.row.reservedConcurrency = wanted;
  saveFunction(state, fn);
  return { ReservedConcurrentExecutions: wanted };
}

export function getFunctionConcurrency(input: GetFunctionConcurrencyRequest, ctx: RequestContext, state: LambdaState): GetFunctionConcurrencyResponse {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  return fn.row.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: fn.row.reservedConcurrency };
}

export function deleteFunctionConcurrency(input: DeleteFunctionConcurrencyRequest, ctx: RequestContext, state: LambdaState): void {
  const { fn } = findFunction(state, ctx, input.FunctionName!);
  delete fn.row.reservedConcurrency;
  saveFunction(state, fn);
}
