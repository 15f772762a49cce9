// Log events: PutLogEvents (AWS's ordering and age rules), GetLogEvents (forward/backward tokens),
// FilterLogEvents (across streams, by filter pattern, in timestamp order).
import type {
  FilterLogEventsRequest,
  FilterLogEventsResponse,
  GetLogEventsRequest,
  GetLogEventsResponse,
  PutLogEventsRequest,
  PutLogEventsResponse,
} from '@aws-sdk/client-cloudwatch-logs';
import type { RequestContext } from '../context.js';
import { compileFilterPattern } from './filter-pattern.js';
import { appendEvents, findGroup, invalidParameter, retained, streamNotFound, type LogEvent, type LogsState } from './store.js';

const DAY = 86_400_000;
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;

export function putLogEvents(input: PutLogEventsRequest, ctx: RequestContext, state: LogsState): PutLogEventsResponse {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName);
  const s = g.streams.get(input.logStreamName!);
  if (!s) throw streamNotFound();
  const events = input.logEvents ?? [];
  if (events.length === 0) throw invalidParameter('1 validation error detected: Value at \'logEvents\' failed to satisfy constraint: Member must have length greater than or equal to 1');
  if (events.length > MAX_BATCH_EVENTS) throw invalidParameter(`1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS}`);
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    bytes += Buffer.byteLength(events[i]!.message!) + 26;
    if (i > 0 && events[i]!.timestamp! < events[i - 1]!.timestamp!) throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
  }
  if (bytes > MAX_BATCH_BYTES) throw invalidParameter('Upload too large: ' + bytes + ' bytes exceeds limit of ' + MAX_BATCH_BYTES);
  if (events[events.length - 1]!.timestamp! - events[0]!.timestamp! > DAY) throw invalidParameter('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.');
  const now = ctx.clock.now();
  // Events more than 14 days old (or older than the retention), or more than 2 hours ahead, are
  // rejected by index, the rest accepted.
  const oldest = now - Math.min(14, g.row.retentionInDays ?? 14) * DAY;
  let tooOldEnd = -1;
  let tooNewStart = events.length;
  events.forEach((e, i) => {
    if (e.timestamp! < oldest) tooOldEnd = i;
    if (e.timestamp! > now + 2 * 3600_000 && i < tooNewStart) tooNewStart = i;
  });
  const accepted = events.slice(tooOldEnd + 1, tooNewStart).map((e) => ({ timestamp: e.timestamp!, message: e.message! }));
  if (accepted.length) appendEvents(state, ctx.account, ctx.region, g, s, accepted, now);
  const rejected = {
    ...(tooOldEnd >= 0 && { tooOldLogEventEndIndex: tooOldEnd + 1 }),
    ...(tooNewStart < events.length && { tooNewLogEventStartIndex: tooNewStart }),
  };
  return { nextSequenceToken: String(state.nextSerial()).padStart(56, '0'), ...(Object.keys(rejected).length && { rejectedLogEventsInfo: rejected }) };
}

function token(direction: 'f' | 'b', index: number): string {
  return `${direction}/${String(index).padStart(56, '0')}`;
}

export function getLogEvents(input: GetLogEventsRequest, ctx: RequestContext, state: LogsState): GetLogEventsResponse {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName, input.logGroupIdentifier);
  const s = g.streams.get(input.logStreamName!);
  if (!s) throw streamNotFound();
  const keep = retained(g, ctx.clock.now());
  const events = s.events.filter((e) => keep(e) && (input.startTime === undefined || e.timestamp >= input.startTime) && (input.endTime === undefined || e.timestamp < input.endTime));
  const limit = Math.min(input.limit ?? 10_000, 10_000);
  let start: number;
  let end: number;
  const t = input.nextToken;
  if (t !== undefined) {
    const m = /^([fb])\/(\d+)$/.exec(t);
    if (!m) throw invalidParameter('The specified nextToken is invalid.');
    const at = Number(m[2]);
    if (m[1] === 'f') {
      start = at;
      end = Math.min(events.length, at + limit);
    } else {
      end = at;
      start = Math.max(0, at - limit);
    }
  } else if (input.startFromHead) {
    start = 0;
    end = Math.min(events.length, limit);
  } else {
    end = events.length;
    start = Math.max(0, end - limit);
  }
  return {
    events: events.slice(start, end).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: token('f', end),
    nextBackwardToken: token('b', start),
  };
}

export function filterLogEvents(input: FilterLogEventsRequest, ctx: RequestContext, state: LogsState): FilterLogEventsResponse {
  const g = findGroup(state, ctx.account, ctx.region, input.logGroupName, input.logGroupIdentifier);
  if (input.logStreamNames && input.logStreamNamePrefix !== undefined) throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
  const match = compileFilterPattern(input.filterPattern);
  const keep = retained(g, ctx.clock.now());
  const found: { stream: string; e: LogEvent }[] = [];
  for (const s of g.streams.values()) {
    if (input.logStreamNames && !input.logStreamNames.includes(s.row.name)) continue;
    if (input.logStreamNamePrefix !== undefined && !s.row.name.startsWith(input.logStreamNamePrefix)) continue;
    for (const e of s.events) {
      if (input.startTime !== undefined && e.timestamp < input.startTime) continue;
      if (input.endTime !== undefined && e.timestamp > input.endTime) continue;
      if (keep(e) && match(e.message)) found.push({ stream: s.row.name, e });
    }
  }
  found.sort((a, b) => a.e.timestamp - b.e.timestamp || a.e.serial - b.e.serial);
  const start = input.nextToken ? Number(Buffer.from(input.nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw invalidParameter('The specified nextToken is invalid.');
  const limit = Math.min(input.limit ?? 10_000, 10_000);
  const slice = found.slice(start, start + limit);
  return {
    events: slice.map(({ stream, e }) => ({ logStreamName: stream, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: String(e.serial).padStart(56, '0') })),
    searchedLogStreams: [],
    ...(start + limit < found.length && { nextToken: Buffer.from(String(start + limit)).toString('base64url') }),
  };
}
