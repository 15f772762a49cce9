// Lambda: ListFunctions over an empty function table for now; functions, versions, aliases and
// real execution environments arrive with the Lambda issue.
import type { FunctionConfiguration, ListFunctionsRequest, ListFunctionsResponse } from '@aws-sdk/client-lambda';
import type { RequestContext } from '../context.js';
import { ScopedStore } from '../../state/scoped-store.js';
import { defineService } from '../service.js';
import { lambdaIam } from './iam.js';

function createLambdaState() {
  return { regions: new ScopedStore(() => ({ functions: new Map<string, FunctionConfiguration>() })) };
}

type LambdaState = ReturnType<typeof createLambdaState>;

const MAX_ITEMS = 50;

function listFunctions(input: ListFunctionsRequest, ctx: RequestContext, state: LambdaState): ListFunctionsResponse {
  const all = [...state.regions.for(ctx.account, ctx.region).functions.values()].sort((a, b) =>
    a.FunctionName! < b.FunctionName! ? -1 : 1,
  );
  const start = input.Marker ? all.findIndex((f) => f.FunctionName! > input.Marker!) : 0;
  const page = start < 0 ? [] : all.slice(start, start + (input.MaxItems ?? MAX_ITEMS));
  const more = start >= 0 && start + page.length < all.length;
  return { Functions: page, ...(more && { NextMarker: page[page.length - 1]!.FunctionName }) };
}

export const lambda = defineService({
  id: 'lambda',
  createState: createLambdaState,
  iam: lambdaIam,
  operations: { ListFunctions: listFunctions },
});
