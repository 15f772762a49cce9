// SQS over awsJson1_0 and awsQuery (including query posted to a queue URL), every operation.
// Files by resource group: queues.ts (queues, tags, permissions), attributes.ts, messages.ts,
// fifo.ts, dlq.ts (redrive and move tasks), md5.ts, message-input.ts (send-side checks), and the
// engine: queue-engine.ts, message.ts, heap.ts; state and lookups in store.ts.
import type { RequestContext } from '../context.js';
import type { Caller } from '../caller.js';
import type { Host } from '../host.js';
import { defineService } from '../service.js';
import { sqsIam } from './iam.js';
import type { SqsApi, SqsEnqueue, SqsEnqueued } from './api.js';
import { getQueueAttributes, setQueueAttributes } from './attributes.js';
import { cancelMessageMoveTask, listDeadLetterSourceQueues, listMessageMoveTasks, startMessageMoveTask } from './dlq.js';
import {
  changeMessageVisibility,
  changeMessageVisibilityBatch,
  deleteMessage,
  changeVisibilityByHandle,
  deleteByHandle,
  deleteMessageBatch,
  receiveMessage,
  renderMessage,
  selectionOf,
  sendMessage,
  sendMessageBatch,
  sendOne,
} from './messages.js';
import {
  addPermission,
  createQueue,
  deleteQueue,
  getQueueUrl,
  listQueues,
  listQueueTags,
  purgeQueue,
  removePermission,
  tagQueue,
  untagQueue,
} from './queues.js';
import { createSqsState } from './restore.js';
import { disposeSqsState, queueByArn, queueDoesNotExist, type SqsState } from './store.js';
import { sqsResourcePolicies } from './resource-policy.js';
import { authorizeInProcess } from '../../auth/authorize.js';

export const sqs = defineService({
  id: 'sqs',
  createState: createSqsState,
  dispose: disposeSqsState,
  // Messages reach 1 MiB (and a batch 1 MiB in all); a query form percent-encodes each byte of
  // non-ASCII text as three, so the request may be several times the message. Oversized messages
  // are the handlers' to refuse, with SQS's own error.
  bodyLimits: { default: 4 * 1024 * 1024 },
  completeInput,
  iam: sqsIam,
  resourcePolicies: sqsResourcePolicies,
  // SQS's common errors, over JSON and query alike. It checks attribute names itself, answering an
  // unknown one with InvalidAttributeName ("Unknown Attribute X.") rather than a validation error.
  validation: {
    missing: 'MissingParameter',
    invalid: 'InvalidParameterValue',
    serviceCheckedEnums: new Set(['QueueAttributeName', 'MessageSystemAttributeName', 'MessageSystemAttributeNameForSends']),
  },
  operations: {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    ListQueues: listQueues,
    DeleteQueue: deleteQueue,
    PurgeQueue: purgeQueue,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    TagQueue: tagQueue,
    UntagQueue: untagQueue,
    ListQueueTags: listQueueTags,
    AddPermission: addPermission,
    RemovePermission: removePermission,
    SendMessage: sendMessage,
    SendMessageBatch: sendMessageBatch,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
    ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
    ListDeadLetterSourceQueues: listDeadLetterSourceQueues,
    StartMessageMoveTask: startMessageMoveTask,
    ListMessageMoveTasks: listMessageMoveTasks,
    CancelMessageMoveTask: cancelMessageMoveTask,
  },
  api: createSqsApi,
});

// The legacy query API is posted to the queue URL itself (`POST /{account}/{name}`), without a
// QueueUrl parameter (aws-sdk v2 and older clients): the path then names the queue.
const QUEUE_PATH = /^\/\d{12}\/[^/]+$/;

function completeInput(input: Record<string, unknown>, ctx: RequestContext): void {
  if (input.QueueUrl !== undefined || !QUEUE_PATH.test(ctx.path)) return;
  const model = ctx.nimbus.model('sqs');
  const op = Object.hasOwn(model.operations, ctx.operation) ? model.operations[ctx.operation] : undefined;
  const shape = op?.input ? model.shapes[op.input] : undefined;
  if (shape?.type === 'structure' && shape.members.QueueUrl) input.QueueUrl = `http://${ctx.host}${ctx.path}`;
}

const ALL_ATTRIBUTES = selectionOf({ QueueUrl: '', MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] });

/** The in-process API other services use (SNS fanout, ...): the same rules as SendMessage. */
function createSqsApi(state: SqsState, host: Host): SqsApi {
  return {
    sendMessage(caller: Caller, queueArn: string, message: SqsEnqueue): SqsEnqueued {
      const q = queueByArn(state, queueArn);
      if (!q) throw queueDoesNotExist();
      const now = host.clock.now();
      // The account boundary holds for services too: SNS delivering from another account's topic
      // needs the queue policy to allow it (sns.amazonaws.com, usually with aws:SourceArn).
      authorizeInProcess({ caller, action: 'sqs:SendMessage', resource: q.arn }, sqsResourcePolicies, state, now);
      const r = sendOne(
        q,
        {
          body: message.body,
          ...(message.messageAttributes && { attributes: message.messageAttributes }),
          ...(message.messageSystemAttributes && { systemAttributes: message.messageSystemAttributes }),
          ...(message.delaySeconds !== undefined && { delaySeconds: message.delaySeconds }),
          ...(message.messageGroupId !== undefined && { groupId: message.messageGroupId }),
          ...(message.messageDeduplicationId !== undefined && { deduplicationId: message.messageDeduplicationId }),
        },
        // SenderId: AWS reports the sending service's principal id; the caller's account stands in.
        caller.account,
        host.ids,
        now,
      );
      q.notify(now);
      return {
        messageId: r.messageId,
        md5OfMessageBody: r.md5OfBody,
        ...(r.md5OfAttributes && { md5OfMessageAttributes: r.md5OfAttributes }),
        ...(r.sequenceNumber && { sequenceNumber: r.sequenceNumber }),
      };
    },
    queueExists(queueArn: string): boolean {
      return queueByArn(state, queueArn) !== undefined;
    },
    async receiveMessages(_caller, queueArn, o) {
      const q = queueByArn(state, queueArn);
      if (!q) throw queueDoesNotExist();
      const visibility = o.visibilityTimeout ?? q.visibilityTimeout;
      let got = q.receive(o.max, visibility, q.lookup, host.clock.now());
      if (got.length === 0 && o.waitSeconds > 0) got = await q.wait(o.max, visibility, o.waitSeconds, o.signal ?? new AbortController().signal);
      return got.map((m) => renderMessage(q, m, ALL_ATTRIBUTES));
    },
    deleteMessage(_caller, queueArn, receiptHandle) {
      const q = queueByArn(state, queueArn);
      if (!q) throw queueDoesNotExist();
      deleteByHandle(q, receiptHandle);
    },
    changeMessageVisibility(_caller, queueArn, receiptHandle, seconds) {
      const q = queueByArn(state, queueArn);
      if (!q) throw queueDoesNotExist();
      changeVisibilityByHandle(q, receiptHandle, seconds, host.clock.now());
    },
  };
}
