// Lambda's durable records, all per account and region (state/durable/stores.ts). The live maps in
// store.ts are indexes built from these rows when the state is created; every change puts or
// deletes its rows in the request (or timer) that makes it.
//
//   functions  key: function name. FunctionRow: $LATEST's configuration, its code blob, tags,
//              reserved concurrency, resource policy, the last published version number.
//   versions   key: '<name>:<version>'. VersionRow: an immutable snapshot of a published version.
//   aliases    key: '<name>:<alias>'. AliasRow.
//   mappings   key: mapping UUID. MappingRow: an event source mapping.
//   async-events  key: the invocation's request id. AsyncEventRow: a queued asynchronous invocation.
//   stream-checkpoints  key: '<mapping UUID>/<shard id>'. CheckpointRow: where a stream mapping
//              resumes reading the shard.
import type { StoreSpec } from '../../state/durable/stores.js';

export const FUNCTIONS: StoreSpec = { name: 'functions', scope: 'region', version: 1 };
export const VERSIONS: StoreSpec = { name: 'versions', scope: 'region', version: 1 };
export const ALIASES: StoreSpec = { name: 'aliases', scope: 'region', version: 1 };
export const MAPPINGS: StoreSpec = { name: 'mappings', scope: 'region', version: 1 };
export const ASYNC_EVENTS: StoreSpec = { name: 'async-events', scope: 'region', version: 1 };
export const CHECKPOINTS: StoreSpec = { name: 'stream-checkpoints', scope: 'region', version: 1 };

/** A queued asynchronous invocation (async-invoke.ts). */
export interface AsyncEventRow {
  functionName: string;
  qualifier?: string;
  /** The event, base64. */
  payload: string;
  requestId: string;
  /** Epoch ms: when it was accepted (MaximumEventAgeInSeconds counts from here). */
  queuedAt: number;
  attempts: number;
  /** Epoch ms of the next attempt. */
  dueAt: number;
}

/** A stream mapping's position in one shard: the ordinal of the next record to deliver. */
export interface CheckpointRow {
  ordinal: number;
}

/** A function's configuration as Lambda reports it (the SDK's FunctionConfiguration members). */
export interface ConfigRow {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Role: string;
  Handler?: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  /** ISO-8601 with milliseconds and +0000, as Lambda writes it. */
  LastModified: string;
  CodeSha256: string;
  CodeSize: number;
  Version: string;
  Environment?: Record<string, string>;
  DeadLetterTargetArn?: string;
  TracingMode: string;
  Layers: string[];
  Architectures: string[];
  EphemeralStorage: number;
  RevisionId: string;
  PackageType: 'Zip';
  /** The blob holding the code zip. */
  codeBlob: string;
}

/** An asynchronous-invocation configuration (PutFunctionEventInvokeConfig / destinations on create). */
export interface EventInvokeRow {
  MaximumRetryAttempts: number;
  MaximumEventAgeInSeconds: number;
  OnSuccess?: string;
  OnFailure?: string;
  LastModified: number;
}

export interface FunctionRow {
  config: ConfigRow;
  /** Pending until the first state transition has run; Active after. */
  state: 'Pending' | 'Active';
  lastUpdateStatus: 'Successful' | 'InProgress';
  tags: Record<string, string>;
  reservedConcurrency?: number;
  /** The resource policy's statements (AddPermission), by Sid. */
  policy: Record<string, unknown>;
  /** Per qualifier: the asynchronous-invocation configuration. */
  eventInvoke: Record<string, EventInvokeRow>;
  lastVersion: number;
  revision: number;
}

export interface VersionRow {
  config: ConfigRow;
  policy: Record<string, unknown>;
}

export interface AliasRow {
  Name: string;
  FunctionVersion: string;
  Description: string;
  /** Additional version -> weight (0..1). */
  weights: Record<string, number>;
  RevisionId: string;
}

export interface MappingRow {
  UUID: string;
  EventSourceArn: string;
  /** The function's name; qualifier when a version or alias was given. */
  functionName: string;
  qualifier?: string;
  BatchSize: number;
  MaximumBatchingWindowInSeconds: number;
  FunctionResponseTypes: string[];
  State: 'Enabled' | 'Disabled';
  LastModified: number;
  // Stream sources only (stream-mappings.ts); absent on SQS mappings.
  StartingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** -1: until the record expires. */
  MaximumRetryAttempts?: number;
  /** -1: the stream's retention (24 h). */
  MaximumRecordAgeInSeconds?: number;
  BisectBatchOnFunctionError?: boolean;
  /** DestinationConfig.OnFailure: an SQS queue or SNS topic ARN. */
  OnFailure?: string;
}
