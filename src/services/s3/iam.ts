// S3 operations in IAM's terms (Service Authorization Reference, "Actions defined by Amazon S3").
// S3's action names differ from its operation names more than any other service's: listing a
// bucket is s3:ListBucket whichever ListObjects version, HEAD needs the GET action, multipart
// uploads need s3:PutObject. Resources are arn:aws:s3:::bucket or arn:aws:s3:::bucket/key (S3 ARNs
// name no region or account). The table also covers object operations not implemented yet, so the
// authorize step knows them the day they land.
import { ANY_RESOURCE, named } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';

type Input = Record<string, any>;

const bucketArn = (input: Input): string => `arn:aws:s3:::${input.Bucket ?? ''}`;
const objectArn = (input: Input): string => `arn:aws:s3:::${input.Bucket ?? ''}/${input.Key ?? ''}`;

const onBucket = (action: string): IamOperation => named(`s3:${action}`, bucketArn);
const onObject = (action: string): IamOperation => named(`s3:${action}`, objectArn);

export const s3Iam: IamTable = {
  prefix: 's3',
  operations: {
    // buckets
    ListBuckets: named('s3:ListAllMyBuckets', ANY_RESOURCE.resource),
    CreateBucket: onBucket('CreateBucket'),
    HeadBucket: onBucket('ListBucket'),
    DeleteBucket: onBucket('DeleteBucket'),
    GetBucketLocation: onBucket('GetBucketLocation'),
    ListObjects: onBucket('ListBucket'),
    ListObjectsV2: onBucket('ListBucket'),
    ListObjectVersions: onBucket('ListBucketVersions'),
    ListMultipartUploads: onBucket('ListBucketMultipartUploads'),
    GetBucketPolicy: onBucket('GetBucketPolicy'),
    PutBucketPolicy: onBucket('PutBucketPolicy'),
    DeleteBucketPolicy: onBucket('DeleteBucketPolicy'),
    GetBucketTagging: onBucket('GetBucketTagging'),
    PutBucketTagging: onBucket('PutBucketTagging'),
    // AWS has no s3:DeleteBucketTagging: removing a bucket's tags is putting none.
    DeleteBucketTagging: onBucket('PutBucketTagging'),
    GetBucketVersioning: onBucket('GetBucketVersioning'),
    PutBucketVersioning: onBucket('PutBucketVersioning'),
    GetBucketCors: onBucket('GetBucketCORS'),
    PutBucketCors: onBucket('PutBucketCORS'),
    // Removing a configuration is putting none, in IAM's terms (no Delete* actions exist for these).
    DeleteBucketCors: onBucket('PutBucketCORS'),
    GetBucketLifecycleConfiguration: onBucket('GetLifecycleConfiguration'),
    PutBucketLifecycleConfiguration: onBucket('PutLifecycleConfiguration'),
    DeleteBucketLifecycle: onBucket('PutLifecycleConfiguration'),
    GetBucketEncryption: onBucket('GetEncryptionConfiguration'),
    PutBucketEncryption: onBucket('PutEncryptionConfiguration'),
    DeleteBucketEncryption: onBucket('PutEncryptionConfiguration'),
    GetBucketNotificationConfiguration: onBucket('GetBucketNotification'),
    PutBucketNotificationConfiguration: onBucket('PutBucketNotification'),
    // Each key needs s3:DeleteObject; the request names the bucket.
    DeleteObjects: onBucket('DeleteObject'),
    // objects
    GetObject: onObject('GetObject'),
    HeadObject: onObject('GetObject'),
    GetObjectAttributes: onObject('GetObjectAttributes'),
    PutObject: onObject('PutObject'),
    // CopyObject writes its destination (reading the source needs s3:GetObject on it as well).
    CopyObject: onObject('PutObject'),
    DeleteObject: onObject('DeleteObject'),
    GetObjectTagging: onObject('GetObjectTagging'),
    PutObjectTagging: onObject('PutObjectTagging'),
    DeleteObjectTagging: onObject('DeleteObjectTagging'),
    CreateMultipartUpload: onObject('PutObject'),
    UploadPart: onObject('PutObject'),
    UploadPartCopy: onObject('PutObject'),
    CompleteMultipartUpload: onObject('PutObject'),
    AbortMultipartUpload: onObject('AbortMultipartUpload'),
    ListParts: onObject('ListMultipartUploadParts'),
  },
};
