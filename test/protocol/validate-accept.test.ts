// The compiled fast check (validate-accept.ts) must accept exactly the inputs the full walk
// (validate.ts) finds no problem in: accepting more would let an invalid request reach a handler.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModel } from '../../src/models/load.js';
import { acceptorFor } from '../../src/protocol/validate-accept.js';
import { validateInput } from '../../src/protocol/validate.js';
import { sqs as sqsService } from '../../src/services/sqs/index.js';

const ddb = loadModel('dynamodb');
const sqs = loadModel('sqs');
const ITEM = { pk: { S: 'user#1' }, sk: { N: '0' }, tags: { SS: ['a', 'b'] }, m: { M: { x: { L: [{ BOOL: true }, { NULL: true }] } } } };

// [operation, input, valid]
const DYNAMODB_CASES: [string, Record<string, unknown>, boolean][] = [
  ['PutItem', { TableName: 'orders', Item: ITEM }, true],
  ['PutItem', { TableName: 'orders', Item: ITEM, Undeclared: { anything: 1 } }, true],
  ['PutItem', { TableName: 'orders', Item: ITEM, ReturnValues: null }, true],
  ['PutItem', { Item: ITEM }, false],
  ['PutItem', { TableName: 'orders' }, false],
  ['PutItem', { TableName: '', Item: ITEM }, false],
  ['PutItem', { TableName: 'x'.repeat(1025), Item: ITEM }, false],
  ['PutItem', { TableName: 'orders', Item: ITEM, ReturnValues: 'SOME' }, false],
  ['PutItem', { TableName: 'orders', Item: { pk: { S: 5 } } }, false],
  ['PutItem', { TableName: 'orders', Item: { pk: { SS: ['a', null] } } }, false],
  ['PutItem', { TableName: 'orders', Item: { pk: null } }, false],
  ['PutItem', { TableName: 'orders', Item: { pk: { M: { x: { L: [{ BOOL: 'yes' }] } } } } }, false],
  ['PutItem', { TableName: 'orders', Item: [] }, false],
  ['Query', { TableName: 'orders', Limit: 10, ConsistentRead: true }, true],
  ['Query', { TableName: 'orders', Limit: 0 }, false],
  ['Query', { TableName: 'orders', Limit: 1.5 }, false],
  ['Query', { TableName: 'orders', ConsistentRead: 'yes' }, false],
  ['Scan', { TableName: 'orders', Segment: 1, TotalSegments: 2 }, true],
  ['Scan', { TableName: 'orders', TotalSegments: 1_000_001 }, false],
  ['BatchGetItem', { RequestItems: { orders: { Keys: [{ pk: { S: 'a' } }] } } }, true],
  ['BatchGetItem', { RequestItems: {} }, false],
  ['BatchGetItem', { RequestItems: { orders: { Keys: [] } } }, false],
];

function fullWalkAccepts(model: typeof ddb, operation: string, input: Record<string, unknown>, codes?: Parameters<typeof validateInput>[4]): boolean {
  try {
    validateInput(model, 'awsJson1_0', model.operations[operation]!.input, structuredClone(input), codes);
    return true;
  } catch {
    return false;
  }
}

test('the fast check accepts what the full validation accepts, and nothing else (DynamoDB)', () => {
  for (const [operation, input, valid] of DYNAMODB_CASES) {
    const label = `${operation} ${JSON.stringify(input)}`;
    assert.equal(fullWalkAccepts(ddb, operation, input), valid, `full walk: ${label}`);
    assert.equal(acceptorFor(ddb, ddb.operations[operation]!.input!)(structuredClone(input)), valid, `fast check: ${label}`);
  }
});

test('the fast check deletes a null member, as the full walk does', () => {
  const input: Record<string, unknown> = { TableName: 'orders', Item: ITEM, ReturnValues: null };
  assert.equal(acceptorFor(ddb, 'PutItemInput')(input), true);
  assert.equal(Object.hasOwn(input, 'ReturnValues'), false);
});

test("enums a service checks itself are left to it by the fast check too (SQS's attribute names)", () => {
  const codes = sqsService.validation!;
  const input = { QueueUrl: 'http://localhost/000000000000/q', AttributeNames: ['NotAnAttribute'] };
  const shape = sqs.operations.GetQueueAttributes!.input!;
  assert.equal(fullWalkAccepts(sqs, 'GetQueueAttributes', input, codes), true);
  assert.equal(acceptorFor(sqs, shape, codes.serviceCheckedEnums)(structuredClone(input)), true);
  // Without the service's set, the enum is the model's: refused by both.
  assert.equal(fullWalkAccepts(sqs, 'GetQueueAttributes', { ...input, AttributeNames: [5] }, codes), false);
  assert.equal(acceptorFor(sqs, shape, codes.serviceCheckedEnums)({ ...input, AttributeNames: [5] }), false);
});
