// SQS state: queues per account and region. The message engine arrives with the SQS issue.
import { ScopedStore } from '../../state/scoped-store.js';

export interface Queue {
  name: string;
  account: string;
  region: string;
  createdTimestamp: number;
}

export function createSqsState() {
  return { regions: new ScopedStore(() => ({ queues: new Map<string, Queue>() })) };
}

export type SqsState = ReturnType<typeof createSqsState>;
