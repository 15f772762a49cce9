// The account boundary's view of S3 (ServiceDefinition.resourcePolicies): bucket and object ARNs
// name no account, so the bucket's owner comes from the bucket table. Bucket policies are not
// stored yet in this version of S3 (PutBucketPolicy answers 501), so another account's caller is
// always refused — when bucket policies land, `policy` is the bucket's policy document.
import { AwsError } from '../../protocol/errors.js';
import type { ResourcePolicies } from '../service.js';
import type { S3State } from './store.js';

export const s3ResourcePolicies: ResourcePolicies<S3State> = {
  resource(state, arn) {
    const rest = arn.startsWith('arn:aws:s3:::') ? arn.slice('arn:aws:s3:::'.length) : '';
    const slash = rest.indexOf('/');
    const bucket = state.buckets.get(slash < 0 ? rest : rest.slice(0, slash));
    return bucket ? { account: bucket.owner } : undefined;
  },
  // Creating a bucket whose name another account owns answers BucketAlreadyExists (the handler's).
  exempt: ['s3:CreateBucket'],
  accessDenied() {
    return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
  },
};
