// Subscriptions: Subscribe (idempotent per topic + protocol + endpoint), ConfirmSubscription (also
// reached by GET on a SubscribeURL), Unsubscribe (also by GET on an UnsubscribeURL), attributes,
// ListSubscriptions / ListSubscriptionsByTopic (pages of 100; pending ones listed as
// "PendingConfirmation", as on AWS).
import type {
  ConfirmSubscriptionInput,
  ConfirmSubscriptionResponse,
  GetSubscriptionAttributesInput,
  GetSubscriptionAttributesResponse,
  ListSubscriptionsByTopicInput,
  ListSubscriptionsByTopicResponse,
  ListSubscriptionsInput,
  ListSubscriptionsResponse,
  SetSubscriptionAttributesInput,
  SubscribeInput,
  SubscribeResponse,
  UnsubscribeInput,
  Subscription as SubscriptionEntry,
} from '@aws-sdk/client-sns';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { SUPPORTED_PROTOCOLS } from './delivery/index.js';
import { sendWithRetries } from './delivery/http.js';
import { effectiveTopicDeliveryPolicy } from './delivery/policy.js';
import { recordDelivery } from './deliveries.js';
import { confirmationBody, subscribeUrl } from './envelope.js';
import { compileFilter } from './rows.js';
import { signerFor } from './signing.js';
import { parseJsonDocument } from '../../protocol/json-depth.js';
import {
  getSubscription,
  getTopic,
  invalidParameter,
  paginate,
  parseArn,
  type SnsRegionState,
  type SnsState,
  type Subscription,
  type Topic,
} from './store.js';

const SUBSCRIPTION_ATTRIBUTES = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);
/** An SMS endpoint: E.164 digits, which AWS lets be grouped by single '/', '-' or '.' separators
 *  (`+15/55-123.4567`); doubled, leading or trailing separators and letters are refused. */
const SMS_ENDPOINT = /^\+[1-9]\d*(?:[./-]\d+)*$/;

function isSmsEndpoint(endpoint: string): boolean {
  const digits = endpoint.replace(/\D/g, '').length;
  return SMS_ENDPOINT.test(endpoint) && digits >= 2 && digits <= 15;
}

/** Validates one attribute; returns the value to store (RawMessageDelivery is stored lower case). */
function checkAttribute(name: string, value: string, topic: Topic, endpoint: string, subscribeCall: boolean): string {
  const prefix = subscribeCall ? 'Attributes Reason: ' : '';
  if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter(`${prefix}AttributeName`);
  switch (name) {
    case 'FilterPolicyScope':
      if (value !== 'MessageAttributes' && value !== 'MessageBody') {
        throw invalidParameter(`${prefix}FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`);
      }
      return value;
    case 'RawMessageDelivery':
      if (value.toLowerCase() !== 'true' && value.toLowerCase() !== 'false') {
        throw invalidParameter(`${prefix}RawMessageDelivery: Invalid value [${value}]. Must be true or false.`);
      }
      return value.toLowerCase();
    case 'RedrivePolicy': {
      let dlq: unknown;
      try {
        dlq = (parseJsonDocument(value) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
      } catch {
        throw invalidParameter(`${prefix}RedrivePolicy: failed to parse JSON.`);
      }
      const arn = typeof dlq === 'string' ? parseArn(dlq) : undefined;
      if (!arn) throw invalidParameter(`${prefix}RedrivePolicy: deadLetterTargetArn is an invalid arn`);
      if (topic.fifo && endpoint.endsWith('.fifo') && (arn.service !== 'sqs' || !arn.resource.endsWith('.fifo'))) {
        throw invalidParameter(`${prefix}RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.`);
      }
      return value;
    }
    case 'DeliveryPolicy':
      try {
        parseJsonDocument(value);
      } catch {
        throw invalidParameter(`${prefix}DeliveryPolicy: failed to parse JSON.`);
      }
      return value;
    default:
      return value;
  }
}

/** Compiles the subscription's FilterPolicy for its scope (or clears it when empty). */
function applyFilter(sub: Subscription, subscribeCall: boolean): void {
  compileFilter(sub, subscribeCall);
}

function checkEndpoint(topic: Topic, protocol: string, endpoint: string | undefined): string {
  if (!SUPPORTED_PROTOCOLS.has(protocol)) throw invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  // FIFO topics deliver only to SQS queues (FIFO or, since 2023, standard).
  if (topic.fifo && protocol !== 'sqs') throw invalidParameter(`Invalid protocol type: ${protocol}`);
  if (!endpoint) throw invalidParameter('Endpoint');
  switch (protocol) {
    case 'http':
    case 'https':
      if (!endpoint.toLowerCase().startsWith(`${protocol}://`)) throw invalidParameter('Endpoint must match the specified protocol');
      break;
    case 'sqs':
      if (parseArn(endpoint)?.service !== 'sqs') throw invalidParameter('SQS endpoint ARN');
      // AWS repeats the prefix in this one message.
      if (endpoint.endsWith('.fifo') && !topic.fifo) {
        throw invalidParameter('Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics');
      }
      break;
    case 'lambda':
      if (parseArn(endpoint)?.service !== 'lambda') throw invalidParameter('Lambda endpoint ARN');
      break;
    case 'sms':
      // AWS words this one without the "Invalid parameter: " prefix.
      if (!isSmsEndpoint(endpoint)) throw new AwsError('InvalidParameterException', `Invalid SMS endpoint: ${endpoint}`);
      break;
    case 'application':
      if (parseArn(endpoint)?.service !== 'sns' || !endpoint.includes(':endpoint/')) throw invalidParameter('Application endpoint arn invalid');
      break;
    case 'firehose':
      if (parseArn(endpoint)?.service !== 'firehose') throw invalidParameter('Firehose endpoint ARN');
      break;
    case 'email':
    case 'email-json':
      if (!/^[^@\s]+@[^@\s]+$/.test(endpoint)) throw invalidParameter('Email address');
      break;
  }
  return endpoint;
}

export async function subscribe(input: SubscribeInput, ctx: RequestContext, state: SnsState): Promise<SubscribeResponse> {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const protocol = input.Protocol!;
  const endpoint = checkEndpoint(topic, protocol, input.Endpoint);
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.Attributes ?? {})) attributes[k] = checkAttribute(k, v, topic, endpoint, true);
  // Firehose delivers with a role SNS assumes: the API reference requires it at Subscribe.
  if (protocol === 'firehose' && !attributes.SubscriptionRoleArn) {
    throw invalidParameter('Attributes Reason: SubscriptionRoleArn is required for the firehose protocol');
  }
  const scope = state.regions.for(topic.account, topic.region);

  for (const arn of topic.subscriptions) {
    const existing = scope.subscriptions.get(arn)!;
    if (existing.protocol !== protocol || existing.endpoint !== endpoint) continue;
    for (const [k, v] of Object.entries(attributes)) {
      if (existing.attributes[k] !== v) throw invalidParameter('Attributes Reason: Subscription already exists with different attributes');
    }
    return { SubscriptionArn: existing.pendingConfirmation && !input.ReturnSubscriptionArn ? 'pending confirmation' : existing.arn };
  }

  const needsConfirmation = protocol === 'http' || protocol === 'https' || protocol === 'email' || protocol === 'email-json';
  const sub: Subscription = {
    arn: `${topic.arn}:${ctx.ids.uuid()}`,
    topicArn: topic.arn,
    protocol,
    endpoint,
    owner: ctx.account,
    seq: scope.nextSeq++,
    pendingConfirmation: needsConfirmation,
    confirmationWasAuthenticated: !needsConfirmation,
    attributes,
    stats: { delivered: 0, failed: 0 },
  };
  applyFilter(sub, true);
  scope.subscriptions.set(sub.arn, sub);
  topic.subscriptions.add(sub.arn);
  state.rows.subscription(topic, sub);
  state.rows.counters(topic.account, topic.region, scope);

  if (needsConfirmation) {
    const token = ctx.ids.hex(256);
    scope.tokens.set(token, sub.arn);
    state.rows.token(topic.account, topic.region, token, sub.arn);
    // Email confirmations are recorded (Nimbus sends no mail; GET /_nimbus/sns/deliveries shows
    // the SubscribeURL and token), and ConfirmSubscription with the token confirms.
    if (protocol === 'http' || protocol === 'https') await sendConfirmation(ctx, state, topic, sub, token, 'SubscriptionConfirmation');
    else await recordEmailConfirmation(ctx, state, topic, sub, token);
  }
  return { SubscriptionArn: needsConfirmation && !input.ReturnSubscriptionArn ? 'pending confirmation' : sub.arn };
}

async function sendConfirmation(
  ctx: RequestContext,
  state: SnsState,
  topic: Topic,
  sub: Subscription,
  token: string,
  type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation',
): Promise<void> {
  const signer = await signerFor(ctx.nimbus);
  const messageId = ctx.ids.uuid();
  const body = confirmationBody({ type, messageId, topic, sub, token, timestamp: new Date(ctx.clock.now()).toISOString(), host: ctx.host, signer });
  const headers: Record<string, string> = {
    'x-amz-sns-message-type': type,
    'x-amz-sns-message-id': messageId,
    'x-amz-sns-topic-arn': topic.arn,
  };
  if (type === 'UnsubscribeConfirmation') headers['x-amz-sns-subscription-arn'] = sub.arn;
  sendWithRetries(state, topic, sub, { body, headers });
}

/** The confirmation email AWS sends an email or email-json subscriber, recorded. */
async function recordEmailConfirmation(ctx: RequestContext, state: SnsState, topic: Topic, sub: Subscription, token: string): Promise<void> {
  const signer = await signerFor(ctx.nimbus);
  const messageId = ctx.ids.uuid();
  const timestamp = new Date(ctx.clock.now()).toISOString();
  const url = subscribeUrl(ctx.host, topic.arn, token);
  const body =
    sub.protocol === 'email-json'
      ? confirmationBody({ type: 'SubscriptionConfirmation', messageId, topic, sub, token, timestamp, host: ctx.host, signer })
      : `You have chosen to subscribe to the topic:\n${topic.arn}\n\nTo confirm this subscription, click or visit the link below (If this was in error no action is necessary):\n${url}`;
  recordDelivery(state, topic.account, topic.region, {
    protocol: sub.protocol as 'email' | 'email-json',
    endpoint: sub.endpoint,
    type: 'SubscriptionConfirmation',
    status: 'delivered',
    timestamp,
    messageId,
    message: body,
    subject: `${topic.attributes.DisplayName || 'AWS Notification'} - Subscription Confirmation`,
    topicArn: topic.arn,
    subscriptionArn: sub.arn,
    details: { token, subscribeURL: url },
  });
}

export function confirmSubscription(input: ConfirmSubscriptionInput, ctx: RequestContext, state: SnsState): ConfirmSubscriptionResponse {
  // Reached unsigned too (GET on the SubscribeURL): the topic's ARN, not the caller, names the scope.
  const parsed = parseArn(input.TopicArn!);
  if (!parsed) throw invalidParameter('Topic');
  const scope = state.regions.for(parsed.account, parsed.region);
  const topic = scope.topics.get(input.TopicArn!);
  if (!topic) throw new AwsError('NotFoundException', 'Topic does not exist');
  const token = input.Token!;
  const restored = scope.unsubscribed.get(token);
  if (restored && restored.topicArn === topic.arn) return { SubscriptionArn: restore(state, scope, topic, restored, token) };
  const sub = scope.subscriptions.get(scope.tokens.get(token) ?? '');
  if (!sub || sub.topicArn !== topic.arn) throw invalidParameter('Token');
  if (sub.pendingConfirmation) {
    sub.pendingConfirmation = false;
    sub.confirmationWasAuthenticated = ctx.accessKeyId !== '' || input.AuthenticateOnUnsubscribe === 'true';
    state.rows.subscription(topic, sub);
  }
  return { SubscriptionArn: sub.arn };
}

function restore(state: SnsState, scope: SnsRegionState, topic: Topic, sub: Subscription, token: string): string {
  scope.unsubscribed.delete(token);
  scope.subscriptions.set(sub.arn, sub);
  topic.subscriptions.add(sub.arn);
  topic.subscriptionsDeleted = Math.max(0, topic.subscriptionsDeleted - 1);
  state.rows.unsubscribed(topic.account, topic.region, token, undefined);
  state.rows.subscription(topic, sub);
  state.rows.topic(topic);
  return sub.arn;
}

export async function unsubscribe(input: UnsubscribeInput, ctx: RequestContext, state: SnsState): Promise<void> {
  const arn = input.SubscriptionArn!;
  const parsed = parseArn(arn);
  if (!parsed) throw invalidParameter(`SubscriptionArn Reason: An ARN must have at least 6 elements, not ${arn.split(':').length}`);
  // Reached unsigned too (GET on the UnsubscribeURL): the ARN names the scope.
  const scope = state.regions.for(parsed.account, parsed.region);
  const sub = scope.subscriptions.get(arn);
  if (!sub) {
    if (arn.split(':').length === 6) throw invalidParameter('SubscriptionId');
    return; // Unsubscribe is idempotent.
  }
  const topic = scope.topics.get(sub.topicArn);
  scope.subscriptions.delete(arn);
  state.rows.deleteSubscription(parsed.account, parsed.region, arn);
  for (const [token, subArn] of scope.tokens) {
    if (subArn === arn) {
      scope.tokens.delete(token);
      state.rows.token(parsed.account, parsed.region, token, undefined);
    }
  }
  if (!topic) return;
  topic.subscriptions.delete(arn);
  topic.subscriptionsDeleted++;
  state.rows.topic(topic);
  if ((sub.protocol === 'http' || sub.protocol === 'https') && !sub.pendingConfirmation) {
    const token = ctx.ids.hex(256);
    scope.unsubscribed.set(token, sub);
    state.rows.unsubscribed(topic.account, topic.region, token, sub);
    await sendConfirmation(ctx, state, topic, sub, token, 'UnsubscribeConfirmation');
  }
}

export function getSubscriptionAttributes(input: GetSubscriptionAttributesInput, ctx: RequestContext, state: SnsState): GetSubscriptionAttributesResponse {
  const { sub, scope } = getSubscription(state, ctx, input.SubscriptionArn!);
  const topic = scope.topics.get(sub.topicArn);
  const { FilterPolicyScope, ...rest } = sub.attributes;
  return {
    Attributes: {
      SubscriptionArn: sub.arn,
      TopicArn: sub.topicArn,
      Owner: sub.owner,
      Protocol: sub.protocol,
      Endpoint: sub.endpoint,
      ConfirmationWasAuthenticated: String(sub.confirmationWasAuthenticated),
      PendingConfirmation: String(sub.pendingConfirmation),
      RawMessageDelivery: 'false',
      ...((sub.protocol === 'http' || sub.protocol === 'https') &&
        topic && { EffectiveDeliveryPolicy: JSON.stringify(effectiveSubscriptionPolicy(topic, sub)) }),
      ...rest,
      // AWS shows the scope only beside a filter policy.
      ...(sub.attributes.FilterPolicy && { FilterPolicyScope: FilterPolicyScope ?? 'MessageAttributes' }),
    },
  };
}

function effectiveSubscriptionPolicy(topic: Topic, sub: Subscription): unknown {
  const t = effectiveTopicDeliveryPolicy(topic).http;
  let own: { healthyRetryPolicy?: object; requestPolicy?: object; throttlePolicy?: object } = {};
  try {
    own = sub.attributes.DeliveryPolicy ? (parseJsonDocument(sub.attributes.DeliveryPolicy) as typeof own) : {};
  } catch {
    // stored values were validated; keep the topic's policy
  }
  return {
    healthyRetryPolicy: { ...t.defaultHealthyRetryPolicy, ...own.healthyRetryPolicy },
    ...(own.throttlePolicy && { throttlePolicy: own.throttlePolicy }),
    requestPolicy: { ...t.defaultRequestPolicy, ...own.requestPolicy },
    guaranteed: false,
  };
}

export function setSubscriptionAttributes(input: SetSubscriptionAttributesInput, ctx: RequestContext, state: SnsState): void {
  const { sub, scope } = getSubscription(state, ctx, input.SubscriptionArn!);
  const topic = scope.topics.get(sub.topicArn)!;
  const name = input.AttributeName!;
  const value = checkAttribute(name, input.AttributeValue ?? '', topic, sub.endpoint, false);
  const previous = sub.attributes[name];
  if (value === '' && (name === 'FilterPolicy' || name === 'RedrivePolicy' || name === 'DeliveryPolicy')) delete sub.attributes[name];
  else sub.attributes[name] = value;
  if (name === 'FilterPolicy' || name === 'FilterPolicyScope') {
    try {
      applyFilter(sub, false);
    } catch (e) {
      if (previous === undefined) delete sub.attributes[name];
      else sub.attributes[name] = previous;
      throw e;
    }
  }
  state.rows.subscription(topic, sub);
}

function entry(sub: Subscription): SubscriptionEntry {
  return {
    SubscriptionArn: sub.pendingConfirmation ? 'PendingConfirmation' : sub.arn,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    TopicArn: sub.topicArn,
  };
}

export function listSubscriptions(input: ListSubscriptionsInput, ctx: RequestContext, state: SnsState): ListSubscriptionsResponse {
  const { page, next } = paginate(state.regions.for(ctx.account, ctx.region).subscriptions.values(), input.NextToken);
  return { Subscriptions: page.map(entry), ...(next && { NextToken: next }) };
}

export function listSubscriptionsByTopic(input: ListSubscriptionsByTopicInput, ctx: RequestContext, state: SnsState): ListSubscriptionsByTopicResponse {
  const topic = getTopic(state, ctx, input.TopicArn!);
  const subs = state.regions.for(topic.account, topic.region).subscriptions;
  const items = [...topic.subscriptions].map((arn) => subs.get(arn)!).filter(Boolean);
  const { page, next } = paginate(items, input.NextToken);
  return { Subscriptions: page.map(entry), ...(next && { NextToken: next }) };
}
