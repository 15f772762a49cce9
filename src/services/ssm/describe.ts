// DescribeParameters: the metadata of the latest version of each parameter, filtered by the
// legacy Filters or by ParameterFilters (not both, as on AWS), in name order, paged.
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { latest } from './entities.js';
import { compileFilters, compileLegacyFilters, DESCRIBE_KEYS, pageByName } from './filters.js';
import { parameterArn } from './names.js';
import { policyList } from './read.js';
import type { SsmState } from './store.js';

export function describeParameters(input: sdk.DescribeParametersRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.DescribeParametersResult> {
  if (input.Filters?.length && input.ParameterFilters?.length) {
    throw new AwsError('ValidationException', 'You can use either Filters or ParameterFilters in a single request.');
  }
  const filter = input.Filters?.length ? compileLegacyFilters(input.Filters) : compileFilters(input.ParameterFilters, DESCRIBE_KEYS);
  const matching = [...state.regions.for(ctx.account, ctx.region).parameters.values()].filter(filter).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = pageByName(matching, input.MaxResults ?? 10, input.NextToken);
  return {
    Parameters: page.items.map((p) => {
      const v = latest(p);
      return {
        Name: p.name,
        ARN: parameterArn(ctx.account, ctx.region, p.name),
        Type: v.type,
        ...(v.keyId !== undefined && { KeyId: v.keyId }),
        LastModifiedDate: new Date(v.lastModifiedDate),
        LastModifiedUser: v.lastModifiedUser,
        ...(v.description !== undefined && { Description: v.description }),
        ...(v.allowedPattern !== undefined && { AllowedPattern: v.allowedPattern }),
        Version: v.version,
        Tier: v.tier,
        Policies: policyList(v),
        DataType: v.dataType,
      };
    }),
    ...(page.next && { NextToken: page.next }),
  };
}
