// SQS operations in IAM's terms (Service Authorization Reference, "Actions defined by Amazon SQS").
// The batch operations are authorized as their single-message actions, as on AWS (there is no
// sqs:SendMessageBatch). A queue URL names its queue by account and name in its path; the region is
// the request's (a URL's host is whatever the client was given, and need not name a region).
import type { RequestContext } from '../context.js';
import { ANY_RESOURCE, named } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';
import { decodeHandle } from './dlq.js';
import { locateQueue } from './store.js';

type Input = Record<string, any>;

/** The ARN of the queue a QueueUrl names; '*' when it names none (the handler answers QueueDoesNotExist). */
function queueOfUrl(input: Input, ctx: RequestContext): string {
  const loc = typeof input.QueueUrl === 'string' ? locateQueue(input.QueueUrl, ctx.account) : undefined;
  return loc ? `arn:aws:sqs:${ctx.region}:${loc.account}:${loc.name}` : '*';
}

const onQueue: IamOperation = { resource: queueOfUrl };
/** Operations on a queue named by QueueName in the caller's account (or the owner's, for GetQueueUrl). */
const onNamedQueue: IamOperation = {
  resource: (input, ctx) => `arn:aws:sqs:${ctx.region}:${input.QueueOwnerAWSAccountId ?? ctx.account}:${input.QueueName ?? ''}`,
};
/** Move tasks act on their source queue (the dead-letter queue). */
const onSourceQueue: IamOperation = { resource: (input) => input.SourceArn ?? '*' };

export const sqsIam: IamTable = {
  prefix: 'sqs',
  operations: {
    CreateQueue: onNamedQueue,
    GetQueueUrl: onNamedQueue,
    ListQueues: ANY_RESOURCE,
    DeleteQueue: onQueue,
    PurgeQueue: onQueue,
    GetQueueAttributes: onQueue,
    SetQueueAttributes: onQueue,
    TagQueue: onQueue,
    UntagQueue: onQueue,
    ListQueueTags: onQueue,
    AddPermission: onQueue,
    RemovePermission: onQueue,
    SendMessage: onQueue,
    SendMessageBatch: named('sqs:SendMessage', queueOfUrl),
    ReceiveMessage: onQueue,
    DeleteMessage: onQueue,
    DeleteMessageBatch: named('sqs:DeleteMessage', queueOfUrl),
    ChangeMessageVisibility: onQueue,
    ChangeMessageVisibilityBatch: named('sqs:ChangeMessageVisibility', queueOfUrl),
    ListDeadLetterSourceQueues: onQueue,
    StartMessageMoveTask: onSourceQueue,
    ListMessageMoveTasks: onSourceQueue,
    CancelMessageMoveTask: { resource: (input) => decodeHandle(String(input.TaskHandle ?? ''))?.sourceArn ?? '*' },
  },
};
