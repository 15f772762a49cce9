// Every operation routes: one without a handler answers 501 NotImplemented in its own protocol,
// and each client sees a proper error (name, message, status). The services called here are
// defined by this test with empty operation tables (the `services` option replaces the registry's
// definitions), so the cases hold whichever operations Nimbus implements.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import type { ServiceDefinition } from '../../src/services/service.js';
import { useNimbus } from '../support/nimbus.js';
import { pythonJson, runAws } from '../support/python.js';

/** A service with no handlers: every operation answers 501. */
function withoutHandlers(id: string): () => Promise<ServiceDefinition<any>> {
  return async () => ({ id, createState: () => ({}), operations: {} });
}

// One service per protocol family (and the query-compatible and CBOR variants of CloudWatch).
const UNIMPLEMENTED = ['dynamodb', 'cloudwatch', 'ssm', 'iam', 'rds', 'ec2', 'lambda', 's3'];
const t = useNimbus({ services: Object.fromEntries(UNIMPLEMENTED.map((id) => [id, withoutHandlers(id)])) });

const cases: Array<[string, string, () => Promise<unknown>]> = [
  ['awsJson1_0', 'DynamoDB.ListTables', () => new DynamoDBClient(t.config()).send(new ListTablesCommand({}))],
  ['awsJson1_0 (query-compatible)', 'CloudWatch.DescribeAlarms', () => new CloudWatchClient(t.config()).send(new DescribeAlarmsCommand({}))],
  ['awsQuery (CloudWatch)', 'CloudWatch.DescribeAlarms', () => new CloudWatchClient({ ...t.config(), protocol: AwsQueryProtocol as any }).send(new DescribeAlarmsCommand({}))],
  ['awsJson1_1', 'SSM.DescribeParameters', () => new SSMClient(t.config()).send(new DescribeParametersCommand({}))],
  ['awsQuery', 'IAM.ListUsers', () => new IAMClient(t.config()).send(new ListUsersCommand({}))],
  ['ec2Query', 'EC2.RunInstances', () => new EC2Client(t.config()).send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ImageId: 'ami-12345678' }))],
  ['restJson1', 'Lambda.GetFunction', () => new LambdaClient(t.config()).send(new GetFunctionCommand({ FunctionName: 'f' }))],
  ['restXml', 'S3.GetObject', () => new S3Client({ ...t.config(), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: 'bucket', Key: 'a/b.txt' }))],
  ['rpcv2Cbor', 'CloudWatch.DescribeAlarms', () => new CloudWatchClient({ ...t.config(), protocol: AwsSmithyRpcV2CborProtocol as any }).send(new DescribeAlarmsCommand({}))],
];

for (const [protocol, operation, call] of cases) {
  test(`${protocol}: ${operation} answers 501 NotImplemented (SDK v3)`, async () => {
    await assert.rejects(call(), (e: any) => {
      assert.equal(e.$metadata.httpStatusCode, 501);
      assert.equal(e.name, 'NotImplemented');
      assert.match(e.message, new RegExp(`${operation.replace('.', '\\.')} is not implemented`));
      return true;
    });
  });
}

test('boto3 sees NotImplemented with status 501 for every protocol family', async () => {
  const out = await pythonJson(
    `import boto3, json, botocore
calls = {
  'iam': lambda: boto3.client('iam').list_users(),
  'rds': lambda: boto3.client('rds').describe_db_instances(),
  'dynamodb': lambda: boto3.client('dynamodb').list_tables(),
  'ssm': lambda: boto3.client('ssm').describe_parameters(),
  'ec2': lambda: boto3.client('ec2').describe_instances(),
  'lambda': lambda: boto3.client('lambda').get_function(FunctionName='f'),
  's3': lambda: boto3.client('s3').get_object(Bucket='bucket', Key='k'),
  'cloudwatch': lambda: boto3.client('cloudwatch').describe_alarms(),
}
out = {}
for name, call in calls.items():
    try:
        call(); out[name] = 'no error'
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error'].get('Message', '')]
print(json.dumps(out))`,
    t.env(),
  );
  for (const [service, [code, status, message]] of Object.entries(out) as Array<[string, [string, number, string]]>) {
    assert.equal(code, 'NotImplemented', `${service} code`);
    assert.equal(status, 501, `${service} status`);
    assert.match(message, /is not implemented in Nimbus yet/, `${service} message`);
  }
});

test('the AWS CLI reports NotImplemented', async () => {
  const r = await runAws(['iam', 'list-users'], t.env());
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /NotImplemented/);
  assert.match(r.stderr, /IAM\.ListUsers is not implemented/);
});
