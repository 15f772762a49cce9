// Asynchronous invocation (InvocationType Event, and in-process Event invokes from SNS and other
// services): the event is queued and run as soon as an environment is free; a function error is
// retried MaximumRetryAttempts times (default 2), after 1 and then 2 minutes as on AWS
// (settings.lambda.asyncRetryDelayScale scales these); throttles are retried until
// MaximumEventAgeInSeconds (default 6 h). The outcome goes to the OnSuccess / OnFailure
// destination (SQS queue, SNS topic or function) of the function's event invoke configuration, and a final
// failure without OnFailure to the DeadLetterConfig queue or topic.
//
// Destinations and DLQs may be SQS queues, SNS topics (published through SNS's in-process API)
// or functions. Each queued event is a row of the asyncEvents store (rows.ts), put in the commit of
// the request that accepted it, re-put with its attempt count and next deadline on every retry and
// deleted once its outcome is settled, so with --persist an event accepted with a 202 survives a
// kill: on start every row resumes at its persisted deadline through the scheduler. An event that
// was running when Nimbus died runs again (at-least-once, as AWS documents for async invokes).
// Deliberate differences: an SNS dead-letter topic gets the event without the RequestID/ErrorCode/ErrorMessage
// message attributes AWS adds (SNS's in-process API publishes a message and subject only).
import type {
  DeleteFunctionEventInvokeConfigRequest,
  FunctionEventInvokeConfig,
  GetFunctionEventInvokeConfigRequest,
  PutFunctionEventInvokeConfigRequest,
  UpdateFunctionEventInvokeConfigRequest,
} from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import { serviceCaller } from '../caller.js';
import type { RequestContext } from '../context.js';
import { functionArn, invalidParameter } from './arns.js';
import { configFor, findFunction } from './functions.js';
import { invoke, type InvokeResult, type InvokeTarget } from './invocation.js';
import type { AsyncEventRow, EventInvokeRow } from './rows.js';
import { saveFunction, type LambdaFunction, type LambdaState } from './store.js';
import { resolveTarget } from './versions.js';

const RETRY_DELAYS_MS = [60_000, 120_000];
const THROTTLE_RETRY_MS = 1_000;
const LISTENER_WAIT_MS = 50;

interface QueuedEvent {
  fn: LambdaFunction;
  qualifier: string | undefined;
  payload: Buffer;
  requestId: string;
  queuedAt: number;
  attempts: number;
  /** Epoch ms of the next attempt. */
  dueAt: number;
}

function eventConfig(fn: LambdaFunction, qualifier: string | undefined): EventInvokeRow | undefined {
  return fn.row.eventInvoke[qualifier ?? '$LATEST'];
}

/** Queues an event for `fn` (qualified or not); returns its request id. */
export function enqueueEvent(state: LambdaState, fn: LambdaFunction, qualifier: string | undefined, payload: Buffer): string {
  const requestId = state.host.ids.uuid();
  const now = state.host.clock.now();
  schedule(state, { fn, qualifier, payload, requestId, queuedAt: now, attempts: 0, dueAt: now }, 0);
  return requestId;
}

/** Resumes the persisted queue (at state creation): each event at its own deadline. */
export function resumeAsyncEvents(state: LambdaState): void {
  for (const { account, region, key, row } of state.stores.asyncEvents.load()) {
    const fn = state.regions.for(account, region).functions.get(row.functionName);
    if (!fn) {
      state.stores.asyncEvents.delete(account, region, key);
      continue;
    }
    const ev: QueuedEvent = { fn, qualifier: row.qualifier, payload: Buffer.from(row.payload, 'base64'), requestId: row.requestId, queuedAt: row.queuedAt, attempts: row.attempts, dueAt: row.dueAt };
    arm(state, ev, Math.max(0, row.dueAt - state.host.clock.now()));
  }
}

function persist(state: LambdaState, ev: QueuedEvent): void {
  const row: AsyncEventRow = {
    functionName: ev.fn.row.config.FunctionName,
    ...(ev.qualifier !== undefined && { qualifier: ev.qualifier }),
    payload: ev.payload.toString('base64'),
    requestId: ev.requestId,
    queuedAt: ev.queuedAt,
    attempts: ev.attempts,
    dueAt: ev.dueAt,
  };
  state.stores.asyncEvents.put(ev.fn.account, ev.fn.region, ev.requestId, row);
}

function settle(state: LambdaState, ev: QueuedEvent): void {
  state.stores.asyncEvents.delete(ev.fn.account, ev.fn.region, ev.requestId);
}

function schedule(state: LambdaState, ev: QueuedEvent, delayMs: number): void {
  ev.dueAt = state.host.clock.now() + delayMs;
  if (state.stores.asyncEvents.persistent) persist(state, ev);
  arm(state, ev, delayMs);
}

function arm(state: LambdaState, ev: QueuedEvent, delayMs: number): void {
  const t = state.host.scheduler.after(delayMs, () => {
    state.pending.delete(t);
    void attempt(state, ev);
  });
  state.pending.add(t);
}

async function attempt(state: LambdaState, ev: QueuedEvent): Promise<void> {
  // An event restored at start can come due before the listener is bound (port still 0, so the
  // function could not reach Nimbus): it waits for the listener.
  if (state.host.settings.port === 0) return arm(state, ev, LISTENER_WAIT_MS);
  const cfg = eventConfig(ev.fn, ev.qualifier);
  const maxAgeMs = (cfg?.MaximumEventAgeInSeconds ?? 21_600) * 1000;
  const maxRetries = cfg?.MaximumRetryAttempts ?? 2;
  const scale = state.host.settings.lambda.asyncRetryDelayScale;
  const live = state.regions.for(ev.fn.account, ev.fn.region).functions.get(ev.fn.row.config.FunctionName);
  if (live !== ev.fn) return settle(state, ev); // the function was deleted meanwhile
  let target: InvokeTarget;
  try {
    target = resolveTarget(ev.fn, ev.fn, ev.qualifier);
  } catch {
    return settle(state, ev);
  }
  let result: InvokeResult;
  try {
    result = await invoke(state, target, ev.payload, { requestId: ev.attempts === 0 ? ev.requestId : undefined });
  } catch (err) {
    if (err instanceof AwsError && err.code === 'TooManyRequestsException') {
      if (state.host.clock.now() - ev.queuedAt + THROTTLE_RETRY_MS * scale <= maxAgeMs) return schedule(state, ev, THROTTLE_RETRY_MS * scale);
      return void deliverOutcome(state, ev, target, { condition: 'EventAgeExceeded' });
    }
    // Stopping: the row stays, and the event resumes on the next start.
    if (err instanceof Error && err.message === 'Lambda is stopping') return;
    console.error('nimbus: an asynchronous invocation failed to start', err);
    return settle(state, ev);
  }
  ev.attempts++;
  if (result.functionError === undefined) return void deliverOutcome(state, ev, target, { condition: 'Success', result });
  if (ev.attempts <= maxRetries) {
    const delay = RETRY_DELAYS_MS[Math.min(ev.attempts - 1, RETRY_DELAYS_MS.length - 1)]! * scale;
    if (state.host.clock.now() - ev.queuedAt + delay <= maxAgeMs) return schedule(state, ev, delay);
    return void deliverOutcome(state, ev, target, { condition: 'EventAgeExceeded', result });
  }
  void deliverOutcome(state, ev, target, { condition: 'RetriesExhausted', result });
}

async function deliverOutcome(state: LambdaState, ev: QueuedEvent, t: InvokeTarget, o: { condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded'; result?: InvokeResult }): Promise<void> {
  settle(state, ev);
  const cfg = eventConfig(ev.fn, ev.qualifier);
  const success = o.condition === 'Success';
  const destination = success ? cfg?.OnSuccess : cfg?.OnFailure;
  const fnArn = functionArn(ev.fn.region, ev.fn.account, ev.fn.row.config.FunctionName, t.version);
  const caller = serviceCaller('lambda.amazonaws.com', fnArn, ev.fn.account);
  try {
    if (destination) {
      const record = {
        version: '1.0',
        timestamp: new Date(state.host.clock.now()).toISOString(),
        requestContext: { requestId: ev.requestId, functionArn: fnArn, condition: o.condition, approximateInvokeCount: ev.attempts },
        requestPayload: parseOrText(ev.payload),
        ...(o.result && {
          responseContext: { statusCode: 200, executedVersion: t.version, ...(o.result.functionError && { functionError: o.result.functionError }) },
          responsePayload: parseOrText(o.result.payload),
        }),
      };
      await send(state, caller, destination, Buffer.from(JSON.stringify(record)));
    } else if (!success && t.config.DeadLetterTargetArn) {
      const error = o.result ? parseOrText(o.result.payload) : undefined;
      const message = typeof error === 'object' && error && 'errorMessage' in error ? String((error as { errorMessage: unknown }).errorMessage) : o.condition;
      await send(state, caller, t.config.DeadLetterTargetArn, ev.payload, {
        RequestID: { DataType: 'String', StringValue: ev.requestId },
        ErrorCode: { DataType: 'Number', StringValue: '200' },
        ErrorMessage: { DataType: 'String', StringValue: message },
      });
    }
  } catch (err) {
    console.error(`nimbus: Lambda could not deliver an asynchronous invocation's outcome of ${fnArn}`, err);
  }
}

function parseOrText(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return b.toString('utf8');
  }
}

/** Sends `body` to an SQS queue, SNS topic or function (destinations, DLQs, stream mappings' OnFailure). */
export async function send(state: LambdaState, caller: ReturnType<typeof serviceCaller>, arn: string, body: Buffer, attributes?: Record<string, { DataType: string; StringValue: string }>): Promise<void> {
  const service = arn.split(':')[2];
  if (service === 'sqs') {
    const sqs = await state.host.api('sqs');
    sqs.sendMessage(caller, arn, { body: body.toString('utf8'), ...(attributes && { messageAttributes: attributes }) });
  } else if (service === 'sns') {
    const sns = await state.host.api('sns');
    await sns.publish(caller, arn, { message: body.toString('utf8') });
  } else if (service === 'lambda') {
    const lambda = await state.host.api('lambda');
    await lambda.invoke(caller, arn, body, 'Event');
  } else {
    throw new Error(`destination ${arn}: Nimbus delivers asynchronous outcomes to SQS queues, SNS topics and functions only`);
  }
}

// -- event invoke configuration ---------------------------------------------------------------------

function checkDestination(arn: string | undefined): void {
  if (arn === undefined) return;
  const service = arn.split(':')[2];
  if (!arn.startsWith('arn:') || !['sqs', 'sns', 'lambda', 'events', 's3'].includes(service ?? '')) {
    throw invalidParameter(`The destination ARN ${arn} is invalid.`);
  }
}

function describeEventConfig(fn: LambdaFunction, qualifier: string | undefined, c: EventInvokeRow): FunctionEventInvokeConfig {
  return {
    LastModified: new Date(c.LastModified),
    FunctionArn: functionArn(fn.region, fn.account, fn.row.config.FunctionName, qualifier ?? '$LATEST'),
    MaximumRetryAttempts: c.MaximumRetryAttempts,
    MaximumEventAgeInSeconds: c.MaximumEventAgeInSeconds,
    DestinationConfig: { OnSuccess: c.OnSuccess ? { Destination: c.OnSuccess } : {}, OnFailure: c.OnFailure ? { Destination: c.OnFailure } : {} },
  };
}

function writeEventConfig(input: PutFunctionEventInvokeConfigRequest, ctx: RequestContext, state: LambdaState, merge: boolean): FunctionEventInvokeConfig {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  configFor(ctx, fn, qualifier);
  const key = qualifier ?? '$LATEST';
  const old = fn.row.eventInvoke[key];
  if (merge && !old) throw new AwsError('ResourceNotFoundException', `The function ${functionArn(fn.region, fn.account, fn.row.config.FunctionName, key)} doesn't have an EventInvokeConfig`, { status: 404 });
  const base = merge ? old! : { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 21_600, LastModified: 0 };
  const onSuccess = input.DestinationConfig?.OnSuccess?.Destination ?? (merge && input.DestinationConfig?.OnSuccess === undefined ? base.OnSuccess : undefined);
  const onFailure = input.DestinationConfig?.OnFailure?.Destination ?? (merge && input.DestinationConfig?.OnFailure === undefined ? base.OnFailure : undefined);
  checkDestination(onSuccess);
  checkDestination(onFailure);
  const row: EventInvokeRow = {
    MaximumRetryAttempts: input.MaximumRetryAttempts ?? base.MaximumRetryAttempts,
    MaximumEventAgeInSeconds: input.MaximumEventAgeInSeconds ?? base.MaximumEventAgeInSeconds,
    ...(onSuccess && { OnSuccess: onSuccess }),
    ...(onFailure && { OnFailure: onFailure }),
    LastModified: ctx.clock.now(),
  };
  fn.row.eventInvoke[key] = row;
  saveFunction(state, fn);
  return describeEventConfig(fn, qualifier, row);
}

export const putFunctionEventInvokeConfig = (input: PutFunctionEventInvokeConfigRequest, ctx: RequestContext, state: LambdaState) => writeEventConfig(input, ctx, state, false);
export const updateFunctionEventInvokeConfig = (input: UpdateFunctionEventInvokeConfigRequest, ctx: RequestContext, state: LambdaState) => writeEventConfig(input, ctx, state, true);

export function getFunctionEventInvokeConfig(input: GetFunctionEventInvokeConfigRequest, ctx: RequestContext, state: LambdaState): FunctionEventInvokeConfig {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const c = fn.row.eventInvoke[qualifier ?? '$LATEST'];
  if (!c) throw new AwsError('ResourceNotFoundException', `The function ${functionArn(fn.region, fn.account, fn.row.config.FunctionName, qualifier ?? '$LATEST')} doesn't have an EventInvokeConfig`, { status: 404 });
  return describeEventConfig(fn, qualifier, c);
}

export function deleteFunctionEventInvokeConfig(input: DeleteFunctionEventInvokeConfigRequest, ctx: RequestContext, state: LambdaState): void {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  const key = qualifier ?? '$LATEST';
  if (!fn.row.eventInvoke[key]) throw new AwsError('ResourceNotFoundException', `The function ${functionArn(fn.region, fn.account, fn.row.config.FunctionName, key)} doesn't have an EventInvokeConfig`, { status: 404 });
  delete fn.row.eventInvoke[key];
  saveFunction(state, fn);
}
