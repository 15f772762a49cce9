// DynamoDB through the SDK v3 (DynamoDBClient and the DocumentClient): tables, items, every
// expression operator and function, ReturnValues, numbers, sort orders, pagination, batches,
// transactions.
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, PutItemCommand, GetItemCommand, UpdateItemCommand,
  DeleteItemCommand, QueryCommand, ScanCommand, ListTablesCommand, DeleteTableCommand, BatchWriteItemCommand,
  BatchGetItemCommand, TransactWriteItemsCommand, TransactGetItemsCommand, UpdateTableCommand, TagResourceCommand,
  ListTagsOfResourceCommand, UntagResourceCommand, DescribeLimitsCommand, waitUntilTableExists, type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { ExecuteStatementCommand, BatchExecuteStatementCommand, ExecuteTransactionCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand as DocQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { useNimbus, uniqueName } from '../../support/nimbus.js';

const t = useNimbus();
let client: DynamoDBClient | undefined;
const db = (): DynamoDBClient => (client ??= new DynamoDBClient(t.config()));

async function table(name: string, range?: { name: string; type: 'S' | 'N' | 'B' }, extra: Record<string, any> = {}) {
  const defs: any[] = [{ AttributeName: 'pk', AttributeType: 'S' }];
  const keys: any[] = [{ AttributeName: 'pk', KeyType: 'HASH' }];
  if (range) {
    defs.push({ AttributeName: range.name, AttributeType: range.type });
    keys.push({ AttributeName: range.name, KeyType: 'RANGE' });
  }
  defs.push(...(extra.defs ?? []));
  delete extra.defs;
  await db().send(new CreateTableCommand({ TableName: name, AttributeDefinitions: defs, KeySchema: keys, BillingMode: 'PAY_PER_REQUEST', ...extra }));
  return name;
}

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}


describe('tables', () => {
  it('creates (CREATING, then ACTIVE for waiters), describes, lists, tags and deletes', async () => {
    const name = uniqueName('tbl');
    const created = await db().send(new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' }, ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      Tags: [{ Key: 'team', Value: 'a' }],
    }));
    assert.equal(created.TableDescription!.TableStatus, 'CREATING');
    const w = await waitUntilTableExists({ client: db(), maxWaitTime: 20, minDelay: 1 }, { TableName: name });
    assert.equal(w.state, 'SUCCESS');
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'a' }, g: { N: '1' }, x: { S: 'hello' } } }));
    const d = (await db().send(new DescribeTableCommand({ TableName: name }))).Table!;
    assert.equal(d.TableStatus, 'ACTIVE');
    assert.equal(d.ItemCount, 1);
    assert.equal(d.TableSizeBytes, 2 + 1 + 1 + 2 + 1 + 5);
    assert.equal(d.GlobalSecondaryIndexes![0]!.ItemCount, 1);
    assert.equal(d.StreamSpecification!.StreamViewType, 'NEW_AND_OLD_IMAGES');
    assert.match(d.LatestStreamArn!, new RegExp(`table/${name}/stream/`));
    assert.equal(d.ProvisionedThroughput!.ReadCapacityUnits, 5);
    await rejects(db().send(new CreateTableCommand({ TableName: name, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' })), 'ResourceInUseException', `Table already exists: ${name}`);
    await db().send(new TagResourceCommand({ ResourceArn: d.TableArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await db().send(new UntagResourceCommand({ ResourceArn: d.TableArn, TagKeys: ['team'] }));
    assert.deepEqual((await db().send(new ListTagsOfResourceCommand({ ResourceArn: d.TableArn }))).Tags, [{ Key: 'env', Value: 'dev' }]);
    const u = await db().send(new UpdateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST' }));
    assert.equal(u.TableDescription!.BillingModeSummary!.BillingMode, 'PAY_PER_REQUEST');
    const limits = await db().send(new DescribeLimitsCommand({}));
    assert.equal(limits.TableMaxReadCapacityUnits, 40000);
    assert.equal((await db().send(new DeleteTableCommand({ TableName: name }))).TableDescription!.TableStatus, 'DELETING');
    await rejects(db().send(new DescribeTableCommand({ TableName: name })), 'ResourceNotFoundException', `Requested resource not found: Table: ${name} not found`);
  });

  it('validates key schemas with AWS messages', async () => {
    await rejects(db().send(new CreateTableCommand({ TableName: uniqueName('bad'), AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }], BillingMode: 'PAY_PER_REQUEST' })), 'ValidationException', 'Invalid KeySchema: The first KeySchemaElement is not a HASH key type');
    await rejects(db().send(new CreateTableCommand({ TableName: uniqueName('bad'), AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'x', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' })), 'ValidationException', 'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions');
    await rejects(db().send(new CreateTableCommand({ TableName: uniqueName('bad'), AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] })), 'ValidationException', /ReadCapacityUnits and WriteCapacityUnits must both be specified/);
  });

  it('lists tables in pages', async () => {
    const prefix = uniqueName('lt');
    for (const n of ['a', 'b', 'c']) await table(`${prefix}-${n}`);
    const all: string[] = [];
    let start: string | undefined;
    do {
      const r = await db().send(new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: start }));
      all.push(...r.TableNames!);
      start = r.LastEvaluatedTableName;
    } while (start);
    assert.deepEqual(all.filter((n) => n.startsWith(prefix)), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  });
});

describe('items', () => {
  it('normalizes numbers and adds 0.1 + 0.2 exactly', async () => {
    const name = await table(uniqueName('num'));
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'n' }, a: { N: '0.1' }, big: { N: '12345678901234567890123456789012345678' }, z: { N: '-0.0' }, e: { N: '1.50E+3' }, ns: { NS: ['1', '1.0e1'] } } }));
    const r = await db().send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: 'n' } }, UpdateExpression: 'SET a = a + :b, big = big - :one', ExpressionAttributeValues: { ':b': { N: '0.2' }, ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' }));
    assert.equal(r.Attributes!.a!.N, '0.3');
    assert.equal(r.Attributes!.big!.N, '12345678901234567890123456789012345677');
    assert.equal(r.Attributes!.z!.N, '0');
    assert.equal(r.Attributes!.e!.N, '1500');
    assert.deepEqual(r.Attributes!.ns!.NS, ['1', '10']);
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' }, n: { N: '123456789012345678901234567890123456789' } } })), 'ValidationException', 'Attempting to store more than 38 significant digits in a Number');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' }, n: { N: '1e126' } } })), 'ValidationException', 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' }, s: { SS: ['a', 'a'] } } })), 'ValidationException', 'One or more parameter values were invalid: Input collection [a, a] contains duplicates.');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x' }, s: { SS: [] } } })), 'ValidationException', /set {2}may not be empty/);
  });

  it('reads back every type exactly as written: nested, binary, non-Latin-1, large (items are stored encoded)', async () => {
    const name = await table(uniqueName('codec'), { name: 'sk', type: 'S' });
    const big = 'é€😀'.repeat(20_000) + 'x'.repeat(200_000);
    const item: Record<string, AttributeValue> = {
      pk: { S: 'p' }, sk: { S: '😀 sort' }, s: { S: 'ünïcødé ✓' }, n: { N: '-12.5' }, b: { B: new Uint8Array([0, 255, 128, 10]) },
      t: { BOOL: true }, f: { BOOL: false }, z: { NULL: true }, ss: { SS: ['a', 'ß'] }, ns: { NS: ['1', '2.5'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([200, 0])] },
      m: { M: { inner: { L: [{ N: '1' }, { M: {} }, { L: [] }, { B: new Uint8Array([7]) }] }, '': { S: '' } } },
      empty: { S: '' }, big: { S: big },
    };
    await db().send(new PutItemCommand({ TableName: name, Item: item }));
    // A second item in the partition, before it in sort-key (UTF-8) order.
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: '\uffff' }, v: { N: '1' } } }));
    const got = (await db().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'p' }, sk: { S: '😀 sort' } } }))).Item!;
    assert.deepEqual(got, item);
    assert.deepEqual(Object.keys(got), Object.keys(item));
    const q = await db().send(new QueryCommand({ TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } } }));
    assert.deepEqual(q.Items!.map((i) => i.sk!.S), ['\uffff', '😀 sort']);
    assert.deepEqual(q.Items![1], item);
  });

  it('checks keys: types, empty values, schema', async () => {
    const name = await table(uniqueName('keys'));
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'k' }, empty: { S: '' }, bin: { B: new Uint8Array() } } }));
    assert.deepEqual((await db().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'k' } } }))).Item!.empty, { S: '' });
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: '' } } })), 'ValidationException', 'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { N: '1' } } })), 'ValidationException', 'One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { x: { S: '1' } } })), 'ValidationException', 'One or more parameter values were invalid: Missing the key pk in the item');
    await rejects(db().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'k' }, oth: { S: 'x' } } })), 'ValidationException', 'The provided key element does not match the schema');
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'x'.repeat(2049) } } })), 'ValidationException', /Size of hashkey has exceeded the maximum size limit/);
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'big' }, v: { S: 'x'.repeat(400 * 1024) } } })), 'ValidationException', 'Item size has exceeded the maximum allowed size');
    await rejects(db().send(new GetItemCommand({ TableName: 'nope-' + name, Key: { pk: { S: 'k' } } })), 'ResourceNotFoundException', 'Requested resource not found');
  });

  it('returns every ReturnValues mode', async () => {
    const name = await table(uniqueName('rv'));
    const Key = { pk: { S: 'r' } };
    assert.equal((await db().send(new PutItemCommand({ TableName: name, Item: { ...Key, a: { N: '1' }, b: { S: 'x' } }, ReturnValues: 'ALL_OLD' }))).Attributes, undefined);
    const old = await db().send(new PutItemCommand({ TableName: name, Item: { ...Key, a: { N: '2' }, b: { S: 'x' } }, ReturnValues: 'ALL_OLD' }));
    assert.deepEqual(old.Attributes, { ...Key, a: { N: '1' }, b: { S: 'x' } });
    const upd = (rv: any, expr = 'SET a = a + :one') => db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: expr, ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: rv }));
    assert.equal((await upd('NONE')).Attributes, undefined);
    assert.deepEqual((await upd('UPDATED_OLD')).Attributes, { a: { N: '3' } });
    assert.deepEqual((await upd('UPDATED_NEW')).Attributes, { a: { N: '5' } });
    assert.deepEqual((await upd('ALL_OLD')).Attributes, { ...Key, a: { N: '5' }, b: { S: 'x' } });
    assert.deepEqual((await upd('ALL_NEW')).Attributes, { ...Key, a: { N: '7' }, b: { S: 'x' } });
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: Key, ReturnValues: 'ALL_NEW' })), 'ValidationException', 'Return values set to invalid value');
    const del = await db().send(new DeleteItemCommand({ TableName: name, Key, ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'TOTAL' }));
    assert.deepEqual(del.Attributes, { ...Key, a: { N: '7' }, b: { S: 'x' } });
    assert.deepEqual(del.ConsumedCapacity, { TableName: name, CapacityUnits: 1, WriteCapacityUnits: 1 });
  });

  it('fails conditions with ConditionalCheckFailedException and returns the item on request', async () => {
    const name = await table(uniqueName('cond'));
    const Key = { pk: { S: 'c' } };
    await db().send(new PutItemCommand({ TableName: name, Item: { ...Key, v: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    await assert.rejects(db().send(new PutItemCommand({ TableName: name, Item: Key, ConditionExpression: 'attribute_not_exists(pk)', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' })), (e: any) => {
      assert.equal(e.name, 'ConditionalCheckFailedException');
      assert.equal(e.message, 'The conditional request failed');
      assert.deepEqual(e.Item, { ...Key, v: { N: '1' } });
      return true;
    });
    await db().send(new DeleteItemCommand({ TableName: name, Key, ConditionExpression: 'v = :one', ExpressionAttributeValues: { ':one': { N: '1.0' } } }));
    assert.equal((await db().send(new GetItemCommand({ TableName: name, Key }))).Item, undefined);
    // Legacy Expected.
    await db().send(new PutItemCommand({ TableName: name, Item: { ...Key, v: { N: '2' } }, Expected: { pk: { Exists: false } } }));
    await rejects(db().send(new PutItemCommand({ TableName: name, Item: Key, Expected: { v: { Value: { N: '3' } } } })), 'ConditionalCheckFailedException');
    await db().send(new PutItemCommand({ TableName: name, Item: Key, Expected: { v: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1' }] } } }));
  });
});

describe('expressions', () => {
  let name: string;
  const Key = { pk: { S: 'e' } };
  before(async () => {
    name = await table(uniqueName('expr'));
    await db().send(new PutItemCommand({ TableName: name, Item: {
      ...Key, s: { S: 'hello world' }, n: { N: '10' }, b: { B: Buffer.from('abc') }, ss: { SS: ['x', 'y'] }, ns: { NS: ['1', '2'] },
      l: { L: [{ S: 'a' }, { N: '1' }, { M: { deep: { S: 'd' } } }] }, m: { M: { k: { S: 'v' }, inr: { M: { z: { N: '5' } } } } },
      t: { BOOL: true }, nul: { NULL: true }, status: { S: 'on' },
    } }));
  });
  const check = async (expr: string, values: Record<string, AttributeValue> | undefined, names?: Record<string, string>) => {
    try {
      await db().send(new PutItemCommand({ TableName: name, Item: (await db().send(new GetItemCommand({ TableName: name, Key }))).Item!, ConditionExpression: expr, ExpressionAttributeValues: values, ExpressionAttributeNames: names }));
      return true;
    } catch (e: any) {
      if (e.name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  };
  it('evaluates every comparator, BETWEEN, IN and the logical operators with precedence', async () => {
    const v = { ':ten': { N: '10' }, ':nine': { N: '9.5' } };
    assert.equal(await check('n = :ten', { ':ten': { N: '10.00' } }), true);
    assert.equal(await check('n <> :nine', { ':nine': v[':nine'] }), true);
    assert.equal(await check('n < :nine', { ':nine': v[':nine'] }), false);
    assert.equal(await check('n <= :ten', { ':ten': v[':ten'] }), true);
    assert.equal(await check('n > :nine', { ':nine': v[':nine'] }), true);
    assert.equal(await check('n >= :ten', { ':ten': { N: '11' } }), false);
    assert.equal(await check('n BETWEEN :a AND :b', { ':a': { N: '9' }, ':b': { N: '10' } }), true);
    assert.equal(await check('s BETWEEN :a AND :b', { ':a': { S: 'a' }, ':b': { S: 'h' } }), false);
    assert.equal(await check('n IN (:a, :b)', { ':a': { N: '1' }, ':b': { N: '10' } }), true);
    assert.equal(await check('n = :s', { ':s': { S: '10' } }), false);
    // AND binds tighter than OR; NOT tighter than AND.
    assert.equal(await check('n = :a OR n = :ten AND n = :a', { ':a': { N: '1' }, ':ten': { N: '10' } }), false);
    assert.equal(await check('(n = :a OR n = :ten) AND NOT n = :a', { ':a': { N: '1' }, ':ten': { N: '10' } }), true);
    assert.equal(await check('NOT n = :a AND n = :ten', { ':a': { N: '1' }, ':ten': { N: '10' } }), true);
  });
  it('evaluates every function on nested paths and list indexes', async () => {
    assert.equal(await check('attribute_exists(m.inr.z)', undefined), true);
    assert.equal(await check('attribute_not_exists(l[5])', undefined), true);
    assert.equal(await check('attribute_type(l[2], :m)', { ':m': { S: 'M' } }), true);
    assert.equal(await check('attribute_type(nul, :t)', { ':t': { S: 'NULL' } }), true);
    assert.equal(await check('begins_with(s, :p)', { ':p': { S: 'hell' } }), true);
    assert.equal(await check('begins_with(b, :p)', { ':p': { B: Buffer.from('ab') } }), true);
    assert.equal(await check('contains(s, :p)', { ':p': { S: 'o w' } }), true);
    assert.equal(await check('contains(ss, :p)', { ':p': { S: 'y' } }), true);
    assert.equal(await check('contains(ns, :p)', { ':p': { N: '3' } }), false);
    assert.equal(await check('contains(l, :p)', { ':p': { S: 'a' } }), true);
    assert.equal(await check('size(s) = :n', { ':n': { N: '11' } }), true);
    assert.equal(await check('size(l) = :n AND size(m) = :two AND size(b) = :three', { ':n': { N: '3' }, ':two': { N: '2' }, ':three': { N: '3' } }), true);
    assert.equal(await check('l[2].deep = :d AND m.inr.z = :five', { ':d': { S: 'd' }, ':five': { N: '5' } }), true);
    assert.equal(await check('#s = :on', { ':on': { S: 'on' } }, { '#s': 'status' }), true);
  });
  it('refuses bad expressions with AWS messages', async () => {
    await rejects(check('status = :on', { ':on': { S: 'on' } }), 'ValidationException', 'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status');
    await rejects(check('n = :missing', { ':x': { S: 'x' } }), 'ValidationException', 'Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing');
    await rejects(check('n = :x', { ':x': { S: 'x' }, ':y': { S: 'y' } }), 'ValidationException', 'Value provided in ExpressionAttributeValues unused in expressions: keys: {:y}');
    await rejects(check('#a = :x', { ':x': { S: 'x' } }, { '#a': 'n', '#b': 'm' }), 'ValidationException', 'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}');
    await rejects(check('n = = :x', { ':x': { S: 'x' } }), 'ValidationException', 'Invalid ConditionExpression: Syntax error; token: "=", near: "= = :x"');
    await rejects(check('nofn(n)', undefined), 'ValidationException', 'Invalid ConditionExpression: Invalid function name; function: nofn');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET a = :x SET b = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } })), 'ValidationException', 'Invalid UpdateExpression: The "SET" section can only be used once in an update expression;');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET a = :x, a.b = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } })), 'ValidationException', 'Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET pk = :x', ExpressionAttributeValues: { ':x': { S: 'x' } } })), 'ValidationException', 'One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'ADD s :x', ExpressionAttributeValues: { ':x': { S: 'x' } } })), 'ValidationException', 'Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET n = s + :x', ExpressionAttributeValues: { ':x': { N: '1' } } })), 'ValidationException', 'An operand in the update expression has an incorrect data type');
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET n = :x,', ExpressionAttributeValues: { ':x': { N: '1' } } })), 'ValidationException', 'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","');
  });
  it('applies SET (arithmetic, if_not_exists, list_append, nested, list index), REMOVE, ADD and DELETE', async () => {
    const r = await db().send(new UpdateItemCommand({
      TableName: name, Key,
      UpdateExpression: 'SET n = n - :one, fresh = if_not_exists(fresh, :zero), n2 = if_not_exists(n, :zero), l = list_append(:pre, l), m.inr.y = :one REMOVE s, m.k ADD ns :ns, cnt :one DELETE ss :y',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':zero': { N: '0' }, ':pre': { L: [{ S: 'first' }] }, ':ns': { NS: ['2', '3'] }, ':y': { SS: ['y'] } },
      ReturnValues: 'ALL_NEW',
    }));
    const a = r.Attributes!;
    assert.equal(a.n!.N, '9');
    assert.equal(a.fresh!.N, '0');
    assert.equal(a.n2!.N, '10');
    assert.deepEqual(a.l!.L!.map((x) => x.S ?? x.N ?? 'M'), ['first', 'a', '1', 'M']);
    assert.deepEqual(a.m!.M, { inr: { M: { z: { N: '5' }, y: { N: '1' } } } });
    assert.equal(a.s, undefined);
    assert.deepEqual(a.ns!.NS!.sort(), ['1', '2', '3']);
    assert.equal(a.cnt!.N, '1');
    assert.deepEqual(a.ss!.SS, ['x']);
    const r2 = await db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET l[1] = :r REMOVE l[0], l[2] DELETE ss :x', ExpressionAttributeValues: { ':x': { SS: ['x'] }, ':r': { S: 'replaced' } }, ReturnValues: 'ALL_NEW' }));
    assert.deepEqual(r2.Attributes!.l!.L!.map((x) => x.S ?? x.N ?? 'M'), ['replaced', 'M']);
    assert.equal(r2.Attributes!.ss, undefined);
    await rejects(db().send(new UpdateItemCommand({ TableName: name, Key, UpdateExpression: 'SET nope.deeper = :x', ExpressionAttributeValues: { ':x': { N: '1' } } })), 'ValidationException', 'The document path provided in the update expression is invalid for update');
    // Legacy AttributeUpdates.
    const r3 = await db().send(new UpdateItemCommand({ TableName: name, Key, AttributeUpdates: { n: { Action: 'ADD', Value: { N: '1' } }, t: { Action: 'DELETE' }, q: { Action: 'PUT', Value: { S: 'q' } } }, ReturnValues: 'UPDATED_NEW' }));
    assert.deepEqual(r3.Attributes, { n: { N: '10' }, q: { S: 'q' } });
  });
  it('projects nested paths and list elements', async () => {
    const r = await db().send(new GetItemCommand({ TableName: name, Key, ProjectionExpression: 'm.inr.z, l[1], #n', ExpressionAttributeNames: { '#n': 'n' } }));
    assert.deepEqual(r.Item, { m: { M: { inr: { M: { z: { N: '5' } } } } }, l: { L: [{ M: { deep: { S: 'd' } } }] }, n: { N: '10' } });
    const r2 = await db().send(new GetItemCommand({ TableName: name, Key, AttributesToGet: ['n', 'q'] }));
    assert.deepEqual(r2.Item, { n: { N: '10' }, q: { S: 'q' } });
  });
});

describe('query and scan', () => {
  it('orders sort keys: numbers numerically, strings by UTF-8 bytes, binary by bytes', async () => {
    const nt = await table(uniqueName('ordn'), { name: 'sk', type: 'N' });
    for (const n of ['10', '-2', '2', '1.5', '-10.25', '0']) await db().send(new PutItemCommand({ TableName: nt, Item: { pk: { S: 'p' }, sk: { N: n } } }));
    const q = async (tableName: string, forward = true) => (await db().send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, ScanIndexForward: forward }))).Items!.map((i) => i.sk!);
    assert.deepEqual((await q(nt)).map((v) => v.N), ['-10.25', '-2', '0', '1.5', '2', '10']);
    assert.deepEqual((await q(nt, false)).map((v) => v.N), ['10', '2', '1.5', '0', '-2', '-10.25']);
    const st = await table(uniqueName('ords'), { name: 'sk', type: 'S' });
    for (const s of ['b', 'a', 'Z', '\u{1F600}', '\uFFFD', 'ab']) await db().send(new PutItemCommand({ TableName: st, Item: { pk: { S: 'p' }, sk: { S: s } } }));
    assert.deepEqual((await q(st)).map((v) => v.S), ['Z', 'a', 'ab', 'b', '\uFFFD', '\u{1F600}']);
    const bt = await table(uniqueName('ordb'), { name: 'sk', type: 'B' });
    for (const b of [[2], [1, 255], [1], [128]]) await db().send(new PutItemCommand({ TableName: bt, Item: { pk: { S: 'p' }, sk: { B: new Uint8Array(b) } } }));
    assert.deepEqual((await q(bt)).map((v) => [...v.B!]), [[1], [1, 255], [2], [128]]);
    const range = await db().send(new QueryCommand({ TableName: nt, KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { N: '-2' }, ':b': { N: '2' } } }));
    assert.deepEqual(range.Items!.map((i) => i.sk!.N), ['-2', '0', '1.5', '2']);
    const bw = await db().send(new QueryCommand({ TableName: st, KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)', ExpressionAttributeValues: { ':p': { S: 'p' }, ':a': { S: 'a' } } }));
    assert.deepEqual(bw.Items!.map((i) => i.sk!.S), ['a', 'ab']);
    const legacy = await db().send(new QueryCommand({ TableName: nt, KeyConditions: { pk: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'p' }] }, sk: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '1.5' }] } } }));
    assert.deepEqual(legacy.Items!.map((i) => i.sk!.N), ['2', '10']);
    await rejects(db().send(new QueryCommand({ TableName: nt, KeyConditionExpression: 'sk = :a', ExpressionAttributeValues: { ':a': { N: '1' } } })), 'ValidationException', 'Query condition missed key schema element: pk');
  });

  it('paginates with Limit, filters, counts and crosses the 1 MB page limit', async () => {
    const name = await table(uniqueName('page'), { name: 'sk', type: 'N' });
    const big = 'x'.repeat(100 * 1024);
    const writes = [];
    for (let i = 0; i < 25; i++) writes.push({ PutRequest: { Item: { pk: { S: 'p' }, sk: { N: String(i) }, pad: { S: big }, even: { BOOL: i % 2 === 0 } } } });
    await db().send(new BatchWriteItemCommand({ RequestItems: { [name]: writes.slice(0, 25) } }));
    let pages = 0;
    const seen: string[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const r = await db().send(new QueryCommand({ TableName: name, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, ExclusiveStartKey: start, ProjectionExpression: 'sk' }));
      pages++;
      seen.push(...r.Items!.map((i) => i.sk!.N!));
      start = r.LastEvaluatedKey;
    } while (start);
    assert.equal(pages, 3);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => String(i)));
    const f = await db().send(new QueryCommand({ TableName: name, KeyConditionExpression: 'pk = :p', FilterExpression: 'even = :t', ExpressionAttributeValues: { ':p': { S: 'p' }, ':t': { BOOL: true } }, Limit: 4, Select: 'COUNT' }));
    assert.equal(f.Count, 2);
    assert.equal(f.ScannedCount, 4);
    assert.deepEqual(f.LastEvaluatedKey, { pk: { S: 'p' }, sk: { N: '3' } });
    const scanned: string[] = [];
    for (const segment of [0, 1, 2]) {
      let s: Record<string, AttributeValue> | undefined;
      do {
        const r = await db().send(new ScanCommand({ TableName: name, Segment: segment, TotalSegments: 3, Limit: 7, ExclusiveStartKey: s, ProjectionExpression: 'sk' }));
        scanned.push(...r.Items!.map((i) => i.sk!.N!));
        s = r.LastEvaluatedKey;
      } while (s);
    }
    assert.equal(scanned.length, 25);
  });

  it('queries sparse GSIs and LSIs with projections', async () => {
    const name = await table(uniqueName('idx'), { name: 'sk', type: 'S' }, {
      defs: [{ AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'l', AttributeType: 'N' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byG', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['extra'] } }],
      LocalSecondaryIndexes: [{ IndexName: 'byL', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'l', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: '1' }, g: { S: 'G' }, l: { N: '3' }, extra: { S: 'e' }, oth: { S: 'o' } } }));
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'p' }, sk: { S: '2' }, l: { N: '1' } } }));
    const g = await db().send(new QueryCommand({ TableName: name, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } } }));
    assert.deepEqual(g.Items, [{ pk: { S: 'p' }, sk: { S: '1' }, g: { S: 'G' }, extra: { S: 'e' } }]);
    const l = await db().send(new QueryCommand({ TableName: name, IndexName: 'byL', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'p' } }, Select: 'ALL_PROJECTED_ATTRIBUTES' }));
    assert.deepEqual(l.Items!.map((i) => i.sk!.S), ['2', '1']);
    assert.equal((await db().send(new ScanCommand({ TableName: name, IndexName: 'byG' }))).Count, 1);
    await rejects(db().send(new QueryCommand({ TableName: name, IndexName: 'byG', KeyConditionExpression: 'g = :g', ExpressionAttributeValues: { ':g': { S: 'G' } }, Select: 'ALL_ATTRIBUTES' })), 'ValidationException', /Select type ALL_ATTRIBUTES is not supported for global secondary index byG/);
    await db().send(new UpdateTableCommand({ TableName: name, AttributeDefinitions: [{ AttributeName: 'oth', AttributeType: 'S' }], GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byOth', KeySchema: [{ AttributeName: 'oth', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }] }));
    const o = await db().send(new QueryCommand({ TableName: name, IndexName: 'byOth', KeyConditionExpression: 'oth = :o', ExpressionAttributeValues: { ':o': { S: 'o' } } }));
    assert.equal(o.Items![0]!.extra!.S, 'e');
  });
});

describe('batches and transactions', () => {
  it('batch writes and gets', async () => {
    const name = await table(uniqueName('batch'));
    await db().send(new BatchWriteItemCommand({ RequestItems: { [name]: [{ PutRequest: { Item: { pk: { S: 'a' }, v: { N: '1' } } } }, { PutRequest: { Item: { pk: { S: 'b' } } } }] } }));
    const got = await db().send(new BatchGetItemCommand({ RequestItems: { [name]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'b' } }, { pk: { S: 'zz' } }], ProjectionExpression: 'pk' } } }));
    assert.deepEqual(got.Responses![name]!.map((i) => i.pk!.S).sort(), ['a', 'b']);
    assert.deepEqual(got.UnprocessedKeys, {});
    await rejects(db().send(new BatchGetItemCommand({ RequestItems: { [name]: { Keys: [{ pk: { S: 'a' } }, { pk: { S: 'a' } }] } } })), 'ValidationException', 'Provided list of item keys contains duplicates');
  });

  it('transactions are atomic, report cancellation reasons and honour idempotency tokens', async () => {
    const name = await table(uniqueName('tx'));
    await db().send(new PutItemCommand({ TableName: name, Item: { pk: { S: 'acct' }, balance: { N: '10' } } }));
    await assert.rejects(db().send(new TransactWriteItemsCommand({ TransactItems: [
      { Put: { TableName: name, Item: { pk: { S: 'new' } } } },
      { Update: { TableName: name, Key: { pk: { S: 'acct' } }, UpdateExpression: 'SET balance = balance - :a', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': { N: '20' } }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
    ] })), (e: any) => {
      assert.equal(e.name, 'TransactionCanceledException');
      assert.equal(e.message, 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]');
      assert.deepEqual(e.CancellationReasons, [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { pk: { S: 'acct' }, balance: { N: '10' } } }]);
      return true;
    });
    assert.equal((await db().send(new GetItemCommand({ TableName: name, Key: { pk: { S: 'new' } } }))).Item, undefined);
    const tx = { ClientRequestToken: uniqueName('tok'), TransactItems: [
      { ConditionCheck: { TableName: name, Key: { pk: { S: 'acct' } }, ConditionExpression: 'attribute_exists(pk)' } },
      { Update: { TableName: name, Key: { pk: { S: 'acct' } }, UpdateExpression: 'ADD balance :a', ExpressionAttributeValues: { ':a': { N: '-3' } } } },
    ] };
    await rejects(db().send(new TransactWriteItemsCommand(tx)), 'ValidationException', 'Transaction request cannot include multiple operations on one item');
    const tx2 = { ClientRequestToken: tx.ClientRequestToken, TransactItems: [tx.TransactItems[1]!, { Put: { TableName: name, Item: { pk: { S: 'oth' } } } }] };
    await db().send(new TransactWriteItemsCommand(tx2));
    await db().send(new TransactWriteItemsCommand(tx2));
    const got = await db().send(new TransactGetItemsCommand({ TransactItems: [{ Get: { TableName: name, Key: { pk: { S: 'acct' } } } }, { Get: { TableName: name, Key: { pk: { S: 'none' } } } }] }));
    assert.equal(got.Responses![0]!.Item!.balance!.N, '7');
    assert.deepEqual(got.Responses![1], {});
    await rejects(db().send(new TransactWriteItemsCommand({ ...tx2, TransactItems: [tx2.TransactItems[0]!] })), 'IdempotentParameterMismatchException');
  });
});

describe('DocumentClient', () => {
  it('puts, gets, updates and queries plain JavaScript values', async () => {
    const name = await table(uniqueName('doc'), { name: 'sk', type: 'N' });
    const doc = DynamoDBDocumentClient.from(db());
    await doc.send(new PutCommand({ TableName: name, Item: { pk: 'u', sk: 1, tags: new Set(['a']), nested: { list: [1, 'two', null, true] } } }));
    await doc.send(new PutCommand({ TableName: name, Item: { pk: 'u', sk: 2 } }));
    const up = await doc.send(new UpdateCommand({ TableName: name, Key: { pk: 'u', sk: 1 }, UpdateExpression: 'SET #c = if_not_exists(#c, :z) + :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':z': 0, ':one': 1 }, ReturnValues: 'UPDATED_NEW' }));
    assert.deepEqual(up.Attributes, { count: 1 });
    const got = await doc.send(new GetCommand({ TableName: name, Key: { pk: 'u', sk: 1 } }));
    assert.deepEqual(got.Item, { pk: 'u', sk: 1, tags: new Set(['a']), nested: { list: [1, 'two', null, true] }, count: 1 });
    const q = await doc.send(new DocQuery({ TableName: name, KeyConditionExpression: 'pk = :p AND sk > :s', ExpressionAttributeValues: { ':p': 'u', ':s': 1 } }));
    assert.deepEqual(q.Items, [{ pk: 'u', sk: 2 }]);
  });
});

describe('PartiQL', () => {
  it('runs SELECT, INSERT, UPDATE and DELETE, in batches and transactions', async () => {
    const name = await table(uniqueName('pql'), { name: 'sk', type: 'N' });
    const run = (Statement: string, Parameters?: AttributeValue[], extra: Record<string, any> = {}) => db().send(new ExecuteStatementCommand({ Statement, Parameters, ...extra }));
    await run(`INSERT INTO "${name}" VALUE {'pk': 'a', 'sk': 1, 'tags': <<'x', 'y'>>, 'm': {'n': [1, ?]}}`, [{ S: 'two' }]);
    await run(`INSERT INTO "${name}" VALUE {'pk': ?, 'sk': ?}`, [{ S: 'a' }, { N: '2' }]);
    await rejects(run(`INSERT INTO "${name}" VALUE {'pk': 'a', 'sk': 1}`), 'DuplicateItemException', 'Duplicate primary key exists in table');
    await run(`UPDATE "${name}" SET v = 10, m.n[0] = m.n[0] + 1 REMOVE tags WHERE pk = 'a' AND sk = 1`);
    const all = await run(`SELECT * FROM "${name}" WHERE pk = ?`, [{ S: 'a' }]);
    assert.deepEqual(all.Items, [{ pk: { S: 'a' }, sk: { N: '1' }, m: { M: { n: { L: [{ N: '2' }, { S: 'two' }] } } }, v: { N: '10' } }, { pk: { S: 'a' }, sk: { N: '2' } }]);
    const some = await run(`SELECT sk, v FROM "${name}" WHERE pk = 'a' AND v IS NOT MISSING AND sk BETWEEN 0 AND 5`);
    assert.deepEqual(some.Items, [{ sk: { N: '1' }, v: { N: '10' } }]);
    const paged = await run(`SELECT sk FROM "${name}"`, undefined, { Limit: 1 });
    assert.equal(paged.Items!.length, 1);
    const page2 = await run(`SELECT sk FROM "${name}"`, undefined, { Limit: 1, NextToken: paged.NextToken });
    assert.deepEqual([paged.Items![0]!.sk!.N, page2.Items![0]!.sk!.N], ['1', '2']);
    await rejects(run(`UPDATE "${name}" SET v = 1 WHERE pk = 'a' AND sk = 9`), 'ConditionalCheckFailedException');
    await rejects(run(`DELETE FROM "${name}" WHERE pk = 'a'`), 'ValidationException', 'Where clause does not contain a mandatory equality on all key attributes');
    await rejects(run(`SELEC * FROM "${name}"`), 'ValidationException', /Statement wasn't well formed/);
    const batch = await db().send(new BatchExecuteStatementCommand({ Statements: [
      { Statement: `SELECT * FROM "${name}" WHERE pk = 'a' AND sk = 2` },
      { Statement: `INSERT INTO "${name}" VALUE {'pk': 'a', 'sk': 2}` },
      { Statement: `DELETE FROM "${name}" WHERE pk = 'a' AND sk = 2` },
    ] }));
    assert.deepEqual(batch.Responses!.map((r) => r.Error?.Code ?? (r.Item ? 'item' : 'ok')), ['item', 'DuplicateItem', 'ok']);
    await assert.rejects(db().send(new ExecuteTransactionCommand({ TransactStatements: [
      { Statement: `INSERT INTO "${name}" VALUE {'pk': 'b', 'sk': 1}` },
      { Statement: `UPDATE "${name}" SET v = 11 WHERE pk = 'a' AND sk = 1 AND v = 99` },
    ] })), (e: any) => {
      assert.equal(e.name, 'TransactionCanceledException');
      assert.deepEqual(e.CancellationReasons.map((r: any) => r.Code), ['None', 'ConditionalCheckFailed']);
      return true;
    });
    assert.equal((await run(`SELECT * FROM "${name}" WHERE pk = 'b'`)).Items!.length, 0);
    await db().send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: `DELETE FROM "${name}" WHERE pk = 'a' AND sk = 1` }] }));
    assert.equal((await run(`SELECT * FROM "${name}" WHERE pk = 'a'`)).Items!.length, 0);
  });
});
