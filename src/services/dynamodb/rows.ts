// DynamoDB's durable records, all per account and region (state/durable/stores.ts):
//
//   tables   key: table name. TableRow: the table's definition (keys, indexes, billing, stream,
//            TTL, tags, ...). Item counts and sizes are not stored: they are recomputed on load.
//   items    key: '<table>\n<partition key>\n<sort key>' (key values as keyString writes them).
//            The item with binaries as base64 (values.ts itemToRow). Indexes are rebuilt on load.
//   records  key: '<stream arn>\n<sequence number>'. StreamRecordRow: one stream record.
import type { Store, Stores, StoreSpec } from '../../state/durable/stores.js';
import type { KeyType } from './values.js';

export const TABLES: StoreSpec = { name: 'tables', scope: 'region', version: 1 };
export const ITEMS: StoreSpec = { name: 'items', scope: 'region', version: 1 };
export const RECORDS: StoreSpec = { name: 'records', scope: 'region', version: 1 };

export interface KeySchemaRow {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface ProjectionRow {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}

export interface ThroughputRow {
  ReadCapacityUnits: number;
  WriteCapacityUnits: number;
  LastIncreaseDateTime?: number;
  LastDecreaseDateTime?: number;
  NumberOfDecreasesToday: number;
}

export interface IndexRow {
  IndexName: string;
  KeySchema: KeySchemaRow[];
  Projection: ProjectionRow;
  /** GSIs of a provisioned table. */
  ProvisionedThroughput?: ThroughputRow;
  OnDemandThroughput?: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number };
}

export interface StreamRow {
  enabled: boolean;
  viewType: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
  label: string;
  arn: string;
  /** Epoch ms the stream was created (its shard's start). */
  createdAt: number;
  /** Epoch ms it was disabled (the shard closed), if it was. */
  disabledAt?: number;
  shardId: string;
}

export interface TableRow {
  TableName: string;
  TableId: string;
  TableArn: string;
  /** Epoch ms. */
  CreatedAt: number;
  KeySchema: KeySchemaRow[];
  AttributeDefinitions: { AttributeName: string; AttributeType: KeyType }[];
  BillingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  BillingModeUpdatedAt?: number;
  ProvisionedThroughput: ThroughputRow;
  GlobalSecondaryIndexes: IndexRow[];
  LocalSecondaryIndexes: IndexRow[];
  /** Every stream the table has had (the newest last); ListStreams shows disabled ones for 24 h. */
  Streams: StreamRow[];
  SSE?: { Enabled: boolean; SSEType?: string; KMSMasterKeyId?: string };
  TableClass: 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';
  DeletionProtectionEnabled: boolean;
  Tags: { Key: string; Value: string }[];
  Ttl?: { AttributeName: string; Enabled: boolean };
  OnDemandThroughput?: { MaxReadRequestUnits?: number; MaxWriteRequestUnits?: number };
}

export interface StreamRecordRow {
  seq: string;
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** Epoch seconds. */
  at: number;
  keys: Record<string, unknown>;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
  size: number;
  viewType: StreamRow['viewType'];
  /** TTL deletions are made by the service. */
  ttl?: boolean;
}

export interface DynamoStores {
  tables: Store<TableRow>;
  items: Store<Record<string, unknown>>;
  records: Store<StreamRecordRow>;
}

export function openDynamoStores(stores: Stores): DynamoStores {
  return {
    tables: stores.open<TableRow>('dynamodb', TABLES),
    items: stores.open<Record<string, unknown>>('dynamodb', ITEMS),
    records: stores.open<StreamRecordRow>('dynamodb', RECORDS),
  };
}
