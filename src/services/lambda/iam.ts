// Lambda operations in IAM's terms: the function's ARN (qualified when the request names a
// qualifier); ListFunctions and the account-level reads support no resource: '*'.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';

function fnResource(input: Record<string, any>, ctx: { region: string; account: string }): string {
  const name = String(input.FunctionName ?? input.Resource ?? '*');
  if (name.startsWith('arn:')) return name;
  const parts = name.split(':');
  if (parts.length >= 3 && parts[1] === 'function') return `arn:aws:lambda:${ctx.region}:${parts[0]}:function:${parts.slice(2).join(':')}`;
  const qualifier = input.Qualifier ?? parts[1];
  return `arn:aws:lambda:${ctx.region}:${ctx.account}:function:${parts[0]}${qualifier ? `:${qualifier}` : ''}`;
}

const fn: IamOperation = { resource: fnResource };
const invoke: IamOperation = { action: 'lambda:InvokeFunction', resource: fnResource };

export const lambdaIam: IamTable = {
  prefix: 'lambda',
  operations: {
    ListFunctions: ANY_RESOURCE,
    CreateFunction: fn,
    GetFunction: fn,
    GetFunctionConfiguration: fn,
    UpdateFunctionCode: fn,
    UpdateFunctionConfiguration: fn,
    DeleteFunction: fn,
    TagResource: fn,
    UntagResource: fn,
    ListTags: fn,
    PutFunctionConcurrency: fn,
    GetFunctionConcurrency: fn,
    DeleteFunctionConcurrency: fn,
    Invoke: invoke,
    InvokeWithResponseStream: invoke,
    PublishVersion: fn,
    ListVersionsByFunction: fn,
    CreateAlias: fn,
    UpdateAlias: fn,
    GetAlias: fn,
    ListAliases: fn,
    DeleteAlias: fn,
    AddPermission: fn,
    RemovePermission: fn,
    GetPolicy: fn,
    PutFunctionEventInvokeConfig: fn,
    UpdateFunctionEventInvokeConfig: fn,
    GetFunctionEventInvokeConfig: fn,
    DeleteFunctionEventInvokeConfig: fn,
    CreateEventSourceMapping: fn,
    GetEventSourceMapping: ANY_RESOURCE,
    ListEventSourceMappings: ANY_RESOURCE,
    UpdateEventSourceMapping: ANY_RESOURCE,
    DeleteEventSourceMapping: ANY_RESOURCE,
  },
};
