// CloudWatch Logs over awsJson1_1: log groups and streams, events (put, get, filter), retention;
// durable through host.stores. Its in-process API (api.ts) is how Lambda writes function logs.
import { defineService } from '../service.js';
import type { LogsApi } from './api.js';
import { filterLogEvents, getLogEvents, putLogEvents } from './events.js';
import { createLogGroup, createLogStream, deleteLogGroup, deleteLogStream, deleteRetentionPolicy, describeLogGroups, describeLogStreams, putRetentionPolicy } from './groups.js';
import { logsIam } from './iam.js';
import { appendEvents, createStream, putGroup, createLogsState } from './store.js';

export const logs = defineService({
  id: 'logs',
  createState: createLogsState,
  iam: logsIam,
  validation: { missing: 'InvalidParameterException', invalid: 'InvalidParameterException' },
  operations: {
    CreateLogGroup: createLogGroup,
    DeleteLogGroup: deleteLogGroup,
    DescribeLogGroups: describeLogGroups,
    PutRetentionPolicy: putRetentionPolicy,
    DeleteRetentionPolicy: deleteRetentionPolicy,
    CreateLogStream: createLogStream,
    DeleteLogStream: deleteLogStream,
    DescribeLogStreams: describeLogStreams,
    PutLogEvents: putLogEvents,
    GetLogEvents: getLogEvents,
    FilterLogEvents: filterLogEvents,
  },
  api: (state, host): LogsApi => ({
    putLogEvents(account, region, groupName, streamName, events) {
      const now = host.clock.now();
      const groups = state.regions.for(account, region);
      let g = groups.get(groupName);
      if (!g) {
        g = { row: { name: groupName, createdAt: now, tags: {} }, streams: new Map() };
        groups.set(groupName, g);
        putGroup(state, account, region, g);
      }
      const s = g.streams.get(streamName) ?? createStream(state, account, region, g, streamName, now);
      appendEvents(state, account, region, g, s, events, now);
    },
  }),
});
