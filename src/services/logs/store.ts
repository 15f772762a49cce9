// CloudWatch Logs state: log groups and their streams per account and region, each stream's
// events in batches (as written), indexed from the rows (rows.ts).
import { ScopedStore } from '../../state/scoped-store.js';
import { AwsError } from '../../protocol/errors.js';
import type { Host } from '../host.js';
import { EVENTS, GROUPS, STREAMS, type EventRow, type GroupRow, type StreamRow } from './rows.js';

export interface LogEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Unique within the group (FilterLogEvents' eventId). */
  serial: number;
}

export interface LogStream {
  row: StreamRow;
  events: LogEvent[];
  /** Keys of its event batch rows, deleted with the stream. */
  batches: string[];
  lastIngestionTime?: number;
}

export interface LogGroup {
  row: GroupRow;
  streams: Map<string, LogStream>;
}

export function createLogsState(host: Host) {
  const regions = new ScopedStore<Map<string, LogGroup>>(() => new Map());
  const stores = {
    groups: host.stores.open<GroupRow>('logs', GROUPS),
    streams: host.stores.open<StreamRow>('logs', STREAMS),
    events: host.stores.open<EventRow>('logs', EVENTS),
  };
  let serial = 0;
  for (const { account, region, key, row } of stores.groups.load()) regions.for(account, region).set(key, { row, streams: new Map() });
  for (const { account, region, key, row } of stores.streams.load()) {
    const [group, stream] = key.split('\n') as [string, string];
    regions.for(account, region).get(group)?.streams.set(stream, { row, events: [], batches: [] });
  }
  for (const { account, region, key, row } of stores.events.load()) {
    const [group, stream, n] = key.split('\n') as [string, string, string];
    const s = regions.for(account, region).get(group)?.streams.get(stream);
    if (!s) continue;
    s.batches.push(key);
    serial = Math.max(serial, Number(n));
    for (const [timestamp, ingestionTime, message] of row) s.events.push({ timestamp, ingestionTime, message, serial: 0 });
  }
  for (const { state } of regions.entries()) for (const g of state.values()) for (const s of g.streams.values()) {
    s.events.sort((a, b) => a.timestamp - b.timestamp);
    for (const e of s.events) e.serial = ++serial;
  }
  return {
    host,
    regions,
    stores,
    nextSerial: () => ++serial,
  };
}

export type LogsState = ReturnType<typeof createLogsState>;

export function groupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

export function streamNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** A group named by logGroupName or logGroupIdentifier (a name or an ARN). */
export function findGroup(state: LogsState, account: string, region: string, name: string | undefined, identifier?: string): LogGroup {
  let n = name ?? identifier;
  if (name !== undefined && identifier !== undefined) throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  if (n === undefined) throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
  if (n.startsWith('arn:')) n = n.split(':log-group:')[1]?.replace(/:\*$/, '') ?? n;
  const g = state.regions.for(account, region).get(n);
  if (!g) throw groupNotFound();
  return g;
}

export function groupArn(region: string, account: string, name: string): string {
  return `arn:aws:logs:${region}:${account}:log-group:${name}`;
}

/** Events older than the group's retention are gone (AWS deletes them in the background). */
export function retained(g: LogGroup, now: number): (e: LogEvent) => boolean {
  const days = g.row.retentionInDays;
  if (!days) return () => true;
  const oldest = now - days * 86_400_000;
  return (e) => e.timestamp >= oldest;
}

export function putGroup(state: LogsState, account: string, region: string, g: LogGroup): void {
  state.stores.groups.put(account, region, g.row.name, g.row);
}

export function createStream(state: LogsState, account: string, region: string, g: LogGroup, name: string, now: number): LogStream {
  const s: LogStream = { row: { name, createdAt: now }, events: [], batches: [] };
  g.streams.set(name, s);
  state.stores.streams.put(account, region, `${g.row.name}\n${name}`, s.row);
  return s;
}

/** Appends events (already checked) to a stream as one batch row. */
export function appendEvents(state: LogsState, account: string, region: string, g: LogGroup, s: LogStream, events: { timestamp: number; message: string }[], now: number): void {
  const batchSerial = state.nextSerial();
  const stored: LogEvent[] = events.map((e) => ({ timestamp: e.timestamp, ingestionTime: now, message: e.message, serial: state.nextSerial() }));
  // Keep the stream sorted by timestamp: batches usually arrive in order, so this is an append.
  const last = s.events[s.events.length - 1];
  s.events.push(...stored);
  if (last && stored.length && stored[0]!.timestamp < last.timestamp) s.events.sort((a, b) => a.timestamp - b.timestamp || a.serial - b.serial);
  s.lastIngestionTime = now;
  if (state.stores.events.persistent) {
    const key = `${g.row.name}\n${s.row.name}\n${String(batchSerial).padStart(15, '0')}`;
    s.batches.push(key);
    state.stores.events.put(account, region, key, stored.map((e) => [e.timestamp, e.ingestionTime, e.message]));
  }
}

export function deleteStreamRows(state: LogsState, account: string, region: string, g: LogGroup, s: LogStream): void {
  for (const key of s.batches) state.stores.events.delete(account, region, key);
  state.stores.streams.delete(account, region, `${g.row.name}\n${s.row.name}`);
}
