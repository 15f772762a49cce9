// Queues as resources: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue, tags, and
// AddPermission / RemovePermission (reflected in the Policy attribute). Queue URLs are built from
// the request's Host header (clients that follow the returned QueueUrl need it to point back here).
import type {
  AddPermissionRequest,
  CreateQueueRequest,
  CreateQueueResult,
  DeleteQueueRequest,
  GetQueueUrlRequest,
  GetQueueUrlResult,
  ListQueuesRequest,
  ListQueuesResult,
  ListQueueTagsRequest,
  ListQueueTagsResult,
  PurgeQueueRequest,
  RemovePermissionRequest,
  TagQueueRequest,
  UntagQueueRequest,
} from '@aws-sdk/client-sqs';
import { loadModel } from '../../models/load.js';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { applyAttributes, attributeValue, parseAttributes } from './attributes.js';
import { paginate } from './pagination.js';
import { Queue } from './queue-engine.js';
import { queueByArn, queueDoesNotExist, queueFromUrl, queueUrl, regionOf, type SqsState } from './store.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

const MAX_TAGS = 50;
const MAX_ACTIONS = 7;
const PURGE_INTERVAL_MS = 60_000;

// ------------------------------------------------------------------------------ queues

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

function checkQueueName(name: string, fifo: boolean): void {
  if (name.endsWith('.fifo')) {
    // The .fifo suffix counts towards the 80 characters.
    if (fifo && NAME.test(name.slice(0, -5) + '_fifo')) return;
    if (!fifo) throw new AwsError('InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  } else if (!fifo) {
    if (NAME.test(name)) return;
    throw new AwsError('InvalidParameterValue', 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
  throw new AwsError(
    'InvalidParameterValue',
    'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
  );
}

export function createQueue(input: CreateQueueRequest, ctx: RequestContext, state: SqsState): CreateQueueResult {
  const name = input.QueueName!;
  const attributes = (input.Attributes ?? {}) as Record<string, string>;
  const fifo = String(attributes.FifoQueue ?? '').toLowerCase() === 'true';
  checkQueueName(name, fifo);
  const region = regionOf(state, ctx.account, ctx.region);
  const now = ctx.clock.now();
  const existing = region.queues.get(name);
  // A scratch queue carries the requested settings; for an existing name they are compared.
  // (AWS also refuses to re-create a name for 60 s after DeleteQueue, QueueDeletedRecently: Nimbus
  // does not, deliberately, so tests can delete and re-create freely.)
  const q = new Queue(name, ctx.account, ctx.region, state.time, ctx.ids.hex(16), state.stores);
  applyAttributes(q, parseAttributes(state, q, attributes, true), now);
  if (existing) {
    for (const attr of Object.keys(attributes)) {
      if (attr === 'FifoQueue') continue;
      if (attributeValue(existing, attr) !== attributeValue(q, attr)) {
        throw new AwsError('QueueNameExists', `A queue already exists with the same name and a different value for attribute ${attr}`);
      }
    }
    return { QueueUrl: queueUrl(ctx, existing) };
  }
  q.createdAt = q.lastModifiedAt = now;
  if (input.tags) setTags(q, input.tags);
  q.lookup = (arn) => queueByArn(state, arn);
  region.queues.set(name, q);
  q.persist();
  return { QueueUrl: queueUrl(ctx, q) };
}

export function getQueueUrl(input: GetQueueUrlRequest, ctx: RequestContext, state: SqsState): GetQueueUrlResult {
  const account = input.QueueOwnerAWSAccountId || ctx.account;
  const q = regionOf(state, account, ctx.region).queues.get(input.QueueName!);
  if (!q) throw queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx, q) };
}

export function listQueues(input: ListQueuesRequest, ctx: RequestContext, state: SqsState): ListQueuesResult {
  const prefix = input.QueueNamePrefix ?? '';
  const all = [...regionOf(state, ctx.account, ctx.region).queues.values()].filter((q) => q.name.startsWith(prefix));
  const page = paginate(all, input.MaxResults, input.NextToken);
  // AWS omits QueueUrls entirely when no queue matches.
  return {
    ...(page.items.length > 0 && { QueueUrls: page.items.map((q) => queueUrl(ctx, q)) }),
    ...(page.nextToken && { NextToken: page.nextToken }),
  };
}

export function deleteQueue(input: DeleteQueueRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  q.forget();
  q.close();
  regionOf(state, q.account, q.region).queues.delete(q.name);
}

export function purgeQueue(input: PurgeQueueRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const now = ctx.clock.now();
  if (now - q.lastPurgeAt < PURGE_INTERVAL_MS) {
    throw new AwsError('PurgeQueueInProgress', `Only one PurgeQueue operation on ${q.name} is allowed every 60 seconds.`);
  }
  q.lastPurgeAt = now;
  // AWS takes up to 60 s; Nimbus deletes every message at once (a deliberate, stricter choice).
  q.purge();
  q.persist();
}

// ------------------------------------------------------------------------------ tags

function setTags(q: Queue, tags: Record<string, string>): void {
  const merged = { ...q.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError('InvalidParameterValue', `Too many tags added for queue ${q.name}.`);
  }
  for (const [k, v] of Object.entries(tags)) {
    if (k.length < 1 || k.length > 128) throw new AwsError('InvalidParameterValue', `Tag key must be between 1 and 128 characters: ${k}`);
    if (String(v).length > 256) throw new AwsError('InvalidParameterValue', `Tag value must be at most 256 characters: ${k}`);
  }
  q.tags = merged;
}

export function tagQueue(input: TagQueueRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  if (!input.Tags || Object.keys(input.Tags).length === 0) {
    throw new AwsError('MissingParameter', 'The request must contain the parameter Tags.');
  }
  setTags(q, input.Tags);
  q.persist();
}

export function untagQueue(input: UntagQueueRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const keys = input.TagKeys ?? [];
  if (keys.length === 0 || keys.some((k) => k.length < 1 || k.length > 128)) {
    throw new AwsError('InvalidParameterValue', 'Tag keys must be between 1 and 128 characters in length.');
  }
  const tags = { ...q.tags };
  for (const k of keys) delete tags[k];
  q.tags = tags;
  q.persist();
}

export function listQueueTags(input: ListQueueTagsRequest, ctx: RequestContext, state: SqsState): ListQueueTagsResult {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  return Object.keys(q.tags).length > 0 ? { Tags: { ...q.tags } } : {};
}

// ------------------------------------------------------------------------------ permissions

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement?: Array<Record<string, unknown>>;
}

function policyOf(q: Queue): PolicyDocument {
  if (!q.policy) return { Version: '2012-10-17', Id: `${q.arn}/SQSDefaultPolicy`, Statement: [] };
  const doc = parseJsonDocument(q.policy) as PolicyDocument;
  if (!Array.isArray(doc.Statement)) doc.Statement = doc.Statement ? [doc.Statement as Record<string, unknown>] : [];
  return doc;
}

/** The actions a queue owner may share with AddPermission; the others stay the owner's. */
const SHAREABLE_ACTIONS = new Set(['*', 'SendMessage', 'ReceiveMessage', 'DeleteMessage', 'ChangeMessageVisibility', 'GetQueueAttributes', 'GetQueueUrl']);
let actionNames: Set<string> | undefined;

export function addPermission(input: AddPermissionRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const label = input.Label!;
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(label)) {
    throw new AwsError('InvalidParameterValue', `Value ${label} for parameter Label is invalid. Reason: Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.`);
  }
  const accounts = input.AWSAccountIds ?? [];
  const actions = input.Actions ?? [];
  if (accounts.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter AWSAccountIds.');
  if (actions.length === 0) throw new AwsError('MissingParameter', 'The request must contain the parameter Actions.');
  if (actions.length > MAX_ACTIONS) throw new AwsError('OverLimit', `${actions.length} Actions were found, maximum allowed is ${MAX_ACTIONS}.`);
  actionNames ??= new Set(['*', ...Object.keys(loadModel('sqs').operations)]);
  for (const a of actions) {
    if (!actionNames.has(a)) {
      throw new AwsError('InvalidParameterValue', `Value SQS:${a} for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.`);
    }
    if (!SHAREABLE_ACTIONS.has(a)) {
      throw new AwsError('InvalidParameterValue', `Value SQS:${a} for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.`);
    }
  }
  const doc = policyOf(q);
  if (doc.Statement!.some((s) => s.Sid === label)) {
    throw new AwsError('InvalidParameterValue', `Value ${label} for parameter Label is invalid. Reason: Already exists.`);
  }
  const principals = accounts.map((a) => `arn:aws:iam::${a}:root`);
  const names = actions.map((a) => `SQS:${a}`);
  doc.Statement!.push({
    Sid: label,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: names.length === 1 ? names[0] : names,
    Resource: q.arn,
  });
  q.policy = JSON.stringify(doc);
  q.lastModifiedAt = ctx.clock.now();
  q.persist();
}

export function removePermission(input: RemovePermissionRequest, ctx: RequestContext, state: SqsState): void {
  const q = queueFromUrl(state, ctx, input.QueueUrl);
  const label = input.Label!;
  const doc = policyOf(q);
  const kept = doc.Statement!.filter((s) => s.Sid !== label);
  if (kept.length === doc.Statement!.length) {
    throw new AwsError('InvalidParameterValue', `Value ${label} for parameter Label is invalid. Reason: can't find label on existing policy.`);
  }
  // The last statement gone, the queue has no policy at all (GetQueueAttributes omits it).
  q.policy = kept.length > 0 ? JSON.stringify({ ...doc, Statement: kept }) : undefined;
  q.lastModifiedAt = ctx.clock.now();
  q.persist();
}
