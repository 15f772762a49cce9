import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import { useNimbus } from '../support/nimbus.js';
import { awsJson, pythonJson } from '../support/python.js';

const t = useNimbus();

test('ListQueues over awsJson1_0 and awsQuery (SDK v3)', async () => {
  for (const protocol of [undefined, AwsQueryProtocol]) {
    const sqs = new SQSClient({ ...t.config(), ...(protocol && { protocol: protocol as any }) });
    const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'none-such' }));
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal(out.QueueUrls, undefined);
  }
});

test('ListQueues validation error shape over JSON and query', async () => {
  for (const protocol of [undefined, AwsQueryProtocol]) {
    const sqs = new SQSClient({ ...t.config(), ...(protocol && { protocol: protocol as any }) });
    await assert.rejects(sqs.send(new ListQueuesCommand({ NextToken: 'abc' })), (e: any) => {
      assert.equal(e.name, 'InvalidParameterValue');
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
  }
});

test('ListQueues with boto3 and the AWS CLI', async () => {
  const py = await pythonJson(
    `import boto3, json; r = boto3.client('sqs').list_queues(); print(json.dumps({'status': r['ResponseMetadata']['HTTPStatusCode'], 'urls': r.get('QueueUrls')}))`,
    t.env(),
  );
  assert.deepEqual(py, { status: 200, urls: null });
  assert.deepEqual(await awsJson(['sqs', 'list-queues'], t.env()), {});
});
