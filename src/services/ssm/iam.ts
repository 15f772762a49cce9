// Parameter Store operations in IAM's terms (Service Authorization Reference, "Actions defined by
// AWS Systems Manager"): parameter operations act on arn:aws:ssm:region:account:parameter/name.
import { ANY_RESOURCE } from '../iam-table.js';
import type { RequestContext } from '../context.js';
import type { IamOperation, IamTable } from '../service.js';

function arn(name: unknown, ctx: RequestContext): string {
  const n = String(name ?? '').split(':')[0]!;
  return `arn:aws:ssm:${ctx.region}:${ctx.account}:parameter${n.startsWith('/') ? '' : '/'}${n}`;
}

const onName: IamOperation = { resource: (input, ctx) => arn(input.Name, ctx) };
const onNames: IamOperation = { resource: (input, ctx) => (Array.isArray(input.Names) && input.Names.length === 1 ? arn(input.Names[0], ctx) : '*') };
const onPath: IamOperation = { resource: (input, ctx) => arn(input.Path, ctx) };
const onResourceId: IamOperation = { resource: (input, ctx) => (input.ResourceType === 'Parameter' ? arn(input.ResourceId, ctx) : '*') };

export const ssmIam: IamTable = {
  prefix: 'ssm',
  operations: {
    PutParameter: onName,
    GetParameter: onName,
    GetParameters: onNames,
    GetParametersByPath: onPath,
    GetParameterHistory: onName,
    DescribeParameters: ANY_RESOURCE,
    LabelParameterVersion: onName,
    UnlabelParameterVersion: onName,
    DeleteParameter: onName,
    DeleteParameters: onNames,
    AddTagsToResource: onResourceId,
    RemoveTagsFromResource: onResourceId,
    ListTagsForResource: onResourceId,
  },
};
