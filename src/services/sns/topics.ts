// Topics: CreateTopic (standard and FIFO, idempotent), DeleteTopic, Get/SetTopicAttributes,
// ListTopics (pages of 100), Add/RemovePermission (reflected in Policy), tags, data protection policy.
import type {
  AddPermissionInput,
  CreateTopicInput,
  CreateTopicResponse,
  DeleteTopicInput,
  GetDataProtectionPolicyInput,
  GetDataProtectionPolicyResponse,
  GetTopicAttributesInput,
  GetTopicAttributesResponse,
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
  ListTopicsInput,
  ListTopicsResponse,
  PutDataProtectionPolicyInput,
  RemovePermissionInput,
  SetTopicAttributesInput,
  Tag,
  TagResourceRequest,
  TagResourceResponse,
  UntagResourceRequest,
  UntagResourceResponse,
} from '@aws-sdk/client-sns';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { effectiveTopicDeliveryPolicy } from './delivery/policy.js';
import { signerFor } from './signing.js';
import { getTopic, invalidParameter, paginate, parseArn, type SnsState, type Topic } from './store.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const MAX_TAGS = 50;

const FEEDBACK_ATTRIBUTES = ['Application', 'HTTP', 'Lambda', 'SQS', 'Firehose'].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);

/** Attributes a caller may set; the value check returns an error reason or undefined. */
const SETTABLE: Record<string, ((value: string, topic: { fifo: boolean }) => string | undefined) | null> = {
  DisplayName: null,
  Policy: (v) => (isPolicyDocument(v) ? undefined : 'Policy Error: null'),
  DeliveryPolicy: (v) => (isJsonObject(v) ? undefined : 'DeliveryPolicy: failed to parse JSON.'),
  KmsMasterKeyId: null,
  SignatureVersion: (v) => (v === '1' || v === '2' ? undefined : 'SignatureVersion'),
  TracingConfig: (v) => (v === 'PassThrough' || v === 'Active' ? undefined : 'TracingConfig'),
  // Wording of the non-FIFO rejections is Nimbus's (AWS's exact text unverified).
  ContentBasedDeduplication: (v, t) =>
    !t.fifo ? 'ContentBasedDeduplication Reason: Content based deduplication can only be set for FIFO topics' : /^(true|false)$/i.test(v) ? undefined : 'ContentBasedDeduplication',
  FifoThroughputScope: (v, t) => (!t.fifo ? 'FifoThroughputScope' : v === 'Topic' || v === 'MessageGroup' ? undefined : 'FifoThroughputScope'),
  ArchivePolicy: (v, t) => (!t.fifo ? 'ArchivePolicy' : isJsonObject(v) ? undefined : 'ArchivePolicy'),
  ...Object.fromEntries(FEEDBACK_ATTRIBUTES.map((a) => [a, null])),
};

/** A policy document as AWS accepts one: an object with a Statement (one, or a list) whose every
 *  statement has an Effect of Allow or Deny. Anything else (`{}` included) AWS refuses with
 *  "Policy Error: null". */
function isPolicyDocument(v: string): boolean {
  let doc: unknown;
  try {
    doc = parseJsonDocument(v);
  } catch {
    return false;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const s: unknown = (doc as { Statement?: unknown }).Statement;
  const statements = Array.isArray(s) ? s : s !== undefined ? [s] : [];
  if (statements.length === 0) return false;
  return statements.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x) && ['Allow', 'Deny'].includes((x as { Effect?: unknown }).Effect as string));
}

function isJsonObject(v: string): boolean {
  try {
    const x: unknown = parseJsonDocument(v);
    return x !== null && typeof x === 'object' && !Array.isArray(x);
  } catch {
    return false;
  }
}

const BOOLEAN_ATTRIBUTES = new Set(['FifoTopic', 'ContentBasedDeduplication']);

function normalizeBooleans(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) out[k] = BOOLEAN_ATTRIBUTES.has(k) && /^(true|false)$/i.test(v) ? v.toLowerCase() : v;
  return out;
}

function checkAttribute(name: string, value: string, topic: { fifo: boolean }): void {
  // Own entries only: `constructor` or `toString` is an unknown attribute, not a check to call.
  const check = Object.hasOwn(SETTABLE, name) ? SETTABLE[name] : undefined;
  if (check === undefined) throw invalidParameter('AttributeName');
  const reason = check?.(value, topic);
  if (reason) throw invalidParameter(reason);
}

export function defaultPolicy(topicArn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

export function createTopic(input: CreateTopicInput, ctx: RequestContext, state: SnsState): CreateTopicResponse {
  const name = input.Name!;
  // Booleans in any letter case ("True"), as AWS accepts them; stored lower case.
  const attributes = normalizeBooleans(input.Attributes ?? {});
  const fifo = attributes.FifoTopic === 'true';
  if (fifo && !FIFO_TOPIC_NAME.test(name)) {
    throw invalidParameter(
      'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.',
    );
  }
  if (!fifo && !TOPIC_NAME.test(name)) throw invalidParameter('Topic Name');
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'FifoTopic') {
      if (v !== 'true' && v !== 'false') throw invalidParameter('FifoTopic');
      continue;
    }
    checkAttribute(k, v, { fifo });
  }
  const tags = input.Tags ?? [];
  checkTags(tags);
  const scope = state.regions.for(ctx.account, ctx.region);
  const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:${name}`;
  const existing = scope.topics.get(arn);
  if (existing) {
    // CreateTopic is idempotent, but only for the same attributes and tags.
    for (const [k, v] of Object.entries(attributes)) {
      const current = k === 'FifoTopic' ? String(existing.fifo) : existing.attributes[k];
      if (current !== v && !(k === 'FifoTopic' && v === 'false' && !existing.fifo)) {
        throw invalidParameter('Attributes Reason: Topic already exists with different attributes');
      }
    }
    for (const t of tags) {
      if (existing.tags.get(t.Key!) !== t.Value) throw invalidParameter('Tags Reason: Topic already exists with different tags');
    }
    return { TopicArn: arn };
  }
  const stored = { ...attributes };
  delete stored.FifoTopic;
  const topic: Topic = {
    arn,
    name,
    account: ctx.account,
    region: ctx.region,
    fifo,
    seq: scope.nextSeq++,
    attributes: stored,
    tags: new Map(tags.map((t) => [t.Key!, t.Value ?? ''])),
    subscriptions: new Set(),
    subscriptionsDeleted: 0,
    ...(input.DataProtectionPolicy !== undefined && { dataProtectionPolicy: input.DataProtectionPolicy }),
    sequence: 0n,
    dedup: new Map(),
  };
  scope.topics.set(arn, topic);
  state.rows.topic(topic);
  state.rows.counters(ctx.account, ctx.region, scope);
  // Generate the signing key now (in the background), not on the first Publish.
  void signerFor(ctx.nimbus);
  return { TopicArn: arn };
}

export function deleteTopic(input: DeleteTopicInput, ctx: RequestContext, state: SnsState): void {
  const arn = input.TopicArn!;
  let topic: Topic;
  try {
    topic = getTopic(state, ctx, arn);
  } catch (e) {
    // Deleting a topic that does not exist is not an error on AWS.
    if (e instanceof AwsError && e.code === 'NotFoundException') return;
    throw e;
  }
  const scope = state.regions.for(topic.account, topic.region);
  const tokens: string[] = [];
  for (const subArn of topic.subscriptions) scope.subscriptions.delete(subArn);
  for (const [token, subArn] of scope.tokens) {
    if (subArn.startsWith(`${arn}:`)) {
      scope.tokens.delete(token);
      tokens.push(token);
    }
  }
  scope.topics.delete(arn);
  state.rows.deleteTopic(topic, topic.subscriptions, tokens);
}

export function getTopicAttributes(input: GetTopicAttributesInput, ctx: RequestContext, state: SnsState): GetTopicAttributesResponse {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const subs = state.regions.for(topic.account, topic.region).subscriptions;
  let pending = 0;
  let confirmed = 0;
  for (const arn of topic.subscriptions) {
    if (subs.get(arn)?.pendingConfirmation) pending++;
    else confirmed++;
  }
  const attributes: Record<string, string> = {
    Policy: defaultPolicy(topic.arn, topic.account),
    Owner: topic.account,
    SubscriptionsPending: String(pending),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: JSON.stringify(effectiveTopicDeliveryPolicy(topic)),
    SubscriptionsConfirmed: String(confirmed),
    DisplayName: '',
    SubscriptionsDeleted: String(topic.subscriptionsDeleted),
    ...(topic.fifo && { FifoTopic: 'true', ContentBasedDeduplication: 'false', FifoThroughputScope: 'Topic' }),
    ...topic.attributes,
  };
  return { Attributes: attributes };
}

export function setTopicAttributes(input: SetTopicAttributesInput, ctx: RequestContext, state: SnsState): void {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const name = input.AttributeName!;
  let value = input.AttributeValue ?? '';
  // FifoTopic is fixed at creation.
  if (name === 'FifoTopic') throw invalidParameter('AttributeName');
  checkAttribute(name, value, topic);
  if (BOOLEAN_ATTRIBUTES.has(name)) value = value.toLowerCase();
  if (value === '' && name !== 'DisplayName') delete topic.attributes[name];
  else topic.attributes[name] = value;
  state.rows.topic(topic);
}

export function listTopics(input: ListTopicsInput, ctx: RequestContext, state: SnsState): ListTopicsResponse {
  const { page, next } = paginate(state.regions.for(ctx.account, ctx.region).topics.values(), input.NextToken);
  return { Topics: page.map((t) => ({ TopicArn: t.arn })), ...(next && { NextToken: next }) };
}

// ---------------------------------------------------------------- permissions (the Policy attribute)

/** The topic actions AddPermission may grant (subscription actions such as
 *  Get/SetSubscriptionAttributes are out of a topic policy's scope, as AWS answers). */
const SHAREABLE_ACTIONS = new Set([
  '*',
  'Publish',
  'Subscribe',
  'Receive',
  'ListSubscriptionsByTopic',
  'GetTopicAttributes',
  'SetTopicAttributes',
  'AddPermission',
  'RemovePermission',
  'DeleteTopic',
]);

interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Array<Record<string, unknown> & { Sid?: string }>;
}

function policyOf(topic: Topic): PolicyDocument {
  const doc = parseJsonDocument(topic.attributes.Policy ?? defaultPolicy(topic.arn, topic.account)) as PolicyDocument;
  // A policy set by SetTopicAttributes may hold one statement as an object, or none.
  const s: unknown = doc.Statement;
  doc.Statement = Array.isArray(s) ? s.filter((x) => x !== null && typeof x === 'object') : s !== null && typeof s === 'object' ? [s as PolicyDocument['Statement'][number]] : [];
  return doc;
}

export function addPermission(input: AddPermissionInput, ctx: RequestContext, state: SnsState): void {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const policy = policyOf(topic);
  if (policy.Statement.some((s) => s.Sid === input.Label)) throw invalidParameter('Statement already exists');
  for (const a of input.ActionName!) if (!SHAREABLE_ACTIONS.has(a)) throw invalidParameter('Policy statement action out of service scope!');
  const principals = input.AWSAccountId!.map((a) => `arn:aws:iam::${a}:root`);
  const actions = input.ActionName!.map((a) => `SNS:${a}`);
  policy.Statement.push({
    Sid: input.Label!,
    Effect: 'Allow',
    Principal: { AWS: principals.length === 1 ? principals[0] : principals },
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: topic.arn,
  });
  topic.attributes.Policy = JSON.stringify(policy);
  state.rows.topic(topic);
}

export function removePermission(input: RemovePermissionInput, ctx: RequestContext, state: SnsState): void {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const policy = policyOf(topic);
  policy.Statement = policy.Statement.filter((s) => s.Sid !== input.Label);
  topic.attributes.Policy = JSON.stringify(policy);
  state.rows.topic(topic);
}

// ---------------------------------------------------------------- tags and data protection

function checkTags(tags: Tag[]): void {
  const keys = new Set(tags.map((t) => t.Key));
  if (keys.size < tags.length) throw invalidParameter('Duplicated keys are not allowed.');
}

function taggedTopic(arn: string, ctx: RequestContext, state: SnsState): Topic {
  const parsed = parseArn(arn);
  const topic = parsed ? state.regions.for(parsed.account, parsed.region).topics.get(arn) : undefined;
  if (!topic || parsed!.region !== ctx.region) throw new AwsError('ResourceNotFoundException', 'Resource does not exist');
  return topic;
}

export function tagResource(input: TagResourceRequest, ctx: RequestContext, state: SnsState): TagResourceResponse {
  const topic = taggedTopic(input.ResourceArn!, ctx, state);
  const tags = input.Tags ?? [];
  checkTags(tags);
  const merged = new Map(topic.tags);
  for (const t of tags) merged.set(t.Key!, t.Value ?? '');
  if (merged.size > MAX_TAGS) throw new AwsError('TagLimitExceededException', 'Could not complete request: tag quota of per resource exceeded');
  topic.tags = merged;
  state.rows.topic(topic);
  return {};
}

export function untagResource(input: UntagResourceRequest, ctx: RequestContext, state: SnsState): UntagResourceResponse {
  const topic = taggedTopic(input.ResourceArn!, ctx, state);
  for (const k of input.TagKeys ?? []) topic.tags.delete(k);
  state.rows.topic(topic);
  return {};
}

export function listTagsForResource(input: ListTagsForResourceRequest, ctx: RequestContext, state: SnsState): ListTagsForResourceResponse {
  const topic = taggedTopic(input.ResourceArn!, ctx, state);
  return { Tags: [...topic.tags].map(([Key, Value]) => ({ Key, Value })) };
}

export function getDataProtectionPolicy(input: GetDataProtectionPolicyInput, ctx: RequestContext, state: SnsState): GetDataProtectionPolicyResponse {
  const topic = getTopic(state, ctx, input.ResourceArn!, 'ResourceArn');
  return topic.dataProtectionPolicy ? { DataProtectionPolicy: topic.dataProtectionPolicy } : {};
}

export function putDataProtectionPolicy(input: PutDataProtectionPolicyInput, ctx: RequestContext, state: SnsState): void {
  const topic = getTopic(state, ctx, input.ResourceArn!, 'ResourceArn');
  if (!isJsonObject(input.DataProtectionPolicy!)) throw invalidParameter('DataProtectionPolicy');
  topic.dataProtectionPolicy = input.DataProtectionPolicy!;
  state.rows.topic(topic);
}
