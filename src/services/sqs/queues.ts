// Queue listing. Queue URLs are built from the request's Host header, as AWS clients that follow
// the returned QueueUrl (aws-sdk v2, JS v3 without an endpoint) need.
import type { ListQueuesRequest, ListQueuesResult } from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../../server/context.js';
import type { Queue, SqsState } from './store.js';

const LIST_QUEUES_MAX = 1000;

export function queueUrl(ctx: RequestContext, queue: Queue): string {
  return `http://${ctx.host}/${queue.account}/${queue.name}`;
}

export function listQueues(input: ListQueuesRequest, ctx: RequestContext, state: SqsState): ListQueuesResult {
  const max = input.MaxResults;
  if (max !== undefined && (max < 1 || max > LIST_QUEUES_MAX)) {
    throw new AwsError('InvalidParameterValue', `Value ${max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`);
  }
  if (input.NextToken !== undefined && max === undefined) {
    throw new AwsError('InvalidParameterValue', 'MaxResults is a mandatory parameter when you provide a value for NextToken.');
  }
  const prefix = input.QueueNamePrefix ?? '';
  let names = [...state.regions.for(ctx.account, ctx.region).queues.values()]
    .filter((q) => q.name.startsWith(prefix))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (input.NextToken) {
    const after = Buffer.from(input.NextToken, 'base64url').toString('utf8');
    names = names.filter((q) => q.name > after);
  }
  const page = names.slice(0, max ?? LIST_QUEUES_MAX);
  const more = max !== undefined && names.length > max;
  // AWS omits QueueUrls entirely when no queue matches.
  return {
    ...(page.length > 0 && { QueueUrls: page.map((q) => queueUrl(ctx, q)) }),
    ...(more && { NextToken: Buffer.from(page[page.length - 1]!.name).toString('base64url') }),
  };
}
