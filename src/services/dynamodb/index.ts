// DynamoDB over awsJson1_0, with the x-amz-crc32 response checksum (services/response-facts.ts).
// Files: values.ts and decimal.ts (the data model), collection.ts and table.ts (storage and
// indexes), expressions/ (the parser and evaluators), legacy.ts, request.ts (common checks),
// tables.ts, items.ts, query.ts, batch.ts, transactions.ts, capacity.ts, ttl.ts, stream-log.ts and
// streams-api.ts (the in-process API of api.ts), rows.ts and state.ts (durable rows, restore).
import { defineService } from '../service.js';
import { batchGetItem, batchWriteItem } from './batch.js';
import { dynamodbIam } from './iam.js';
import { deleteItem, getItem, putItem, updateItem } from './items.js';
import { batchExecuteStatement, executeStatement, executeTransaction } from './partiql.js';
import { query, scan } from './query.js';
import { createDynamoState, disposeDynamoState } from './state.js';
import { createDynamoApi } from './streams-api.js';
import {
  createTable, deleteTable, describeEndpoints, describeLimits, describeTable, describeTimeToLive, listTables,
  listTagsOfResource, tagResource, untagResource, updateTable, updateTimeToLive,
} from './tables.js';
import { transactGetItems, transactWriteItems } from './transactions.js';
import { startTtlSweeper } from './ttl.js';

export const dynamodb = defineService({
  id: 'dynamodb',
  createState(host) {
    const state = createDynamoState(host);
    startTtlSweeper(state);
    return state;
  },
  dispose: disposeDynamoState,
  // A request holds at most 25 items of 400 KB (BatchWriteItem) or 100 actions; 16 MB is AWS's
  // request size limit.
  bodyLimits: { default: 16 * 1024 * 1024 },
  iam: dynamodbIam,
  api: createDynamoApi,
  operations: {
    CreateTable: createTable as never,
    DescribeTable: describeTable as never,
    UpdateTable: updateTable as never,
    DeleteTable: deleteTable as never,
    ListTables: listTables as never,
    TagResource: tagResource as never,
    UntagResource: untagResource as never,
    ListTagsOfResource: listTagsOfResource as never,
    UpdateTimeToLive: updateTimeToLive as never,
    DescribeTimeToLive: describeTimeToLive as never,
    DescribeLimits: describeLimits as never,
    DescribeEndpoints: describeEndpoints as never,
    PutItem: putItem as never,
    GetItem: getItem as never,
    UpdateItem: updateItem as never,
    DeleteItem: deleteItem as never,
    Query: query as never,
    Scan: scan as never,
    BatchGetItem: batchGetItem as never,
    BatchWriteItem: batchWriteItem as never,
    TransactGetItems: transactGetItems as never,
    TransactWriteItems: transactWriteItems as never,
    ExecuteStatement: executeStatement as never,
    BatchExecuteStatement: batchExecuteStatement as never,
    ExecuteTransaction: executeTransaction as never,
  },
});
