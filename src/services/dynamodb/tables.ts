// Table operations: CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, tags,
// TTL settings, DescribeLimits, DescribeEndpoints.
//
// Deliberate difference from AWS: a table is usable at once. CreateTable answers CREATING (as AWS
// does) and the next DescribeTable already reports ACTIVE, so waiters (table_exists,
// waitUntilTableExists) succeed on their first poll; index creation and deletion are as quick.
import type { RequestContext } from '../context.js';
import { invalid } from './request.js';
import type { IndexRow, KeySchemaRow, StreamRow, TableRow, ThroughputRow } from './rows.js';
import { getTable, openStream, regionOf, tableNotFound, type DynamoState } from './state.js';
import { Table } from './table.js';
import { AwsError } from '../../protocol/errors.js';

const MAX_GSI = 20;
const MAX_LSI = 5;

function checkKeySchema(schema: KeySchemaRow[], defs: Map<string, string>, what: string): void {
  if (schema[0]?.KeyType !== 'HASH') throw invalid(`${what}: The first KeySchemaElement is not a HASH key type`);
  if (schema.length > 1 && schema[1]!.KeyType !== 'RANGE') throw invalid(`${what}: The second KeySchemaElement is not a RANGE key type`);
  if (schema.length > 1 && schema[0]!.AttributeName === schema[1]!.AttributeName) {
    throw invalid(`${what}: Both the Hash Key and the Range Key element in the KeySchema have the same name`);
  }
  const missing = schema.filter((k) => !defs.has(k.AttributeName));
  if (missing.length) {
    throw invalid(`One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${schema.map((k) => k.AttributeName).join(', ')}], AttributeDefinitions: [${[...defs.keys()].join(', ')}]`);
  }
}

function checkProjection(p: IndexRow['Projection'] | undefined, name: string): IndexRow['Projection'] {
  if (!p || !p.ProjectionType) throw invalid(`One or more parameter values were invalid: Unknown ProjectionType: null`);
  if (p.ProjectionType === 'INCLUDE' && !p.NonKeyAttributes?.length) throw invalid('One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified');
  if (p.ProjectionType !== 'INCLUDE' && p.NonKeyAttributes) throw invalid(`One or more parameter values were invalid: ProjectionType is ${p.ProjectionType}, but NonKeyAttributes is specified`);
  void name;
  return p.NonKeyAttributes ? { ProjectionType: p.ProjectionType, NonKeyAttributes: [...p.NonKeyAttributes] } : { ProjectionType: p.ProjectionType };
}

function throughput(t: { ReadCapacityUnits?: number; WriteCapacityUnits?: number } | undefined): ThroughputRow {
  return { ReadCapacityUnits: t?.ReadCapacityUnits ?? 0, WriteCapacityUnits: t?.WriteCapacityUnits ?? 0, NumberOfDecreasesToday: 0 };
}

function checkBilling(mode: string, t: any, what = ''): void {
  if (mode === 'PROVISIONED' && (t?.ReadCapacityUnits === undefined || t?.WriteCapacityUnits === undefined)) {
    throw invalid(what ? `One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ${what}` : 'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED');
  }
  if (mode === 'PAY_PER_REQUEST' && t !== undefined) {
    throw invalid('One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST');
  }
}

function streamRow(state: DynamoState, tableArn: string, viewType: StreamRow['viewType'], now: number): StreamRow {
  const label = new Date(now).toISOString().replace('Z', '');
  return { enabled: true, viewType, label, arn: `${tableArn}/stream/${label}`, createdAt: now, shardId: `shardId-${String(now).padStart(20, '0')}-${state.host.ids.hex(8)}` };
}

function gsiRow(g: any, billing: string): IndexRow {
  const row: IndexRow = { IndexName: g.IndexName, KeySchema: g.KeySchema.map((k: any) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })), Projection: checkProjection(g.Projection, g.IndexName) };
  checkBilling(billing, g.ProvisionedThroughput, billing === 'PROVISIONED' ? g.IndexName : '');
  if (billing === 'PROVISIONED') row.ProvisionedThroughput = throughput(g.ProvisionedThroughput);
  if (g.OnDemandThroughput) row.OnDemandThroughput = g.OnDemandThroughput;
  return row;
}

export function createTable(input: any, ctx: RequestContext, state: DynamoState) {
  const region = regionOf(state, ctx.account, ctx.region);
  const defs = new Map<string, string>();
  for (const d of input.AttributeDefinitions) {
    if (defs.has(d.AttributeName)) throw invalid('Cannot have two attributes with the same name');
    defs.set(d.AttributeName, d.AttributeType);
  }
  checkKeySchema(input.KeySchema, defs, 'Invalid KeySchema');
  const billing = input.BillingMode ?? 'PROVISIONED';
  checkBilling(billing, input.ProvisionedThroughput);
  const gsis = (input.GlobalSecondaryIndexes ?? []) as any[];
  const lsis = (input.LocalSecondaryIndexes ?? []) as any[];
  if (gsis.length > MAX_GSI) throw invalid(`One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of ${MAX_GSI}`);
  if (lsis.length > MAX_LSI) throw invalid(`One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of ${MAX_LSI}`);
  const names = new Set<string>();
  const used = new Set<string>(input.KeySchema.map((k: KeySchemaRow) => k.AttributeName));
  const hash = input.KeySchema[0].AttributeName;
  const tableRange = input.KeySchema[1]?.AttributeName;
  for (const ix of [...gsis, ...lsis]) {
    if (names.has(ix.IndexName)) throw invalid(`One or more parameter values were invalid: Duplicate index name: ${ix.IndexName}`);
    names.add(ix.IndexName);
    checkKeySchema(ix.KeySchema, defs, 'One or more parameter values were invalid: Invalid KeySchema');
    for (const k of ix.KeySchema) used.add(k.AttributeName);
  }
  for (const l of lsis) {
    if (!tableRange) throw invalid('One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex');
    if (l.KeySchema[0].AttributeName !== hash) {
      throw invalid(`One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ${l.IndexName}. index hash key: ${l.KeySchema[0].AttributeName}, table hash key: ${hash}`);
    }
    if (l.KeySchema.length !== 2) throw invalid(`One or more parameter values were invalid: Index KeySchema for index ${l.IndexName} must have a range key`);
  }
  if (used.size !== defs.size) {
    throw invalid('One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
  }
  if (region.tables.has(input.TableName)) throw new AwsError('ResourceInUseException', `Table already exists: ${input.TableName}`);
  const spec = input.StreamSpecification;
  if (spec?.StreamEnabled && !spec.StreamViewType) throw invalid('One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true');
  const now = ctx.clock.now();
  const arn = `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${input.TableName}`;
  const row: TableRow = {
    TableName: input.TableName,
    TableId: ctx.ids.uuid(),
    TableArn: arn,
    CreatedAt: now,
    KeySchema: input.KeySchema.map((k: KeySchemaRow) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })),
    AttributeDefinitions: input.AttributeDefinitions.map((d: any) => ({ AttributeName: d.AttributeName, AttributeType: d.AttributeType })),
    BillingMode: billing,
    ProvisionedThroughput: throughput(input.ProvisionedThroughput),
    GlobalSecondaryIndexes: gsis.map((g) => gsiRow(g, billing)),
    LocalSecondaryIndexes: lsis.map((l) => ({ IndexName: l.IndexName, KeySchema: l.KeySchema.map((k: any) => ({ AttributeName: k.AttributeName, KeyType: k.KeyType })), Projection: checkProjection(l.Projection, l.IndexName) })),
    Streams: spec?.StreamEnabled ? [streamRow(state, arn, spec.StreamViewType, now)] : [],
    TableClass: input.TableClass ?? 'STANDARD',
    DeletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
    Tags: (input.Tags ?? []).map((t: any) => ({ Key: t.Key, Value: t.Value })),
  };
  if (input.SSESpecification?.Enabled) row.SSE = { Enabled: true, SSEType: input.SSESpecification.SSEType ?? 'KMS', KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId };
  if (input.OnDemandThroughput) row.OnDemandThroughput = input.OnDemandThroughput;
  const table = new Table(row, ctx.account, ctx.region, state.stores);
  region.tables.set(row.TableName, table);
  openStream(state, table);
  state.stores.tables.put(ctx.account, ctx.region, row.TableName, row);
  return { TableDescription: describe(table, ctx, 'CREATING') };
}

function secondsOf(ms: number): number {
  return ms / 1000;
}

function throughputOut(t: ThroughputRow) {
  const out: Record<string, unknown> = { NumberOfDecreasesToday: t.NumberOfDecreasesToday, ReadCapacityUnits: t.ReadCapacityUnits, WriteCapacityUnits: t.WriteCapacityUnits };
  if (t.LastIncreaseDateTime) out.LastIncreaseDateTime = secondsOf(t.LastIncreaseDateTime);
  if (t.LastDecreaseDateTime) out.LastDecreaseDateTime = secondsOf(t.LastDecreaseDateTime);
  return out;
}

/** The TableDescription AWS returns. */
export function describe(table: Table, ctx: RequestContext, status = 'ACTIVE', indexStatus: Record<string, string> = {}) {
  const r = table.row;
  const d: Record<string, any> = {
    AttributeDefinitions: r.AttributeDefinitions,
    TableName: r.TableName,
    KeySchema: r.KeySchema,
    TableStatus: status,
    CreationDateTime: secondsOf(r.CreatedAt),
    ProvisionedThroughput: throughputOut(r.ProvisionedThroughput),
    TableSizeBytes: table.sizeBytes,
    ItemCount: table.items.count,
    TableArn: r.TableArn,
    TableId: r.TableId,
    DeletionProtectionEnabled: r.DeletionProtectionEnabled,
  };
  if (r.BillingMode === 'PAY_PER_REQUEST' || r.BillingModeUpdatedAt) {
    d.BillingModeSummary = { BillingMode: r.BillingMode, LastUpdateToPayPerRequestDateTime: secondsOf(r.BillingModeUpdatedAt ?? r.CreatedAt) };
  }
  if (r.LocalSecondaryIndexes.length) {
    d.LocalSecondaryIndexes = r.LocalSecondaryIndexes.map((ix) => {
      const live = table.indexes.get(ix.IndexName)!;
      return { IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection, IndexSizeBytes: live.sizeBytes, ItemCount: live.data.count, IndexArn: `${r.TableArn}/index/${ix.IndexName}` };
    });
  }
  if (r.GlobalSecondaryIndexes.length) {
    d.GlobalSecondaryIndexes = r.GlobalSecondaryIndexes.map((ix) => {
      const live = table.indexes.get(ix.IndexName)!;
      const g: Record<string, unknown> = {
        IndexName: ix.IndexName,
        KeySchema: ix.KeySchema,
        Projection: ix.Projection,
        IndexStatus: indexStatus[ix.IndexName] ?? (status === 'CREATING' ? 'CREATING' : 'ACTIVE'),
        ProvisionedThroughput: throughputOut(ix.ProvisionedThroughput ?? throughput(undefined)),
        IndexSizeBytes: live.sizeBytes,
        ItemCount: live.data.count,
        IndexArn: `${r.TableArn}/index/${ix.IndexName}`,
      };
      if (ix.OnDemandThroughput) g.OnDemandThroughput = ix.OnDemandThroughput;
      return g;
    });
  }
  const stream = r.Streams[r.Streams.length - 1];
  if (stream) {
    if (stream.enabled) d.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.viewType };
    d.LatestStreamLabel = stream.label;
    d.LatestStreamArn = stream.arn;
  }
  if (r.SSE) d.SSEDescription = { Status: 'ENABLED', SSEType: r.SSE.SSEType ?? 'KMS', KMSMasterKeyArn: r.SSE.KMSMasterKeyId ?? `arn:aws:kms:${ctx.region}:${ctx.account}:key/${r.TableId}` };
  if (r.TableClass !== 'STANDARD') d.TableClassSummary = { TableClass: r.TableClass };
  if (r.OnDemandThroughput) d.OnDemandThroughput = r.OnDemandThroughput;
  return d;
}

export function describeTable(input: { TableName?: string }, ctx: RequestContext, state: DynamoState) {
  const t = regionOf(state, ctx.account, ctx.region).tables.get(input.TableName!);
  if (!t) throw tableNotFound(input.TableName);
  return { Table: describe(t, ctx) };
}

function save(state: DynamoState, t: Table): void {
  state.stores.tables.put(t.account, t.region, t.name, t.row);
}

export function updateTable(input: any, ctx: RequestContext, state: DynamoState) {
  const t = getTable(state, ctx.account, ctx.region, input.TableName);
  const r = t.row;
  const now = ctx.clock.now();
  const indexStatus: Record<string, string> = {};
  let changed = false;
  if (input.AttributeDefinitions) {
    for (const d of input.AttributeDefinitions) {
      const cur = r.AttributeDefinitions.find((x) => x.AttributeName === d.AttributeName);
      if (cur && cur.AttributeType !== d.AttributeType) throw invalid(`One or more parameter values were invalid: Attribute ${d.AttributeName} is already defined with type ${cur.AttributeType}`);
      if (!cur) r.AttributeDefinitions.push({ AttributeName: d.AttributeName, AttributeType: d.AttributeType });
    }
  }
  if (input.BillingMode && input.BillingMode !== r.BillingMode) {
    r.BillingMode = input.BillingMode;
    r.BillingModeUpdatedAt = now;
    if (r.BillingMode === 'PAY_PER_REQUEST') r.ProvisionedThroughput = throughput(undefined);
    changed = true;
  }
  if (input.ProvisionedThroughput) {
    if (r.BillingMode === 'PAY_PER_REQUEST') checkBilling('PAY_PER_REQUEST', input.ProvisionedThroughput);
    const old = r.ProvisionedThroughput;
    const next = input.ProvisionedThroughput;
    if (next.ReadCapacityUnits === old.ReadCapacityUnits && next.WriteCapacityUnits === old.WriteCapacityUnits && !input.GlobalSecondaryIndexUpdates && !input.StreamSpecification) {
      throw invalid(`The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: ${old.ReadCapacityUnits}. Requested ReadCapacityUnits: ${next.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: ${old.WriteCapacityUnits}. Requested WriteCapacityUnits: ${next.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.`);
    }
    const up = next.ReadCapacityUnits > old.ReadCapacityUnits || next.WriteCapacityUnits > old.WriteCapacityUnits;
    r.ProvisionedThroughput = { ...old, ReadCapacityUnits: next.ReadCapacityUnits, WriteCapacityUnits: next.WriteCapacityUnits };
    if (up) r.ProvisionedThroughput.LastIncreaseDateTime = now;
    else {
      r.ProvisionedThroughput.LastDecreaseDateTime = now;
      r.ProvisionedThroughput.NumberOfDecreasesToday++;
    }
    changed = true;
  }
  for (const u of input.GlobalSecondaryIndexUpdates ?? []) {
    if (u.Create) {
      const c = u.Create;
      if (t.indexes.has(c.IndexName)) throw invalid(`One or more parameter values were invalid: Duplicate index name: ${c.IndexName}`);
      if (r.GlobalSecondaryIndexes.length >= MAX_GSI) throw new AwsError('LimitExceededException', `Subscriber limit exceeded: The number of global secondary indexes exceeds the per-table limit of ${MAX_GSI}`);
      const defs = new Map(r.AttributeDefinitions.map((d) => [d.AttributeName, d.AttributeType] as [string, string]));
      checkKeySchema(c.KeySchema, defs, 'One or more parameter values were invalid: Invalid KeySchema');
      const row = gsiRow(c, r.BillingMode);
      r.GlobalSecondaryIndexes.push(row);
      t.addIndex(row, true);
      indexStatus[c.IndexName] = 'CREATING';
    } else if (u.Delete) {
      const i = r.GlobalSecondaryIndexes.findIndex((g) => g.IndexName === u.Delete.IndexName);
      if (i < 0) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${u.Delete.IndexName} not found`);
      const [gone] = r.GlobalSecondaryIndexes.splice(i, 1);
      t.indexes.delete(gone!.IndexName);
    } else if (u.Update) {
      const g = r.GlobalSecondaryIndexes.find((x) => x.IndexName === u.Update.IndexName);
      if (!g) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Index: ${u.Update.IndexName} not found`);
      if (u.Update.ProvisionedThroughput) g.ProvisionedThroughput = { ...(g.ProvisionedThroughput ?? throughput(undefined)), ...u.Update.ProvisionedThroughput };
      indexStatus[g.IndexName] = 'UPDATING';
    }
    changed = true;
  }
  if (input.StreamSpecification) {
    const spec = input.StreamSpecification;
    const cur = r.Streams[r.Streams.length - 1];
    if (spec.StreamEnabled) {
      if (cur?.enabled) throw invalid(`Table already has an enabled stream: ${cur.arn}`);
      if (!spec.StreamViewType) throw invalid('One or more parameter values were invalid: StreamViewType is required when StreamEnabled is true');
      r.Streams.push(streamRow(state, r.TableArn, spec.StreamViewType, now));
      openStream(state, t);
    } else {
      if (!cur?.enabled) throw invalid('Table already has no stream enabled');
      cur.enabled = false;
      cur.disabledAt = now;
      t.stream = undefined;
    }
    changed = true;
  }
  if (input.DeletionProtectionEnabled !== undefined) {
    r.DeletionProtectionEnabled = input.DeletionProtectionEnabled;
    changed = true;
  }
  if (input.TableClass) {
    r.TableClass = input.TableClass;
    changed = true;
  }
  if (input.SSESpecification) {
    r.SSE = input.SSESpecification.Enabled === false ? undefined : { Enabled: true, SSEType: input.SSESpecification.SSEType ?? 'KMS', KMSMasterKeyId: input.SSESpecification.KMSMasterKeyId };
    changed = true;
  }
  if (input.OnDemandThroughput) {
    r.OnDemandThroughput = input.OnDemandThroughput;
    changed = true;
  }
  if (!changed && !input.AttributeDefinitions) throw invalid('At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required');
  save(state, t);
  return { TableDescription: describe(t, ctx, 'UPDATING', indexStatus) };
}

export function deleteTable(input: { TableName?: string }, ctx: RequestContext, state: DynamoState) {
  const region = regionOf(state, ctx.account, ctx.region);
  const t = region.tables.get(input.TableName!);
  if (!t) throw tableNotFound(input.TableName);
  if (t.row.DeletionProtectionEnabled) throw invalid('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
  const description = describe(t, ctx, 'DELETING');
  t.dropRows();
  for (const s of t.row.Streams) {
    const log = region.streams.get(s.arn);
    if (log) {
      log.trim(Number.MAX_SAFE_INTEGER);
      region.streams.delete(s.arn);
    }
  }
  region.tables.delete(t.name);
  state.stores.tables.delete(ctx.account, ctx.region, t.name);
  return { TableDescription: description };
}

export function listTables(input: { ExclusiveStartTableName?: string; Limit?: number }, ctx: RequestContext, state: DynamoState) {
  const names = [...regionOf(state, ctx.account, ctx.region).tables.keys()].sort();
  const start = input.ExclusiveStartTableName;
  const from = start === undefined ? 0 : names.findIndex((n) => n > start);
  const rest = from < 0 ? [] : names.slice(from);
  const limit = input.Limit ?? 100;
  const page = rest.slice(0, limit);
  const out: { TableNames: string[]; LastEvaluatedTableName?: string } = { TableNames: page };
  if (rest.length > limit) out.LastEvaluatedTableName = page[page.length - 1];
  return out;
}

function tableByArn(state: DynamoState, ctx: RequestContext, arn: string): Table {
  const m = /^arn:aws:dynamodb:([^:]+):(\d{12}):table\/([^/]+)/.exec(arn);
  const t = m ? regionOf(state, m[2]!, m[1]!).tables.get(m[3]!) : undefined;
  if (!t) throw new AwsError('ResourceNotFoundException', `Requested resource not found: ResourcArn: ${arn} not found`);
  void ctx;
  return t;
}

export function tagResource(input: { ResourceArn?: string; Tags?: { Key?: string; Value?: string }[] }, ctx: RequestContext, state: DynamoState): void {
  const t = tableByArn(state, ctx, input.ResourceArn!);
  for (const tag of input.Tags ?? []) {
    const cur = t.row.Tags.find((x) => x.Key === tag.Key);
    if (cur) cur.Value = tag.Value!;
    else t.row.Tags.push({ Key: tag.Key!, Value: tag.Value! });
  }
  if (t.row.Tags.length > 50) throw new AwsError('LimitExceededException', 'The number of tags exceeds the limit of 50');
  save(state, t);
}

export function untagResource(input: { ResourceArn?: string; TagKeys?: string[] }, ctx: RequestContext, state: DynamoState): void {
  const t = tableByArn(state, ctx, input.ResourceArn!);
  t.row.Tags = t.row.Tags.filter((x) => !input.TagKeys!.includes(x.Key));
  save(state, t);
}

const TAG_PAGE = 10;

export function listTagsOfResource(input: { ResourceArn?: string; NextToken?: string }, ctx: RequestContext, state: DynamoState) {
  const t = tableByArn(state, ctx, input.ResourceArn!);
  const from = input.NextToken ? Number(input.NextToken) : 0;
  if (!Number.isInteger(from) || from < 0) throw invalid('Invalid NextToken');
  const page = t.row.Tags.slice(from, from + TAG_PAGE);
  return from + TAG_PAGE < t.row.Tags.length ? { Tags: page, NextToken: String(from + TAG_PAGE) } : { Tags: page };
}

export function updateTimeToLive(input: any, ctx: RequestContext, state: DynamoState) {
  const t = getTable(state, ctx.account, ctx.region, input.TableName);
  const spec = input.TimeToLiveSpecification;
  const cur = t.row.Ttl;
  if (spec.Enabled && cur?.Enabled) throw invalid('TimeToLive is already enabled');
  if (!spec.Enabled && !cur?.Enabled) throw invalid('TimeToLive is already disabled');
  if (!spec.Enabled && cur && cur.AttributeName !== spec.AttributeName) throw invalid(`TimeToLive is active on a different AttributeName: current AttributeName is ${cur.AttributeName}`);
  t.row.Ttl = { AttributeName: spec.AttributeName, Enabled: spec.Enabled };
  t.ttlHeap = [];
  if (spec.Enabled) for (const item of t.items.all()) t.trackTtl(item);
  save(state, t);
  return { TimeToLiveSpecification: { AttributeName: spec.AttributeName, Enabled: spec.Enabled } };
}

export function describeTimeToLive(input: { TableName?: string }, ctx: RequestContext, state: DynamoState) {
  const t = getTable(state, ctx.account, ctx.region, input.TableName!);
  const ttl = t.row.Ttl;
  return { TimeToLiveDescription: ttl?.Enabled ? { TimeToLiveStatus: 'ENABLED', AttributeName: ttl.AttributeName } : { TimeToLiveStatus: 'DISABLED' } };
}

export function describeLimits() {
  return { AccountMaxReadCapacityUnits: 80000, AccountMaxWriteCapacityUnits: 80000, TableMaxReadCapacityUnits: 40000, TableMaxWriteCapacityUnits: 40000 };
}

export function describeEndpoints(_input: unknown, ctx: RequestContext) {
  return { Endpoints: [{ Address: ctx.host, CachePeriodInMinutes: 1440 }] };
}
