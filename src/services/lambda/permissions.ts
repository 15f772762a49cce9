// The function's resource policy: AddPermission / RemovePermission / GetPolicy, per qualifier
// (unqualified, a version or an alias each have their own policy, as on AWS). Statements are kept
// as AWS renders them; services invoking a function (SNS, S3, API Gateway) will check them once IAM
// enforcement exists.
import type { AddPermissionRequest, AddPermissionResponse, GetPolicyRequest, GetPolicyResponse, RemovePermissionRequest } from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { functionArn } from './arns.js';
import { configFor, findFunction } from './functions.js';
import { saveFunction, type LambdaFunction, type LambdaState } from './store.js';

type Statements = Record<string, Record<string, unknown>>;

function statements(fn: LambdaFunction, qualifier: string | undefined): Statements {
  const all = fn.row.policy as Record<string, Statements>;
  return (all[qualifier ?? ''] ??= {});
}

function checkRevision(fn: LambdaFunction, revisionId: string | undefined): void {
  if (revisionId !== undefined && revisionId !== fn.row.config.RevisionId) {
    throw new AwsError('PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id', { status: 412 });
  }
}

export function addPermission(input: AddPermissionRequest, ctx: RequestContext, state: LambdaState): AddPermissionResponse {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  configFor(ctx, fn, qualifier);
  checkRevision(fn, input.RevisionId);
  const sid = input.StatementId!;
  const list = statements(fn, qualifier);
  if (Object.hasOwn(list, sid)) {
    throw new AwsError('ResourceConflictException', `The statement id (${sid}) provided already exists. Please specify a new statement id, or remove the existing statement.`, { status: 409 });
  }
  const principal = input.Principal!;
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceArn) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  if (input.SourceAccount) (condition.StringEquals ??= {})['AWS:SourceAccount'] = input.SourceAccount;
  if (input.PrincipalOrgID) (condition.StringEquals ??= {})['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.FunctionUrlAuthType) (condition.StringEquals ??= {})['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  const statement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : principal === '*' ? '*' : { AWS: /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal },
    Action: input.Action!.startsWith('lambda:') ? input.Action : `lambda:${input.Action}`,
    Resource: functionArn(fn.region, fn.account, fn.row.config.FunctionName, qualifier),
    ...(Object.keys(condition).length && { Condition: condition }),
  };
  list[sid] = statement;
  fn.row.config.RevisionId = ctx.ids.uuid();
  saveFunction(state, fn);
  return { Statement: JSON.stringify(statement) };
}

export function removePermission(input: RemovePermissionRequest, ctx: RequestContext, state: LambdaState): void {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  checkRevision(fn, input.RevisionId);
  const list = statements(fn, qualifier);
  if (!Object.hasOwn(list, input.StatementId!)) {
    throw new AwsError('ResourceNotFoundException', `Statement ${input.StatementId} is not found in resource policy.`, { status: 404 });
  }
  delete list[input.StatementId!];
  fn.row.config.RevisionId = ctx.ids.uuid();
  saveFunction(state, fn);
}

export function getPolicy(input: GetPolicyRequest, ctx: RequestContext, state: LambdaState): GetPolicyResponse {
  const { fn, qualifier } = findFunction(state, ctx, input.FunctionName!, input.Qualifier);
  configFor(ctx, fn, qualifier);
  const list = Object.values(statements(fn, qualifier));
  if (!list.length) throw new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', { status: 404 });
  return { Policy: JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: list }), RevisionId: fn.row.config.RevisionId };
}
