// S3: buckets for now; objects, multipart uploads and the rest arrive with the S3 issue.
import { defineService } from '../service.js';
import { s3Iam } from './iam.js';
import { createBucket, deleteBucket, headBucket, listBuckets } from './buckets.js';
import { createS3State } from './store.js';

export const s3 = defineService({
  id: 's3',
  createState: createS3State,
  iam: s3Iam,
  operations: {
    CreateBucket: createBucket,
    ListBuckets: listBuckets,
    HeadBucket: headBucket,
    DeleteBucket: deleteBucket,
  },
});
