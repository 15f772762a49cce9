// Event notifications: ObjectCreated:* and ObjectRemoved:* events delivered to the bucket's SQS
// queues, SNS topics and Lambda functions (NotificationConfiguration), in AWS's event JSON
// (event structure version 2.1). Deliveries are asynchronous, after the request's answer, as on
// AWS; a target that is gone drops the event (AWS retries, then drops it too).
import { serviceCaller } from '../caller.js';
import type { RequestContext } from '../context.js';
import type { Bucket, ObjectVersion, S3State } from './store.js';
import { urlEncode } from './common.js';

interface Target {
  Id?: string;
  Events?: string[];
  Filter?: { Key?: { FilterRules?: { Name?: string; Value?: string }[] } };
  QueueArn?: string;
  TopicArn?: string;
  LambdaFunctionArn?: string;
}

/** The configurations of a notification document, with their target ARNs. */
export function targetsOf(config: Record<string, unknown> | undefined): Target[] {
  if (!config) return [];
  return [
    ...((config.QueueConfigurations as Target[] | undefined) ?? []),
    ...((config.TopicConfigurations as Target[] | undefined) ?? []),
    ...((config.LambdaFunctionConfigurations as Target[] | undefined) ?? []),
  ];
}

function matches(target: Target, eventName: string, key: string): boolean {
  const wanted = target.Events ?? [];
  const ok = wanted.some((e) => {
    const name = e.replace(/^s3:/, '');
    return name === eventName || (name.endsWith(':*') && eventName.startsWith(name.slice(0, -1)));
  });
  if (!ok) return false;
  for (const rule of target.Filter?.Key?.FilterRules ?? []) {
    const name = rule.Name?.toLowerCase();
    if (name === 'prefix' && !key.startsWith(rule.Value ?? '')) return false;
    if (name === 'suffix' && !key.endsWith(rule.Value ?? '')) return false;
  }
  return true;
}

let sequencer = 0;

/** Sends the event for `v` to every matching target of the bucket's notification configuration. */
export function objectEvent(state: S3State, ctx: RequestContext, bucket: Bucket, eventName: string, v: ObjectVersion): void {
  const targets = targetsOf(bucket.notification).filter((t) => matches(t, eventName, v.key));
  if (targets.length === 0) return;
  const now = new Date(ctx.clock.now()).toISOString();
  const seq = (ctx.clock.now() * 1000 + (sequencer++ % 1000)).toString(16).toUpperCase().padStart(18, '0');
  const created = eventName.startsWith('ObjectCreated');
  for (const target of targets) {
    const record = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: bucket.region,
      eventTime: now,
      eventName,
      userIdentity: { principalId: `AWS:${ctx.account}` },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': Buffer.from(ctx.requestId).toString('base64') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: target.Id ?? '',
        bucket: { name: bucket.name, ownerIdentity: { principalId: bucket.owner }, arn: `arn:aws:s3:::${bucket.name}` },
        object: {
          key: urlEncode(v.key).replace(/%20/g, '+'),
          ...(created && { size: v.size, eTag: v.etag.replace(/"/g, '') }),
          ...(v.versionId !== 'null' && { versionId: v.versionId }),
          sequencer: seq,
        },
      },
    };
    deliver(state, bucket, target, JSON.stringify({ Records: [record] }));
  }
}

/** The s3:TestEvent S3 sends to its queue and topic targets when a notification configuration is
 *  put (functions get none, as on AWS). */
export function testEvent(state: S3State, ctx: RequestContext, bucket: Bucket, targets: Target[]): void {
  const body = JSON.stringify({
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date(ctx.clock.now()).toISOString(),
    Bucket: bucket.name,
    RequestId: ctx.requestId,
    HostId: Buffer.from(ctx.requestId).toString('base64'),
  });
  for (const t of targets) if (!t.LambdaFunctionArn) deliver(state, bucket, t, body);
}

function deliver(state: S3State, bucket: Bucket, target: Target, body: string): void {
  const caller = serviceCaller('s3.amazonaws.com', `arn:aws:s3:::${bucket.name}`, bucket.owner);
  const host = state.host;
  // After the answer: a slow or missing target never delays the request.
  setImmediate(async () => {
    try {
      if (target.QueueArn) (await host.api('sqs')).sendMessage(caller, target.QueueArn, { body });
      else if (target.TopicArn) await (await host.api('sns')).publish(caller, target.TopicArn, { message: body, subject: 'Amazon S3 Notification' });
      else if (target.LambdaFunctionArn) {
        await (await host.api('lambda')).invoke(caller, target.LambdaFunctionArn, body, 'Event');
      }
    } catch {
      // Dropped, as AWS drops an event its target refuses after retries.
    }
  });
}

/** Checks that every target exists (PutBucketNotificationConfiguration refuses unknown ones). */
export async function targetsExist(state: S3State, targets: Target[]): Promise<string | undefined> {
  for (const t of targets) {
    if (t.QueueArn && !(await state.host.api('sqs')).queueExists(t.QueueArn)) return t.QueueArn;
    if (t.TopicArn && !(await state.host.api('sns')).topicExists(t.TopicArn)) return t.TopicArn;
    if (t.LambdaFunctionArn && !(await state.host.api('lambda')).functionExists(t.LambdaFunctionArn)) return t.LambdaFunctionArn;
  }
  return undefined;
}
