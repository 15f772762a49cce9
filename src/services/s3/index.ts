// S3: buckets for now; objects, multipart uploads and the rest arrive with the S3 issue.
import { defineService } from '../service.js';
import { s3Iam } from './iam.js';
import { createBucket, deleteBucket, headBucket, listBuckets } from './buckets.js';
import { createS3State } from './store.js';
import { s3ResourcePolicies } from './resource-policy.js';

export const s3 = defineService({
  id: 's3',
  createState: createS3State,
  iam: s3Iam,
  resourcePolicies: s3ResourcePolicies,
  // Buffered bodies (policies, tagging, DeleteObjects of 1,000 keys, CompleteMultipartUpload of
  // 10,000 parts) stay well under this; object bodies stream and are not counted here. AWS
  // documents no number, only the error.
  bodyLimits: {
    default: 8 * 1024 * 1024,
    error: { code: 'MaxMessageLengthExceeded', status: 400, message: () => 'Your request was too big.' },
    streamError: { code: 'EntityTooLarge', status: 400, message: () => 'Your proposed upload exceeds the maximum allowed size' },
  },
  operations: {
    CreateBucket: createBucket,
    ListBuckets: listBuckets,
    HeadBucket: headBucket,
    DeleteBucket: deleteBucket,
  },
});
