// DynamoDB operations in IAM's terms: each acts on its table's ARN (index operations on the
// table too), batch and transaction operations on '*' here (AWS authorizes them per table).
import type { RequestContext } from '../context.js';
import type { IamOperation, IamTable } from '../service.js';

const onTable: IamOperation = {
  resource: (input: Record<string, any>, ctx: RequestContext) => `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${input.TableName ?? ''}`,
};
const onArn: IamOperation = { resource: (input: Record<string, any>) => input.ResourceArn ?? '*' };
const any: IamOperation = { resource: () => '*' };

export const dynamodbIam: IamTable = {
  prefix: 'dynamodb',
  operations: {
    CreateTable: onTable, DescribeTable: onTable, UpdateTable: onTable, DeleteTable: onTable, ListTables: any,
    TagResource: onArn, UntagResource: onArn, ListTagsOfResource: onArn,
    UpdateTimeToLive: onTable, DescribeTimeToLive: onTable, DescribeLimits: any, DescribeEndpoints: any,
    PutItem: onTable, GetItem: onTable, UpdateItem: onTable, DeleteItem: onTable, Query: onTable, Scan: onTable,
    BatchGetItem: any, BatchWriteItem: any, TransactGetItems: any, TransactWriteItems: any,
    ExecuteStatement: any, BatchExecuteStatement: any, ExecuteTransaction: any,
  },
};
