// CloudWatch Logs operations in IAM's terms: the log group's ARN (streams under it).
import type { IamTable } from '../service.js';

const group = (input: Record<string, any>, ctx: { region: string; account: string }): string =>
  `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${input.logGroupName ?? input.logGroupIdentifier ?? '*'}`;
const stream = (input: Record<string, any>, ctx: { region: string; account: string }): string => `${group(input, ctx)}:log-stream:${input.logStreamName ?? '*'}`;
const any = { resource: () => '*' };

export const logsIam: IamTable = {
  prefix: 'logs',
  operations: {
    CreateLogGroup: { resource: group },
    DeleteLogGroup: { resource: group },
    DescribeLogGroups: any,
    PutRetentionPolicy: { resource: group },
    DeleteRetentionPolicy: { resource: group },
    CreateLogStream: { resource: stream },
    DeleteLogStream: { resource: stream },
    DescribeLogStreams: { resource: group },
    PutLogEvents: { resource: stream },
    GetLogEvents: { resource: stream },
    FilterLogEvents: { resource: group },
  },
};
