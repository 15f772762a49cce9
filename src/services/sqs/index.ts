// SQS over awsJson1_0 and awsQuery (including query posted to a queue URL).
import { defineService } from '../service.js';
import { listQueues } from './queues.js';
import { createSqsState } from './store.js';

export const sqs = defineService({
  id: 'sqs',
  createState: createSqsState,
  operations: { ListQueues: listQueues },
});
