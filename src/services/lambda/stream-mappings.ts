// Event source mappings for DynamoDB Streams: a poller per enabled mapping reads the stream's
// shards through DynamoDB's in-process API (dynamodb/api.ts), in order per shard, and invokes the
// function synchronously with the Lambda DynamoDB event ({Records:[...]} with eventSourceARN).
// The position in each shard is a durable checkpoint row (rows.ts: stream-checkpoints), so after a
// restart with --persist the mapping resumes where it stopped.
//
// A failing batch blocks its shard and is retried until MaximumRetryAttempts (-1: until the
// oldest record is older than MaximumRecordAgeInSeconds, itself bounded by the 24 h retention);
// BisectBatchOnFunctionError halves the batch on each error (not counted as a retry, as on AWS).
// Then the batch is skipped, and DestinationConfig.OnFailure (SQS or SNS) gets AWS's invocation
// record naming the shard and the sequence-number range (not the records). With
// ReportBatchItemFailures the checkpoint moves to the lowest failed itemIdentifier (a sequence
// number) and the rest is retried; an identifier naming no record fails the whole batch.
//
// Deliberate differences: the poller reads every POLL_MS of clock time (AWS: four times a
// second); FilterCriteria and ParallelizationFactor are not supported (refused on create).
import { serviceCaller } from '../caller.js';
import type { StreamRecord } from '../dynamodb/api.js';
import { functionArn } from './arns.js';
import { send } from './async-invoke.js';
import { invoke, type InvokeResult } from './invocation.js';
import type { MappingRow } from './rows.js';
import type { LambdaState } from './store.js';
import { resolveTarget } from './versions.js';

const POLL_MS = 500;
const RETRY_MS = 1000;
const RETENTION_S = 24 * 3600;

type Sleep = (ms: number) => Promise<void>;

function checkpointKey(m: MappingRow, shardId: string): string {
  return `${m.UUID}/${shardId}`;
}

function saveCheckpoint(state: LambdaState, account: string, region: string, key: string, ordinal: number): void {
  state.regions.for(account, region).checkpoints.set(key, ordinal);
  state.stores.checkpoints.put(account, region, key, { ordinal });
}

/** Fixes the mapping's starting position in every shard now (LATEST means "after what exists at
 *  creation", not "after what exists when the poller first looks"). */
export async function initStreamCheckpoints(state: LambdaState, account: string, region: string, m: MappingRow): Promise<void> {
  const ddb = await state.host.api('dynamodb');
  const info = ddb.describeStream(account, region, m.EventSourceArn);
  for (const shard of info?.shards ?? []) {
    const ordinal = ddb.shardOrdinal(account, region, m.EventSourceArn, shard.shardId, { type: m.StartingPosition ?? 'TRIM_HORIZON' });
    if (ordinal !== undefined) saveCheckpoint(state, account, region, checkpointKey(m, shard.shardId), ordinal);
  }
}

/** Forgets a deleted mapping's checkpoints. */
export function dropStreamCheckpoints(state: LambdaState, account: string, region: string, uuid: string): void {
  const cps = state.regions.for(account, region).checkpoints;
  for (const key of [...cps.keys()]) {
    if (!key.startsWith(`${uuid}/`)) continue;
    cps.delete(key);
    state.stores.checkpoints.delete(account, region, key);
  }
}

export async function pollStream(state: LambdaState, account: string, region: string, m: MappingRow, signal: AbortSignal, sleep: Sleep): Promise<void> {
  const ddb = await state.host.api('dynamodb');
  const cps = state.regions.for(account, region).checkpoints;
  // Per shard: failed attempts of the batch at the checkpoint, and the bisected batch limit.
  const retries = new Map<string, { attempts: number; limit: number; at: number }>();
  while (!signal.aborted) {
    // A mapping restored at start waits for the listener (port 0 until it is bound), so the
    // function it invokes can reach Nimbus.
    if (state.host.settings.port === 0) {
      await sleep(POLL_MS);
      continue;
    }
    let busy = false;
    const info = ddb.describeStream(account, region, m.EventSourceArn);
    for (const shard of info?.shards ?? []) {
      if (signal.aborted) break;
      const key = checkpointKey(m, shard.shardId);
      let ordinal = cps.get(key);
      // A shard the mapping has not seen yet (the stream was re-enabled): from its beginning.
      if (ordinal === undefined) ordinal = ddb.shardOrdinal(account, region, m.EventSourceArn, shard.shardId, { type: 'TRIM_HORIZON' }) ?? 0;
      const r = retries.get(key);
      const limit = r && r.at === ordinal ? r.limit : m.BatchSize;
      let read = ddb.readRecords(account, region, m.EventSourceArn, ordinal, limit);
      if (!read) {
        // Trimmed past the checkpoint: on from the oldest record still there.
        const oldest = ddb.shardOrdinal(account, region, m.EventSourceArn, shard.shardId, { type: 'TRIM_HORIZON' });
        if (oldest !== undefined) saveCheckpoint(state, account, region, key, oldest);
        continue;
      }
      if (read.records.length === 0) continue;
      // The batching window: a short batch waits until its first record is that old.
      if (read.records.length < limit && m.MaximumBatchingWindowInSeconds > 0) {
        const due = read.records[0]!.dynamodb.ApproximateCreationDateTime * 1000 + m.MaximumBatchingWindowInSeconds * 1000;
        if (state.host.clock.now() < due) continue;
      }
      busy = true;
      const outcome = await deliver(state, account, region, m, read.records);
      if (signal.aborted) break;
      if (outcome.done === read.records.length) {
        retries.delete(key);
        saveCheckpoint(state, account, region, key, read.next);
        continue;
      }
      const failedAt = ordinal + outcome.done;
      if (outcome.done > 0) saveCheckpoint(state, account, region, key, failedAt);
      const prev = retries.get(key);
      const state0 = prev && prev.at === failedAt ? prev : { attempts: 0, limit: read.records.length - outcome.done, at: failedAt };
      const rest = read.records.slice(outcome.done);
      if (m.BisectBatchOnFunctionError && outcome.functionError && state0.limit > 1) {
        retries.set(key, { ...state0, limit: Math.ceil(state0.limit / 2) });
        continue;
      }
      state0.attempts++;
      retries.set(key, state0);
      const maxRetries = m.MaximumRetryAttempts ?? -1;
      const maxAge = m.MaximumRecordAgeInSeconds === undefined || m.MaximumRecordAgeInSeconds === -1 ? RETENTION_S : m.MaximumRecordAgeInSeconds;
      const ageExceeded = state.host.clock.now() - rest[0]!.dynamodb.ApproximateCreationDateTime * 1000 > maxAge * 1000;
      const retriesExhausted = maxRetries !== -1 && state0.attempts > maxRetries;
      if (ageExceeded || retriesExhausted) {
        await reportFailure(state, account, region, m, shard.shardId, rest, state0.attempts, ageExceeded ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted', outcome.result);
        retries.delete(key);
        saveCheckpoint(state, account, region, key, failedAt + rest.length);
      } else {
        await sleep(RETRY_MS);
      }
    }
    if (!busy && !signal.aborted) await sleep(POLL_MS);
  }
}

interface Outcome {
  /** How many records of the batch (from its start) succeeded. */
  done: number;
  functionError?: boolean;
  result?: InvokeResult;
}

async function deliver(state: LambdaState, account: string, region: string, m: MappingRow, records: StreamRecord[]): Promise<Outcome> {
  const fn = state.regions.for(account, region).functions.get(m.functionName);
  if (!fn) return { done: 0 };
  let result: InvokeResult;
  try {
    const target = resolveTarget(fn, fn, m.qualifier);
    const event = { Records: records.map((r) => ({ ...r, eventSourceARN: m.EventSourceArn })) };
    result = await invoke(state, target, Buffer.from(JSON.stringify(event)));
  } catch {
    return { done: 0 }; // throttled, or the target is gone: the batch waits
  }
  if (result.functionError) return { done: 0, functionError: true, result };
  if (!m.FunctionResponseTypes.includes('ReportBatchItemFailures')) return { done: records.length, result };
  let body: unknown;
  try {
    body = JSON.parse(result.payload.toString('utf8') || 'null');
  } catch {
    return { done: records.length, result };
  }
  const failures = (body as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (!Array.isArray(failures) || failures.length === 0) return { done: records.length, result };
  let lowest = records.length;
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const i = records.findIndex((r) => r.dynamodb.SequenceNumber === id);
    if (i < 0) return { done: 0, result }; // an unknown identifier fails the whole batch, as on AWS
    lowest = Math.min(lowest, i);
  }
  return { done: lowest, result };
}

async function reportFailure(state: LambdaState, account: string, region: string, m: MappingRow, shardId: string, records: StreamRecord[], attempts: number, condition: string, result: InvokeResult | undefined): Promise<void> {
  if (!m.OnFailure) return;
  const fnArn = functionArn(region, account, m.functionName, m.qualifier);
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const record = {
    requestContext: { requestId: result?.requestId ?? state.host.ids.uuid(), functionArn: fnArn, condition, approximateInvokeCount: attempts },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: result?.functionError ?? 'Unhandled' },
    version: '1.0',
    timestamp: new Date(state.host.clock.now()).toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: first.dynamodb.SequenceNumber,
      endSequenceNumber: last.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
      approximateArrivalOfLastRecord: new Date(last.dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
      batchSize: records.length,
      streamArn: m.EventSourceArn,
    },
  };
  try {
    await send(state, serviceCaller('lambda.amazonaws.com', fnArn, account), m.OnFailure, Buffer.from(JSON.stringify(record)));
  } catch (err) {
    console.error(`nimbus: Lambda could not send a stream mapping's failure record to ${m.OnFailure}`, err);
  }
}
