// DynamoDB's in-process API: its streams, for the DynamoDB Streams service (its own target prefix,
// DynamoDBStreams_20120810) and, later, Lambda's event source mappings. Imports nothing of the
// implementation: callers depend on this contract only. Records are in the Streams API's shape
// (the same objects GetRecords returns).

export interface StreamShardInfo {
  shardId: string;
  startingSequenceNumber: string;
  /** Set once the shard is closed (its stream disabled). */
  endingSequenceNumber?: string;
}

export interface StreamInfo {
  streamArn: string;
  streamLabel: string;
  streamStatus: 'ENABLED' | 'DISABLED';
  streamViewType: string;
  tableName: string;
  /** Epoch ms. */
  creationRequestDateTime: number;
  keySchema: { AttributeName: string; KeyType: string }[];
  shards: StreamShardInfo[];
}

/** Where to start reading a shard. */
export type ShardPosition =
  | { type: 'TRIM_HORIZON' | 'LATEST' }
  | { type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; sequenceNumber: string };

export interface StreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds. */
    ApproximateCreationDateTime: number;
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
  userIdentity?: { PrincipalId: string; Type: string };
}

export interface DynamoDbApi {
  /** Streams of the region, newest first; `tableName` filters. */
  listStreams(account: string, region: string, tableName?: string): StreamInfo[];
  /** undefined when no such stream exists. */
  describeStream(account: string, region: string, streamArn: string): StreamInfo | undefined;
  /** The ordinal (position) in the shard a reader starts at; undefined: no such stream/shard, or
   *  a sequence number outside the shard (TrimmedDataAccessException territory). */
  shardOrdinal(account: string, region: string, streamArn: string, shardId: string, position: ShardPosition): number | undefined;
  /** Up to `limit` records from `ordinal`, and the ordinal after them; `closed` when the shard
   *  is closed and fully read. undefined when the stream is gone or the ordinal was trimmed. */
  readRecords(account: string, region: string, streamArn: string, ordinal: number, limit: number): { records: StreamRecord[]; next: number; closed: boolean } | undefined;
}
