// Validation before any handler: each protocol answers its service's documented code, through the
// SDK v3 (which validates nothing client-side), boto3 with client-side validation off, and the AWS
// CLI (which checks types and minimums but not maximum lengths).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudWatchClient, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { EC2Client, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { useNimbus } from '../support/nimbus.js';
import { pythonJson, runAws } from '../support/python.js';

const t = useNimbus();
const long = (n: number) => 'x'.repeat(n);

async function rejects(call: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(call, (e: any) => {
    assert.equal(e.name, code);
    assert.equal(e.$metadata.httpStatusCode, 400);
    assert.match(e.message, message);
    return true;
  });
}

test('SDK v3: each protocol answers its service’s validation code', async () => {
  await rejects(
    new SSMClient(t.config()).send(new GetParameterCommand({ Name: long(2049) })),
    'ValidationException',
    /1 validation error detected: Value '.*' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048/,
  );
  await rejects(
    new STSClient(t.config()).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/r', RoleSessionName: long(65) })),
    'ValidationError',
    /at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64/,
  );
  await rejects(new EC2Client(t.config()).send(new StopInstancesCommand({} as any)), 'MissingParameter', /Value null at 'instanceIds'/);
  await rejects(
    new LambdaClient(t.config()).send(new GetFunctionCommand({ FunctionName: long(257) })),
    'ValidationException',
    /at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 256/,
  );
  for (const protocol of [undefined, AwsQueryProtocol, AwsSmithyRpcV2CborProtocol]) {
    const cw = new CloudWatchClient({ ...t.config(), ...(protocol && { protocol: protocol as any }) });
    await rejects(cw.send(new ListMetricsCommand({ Namespace: long(256) })), 'InvalidParameterValueException', /at 'namespace'/);
  }
});

test('boto3 (client-side validation off) sees the same codes', async () => {
  const out = await pythonJson(
    `import boto3, json, botocore
from botocore.config import Config
c = Config(parameter_validation=False)
calls = {
  'ssm': lambda: boto3.client('ssm', config=c).get_parameter(Name='x' * 2049),
  'sts': lambda: boto3.client('sts', config=c).assume_role(RoleArn='arn:aws:iam::000000000000:role/r', RoleSessionName='x' * 65),
  'ec2': lambda: boto3.client('ec2', config=c).stop_instances(),
  'lambda': lambda: boto3.client('lambda', config=c).get_function(FunctionName='x' * 257),
  'cloudwatch': lambda: boto3.client('cloudwatch', config=c).list_metrics(Namespace='x' * 256),
}
out = {}
for name, call in calls.items():
    try:
        call(); out[name] = 'no error'
    except botocore.exceptions.ClientError as e:
        out[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))`,
    t.env(),
  );
  assert.deepEqual(out, {
    ssm: ['ValidationException', 400],
    sts: ['ValidationError', 400],
    ec2: ['MissingParameter', 400],
    lambda: ['ValidationException', 400],
    // CloudWatch's legacy query code, from x-amzn-query-error.
    cloudwatch: ['InvalidParameterValue', 400],
  });
});

test('the AWS CLI reports server-side validation errors', async () => {
  const r = await runAws(['sts', 'assume-role', '--role-arn', 'arn:aws:iam::000000000000:role/r', '--role-session-name', long(65)], t.env());
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ValidationError/);
  assert.match(r.stderr, /roleSessionName/);
});
