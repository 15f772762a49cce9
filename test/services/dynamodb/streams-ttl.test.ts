// DynamoDB Streams records for put/update/delete (every StreamViewType), TTL removal on an injected
// clock (with its service-made REMOVE record), boto3's client and resource API (Table,
// batch_writer, Key conditions; no checksum retries), and a --persist restart that keeps items,
// indexes and stream records.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, UpdateItemCommand, DeleteItemCommand, GetItemCommand, QueryCommand,
  UpdateTimeToLiveCommand, DescribeTimeToLiveCommand, DescribeTableCommand, UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, DescribeStreamCommand, GetShardIteratorCommand, GetRecordsCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { ManualClock } from '../../../src/index.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { startChild } from '../../support/child-nimbus.js';
import { pythonJson } from '../../support/python.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const t = useNimbus({ clock });
const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' };

async function readAll(streams: DynamoDBStreamsClient, arn: string) {
  const d = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  const shard = d.StreamDescription!.Shards![0]!;
  const it = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  const r = await streams.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  return { description: d.StreamDescription!, records: r.Records!, next: r.NextShardIterator };
}

describe('streams', () => {
  it('records every write with the configured view type', async () => {
    const ddb = new DynamoDBClient(t.config());
    const streams = new DynamoDBStreamsClient(t.config());
    const name = uniqueName('st');
    const created = await ddb.send(new CreateTableCommand({
      TableName: name, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }));
    const arn = created.TableDescription!.LatestStreamArn!;
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, v: { N: '1' }, b: { B: Buffer.from([1, 2]) } } }));
    await ddb.send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: 'a' } }, UpdateExpression: 'SET v = v + :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
    await ddb.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: 'a' } } }));
    const { description, records, next } = await readAll(streams, arn);
    assert.equal(description.StreamStatus, 'ENABLED');
    assert.equal(description.TableName, name);
    assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    assert.deepEqual(records[0]!.dynamodb!.Keys, { pk: { S: 'a' } });
    assert.equal(records[0]!.dynamodb!.OldImage, undefined);
    assert.deepEqual(records[0]!.dynamodb!.NewImage!.b, { B: new Uint8Array([1, 2]) });
    assert.equal(records[1]!.dynamodb!.OldImage!.v!.N, '1');
    assert.equal(records[1]!.dynamodb!.NewImage!.v!.N, '2');
    assert.equal(records[2]!.dynamodb!.NewImage, undefined);
    assert.equal(records[2]!.dynamodb!.OldImage!.v!.N, '2');
    assert.equal(records[0]!.eventSource, 'aws:dynamodb');
    assert.ok(BigInt(records[0]!.dynamodb!.SequenceNumber!) < BigInt(records[1]!.dynamodb!.SequenceNumber!));
    // Reading on from the iterator sees only new records.
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'b' } } }));
    const more = await streams.send(new GetRecordsCommand({ ShardIterator: next }));
    assert.deepEqual(more.Records!.map((r) => r.dynamodb!.Keys!.pk!.S), ['b']);
    const after = await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: description.Shards![0]!.ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: records[1]!.dynamodb!.SequenceNumber }));
    assert.deepEqual((await streams.send(new GetRecordsCommand({ ShardIterator: after.ShardIterator }))).Records!.map((r) => r.eventName), ['REMOVE', 'INSERT']);
    const listed = await streams.send(new ListStreamsCommand({ TableName: name }));
    assert.deepEqual(listed.Streams!.map((s) => s.StreamArn), [arn]);
    // KEYS_ONLY after re-enabling with another view type.
    await ddb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    clock.advance(1000);
    await ddb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } }));
    const arn2 = (await ddb.send(new DescribeTableCommand({ TableName: name }))).Table!.LatestStreamArn!;
    assert.notEqual(arn2, arn);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'c' }, x: { S: 'x' } } }));
    const k = await readAll(streams, arn2);
    assert.deepEqual(k.records.map((r) => [r.eventName, r.dynamodb!.Keys, r.dynamodb!.NewImage, r.dynamodb!.StreamViewType]), [['INSERT', { pk: { S: 'c' } }, undefined, 'KEYS_ONLY']]);
    const old = await readAll(streams, arn);
    assert.equal(old.description.StreamStatus, 'DISABLED');
    assert.ok(old.description.Shards![0]!.SequenceNumberRange!.EndingSequenceNumber);
  });
});

describe('time to live', () => {
  it('removes expired items when the clock passes their deadline, with a service REMOVE record', async () => {
    const ddb = new DynamoDBClient(t.config());
    const streams = new DynamoDBStreamsClient(t.config());
    const name = uniqueName('ttl');
    const created = await ddb.send(new CreateTableCommand({
      TableName: name, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
    }));
    const now = Math.floor(clock.now() / 1000);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'soon' }, exp: { N: String(now + 60) } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'later' }, exp: { N: String(now + 3600) } } }));
    await ddb.send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'never' }, exp: { S: 'not a number' } } }));
    await ddb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'exp', Enabled: true } }));
    assert.deepEqual((await ddb.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription, { TimeToLiveStatus: 'ENABLED', AttributeName: 'exp' });
    clock.advance(30_000);
    assert.ok((await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'soon' } } }))).Item);
    clock.advance(60_000);
    assert.equal((await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'soon' } } }))).Item, undefined);
    assert.ok((await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'later' } } }))).Item);
    clock.advance(3600_000);
    assert.equal((await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'later' } } }))).Item, undefined);
    assert.ok((await ddb.send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'never' } } }))).Item);
    const { records } = await readAll(streams, created.TableDescription!.LatestStreamArn!);
    const removes = records.filter((r) => r.eventName === 'REMOVE');
    assert.deepEqual(removes.map((r) => [r.dynamodb!.Keys!.pk!.S, r.userIdentity]), [
      ['soon', { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' }],
      ['later', { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' }],
    ]);
  });
});

describe('boto3', () => {
  it('client and resource API: Table, batch_writer, Key conditions, no checksum retries', async () => {
    const name = uniqueName('boto');
    const out = await pythonJson(`
import boto3, json
from decimal import Decimal
from boto3.dynamodb.conditions import Key, Attr
ddb = boto3.resource('dynamodb')
t = ddb.create_table(TableName='${name}', KeySchema=[{'AttributeName':'pk','KeyType':'HASH'},{'AttributeName':'sk','KeyType':'RANGE'}],
  AttributeDefinitions=[{'AttributeName':'pk','AttributeType':'S'},{'AttributeName':'sk','AttributeType':'N'}], BillingMode='PAY_PER_REQUEST')
t.wait_until_exists()
with t.batch_writer() as b:
    for i in range(30):
        b.put_item(Item={'pk': 'p', 'sk': i, 'v': Decimal('0.1') * i, 'tags': {'a', 'b'}})
t.update_item(Key={'pk':'p','sk':1}, UpdateExpression='SET v = v + :x', ExpressionAttributeValues={':x': Decimal('0.2')})
q = t.query(KeyConditionExpression=Key('pk').eq('p') & Key('sk').between(1, 3), FilterExpression=Attr('v').gte(Decimal('0.2')), ScanIndexForward=False)
client = boto3.client('dynamodb')
r = client.get_item(TableName='${name}', Key={'pk': {'S': 'p'}, 'sk': {'N': '1'}})
print(json.dumps({'sks': [int(i['sk']) for i in q['Items']], 'v1': r['Item']['v']['N'], 'count': t.item_count,
  'retries': r['ResponseMetadata']['RetryAttempts'], 'crc': r['ResponseMetadata']['HTTPHeaders'].get('x-amz-crc32') is not None,
  'scan': client.scan(TableName='${name}', Select='COUNT')['Count']}))
`, { ...t.env(), AWS_MAX_ATTEMPTS: '3' });
    assert.deepEqual(out, { sks: [3, 2, 1], v1: '0.3', count: 30, retries: 0, crc: true, scan: 30 });
  });
});

describe('--persist', () => {
  it('a restart keeps tables, items, indexes and stream records', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nimbus-ddb-'));
    try {
      let child = await startChild(['--persist', dir]);
      const client = () => new DynamoDBClient({ endpoint: child.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
      let ddb = client();
      await ddb.send(new CreateTableCommand({
        TableName: 'persisted', BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }));
      for (let i = 0; i < 5; i++) await ddb.send(new PutItemCommand({ TableName: 'persisted', Item: { pk: { S: `k${i}` }, g: { S: i % 2 ? 'odd' : 'even' }, b: { B: Buffer.from([i]) } } }));
      await ddb.send(new DeleteItemCommand({ TableName: 'persisted', Key: { pk: { S: 'k4' } } }));
      await child.kill();
      child = await startChild(['--persist', dir]);
      ddb = client();
      const d = (await ddb.send(new DescribeTableCommand({ TableName: 'persisted' }))).Table!;
      assert.equal(d.ItemCount, 4);
      assert.equal(d.GlobalSecondaryIndexes![0]!.ItemCount, 4);
      assert.deepEqual((await ddb.send(new GetItemCommand({ TableName: 'persisted', Key: { pk: { S: 'k3' } } }))).Item, { pk: { S: 'k3' }, g: { S: 'odd' }, b: { B: new Uint8Array([3]) } });
      const odd = await ddb.send(new QueryCommand({ TableName: 'persisted', IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'odd' } } }));
      assert.deepEqual(odd.Items!.map((i) => i.pk!.S).sort(), ['k1', 'k3']);
      const streams = new DynamoDBStreamsClient({ endpoint: child.endpoint, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
      const { records } = await readAll(streams, d.LatestStreamArn!);
      assert.deepEqual(records.map((r) => r.eventName), ['INSERT', 'INSERT', 'INSERT', 'INSERT', 'INSERT', 'REMOVE']);
      await ddb.send(new PutItemCommand({ TableName: 'persisted', Item: { pk: { S: 'k9' } } }));
      const again = await readAll(streams, d.LatestStreamArn!);
      assert.equal(again.records.length, 7);
      assert.ok(BigInt(again.records[6]!.dynamodb!.SequenceNumber!) > BigInt(again.records[5]!.dynamodb!.SequenceNumber!));
      await child.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
