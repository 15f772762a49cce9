// Lambda over restJson1: functions (functions.ts), code (code.ts), execution environments that run
// them as child processes speaking the Runtime API (environment.ts, environments.ts, runtimes.ts,
// runtimes/), Invoke (invoke.ts, invocation.ts, async-invoke.ts), versions and aliases
// (versions.ts), resource policies (permissions.ts), logs and metrics (logs.ts, metrics.ts); state
// in store.ts / rows.ts. Its in-process API (api.ts) is how SNS and others invoke functions.
import { defineService } from '../service.js';
import { deleteFunctionEventInvokeConfig, getFunctionEventInvokeConfig, putFunctionEventInvokeConfig, resumeAsyncEvents, updateFunctionEventInvokeConfig } from './async-invoke.js';
import { codeFile } from './code-endpoint.js';
import {
  createFunction,
  deleteFunction,
  deleteFunctionConcurrency,
  getFunction,
  getFunctionConcurrency,
  getFunctionConfiguration,
  listFunctions,
  listTags,
  putFunctionConcurrency,
  tagResource,
  untagResource,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './functions.js';
import { createEventSourceMapping, deleteEventSourceMapping, getEventSourceMapping, listEventSourceMappings, startAllPollers, updateEventSourceMapping } from './event-source-mappings.js';
import { lambdaIam } from './iam.js';
import { invokeOperation, invokeWithResponseStream, lambdaApi } from './invoke.js';
import { addPermission, getPolicy, removePermission } from './permissions.js';
import type { Host } from '../host.js';
import { createLambdaState, disposeLambdaState, type LambdaState } from './store.js';
import { createAlias, deleteAlias, getAlias, listAliases, listVersionsByFunction, publishVersion, updateAlias } from './versions.js';

// A base64 zip of 50 MB in JSON (CreateFunction / UpdateFunctionCode), a 6 MB payload (Invoke).
const CODE_BODY = 70 * 1024 * 1024;
const OPERATION_OF_LIMIT: Record<number, string> = { [CODE_BODY]: 'CreateFunction', [6 * 1024 * 1024]: 'InvokeFunction' };

export const lambda = defineService({
  id: 'lambda',
  createState: (host: Host): LambdaState => {
    const state = createLambdaState(host);
    startAllPollers(state);
    resumeAsyncEvents(state);
    return state;
  },
  dispose: disposeLambdaState,
  iam: lambdaIam,
  bodyLimits: {
    default: 1024 * 1024,
    operations: { CreateFunction: CODE_BODY, UpdateFunctionCode: CODE_BODY, Invoke: 6 * 1024 * 1024, InvokeWithResponseStream: 6 * 1024 * 1024 },
    error: { code: 'RequestEntityTooLargeException', status: 413, message: (limit) => `Request must be smaller than ${limit} bytes for the ${OPERATION_OF_LIMIT[limit] ?? 'requested'} operation` },
  },
  internalEndpoint: codeFile,
  operations: {
    CreateFunction: createFunction,
    GetFunction: getFunction,
    GetFunctionConfiguration: getFunctionConfiguration,
    ListFunctions: listFunctions,
    UpdateFunctionCode: updateFunctionCode,
    UpdateFunctionConfiguration: updateFunctionConfiguration,
    DeleteFunction: deleteFunction,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTags: listTags,
    PutFunctionConcurrency: putFunctionConcurrency,
    GetFunctionConcurrency: getFunctionConcurrency,
    DeleteFunctionConcurrency: deleteFunctionConcurrency,
    Invoke: invokeOperation,
    InvokeWithResponseStream: invokeWithResponseStream,
    PublishVersion: publishVersion,
    ListVersionsByFunction: listVersionsByFunction,
    CreateAlias: createAlias,
    UpdateAlias: updateAlias,
    GetAlias: getAlias,
    ListAliases: listAliases,
    DeleteAlias: deleteAlias,
    AddPermission: addPermission,
    RemovePermission: removePermission,
    GetPolicy: getPolicy,
    PutFunctionEventInvokeConfig: putFunctionEventInvokeConfig,
    UpdateFunctionEventInvokeConfig: updateFunctionEventInvokeConfig,
    GetFunctionEventInvokeConfig: getFunctionEventInvokeConfig,
    DeleteFunctionEventInvokeConfig: deleteFunctionEventInvokeConfig,
    CreateEventSourceMapping: createEventSourceMapping,
    GetEventSourceMapping: getEventSourceMapping,
    ListEventSourceMappings: listEventSourceMappings,
    UpdateEventSourceMapping: updateEventSourceMapping,
    DeleteEventSourceMapping: deleteEventSourceMapping,
  },
  api: (state) => lambdaApi(state),
});
