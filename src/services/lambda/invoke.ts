// Invoke and InvokeWithResponseStream: RequestResponse (the function's result, X-Amz-Function-Error
// and LogType=Tail), Event (queued: async-invoke.ts), DryRun (checks only); AWS's payload limits.
// Also the in-process API other services invoke through (api.ts).
import type { InvocationRequest, InvocationResponse, InvokeWithResponseStreamRequest, InvokeWithResponseStreamResponse } from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../caller.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import type { LambdaApi } from './api.js';
import { parseFunctionRef } from './arns.js';
import { enqueueEvent } from './async-invoke.js';
import { findFunction, functionNotFound } from './functions.js';
import { invoke } from './invocation.js';
import { logTail } from './logs.js';
import type { LambdaFunction, LambdaState } from './store.js';
import { resolveTarget } from './versions.js';

/** AWS: 6 MB for a synchronous request, 256 KB for an asynchronous one. */
export const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
export const MAX_ASYNC_PAYLOAD = 256 * 1024;

function checkPayload(payload: Buffer, type: string): void {
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
  if (payload.length > limit) {
    throw new AwsError('RequestEntityTooLargeException', `${type === 'Event' ? 'Request' : 'Request'} must be smaller than ${limit} bytes for the ${type === 'Event' ? 'InvokeAsync' : 'InvokeFunction'} operation`, { status: 413 });
  }
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (e) {
    throw new AwsError('InvalidRequestContentException', `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`);
  }
}

/** An invocation without a payload gets the event {} (as on AWS). */
function eventPayload(p: Uint8Array | undefined): Buffer {
  return p && p.length ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : Buffer.from('{}');
}

function checkActive(fn: LambdaFunction): void {
  if (fn.row.state !== 'Active') {
    throw new AwsError('ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: ${fn.row.state}`, { status: 409 });
  }
}

function clientContext(encoded: string | undefined): string | undefined {
  if (encoded === undefined) return undefined;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  try {
    JSON.parse(text);
  } catch {
    throw new AwsError('InvalidRequestContentException', 'Client context must be a valid Base64-encoded JSON object.');
  }
  return text;
}

export async function invokeOperation(input: InvocationRequest, ctx: RequestContext, state: LambdaState): Promise<HandlerOutput<InvocationResponse>> {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const type = input.InvocationType ?? 'RequestResponse';
  const payload = eventPayload(input.Payload);
  checkPayload(payload, type);
  const context = clientContext(input.ClientContext);
  const target = resolveTarget(ctx, fn, qualifier);
  checkActive(fn);
  if (type === 'DryRun') return { StatusCode: 204 };
  if (type === 'Event') {
    enqueueEvent(state, fn, qualifier, payload);
    return { StatusCode: 202 };
  }
  const r = await invoke(state, target, payload, { clientContext: context, tail: input.LogType === 'Tail' });
  return {
    StatusCode: 200,
    Payload: r.payload,
    ExecutedVersion: r.executedVersion,
    ...(r.functionError && { FunctionError: r.functionError }),
    ...(r.log !== undefined && { LogResult: logTail(r.log) }),
  };
}

/** A push-to-pull channel: the response stream's chunks as the event stream the codec writes. */
function channel<T>(): { push(v: T): void; end(): void; iterable: AsyncIterable<T> } {
  const queue: T[] = [];
  let done = false;
  let wake: (() => void) | undefined;
  return {
    push(v) {
      queue.push(v);
      wake?.();
    },
    end() {
      done = true;
      wake?.();
    },
    iterable: {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          while (queue.length) yield queue.shift()!;
          if (done) return;
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
        }
      },
    },
  };
}

export async function invokeWithResponseStream(input: InvokeWithResponseStreamRequest, ctx: RequestContext, state: LambdaState): Promise<HandlerOutput<InvokeWithResponseStreamResponse>> {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const type = input.InvocationType ?? 'RequestResponse';
  const payload = eventPayload(input.Payload);
  checkPayload(payload, type);
  const context = clientContext(input.ClientContext);
  const target = resolveTarget(ctx, fn, qualifier);
  checkActive(fn);
  if (type === 'DryRun') return { StatusCode: 204 };
  const events = channel<Record<string, unknown>>();
  let streamed = false;
  void invoke(state, target, payload, {
    clientContext: context,
    tail: input.LogType === 'Tail',
    stream: (chunk) => {
      streamed = true;
      events.push({ PayloadChunk: { Payload: chunk } });
    },
  }).then(
    (r) => {
      // A handler that is not streamified answers in one piece: that piece is the one chunk.
      if (!streamed && r.payload.length && !r.functionError) events.push({ PayloadChunk: { Payload: r.payload } });
      const complete: Record<string, unknown> = {};
      if (r.functionError) {
        const err = safeJson(r.payload);
        complete.ErrorCode = r.errorType ?? 'Unhandled';
        complete.ErrorDetails = typeof err === 'object' && err && 'errorMessage' in err ? String((err as { errorMessage: unknown }).errorMessage) : r.payload.toString('utf8');
      }
      if (r.log !== undefined) complete.LogResult = logTail(r.log);
      events.push({ InvokeComplete: complete });
      events.end();
    },
    (err) => {
      events.push({ InvokeComplete: { ErrorCode: err instanceof AwsError ? err.code : 'ServiceException', ErrorDetails: (err as Error).message } });
      events.end();
    },
  );
  return { StatusCode: 200, ExecutedVersion: target.version, ResponseStreamContentType: 'application/vnd.amazon.eventstream', EventStream: events.iterable as never };
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The in-process API (api.ts). */
export function lambdaApi(state: LambdaState): LambdaApi {
  const lookup = (arn: string) => {
    const parts = arn.split(':');
    const ctx = { account: parts[4] ?? '', region: parts[3] ?? '' };
    const ref = parseFunctionRef(ctx, arn);
    const fn = state.regions.for(ref.account, ref.region).functions.get(ref.name);
    if (!fn) throw functionNotFound(ref, ref.name, ref.qualifier);
    return { fn, qualifier: ref.qualifier };
  };
  return {
    async invoke(_caller: Caller, functionArn, body, invocationType) {
      const { fn, qualifier } = lookup(functionArn);
      const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
      checkPayload(payload, invocationType);
      const target = resolveTarget(fn, fn, qualifier);
      checkActive(fn);
      if (invocationType === 'Event') {
        enqueueEvent(state, fn, qualifier, payload);
        return { statusCode: 202, payload: Buffer.alloc(0) };
      }
      const r = await invoke(state, target, payload);
      return { statusCode: 200, payload: r.payload, executedVersion: r.executedVersion, ...(r.functionError && { functionError: r.functionError }) };
    },
    functionExists(functionArn) {
      try {
        const { fn, qualifier } = lookup(functionArn);
        resolveTarget(fn, fn, qualifier);
        return true;
      } catch {
        return false;
      }
    },
  };
}
