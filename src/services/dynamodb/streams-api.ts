// The implementation of api.ts over the live stream logs (stream-log.ts).
import type { DynamoDbApi, StreamInfo, StreamRecord } from './api.js';
import type { StreamRecordRow } from './rows.js';
import { regionOf, type DynamoState } from './state.js';
import { itemFromRow } from './values.js';
import type { StreamLog } from './stream-log.js';

function info(state: DynamoState, account: string, region: string, log: StreamLog): StreamInfo {
  const tableName = log.row.arn.split('/')[1]!;
  const table = regionOf(state, account, region).tables.get(tableName);
  const shard = { shardId: log.row.shardId, startingSequenceNumber: log.startingSequenceNumber } as StreamInfo['shards'][number];
  if (!log.row.enabled) shard.endingSequenceNumber = log.lastSequenceNumber ?? log.startingSequenceNumber;
  return {
    streamArn: log.row.arn,
    streamLabel: log.row.label,
    streamStatus: log.row.enabled ? 'ENABLED' : 'DISABLED',
    streamViewType: log.row.viewType,
    tableName,
    creationRequestDateTime: log.row.createdAt,
    keySchema: table?.row.KeySchema ?? [],
    shards: [shard],
  };
}

export function toStreamRecord(r: StreamRecordRow, region: string): StreamRecord {
  const out: StreamRecord = {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: { ApproximateCreationDateTime: r.at, Keys: itemFromRow(r.keys), SequenceNumber: r.seq, SizeBytes: r.size, StreamViewType: r.viewType },
  };
  // Binaries back as bytes: the records are what GetRecords returns.
  if (r.newImage) out.dynamodb.NewImage = itemFromRow(r.newImage);
  if (r.oldImage) out.dynamodb.OldImage = itemFromRow(r.oldImage);
  if (r.ttl) out.userIdentity = { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' };
  return out;
}

export function createDynamoApi(state: DynamoState): DynamoDbApi {
  const logOf = (account: string, region: string, arn: string): StreamLog | undefined => {
    const log = regionOf(state, account, region).streams.get(arn);
    log?.trim(state.host.clock.now());
    return log;
  };
  return {
    listStreams(account, region, tableName) {
      const out: StreamInfo[] = [];
      for (const log of regionOf(state, account, region).streams.values()) {
        const i = info(state, account, region, log);
        if (tableName === undefined || i.tableName === tableName) out.push(i);
      }
      return out.reverse();
    },
    describeStream(account, region, arn) {
      const log = logOf(account, region, arn);
      return log && info(state, account, region, log);
    },
    shardOrdinal(account, region, arn, shardId, position) {
      const log = logOf(account, region, arn);
      if (!log || log.row.shardId !== shardId) return undefined;
      switch (position.type) {
        case 'TRIM_HORIZON':
          return log.trimmed;
        case 'LATEST':
          return log.trimmed + log.records.length;
        default: {
          const at = log.position(position.sequenceNumber, position.type === 'AFTER_SEQUENCE_NUMBER');
          if (BigInt(position.sequenceNumber) < BigInt(log.startingSequenceNumber)) return undefined;
          return log.trimmed + at;
        }
      }
    },
    readRecords(account, region, arn, ordinal, limit) {
      const log = logOf(account, region, arn);
      if (!log || ordinal < log.trimmed) return undefined;
      const from = ordinal - log.trimmed;
      const rows = log.records.slice(from, from + limit);
      const next = ordinal + rows.length;
      return { records: rows.map((r) => toStreamRecord(r, region)), next, closed: !log.row.enabled && next >= log.trimmed + log.records.length };
    },
  };
}
