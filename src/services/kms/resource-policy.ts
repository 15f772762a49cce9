// The account boundary's view of KMS (ServiceDefinition.resourcePolicies): a key's owner is the
// account in its ARN, its policy the key policy (a key named by an alias ARN: the key the alias
// names). Another account reaches a key only by its key ARN or alias ARN, and only when the key
// policy allows it (and the caller's identity policies, auth/authorize.ts); otherwise KMS's
// AccessDeniedException in its wording. A Decrypt or ReEncrypt without KeyId is checked on the key
// its ciphertext blob names (iam.ts reads the key ARN from the blob's header).
import { AwsError } from '../../protocol/errors.js';
import { refusalPhrase } from '../refusal.js';
import type { ResourcePolicies } from '../service.js';
import { keyPolicyOf, type KmsState } from './store.js';

export const kmsResourcePolicies: ResourcePolicies<KmsState> = {
  resource(state, arn) {
    const policy = keyPolicyOf(state, arn);
    return policy === undefined ? undefined : { account: arn.split(':')[4]!, policy };
  },
  accessDenied({ principal, action, resource, reason }) {
    return new AwsError('AccessDeniedException', `User: ${principal} is not authorized to perform: ${action} on resource: ${resource} ${refusalPhrase(reason, action)}`, { status: 400 });
  },
};
