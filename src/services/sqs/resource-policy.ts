// The account boundary's view of SQS (ServiceDefinition.resourcePolicies): a queue's owner is the
// account in its ARN, its policy the queue's Policy attribute. Another account's caller is
// refused the way SQS words it, naming the queue by its URL.
import { AwsError } from '../../protocol/errors.js';
import type { ResourcePolicies } from '../service.js';
import { queueByArn, type SqsState } from './store.js';

export const sqsResourcePolicies: ResourcePolicies<SqsState> = {
  resource(state, arn) {
    const q = queueByArn(state, arn);
    return q ? { account: q.account, ...(q.policy !== undefined && { policy: q.policy }) } : undefined;
  },
  accessDenied({ resource }) {
    const [, , , region, account, name] = resource.split(':');
    return new AwsError('AccessDenied', `Access to the resource https://sqs.${region}.amazonaws.com/${account}/${name} is denied.`, { status: 403 });
  },
};
