// Event source mappings for SQS: a poller per enabled mapping long-polls the queue through SQS's
// in-process API (sqs/api.ts), gathers up to BatchSize messages (waiting up to
// MaximumBatchingWindowInSeconds for a full batch), and invokes the function synchronously with
// the SQS event. On success the batch is deleted; with ReportBatchItemFailures only the messages
// not named in batchItemFailures are; on a function error (or throttle) nothing is, so the
// messages return to the queue after its visibility timeout, and to its dead-letter queue after
// maxReceiveCount receives (SQS's own redrive).
//
// DynamoDB Streams sources are read by stream-mappings.ts (checkpoints, retries, OnFailure).
//
// Deliberate differences: one poller per mapping (AWS starts five and scales with the backlog);
// Kinesis sources are refused (Nimbus has no Kinesis).
import type {
  CreateEventSourceMappingRequest,
  DeleteEventSourceMappingRequest,
  EventSourceMappingConfiguration,
  GetEventSourceMappingRequest,
  ListEventSourceMappingsRequest,
  ListEventSourceMappingsResponse,
  UpdateEventSourceMappingRequest,
} from '@aws-sdk/client-lambda';
import type { Message } from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import { serviceCaller } from '../caller.js';
import type { RequestContext } from '../context.js';
import { functionArn, invalidParameter, parseFunctionRef } from './arns.js';
import { findFunction } from './functions.js';
import { invoke } from './invocation.js';
import type { MappingRow } from './rows.js';
import type { SqsApi } from '../sqs/api.js';
import type { LambdaState } from './store.js';
import { dropStreamCheckpoints, initStreamCheckpoints, pollStream } from './stream-mappings.js';
import { resolveTarget } from './versions.js';

const isStream = (arn: string) => arn.split(':')[2] === 'dynamodb';

const pollers = new WeakMap<LambdaState, Map<string, AbortController>>();

function mappingNotFound(uuid: string): AwsError {
  return new AwsError('ResourceNotFoundException', `The resource you requested does not exist. (Service: Lambda, Status Code: 404, Request ID: ${uuid})`, { status: 404 });
}

function describe(state: LambdaState, account: string, region: string, m: MappingRow): EventSourceMappingConfiguration {
  return {
    UUID: m.UUID,
    BatchSize: m.BatchSize,
    MaximumBatchingWindowInSeconds: m.MaximumBatchingWindowInSeconds,
    EventSourceArn: m.EventSourceArn,
    FunctionArn: functionArn(region, account, m.functionName, m.qualifier),
    LastModified: new Date(m.LastModified),
    State: m.State,
    StateTransitionReason: 'USER_INITIATED',
    FunctionResponseTypes: m.FunctionResponseTypes as 'ReportBatchItemFailures'[],
    ...(m.StartingPosition && {
      StartingPosition: m.StartingPosition,
      MaximumRetryAttempts: m.MaximumRetryAttempts,
      MaximumRecordAgeInSeconds: m.MaximumRecordAgeInSeconds,
      BisectBatchOnFunctionError: m.BisectBatchOnFunctionError,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: m.OnFailure ? { Destination: m.OnFailure } : {} },
    }),
  };
}

/** The stream-only settings, checked as AWS checks them. */
function streamSettings(input: CreateEventSourceMappingRequest | UpdateEventSourceMappingRequest, old: MappingRow | undefined): Pick<MappingRow, 'MaximumRetryAttempts' | 'MaximumRecordAgeInSeconds' | 'BisectBatchOnFunctionError' | 'OnFailure'> {
  const retries = input.MaximumRetryAttempts ?? old?.MaximumRetryAttempts ?? -1;
  const age = input.MaximumRecordAgeInSeconds ?? old?.MaximumRecordAgeInSeconds ?? -1;
  if (!Number.isInteger(retries) || retries < -1 || retries > 10_000) throw invalidParameter('MaximumRetryAttempts must be between -1 and 10000.');
  if (!Number.isInteger(age) || (age !== -1 && (age < 60 || age > 604_800))) throw invalidParameter('MaximumRecordAgeInSeconds must be -1 or between 60 and 604800.');
  const onFailure = input.DestinationConfig?.OnFailure !== undefined ? input.DestinationConfig.OnFailure.Destination : old?.OnFailure;
  if (onFailure !== undefined && !['sqs', 'sns'].includes(onFailure.split(':')[2] ?? '')) throw invalidParameter(`The destination ARN ${onFailure} is invalid: stream mappings send failure records to SQS queues and SNS topics.`);
  if ((input.ParallelizationFactor ?? 1) !== 1) throw invalidParameter('Nimbus supports ParallelizationFactor 1 only.');
  if (input.FilterCriteria?.Filters?.length) throw invalidParameter('Nimbus does not support FilterCriteria on stream event sources.');
  return { MaximumRetryAttempts: retries, MaximumRecordAgeInSeconds: age, BisectBatchOnFunctionError: input.BisectBatchOnFunctionError ?? old?.BisectBatchOnFunctionError ?? false, ...(onFailure && { OnFailure: onFailure }) };
}

function checkBatch(size: number, window: number, stream = false): void {
  if (size < 1 || size > 10_000) throw invalidParameter(`BatchSize must be between 1 and 10000 for ${stream ? 'DynamoDB Streams' : 'SQS'} event sources.`);
  if (!stream && size > 10 && window < 1) throw invalidParameter('Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10');
  if (window < 0 || window > 300) throw invalidParameter('MaximumBatchingWindowInSeconds must be between 0 and 300.');
}

export async function createEventSourceMapping(input: CreateEventSourceMappingRequest, ctx: RequestContext, state: LambdaState): Promise<EventSourceMappingConfiguration> {
  const source = input.EventSourceArn;
  const kind = source?.split(':')[2];
  if (!source || (kind !== 'sqs' && kind !== 'dynamodb')) throw invalidParameter('Nimbus supports SQS and DynamoDB Streams event sources (Kinesis is not served).');
  const stream = kind === 'dynamodb';
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!);
  resolveTarget(ctx, fn, qualifier);
  let streamRow: Partial<MappingRow> = {};
  if (stream) {
    const ddb = await ctx.nimbus.api('dynamodb');
    if (!ddb.describeStream(fn.account, fn.region, source)) throw invalidParameter(`Stream not found: ${source}`);
    const pos = input.StartingPosition;
    if (pos !== 'TRIM_HORIZON' && pos !== 'LATEST') throw invalidParameter(pos === undefined ? 'StartingPosition is required for DynamoDB Streams event sources.' : `StartingPosition ${pos} is not valid for DynamoDB Streams (AT_TIMESTAMP is for Kinesis only).`);
    streamRow = { StartingPosition: pos, ...streamSettings(input, undefined) };
  } else {
    const sqs = await ctx.nimbus.api('sqs');
    if (!sqs.queueExists(source)) throw invalidParameter(`Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.`);
  }
  const BatchSize = input.BatchSize ?? (stream ? 100 : 10);
  const window = input.MaximumBatchingWindowInSeconds ?? 0;
  checkBatch(BatchSize, window, stream);
  const scope = state.regions.for(fn.account, fn.region);
  const m: MappingRow = {
    UUID: ctx.ids.uuid(),
    EventSourceArn: source,
    functionName: fn.row.config.FunctionName,
    ...(qualifier !== undefined && { qualifier }),
    BatchSize,
    MaximumBatchingWindowInSeconds: window,
    FunctionResponseTypes: input.FunctionResponseTypes ?? [],
    State: input.Enabled === false ? 'Disabled' : 'Enabled',
    LastModified: ctx.clock.now(),
    ...streamRow,
  };
  scope.mappings.set(m.UUID, m);
  state.stores.mappings.put(fn.account, fn.region, m.UUID, m);
  if (stream) await initStreamCheckpoints(state, fn.account, fn.region, m);
  if (m.State === 'Enabled') startPoller(state, fn.account, fn.region, m);
  // AWS reports Creating at first; the mapping is polling by the time a client looks again.
  return { ...describe(state, fn.account, fn.region, m), State: m.State === 'Enabled' ? 'Creating' : 'Disabled' };
}

export function getEventSourceMapping(input: GetEventSourceMappingRequest, ctx: RequestContext, state: LambdaState): EventSourceMappingConfiguration {
  const m = state.regions.for(ctx.account, ctx.region).mappings.get(input.UUID!);
  if (!m) throw mappingNotFound(input.UUID!);
  return describe(state, ctx.account, ctx.region, m);
}

export function listEventSourceMappings(input: ListEventSourceMappingsRequest, ctx: RequestContext, state: LambdaState): ListEventSourceMappingsResponse {
  const ref = input.FunctionName !== undefined ? parseFunctionRef(ctx, input.FunctionName) : undefined;
  const all = [...state.regions.for(ctx.account, ctx.region).mappings.values()].filter(
    (m) => (input.EventSourceArn === undefined || m.EventSourceArn === input.EventSourceArn) && (!ref || (m.functionName === ref.name && (ref.qualifier === undefined || m.qualifier === ref.qualifier))),
  );
  const start = input.Marker ? Number(input.Marker) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('Invalid marker');
  const page = all.slice(start, start + (input.MaxItems ?? 100));
  return { EventSourceMappings: page.map((m) => describe(state, ctx.account, ctx.region, m)), ...(start + page.length < all.length && { NextMarker: String(start + page.length) }) };
}

export function updateEventSourceMapping(input: UpdateEventSourceMappingRequest, ctx: RequestContext, state: LambdaState): EventSourceMappingConfiguration {
  const m = state.regions.for(ctx.account, ctx.region).mappings.get(input.UUID!);
  if (!m) throw mappingNotFound(input.UUID!);
  const size = input.BatchSize ?? m.BatchSize;
  const window = input.MaximumBatchingWindowInSeconds ?? m.MaximumBatchingWindowInSeconds;
  checkBatch(size, window, isStream(m.EventSourceArn));
  if (isStream(m.EventSourceArn)) Object.assign(m, streamSettings(input, m));
  if (input.FunctionName !== undefined) {
    const { fn, qualifier } = findFunction(state, ctx, input.FunctionName);
    m.functionName = fn.row.config.FunctionName;
    if (qualifier === undefined) delete m.qualifier;
    else m.qualifier = qualifier;
  }
  Object.assign(m, { BatchSize: size, MaximumBatchingWindowInSeconds: window, LastModified: ctx.clock.now() });
  if (input.FunctionResponseTypes !== undefined) m.FunctionResponseTypes = input.FunctionResponseTypes;
  if (input.Enabled !== undefined) m.State = input.Enabled ? 'Enabled' : 'Disabled';
  state.stores.mappings.put(ctx.account, ctx.region, m.UUID, m);
  stopPoller(state, m.UUID);
  if (m.State === 'Enabled') startPoller(state, ctx.account, ctx.region, m);
  return describe(state, ctx.account, ctx.region, m);
}

export function deleteEventSourceMapping(input: DeleteEventSourceMappingRequest, ctx: RequestContext, state: LambdaState): EventSourceMappingConfiguration {
  const scope = state.regions.for(ctx.account, ctx.region);
  const m = scope.mappings.get(input.UUID!);
  if (!m) throw mappingNotFound(input.UUID!);
  scope.mappings.delete(m.UUID);
  state.stores.mappings.delete(ctx.account, ctx.region, m.UUID);
  dropStreamCheckpoints(state, ctx.account, ctx.region, m.UUID);
  stopPoller(state, m.UUID);
  return { ...describe(state, ctx.account, ctx.region, m), State: 'Deleting' };
}

/** Starts the pollers of every enabled mapping (at state creation, after a restart). */
export function startAllPollers(state: LambdaState): void {
  for (const { account, region, state: scope } of state.regions.entries()) {
    for (const m of scope.mappings.values()) if (m.State === 'Enabled') startPoller(state, account, region, m);
  }
}

function stopPoller(state: LambdaState, uuid: string): void {
  const p = pollers.get(state);
  p?.get(uuid)?.abort();
  p?.delete(uuid);
}

function startPoller(state: LambdaState, account: string, region: string, m: MappingRow): void {
  let map = pollers.get(state);
  if (!map) pollers.set(state, (map = new Map()));
  map.get(m.UUID)?.abort();
  const abort = new AbortController();
  map.set(m.UUID, abort);
  const handle = { cancel: () => abort.abort() };
  state.pending.add(handle);
  const run = isStream(m.EventSourceArn) ? pollStream(state, account, region, m, abort.signal, (ms) => sleep(state, ms, abort.signal)) : poll(state, account, region, m, abort.signal);
  void run.catch((err) => console.error(`nimbus: event source mapping ${m.UUID} stopped`, err)).finally(() => state.pending.delete(handle));
}

const LISTENER_WAIT_MS = 100;

const sleep = (state: LambdaState, ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = state.host.scheduler.after(ms, resolve);
    signal.addEventListener('abort', () => (t.cancel(), resolve()), { once: true });
  });

async function poll(state: LambdaState, account: string, region: string, m: MappingRow, signal: AbortSignal): Promise<void> {
  const sqs = await state.host.api('sqs');
  const caller = serviceCaller('lambda.amazonaws.com', functionArn(region, account, m.functionName, m.qualifier), account);
  while (!signal.aborted) {
    // A mapping restored at start waits for the listener (port 0 until it is bound): a batch
    // received now would go to a function whose AWS_ENDPOINT_URL cannot reach Nimbus.
    if (state.host.settings.port === 0) {
      await sleep(state, LISTENER_WAIT_MS, signal);
      continue;
    }
    try {
      const batch: Message[] = await sqs.receiveMessages(caller, m.EventSourceArn, { max: Math.min(10, m.BatchSize), waitSeconds: 20, signal });
      if (signal.aborted) break;
      if (batch.length === 0) continue;
      // The batching window: keep gathering until the batch is full or the window has passed.
      const deadline = state.host.clock.now() + m.MaximumBatchingWindowInSeconds * 1000;
      while (batch.length < m.BatchSize && !signal.aborted) {
        const left = deadline - state.host.clock.now();
        if (left <= 0) break;
        const more = await sqs.receiveMessages(caller, m.EventSourceArn, { max: Math.min(10, m.BatchSize - batch.length), waitSeconds: Math.min(20, Math.ceil(left / 1000)), signal });
        batch.push(...more);
        if (more.length === 0) break;
      }
      await deliverBatch(state, sqs, caller, account, region, m, batch);
    } catch (err) {
      if (signal.aborted) break;
      // The queue or function is gone, or the function is throttled: try again shortly.
      await sleep(state, 1000, signal);
    }
  }
}

async function deliverBatch(state: LambdaState, sqs: SqsApi, caller: ReturnType<typeof serviceCaller>, account: string, region: string, m: MappingRow, batch: Message[]): Promise<void> {
  const fn = state.regions.for(account, region).functions.get(m.functionName);
  if (!fn) throw new Error('function gone');
  const target = resolveTarget(fn, fn, m.qualifier);
  const event = {
    Records: batch.map((msg) => ({
      messageId: msg.MessageId,
      receiptHandle: msg.ReceiptHandle,
      body: msg.Body,
      attributes: msg.Attributes ?? {},
      messageAttributes: Object.fromEntries(
        Object.entries(msg.MessageAttributes ?? {}).map(([k, v]) => [k, { ...(v.StringValue !== undefined && { stringValue: v.StringValue }), ...(v.BinaryValue !== undefined && { binaryValue: Buffer.from(v.BinaryValue).toString('base64') }), stringListValues: [], binaryListValues: [], dataType: v.DataType }]),
      ),
      md5OfBody: msg.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: m.EventSourceArn,
      awsRegion: region,
    })),
  };
  const result = await invoke(state, target, Buffer.from(JSON.stringify(event)));
  if (result.functionError) return; // the whole batch returns to the queue
  let failed = new Set<string>();
  if (m.FunctionResponseTypes.includes('ReportBatchItemFailures')) {
    try {
      const body = JSON.parse(result.payload.toString('utf8') || 'null') as { batchItemFailures?: { itemIdentifier?: string }[] } | null;
      if (body && Array.isArray(body.batchItemFailures)) {
        failed = new Set(body.batchItemFailures.map((f) => String(f?.itemIdentifier)));
        // An identifier that names no message of the batch fails the whole batch, as on AWS.
        if ([...failed].some((id) => !batch.some((msg) => msg.MessageId === id))) return;
      }
    } catch {
      /* not JSON: a success for the whole batch */
    }
  }
  for (const msg of batch) {
    if (failed.has(msg.MessageId!)) continue;
    try {
      sqs.deleteMessage(caller, m.EventSourceArn, msg.ReceiptHandle!);
    } catch {
      /* the queue is gone */
    }
  }
}
