// Log groups and streams: create, describe (with prefixes and pagination), delete, retention.
import type {
  CreateLogGroupRequest,
  CreateLogStreamRequest,
  DeleteLogGroupRequest,
  DeleteLogStreamRequest,
  DeleteRetentionPolicyRequest,
  DescribeLogGroupsRequest,
  DescribeLogGroupsResponse,
  DescribeLogStreamsRequest,
  DescribeLogStreamsResponse,
  LogStream as SdkLogStream,
  PutRetentionPolicyRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { createStream, deleteStreamRows, findGroup, groupArn, invalidParameter, putGroup, retained, streamNotFound, type LogsState } from './store.js';

const RETENTION_DAYS = new Set([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

/** Pagination by position: an opaque token holding the index of the next item. */
function page<T>(items: T[], nextToken: string | undefined, limit: number | undefined, max = 50): { items: T[]; nextToken?: string } {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('The specified nextToken is invalid.');
  const n = limit ?? max;
  const slice = items.slice(start, start + n);
  return { items: slice, ...(start + n < items.length && { nextToken: Buffer.from(String(start + n)).toString('base64url') }) };
}

export function createLogGroup(input: CreateLogGroupRequest, ctx: RequestContext, state: LogsState): void {
  const groups = state.regions.for(ctx.account, ctx.region);
  const name = input.logGroupName!;
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) throw invalidParameter(`1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`);
  if (groups.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
  const g = { row: { name, createdAt: ctx.clock.now(), tags: { ...input.tags } }, streams: new Map() };
  groups.set(name, g);
  putGroup(state, ctx.account, ctx.region, g);
}

export function deleteLogGroup(input: DeleteLogGroupRequest, ctx: RequestContext, state: LogsState): void {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  for (const s of g.streams.values()) deleteStreamRows(state, ctx.account, ctx.region, g, s);
  state.regions.for(ctx.account, ctx.region).delete(g.row.name);
  state.stores.groups.delete(ctx.account, ctx.region, g.row.name);
}

export function putRetentionPolicy(input: PutRetentionPolicyRequest, ctx: RequestContext, state: LogsState): void {
  if (!RETENTION_DAYS.has(input.retentionInDays!)) {
    throw invalidParameter(`1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${[...RETENTION_DAYS].join(', ')}]`);
  }
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  g.row.retentionInDays = input.retentionInDays;
  putGroup(state, ctx.account, ctx.region, g);
}

export function deleteRetentionPolicy(input: DeleteRetentionPolicyRequest, ctx: RequestContext, state: LogsState): void {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  delete g.row.retentionInDays;
  putGroup(state, ctx.account, ctx.region, g);
}

export function describeLogGroups(input: DescribeLogGroupsRequest, ctx: RequestContext, state: LogsState): DescribeLogGroupsResponse {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const all = [...state.regions.for(ctx.account, ctx.region).values()]
    .filter((g) => (input.logGroupNamePrefix === undefined || g.row.name.startsWith(input.logGroupNamePrefix)) && (input.logGroupNamePattern === undefined || g.row.name.toLowerCase().includes(input.logGroupNamePattern.toLowerCase())))
    .sort((a, b) => (a.row.name < b.row.name ? -1 : 1));
  const p = page(all, input.nextToken, input.limit);
  return {
    logGroups: p.items.map((g) => {
      let stored = 0;
      for (const s of g.streams.values()) for (const e of s.events) stored += Buffer.byteLength(e.message) + 26;
      const arn = groupArn(ctx.region, ctx.account, g.row.name);
      return {
        logGroupName: g.row.name,
        creationTime: g.row.createdAt,
        ...(g.row.retentionInDays && { retentionInDays: g.row.retentionInDays }),
        metricFilterCount: 0,
        arn: `${arn}:*`,
        logGroupArn: arn,
        storedBytes: stored,
        logGroupClass: 'STANDARD',
      };
    }),
    ...(p.nextToken && { nextToken: p.nextToken }),
  };
}

export function createLogStream(input: CreateLogStreamRequest, ctx: RequestContext, state: LogsState): void {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  const name = input.logStreamName!;
  if (name.includes(':') || name.includes('*')) throw invalidParameter(`1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`);
  if (g.streams.has(name)) throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  createStream(state, ctx.account, ctx.region, g, name, ctx.clock.now());
}

export function deleteLogStream(input: DeleteLogStreamRequest, ctx: RequestContext, state: LogsState): void {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  const s = g.streams.get(input.logStreamName!);
  if (!s) throw streamNotFound();
  deleteStreamRows(state, ctx.account, ctx.region, g, s);
  g.streams.delete(input.logStreamName!);
}

export function describeLogStreams(input: DescribeLogStreamsRequest, ctx: RequestContext, state: LogsState): DescribeLogStreamsResponse {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName, input.logGroupIdentifier);
  const byTime = input.orderBy === 'LastEventTime';
  if (byTime && input.logStreamNamePrefix !== undefined) throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const keep = retained(g, ctx.clock.now());
  const described = [...g.streams.values()]
    .filter((s) => input.logStreamNamePrefix === undefined || s.row.name.startsWith(input.logStreamNamePrefix))
    .map((s) => {
      const events = s.events.filter(keep);
      const out: SdkLogStream = {
        logStreamName: s.row.name,
        creationTime: s.row.createdAt,
        arn: `${groupArn(ctx.region, ctx.account, g.row.name)}:log-stream:${s.row.name}`,
        storedBytes: 0,
      };
      if (events.length) {
        out.firstEventTimestamp = events[0]!.timestamp;
        out.lastEventTimestamp = events[events.length - 1]!.timestamp;
        out.lastIngestionTime = s.lastIngestionTime ?? events[events.length - 1]!.ingestionTime;
      }
      return out;
    })
    .sort(byTime ? (a, b) => (a.lastEventTimestamp ?? 0) - (b.lastEventTimestamp ?? 0) : (a, b) => (a.logStreamName! < b.logStreamName! ? -1 : 1));
  if (input.descending) described.reverse();
  const p = page(described, input.nextToken, input.limit);
  return { logStreams: p.items, ...(p.nextToken && { nextToken: p.nextToken }) };
}
