// The account boundary's view of S3 (ServiceDefinition.resourcePolicies): bucket and object ARNs
// name no account, so the bucket's owner comes from the bucket table, and the policy is the
// bucket's policy (PutBucketPolicy) for the bucket and every object in it.
import { AwsError } from '../../protocol/errors.js';
import type { ResourcePolicies } from '../service.js';
import { bucketPolicy } from './bucket-config.js';
import type { S3State } from './store.js';

export const s3ResourcePolicies: ResourcePolicies<S3State> = {
  resource(state, arn) {
    const rest = arn.startsWith('arn:aws:s3:::') ? arn.slice('arn:aws:s3:::'.length) : '';
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    const bucket = state.buckets.get(name);
    if (!bucket) return undefined;
    const policy = bucketPolicy(state, name);
    return { account: bucket.owner, ...(policy !== undefined && { policy }) };
  },
  // Creating a bucket whose name another account owns answers BucketAlreadyExists (the handler's).
  exempt: ['s3:CreateBucket'],
  accessDenied() {
    return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  },
};
