// The S3Api implementation (s3/api.ts): GetObject's lookup and the account boundary, without HTTP.
import { Readable } from 'node:stream';
import { authorizeInProcess } from '../../auth/authorize.js';
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../caller.js';
import type { S3Api, S3Object } from './api.js';
import { readableVersion, readObject, requireBucket } from './common.js';
import { s3ResourcePolicies } from './resource-policy.js';
import type { S3State } from './store.js';

export function createS3Api(state: S3State): S3Api {
  return {
    getObject(caller: Caller, region: string, name: string, key: string, versionId?: string): S3Object {
      const bucket = requireBucket(state, name);
      const resource = `arn:aws:s3:::${name}/${key}`;
      const action = versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion';
      // The account boundary holds for services too: another account's object needs the bucket
      // policy to allow the caller (as SqsApi.sendMessage checks the queue policy).
      authorizeInProcess({ caller, action, resource }, s3ResourcePolicies, state, state.host.clock.now());
      // Nimbus answers every region on one endpoint; a regional client (Lambda) reading a bucket
      // of another region gets the redirect S3's regional endpoints answer.
      if (bucket.region !== region) {
        throw new AwsError('PermanentRedirect', `The bucket is in this region: ${bucket.region}. Please use this region to retry the request`, { status: 301 });
      }
      const v = readableVersion(bucket, key, versionId);
      return {
        bucket: name,
        key,
        size: v.size,
        etag: v.etag,
        versionId: v.versionId,
        lastModified: v.lastModified,
        ...(v.headers.ContentType !== undefined && { contentType: v.headers.ContentType }),
        read() {
          const body = readObject(state, v);
          return Buffer.isBuffer(body) ? Readable.from([body]) : body;
        },
      };
    },
  };
}
