// Function logs in CloudWatch Logs (/aws/lambda/<name>), and the Logs service itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { createFunction } from './support.js';

const t = useNimbus();

async function eventually<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await f();
    if (ok(v) || i > 100) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('invocations write START/END/REPORT and output to /aws/lambda/<name>, readable with FilterLogEvents; AWS/Lambda metrics', async () => {
  const lambda = new LambdaClient(t.config());
  const logs = new CloudWatchLogsClient(t.config());
  const FunctionName = uniqueName('logged');
  const start = Date.now() - 1000;
  await createFunction(lambda, { FunctionName, files: { 'index.js': 'exports.handler = async (e) => { console.log(JSON.stringify({ level: e.level, n: e.n })); if (e.fail) throw new Error("nope"); return e.n; };' } });
  const ids: string[] = [];
  for (const [n, level, fail] of [[1, 'info', false], [2, 'error', false], [3, 'error', true]] as const) {
    const out = await lambda.send(new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify({ n, level, fail })) }));
    ids.push(out.$metadata.requestId!);
  }
  const logGroupName = `/aws/lambda/${FunctionName}`;
  const all = await eventually(() => logs.send(new FilterLogEventsCommand({ logGroupName })), (o) => (o.events ?? []).filter((e) => e.message!.startsWith('REPORT')).length === 3);
  const messages = all.events!.map((e) => e.message!);
  assert.equal(messages.filter((m) => m.startsWith('START RequestId: ')).length, 3);
  assert.equal(messages.filter((m) => m.startsWith('END RequestId: ')).length, 3);
  assert.equal(messages.filter((m) => m.startsWith('INIT_START')).length, 1);
  const errors = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '{ $.level = "error" }' }));
  assert.deepEqual(errors.events!.map((e) => JSON.parse(e.message!.split('\t')[3]!).n), [], 'console lines are prefixed, not JSON');
  const terms = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '"\\"level\\":\\"error\\"" -REPORT' }));
  assert.deepEqual(terms.events!.map((e) => JSON.parse(e.message!.split('\t')[3]!).n), [2, 3]);
  const either = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '?Invoke ?INIT_START' }));
  assert.equal(either.events!.length, 2, 'one Invoke Error line, one INIT_START');
  const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
  assert.equal(streams.logStreams!.length, 1, 'one environment, one stream');
  assert.match(streams.logStreams![0]!.logStreamName!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);

  const cw = new CloudWatchClient(t.config());
  const stats = await eventually(
    () => cw.send(new GetMetricStatisticsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: FunctionName }], StartTime: new Date(start), EndTime: new Date(Date.now() + 60_000), Period: 3600, Statistics: ['Sum'] })),
    (o) => o.Datapoints?.[0]?.Sum === 3,
  );
  assert.equal(stats.Datapoints![0]!.Sum, 3);
  const errs = await cw.send(new GetMetricStatisticsCommand({ Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: FunctionName }], StartTime: new Date(start), EndTime: new Date(Date.now() + 60_000), Period: 3600, Statistics: ['Sum'] }));
  assert.equal(errs.Datapoints![0]!.Sum, 1);
});

test('CloudWatch Logs: groups, streams, PutLogEvents, GetLogEvents tokens, JSON filter patterns, retention, deletes (SDK v3 and boto3)', async () => {
  const logs = new CloudWatchLogsClient(t.config());
  const logGroupName = uniqueName('/app/group');
  await logs.send(new CreateLogGroupCommand({ logGroupName }));
  await assert.rejects(logs.send(new CreateLogGroupCommand({ logGroupName })), { name: 'ResourceAlreadyExistsException' });
  await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 's1' }));
  const now = Date.now();
  const events = [0, 1, 2, 3, 4].map((i) => ({ timestamp: now + i, message: JSON.stringify({ i, level: i % 2 ? 'warn' : 'info', latency: i * 100 }) }));
  await logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 's1', logEvents: events }));
  await assert.rejects(logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 's1', logEvents: [events[1]!, events[0]!] })), { name: 'InvalidParameterException' });
  await assert.rejects(logs.send(new PutLogEventsCommand({ logGroupName, logStreamName: 'nope', logEvents: events })), { name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });

  const head = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 's1', startFromHead: true, limit: 2 }));
  assert.deepEqual(head.events!.map((e) => JSON.parse(e.message!).i), [0, 1]);
  const next = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 's1', nextToken: head.nextForwardToken, limit: 2 }));
  assert.deepEqual(next.events!.map((e) => JSON.parse(e.message!).i), [2, 3]);
  const tail = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 's1', limit: 2 }));
  assert.deepEqual(tail.events!.map((e) => JSON.parse(e.message!).i), [3, 4]);

  const warn = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '{ $.level = "warn" && $.latency > 100 }' }));
  assert.deepEqual(warn.events!.map((e) => JSON.parse(e.message!).i), [3]);
  const wild = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '{ $.level = "in*" || $.i = 1 }' }));
  assert.deepEqual(wild.events!.map((e) => JSON.parse(e.message!).i), [0, 1, 2, 4]);

  await logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: 7 }));
  const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName }));
  assert.deepEqual(groups.logGroups!.map((g) => [g.logGroupName, g.retentionInDays]), [[logGroupName, 7]]);

  const py = await pythonJson(
    `import boto3, json
c = boto3.client('logs')
r = c.filter_log_events(logGroupName=${JSON.stringify(logGroupName)}, filterPattern='warn')
s = c.describe_log_streams(logGroupName=${JSON.stringify(logGroupName)})['logStreams'][0]
print(json.dumps([[json.loads(e['message'])['i'] for e in r['events']], s['logStreamName'], s['firstEventTimestamp'] == ${now}]))`,
    t.env(),
  );
  assert.deepEqual(py, [[1, 3], 's1', true]);

  await logs.send(new DeleteLogStreamCommand({ logGroupName, logStreamName: 's1' }));
  assert.deepEqual((await logs.send(new DescribeLogStreamsCommand({ logGroupName }))).logStreams, []);
  await logs.send(new DeleteLogGroupCommand({ logGroupName }));
  await assert.rejects(logs.send(new DescribeLogStreamsCommand({ logGroupName })), { name: 'ResourceNotFoundException', message: 'The specified log group does not exist.' });
});
