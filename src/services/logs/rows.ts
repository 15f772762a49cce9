// CloudWatch Logs' durable records, per account and region:
//   groups   key: group name. GroupRow.
//   streams  key: '<group>\n<stream>'. StreamRow.
//   events   key: '<group>\n<stream>\n<batch serial, 15 digits>'. A batch of events as one
//            PutLogEvents (or one Lambda invocation) wrote them: [timestamp, ingestionTime, message][].
import type { StoreSpec } from '../../state/durable/stores.js';

export const GROUPS: StoreSpec = { name: 'groups', scope: 'region', version: 1 };
export const STREAMS: StoreSpec = { name: 'streams', scope: 'region', version: 1 };
export const EVENTS: StoreSpec = { name: 'events', scope: 'region', version: 1 };

export interface GroupRow {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  tags: Record<string, string>;
}

export interface StreamRow {
  name: string;
  createdAt: number;
}

export type EventRow = [timestamp: number, ingestionTime: number, message: string][];
