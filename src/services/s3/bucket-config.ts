// A bucket's configuration documents: versioning, location, policy, CORS, lifecycle, encryption,
// event notifications. Each is stored on the bucket's row as the SDK shape it was put as.
import { randomUUID } from 'node:crypto';
import type {
  DeleteBucketCorsRequest,
  DeleteBucketEncryptionRequest,
  DeleteBucketLifecycleRequest,
  DeleteBucketPolicyRequest,
  GetBucketCorsOutput,
  GetBucketCorsRequest,
  GetBucketEncryptionOutput,
  GetBucketEncryptionRequest,
  GetBucketLifecycleConfigurationOutput,
  GetBucketLifecycleConfigurationRequest,
  GetBucketLocationOutput,
  GetBucketLocationRequest,
  GetBucketNotificationConfigurationRequest,
  GetBucketPolicyOutput,
  GetBucketPolicyRequest,
  GetBucketVersioningOutput,
  GetBucketVersioningRequest,
  NotificationConfiguration,
  PutBucketCorsRequest,
  PutBucketEncryptionRequest,
  PutBucketLifecycleConfigurationOutput,
  PutBucketLifecycleConfigurationRequest,
  PutBucketNotificationConfigurationRequest,
  PutBucketPolicyRequest,
  PutBucketVersioningRequest,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { invalidArgument, requireBucket } from './common.js';
import { targetsExist, targetsOf, testEvent } from './events.js';
import type { CorsRule } from './model.js';
import type { S3State } from './store.js';

const malformedXml = () => new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');

export function putBucketVersioning(input: PutBucketVersioningRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  const status = input.VersioningConfiguration?.Status as string | undefined;
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  // A bucket once versioned is never unversioned again: Suspended is the way back.
  bucket.versioning = status;
  state.putBucket(bucket);
}

export function getBucketVersioning(input: GetBucketVersioningRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketVersioningOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  return bucket.versioning ? { Status: bucket.versioning } : {};
}

export function getBucketLocation(input: GetBucketLocationRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketLocationOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  // us-east-1 buckets answer an empty LocationConstraint (a legacy AWS keeps).
  return bucket.region === 'us-east-1' ? {} : { LocationConstraint: bucket.region as any };
}

// --- policy -------------------------------------------------------------------------------------

const malformedPolicy = (message: string) => new AwsError('MalformedPolicy', message, { status: 400 });

/** Checks a bucket policy as S3 does before storing it (IAM enforcement evaluates it elsewhere). */
export function validateBucketPolicy(text: string, bucket: string): void {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') throw malformedPolicy('Invalid policy document version');
  if (doc.Statement === undefined) throw malformedPolicy('Missing required field Statement');
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (statements.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!');
  for (const s of statements) {
    if (typeof s !== 'object' || s === null) throw malformedPolicy('Statement is not an object');
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${s.Effect ?? ''}`);
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
    if (s.Action === undefined && s.NotAction === undefined) throw malformedPolicy('Missing required field Action');
    for (const action of [s.Action ?? s.NotAction].flat()) {
      if (typeof action !== 'string' || (action !== '*' && !/^s3:[A-Za-z*?]+$/.test(action))) throw malformedPolicy('Policy has invalid action');
    }
    const resources = [s.Resource ?? s.NotResource].flat();
    if (resources[0] === undefined) throw malformedPolicy('Missing required field Resource');
    for (const r of resources) {
      if (typeof r !== 'string' || !(r === `arn:aws:s3:::${bucket}` || r.startsWith(`arn:aws:s3:::${bucket}/`) || r === '*')) {
        throw malformedPolicy('Policy has invalid resource');
      }
    }
  }
}

export function putBucketPolicy(input: PutBucketPolicyRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  validateBucketPolicy(input.Policy ?? '', bucket.name);
  bucket.policy = input.Policy!;
  state.putBucket(bucket);
}

export function getBucketPolicy(input: GetBucketPolicyRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketPolicyOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  if (bucket.policy === undefined) {
    throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', { status: 404, fields: { BucketName: bucket.name } });
  }
  return { Policy: bucket.policy };
}

export function deleteBucketPolicy(input: DeleteBucketPolicyRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  delete bucket.policy;
  state.putBucket(bucket);
}

/** The policy document of a bucket, by name (for the authorize step's resource-policy hook). */
export function bucketPolicy(state: S3State, bucketName: string): string | undefined {
  return state.buckets.get(bucketName)?.policy;
}

// --- CORS ---------------------------------------------------------------------------------------

const CORS_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

export function putBucketCors(input: PutBucketCorsRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  const rules = input.CORSConfiguration?.CORSRules ?? [];
  if (rules.length === 0 || rules.length > 100) throw malformedXml();
  for (const r of rules) {
    if (!r.AllowedMethods?.length || !r.AllowedOrigins?.length) throw malformedXml();
    for (const m of r.AllowedMethods) {
      if (!CORS_METHODS.has(m)) throw new AwsError('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
    }
    for (const o of r.AllowedOrigins) {
      if ((o.match(/\*/g) ?? []).length > 1) throw new AwsError('InvalidRequest', `AllowedOrigin "${o}" can not have more than one wildcard.`);
    }
  }
  bucket.cors = rules as CorsRule[];
  state.putBucket(bucket);
}

export function getBucketCors(input: GetBucketCorsRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketCorsOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  if (!bucket.cors) throw new AwsError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', { status: 404, fields: { BucketName: bucket.name } });
  return { CORSRules: bucket.cors };
}

export function deleteBucketCors(input: DeleteBucketCorsRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  delete bucket.cors;
  state.putBucket(bucket);
}

// --- lifecycle ----------------------------------------------------------------------------------

// The legacy PutBucketLifecycle / GetBucketLifecycle (botocore only; the model's `servedBy`) share
// these routes: a legacy Rule (top-level Prefix, one Transition) decodes into the current shape's
// deprecated Prefix member and its Transitions list, so one stored configuration serves both, and
// the current form GET answers is what botocore's legacy parser reads too.
export function putBucketLifecycleConfiguration(input: PutBucketLifecycleConfigurationRequest, _ctx: RequestContext, state: S3State): HandlerOutput<PutBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  const rules = input.LifecycleConfiguration?.Rules ?? [];
  if (rules.length === 0 || rules.length > 1000) throw malformedXml();
  const ids = new Set<string>();
  for (const r of rules) {
    if (r.Status !== 'Enabled' && r.Status !== 'Disabled') throw malformedXml();
    if (r.ID !== undefined) {
      if (ids.has(r.ID)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule', 'ID', r.ID);
      ids.add(r.ID);
    }
    const e = r.Expiration;
    if (e?.Days !== undefined && e.Days <= 0) throw invalidArgument("'Days' for Expiration action must be a positive integer", 'Days', String(e.Days));
    if (!e && !r.Transitions && !r.NoncurrentVersionExpiration && !r.AbortIncompleteMultipartUpload && !r.NoncurrentVersionTransitions) throw malformedXml();
  }
  bucket.lifecycle = rules.map((r) => ({ ...r, ID: r.ID ?? randomUUID().replace(/-/g, '').slice(0, 20) }));
  state.putBucket(bucket);
  return { TransitionDefaultMinimumObjectSize: input.TransitionDefaultMinimumObjectSize ?? 'all_storage_classes_128K' };
}

export function getBucketLifecycleConfiguration(input: GetBucketLifecycleConfigurationRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketLifecycleConfigurationOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  if (!bucket.lifecycle) {
    throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', { status: 404, fields: { BucketName: bucket.name } });
  }
  return { Rules: bucket.lifecycle as any, TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' };
}

export function deleteBucketLifecycle(input: DeleteBucketLifecycleRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  delete bucket.lifecycle;
  state.putBucket(bucket);
}

// --- encryption ---------------------------------------------------------------------------------

const DEFAULT_ENCRYPTION = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] };

export function putBucketEncryption(input: PutBucketEncryptionRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  const rules = input.ServerSideEncryptionConfiguration?.Rules ?? [];
  if (rules.length === 0) throw malformedXml();
  for (const r of rules) {
    const alg = r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm as string | undefined;
    if (alg !== undefined && !['AES256', 'aws:kms', 'aws:kms:dsse'].includes(alg)) throw malformedXml();
    if (alg === 'AES256' && r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID) {
      throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault');
    }
  }
  bucket.encryption = input.ServerSideEncryptionConfiguration;
  state.putBucket(bucket);
}

export function getBucketEncryption(input: GetBucketEncryptionRequest, _ctx: RequestContext, state: S3State): HandlerOutput<GetBucketEncryptionOutput> {
  const bucket = requireBucket(state, input.Bucket!);
  // Every bucket has SSE-S3 default encryption since January 2023.
  return { ServerSideEncryptionConfiguration: (bucket.encryption ?? DEFAULT_ENCRYPTION) as any };
}

export function deleteBucketEncryption(input: DeleteBucketEncryptionRequest, _ctx: RequestContext, state: S3State): void {
  const bucket = requireBucket(state, input.Bucket!);
  delete bucket.encryption;
  state.putBucket(bucket);
}

// --- notifications ------------------------------------------------------------------------------

const EVENT_NAME = /^s3:(ObjectCreated|ObjectRemoved|ObjectRestore|ReducedRedundancyLostObject|Replication|LifecycleExpiration|LifecycleTransition|IntelligentTiering|ObjectTagging|ObjectAcl):[A-Za-z*]+$/;

// The legacy PutBucketNotification / GetBucketNotification share these routes: the old
// configuration (one TopicConfiguration / QueueConfiguration / CloudFunctionConfiguration, with
// Topic / Queue / CloudFunction and `Event` elements) uses the element names of the current one,
// so it decodes into the current shape and is stored and delivered the same way. Deliberate
// difference: a CloudFunctionConfiguration's InvocationRole is not kept (the current configuration
// has no such member; Lambda's resource policy is what lets S3 invoke).
export async function putBucketNotificationConfiguration(input: PutBucketNotificationConfigurationRequest, ctx: RequestContext, state: S3State): Promise<void> {
  const bucket = requireBucket(state, input.Bucket!);
  const config: NotificationConfiguration = structuredClone(input.NotificationConfiguration ?? {});
  const targets = targetsOf(config as Record<string, unknown>);
  for (const t of targets) {
    t.Id ??= randomUUID();
    if (!t.Events?.length) throw malformedXml();
    for (const e of t.Events) if (!EVENT_NAME.test(e)) throw invalidArgument('The event is not supported for notifications', e, e);
  }
  if (!input.SkipDestinationValidation) {
    const missing = await targetsExist(state, targets);
    if (missing) throw invalidArgument('Unable to validate the following destination configurations', missing, 'The destination does not exist');
  }
  bucket.notification = config as Record<string, unknown>;
  state.putBucket(bucket);
  testEvent(state, ctx, bucket, targets);
}

export function getBucketNotificationConfiguration(input: GetBucketNotificationConfigurationRequest, _ctx: RequestContext, state: S3State): HandlerOutput<NotificationConfiguration> {
  const bucket = requireBucket(state, input.Bucket!);
  return (bucket.notification ?? {}) as HandlerOutput<NotificationConfiguration>;
}
