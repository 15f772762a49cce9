// The account boundary's view of SNS (ServiceDefinition.resourcePolicies): a topic's owner is the
// account in its ARN, its policy the topic's Policy attribute (the default policy when none was
// set, which allows only the owner's account through AWS:SourceOwner). SNS words a refusal as
// AuthorizationError (the model's AuthorizationErrorException: the SDK's name, the query code on the wire).
import { AwsError } from '../../protocol/errors.js';
import { refusalPhrase } from '../refusal.js';
import type { ResourcePolicies } from '../service.js';
import { parseArn, type SnsState } from './store.js';
import { defaultPolicy } from './topics.js';

export const snsResourcePolicies: ResourcePolicies<SnsState> = {
  resource(state, arn) {
    const p = parseArn(arn);
    const topic = p ? state.regions.for(p.account, p.region).topics.get(arn) : undefined;
    if (!topic) return undefined;
    return { account: topic.account, policy: topic.attributes.Policy ?? defaultPolicy(topic.arn, topic.account) };
  },
  accessDenied({ principal, action, resource, reason }) {
    const act = action.replace(/^sns:/, 'SNS:');
    return new AwsError('AuthorizationErrorException', `User: ${principal} is not authorized to perform: ${act} on resource: ${resource} ${refusalPhrase(reason, act)}`, { status: 403 });
  },
};
