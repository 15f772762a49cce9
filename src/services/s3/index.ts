// S3 over restXml: buckets and their configuration, objects streamed to blob files with their
// checksums, listings, copies, tagging, multipart uploads, versioning, event notifications.
import { defineService } from '../service.js';
import { getObjectAttributes } from './attributes.js';
import type { Host } from '../host.js';
import {
  deleteBucketCors,
  deleteBucketEncryption,
  deleteBucketLifecycle,
  deleteBucketPolicy,
  getBucketCors,
  getBucketEncryption,
  getBucketLifecycleConfiguration,
  getBucketLocation,
  getBucketNotificationConfiguration,
  getBucketPolicy,
  getBucketVersioning,
  putBucketCors,
  putBucketEncryption,
  putBucketLifecycleConfiguration,
  putBucketNotificationConfiguration,
  putBucketPolicy,
  putBucketVersioning,
} from './bucket-config.js';
import { createBucket, deleteBucket, headBucket, listBuckets } from './buckets.js';
import { copyObject } from './copy.js';
import { s3Iam } from './iam.js';
import { listObjects, listObjectsV2, listObjectVersions } from './listing.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './multipart.js';
import { deleteObject, deleteObjects, getObject, headObject, putObject } from './objects.js';
import { createS3State, type S3State } from './store.js';
import { startLifecycle } from './lifecycle.js';
import { corsTable, preflight } from './cors.js';
import { checkPresignedExpiry } from './presigned.js';
import { postObject } from './post-object.js';
import { loadModel } from '../../models/load.js';

const s3Model = () => loadModel('s3');
import { deleteBucketTagging, deleteObjectTagging, getBucketTagging, getObjectTagging, putBucketTagging, putObjectTagging } from './tagging.js';
import { s3ResourcePolicies } from './resource-policy.js';
import { createS3Api } from './object-api.js';

export const s3 = defineService({
  id: 's3',
  createState: (host: Host) => {
    const state = createS3State(host);
    return Object.assign(state, { stopLifecycle: startLifecycle(state) });
  },
  dispose: (state: S3State & { stopLifecycle: () => void }) => state.stopLifecycle(),
  api: createS3Api,
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
  // Presigned URLs expire on the instance's clock.
  completeInput: (_input, ctx) => checkPresignedExpiry(ctx),
  preflight: (state, bucket, req) => preflight(state, bucket, req.headers),
  formUpload: (state, bucket, body, contentType, ctx) => postObject(state, bucket, body, contentType, ctx),
  operations: corsTable({
    CreateBucket: createBucket,
    ListBuckets: listBuckets,
    HeadBucket: headBucket,
    DeleteBucket: deleteBucket,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: headObject,
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    CopyObject: copyObject,
    GetObjectAttributes: getObjectAttributes,
    ListObjects: listObjects,
    ListObjectsV2: listObjectsV2,
    ListObjectVersions: listObjectVersions,
    PutObjectTagging: putObjectTagging,
    GetObjectTagging: getObjectTagging,
    DeleteObjectTagging: deleteObjectTagging,
    PutBucketTagging: putBucketTagging,
    GetBucketTagging: getBucketTagging,
    DeleteBucketTagging: deleteBucketTagging,
    CreateMultipartUpload: createMultipartUpload,
    UploadPart: uploadPart,
    UploadPartCopy: uploadPartCopy,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: abortMultipartUpload,
    ListParts: listParts,
    ListMultipartUploads: listMultipartUploads,
    PutBucketVersioning: putBucketVersioning,
    GetBucketVersioning: getBucketVersioning,
    GetBucketLocation: getBucketLocation,
    PutBucketPolicy: putBucketPolicy,
    GetBucketPolicy: getBucketPolicy,
    DeleteBucketPolicy: deleteBucketPolicy,
    PutBucketCors: putBucketCors,
    GetBucketCors: getBucketCors,
    DeleteBucketCors: deleteBucketCors,
    PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
    GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
    DeleteBucketLifecycle: deleteBucketLifecycle,
    PutBucketEncryption: putBucketEncryption,
    GetBucketEncryption: getBucketEncryption,
    DeleteBucketEncryption: deleteBucketEncryption,
    PutBucketNotificationConfiguration: putBucketNotificationConfiguration,
    GetBucketNotificationConfiguration: getBucketNotificationConfiguration,
  }, (operation) => s3Model().operations[operation]?.http?.method ?? 'GET'),
});
