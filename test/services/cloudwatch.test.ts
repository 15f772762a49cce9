import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { AwsJson1_0Protocol, AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';
import { useNimbus, uniqueName } from '../support/nimbus.js';
import { awsJson, pythonJson } from '../support/python.js';

const t = useNimbus();

// The same service over its three protocols (the JS SDK sends JSON by default).
const PROTOCOLS = { json: AwsJson1_0Protocol, query: AwsQueryProtocol, cbor: AwsSmithyRpcV2CborProtocol } as const;
type ProtocolKey = keyof typeof PROTOCOLS;

function client(protocol: ProtocolKey, region = 'us-east-1'): CloudWatchClient {
  return new CloudWatchClient({ ...t.config({ region }), protocol: PROTOCOLS[protocol] as any });
}

const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

for (const writer of Object.keys(PROTOCOLS) as ProtocolKey[]) {
  test(`metrics written over ${writer} read back identically over json, query and cbor`, async () => {
    const namespace = uniqueName(`Nimbus/${writer}`);
    const at = new Date(minute(Date.now()) - 5 * 60_000);
    await client(writer).send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [
          { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: at, Value: 2.5, Unit: 'Milliseconds' },
          { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: at, Values: [1, 4], Counts: [1, 2], Unit: 'Milliseconds' },
          { MetricName: 'Errors', Timestamp: at, StatisticValues: { SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4 }, Unit: 'Count' },
        ],
      }),
    );
    for (const reader of Object.keys(PROTOCOLS) as ProtocolKey[]) {
      const cw = client(reader);
      const listed = await cw.send(new ListMetricsCommand({ Namespace: namespace }));
      assert.deepEqual(
        listed.Metrics!.map((m) => [m.MetricName, m.Dimensions]).sort(),
        [['Errors', []], ['Latency', [{ Name: 'Api', Value: 'orders' }]]].sort(),
        `ListMetrics over ${reader}`,
      );
      const stats = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: namespace,
          MetricName: 'Latency',
          Dimensions: [{ Name: 'Api', Value: 'orders' }],
          StartTime: new Date(at.getTime() - 60_000),
          EndTime: new Date(at.getTime() + 60_000),
          Period: 60,
          Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'],
          ExtendedStatistics: ['p50'],
        }),
      );
      assert.equal(stats.Label, 'Latency');
      assert.equal(stats.Datapoints!.length, 1, `one datapoint over ${reader}`);
      const d = stats.Datapoints![0]!;
      assert.ok(d.Timestamp instanceof Date);
      assert.equal(d.Timestamp!.getTime(), at.getTime());
      assert.equal(d.SampleCount, 4);
      assert.equal(d.Sum, 11.5);
      assert.equal(d.Average, 2.875);
      assert.equal(d.Minimum, 1);
      assert.equal(d.Maximum, 4);
      assert.equal(d.Unit, 'Milliseconds');
      // Nearest rank over 1, 2.5, 4, 4.
      assert.equal(d.ExtendedStatistics!.p50, 2.5);
    }
  });
}

for (const protocol of Object.keys(PROTOCOLS) as ProtocolKey[]) {
  test(`errors render over ${protocol}: reserved namespace and missing statistics`, async () => {
    const cw = client(protocol);
    await assert.rejects(
      cw.send(new PutMetricDataCommand({ Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'x', Value: 1 }] })),
      (e: any) => {
        assert.equal(e.name, 'InvalidParameterValueException');
        assert.match(e.message, /AWS\/EC2/);
        assert.equal(e.$metadata.httpStatusCode, 400);
        return true;
      },
    );
    await assert.rejects(
      cw.send(new GetMetricStatisticsCommand({ Namespace: 'N', MetricName: 'M', StartTime: new Date(0), EndTime: new Date(60_000), Period: 60 })),
      (e: any) => e.name === 'InvalidParameterCombinationException',
    );
  });
}

test('a validation error (period out of range) answers the service code', async () => {
  await assert.rejects(
    client('json').send(
      new GetMetricStatisticsCommand({ Namespace: 'N', MetricName: 'M', StartTime: new Date(0), EndTime: new Date(60_000), Period: 0, Statistics: ['Sum'] }),
    ),
    (e: any) => {
      assert.equal(e.$metadata.httpStatusCode, 400);
      assert.match(e.message, /validation error|Period/);
      return true;
    },
  );
});

test('boto3 and the AWS CLI read what the SDK wrote', async () => {
  const namespace = uniqueName('Nimbus/py');
  const at = new Date(minute(Date.now()) - 2 * 60_000);
  await client('cbor').send(new PutMetricDataCommand({ Namespace: namespace, MetricData: [{ MetricName: 'Hits', Timestamp: at, Value: 3 }] }));
  const out = await pythonJson(
    `import boto3, json, datetime
cw = boto3.client('cloudwatch')
at = datetime.datetime.fromtimestamp(${at.getTime() / 1000}, datetime.timezone.utc)
s = cw.get_metric_statistics(Namespace='${namespace}', MetricName='Hits', StartTime=at, EndTime=at + datetime.timedelta(minutes=1), Period=60, Statistics=['Sum', 'Average'])
d = s['Datapoints'][0]
print(json.dumps({'sum': d['Sum'], 'sumType': type(d['Sum']).__name__, 'ts': d['Timestamp'].timestamp(), 'metrics': cw.list_metrics(Namespace='${namespace}')['Metrics']}))`,
    t.env(),
  );
  assert.equal(out.sum, 3);
  assert.equal(out.sumType, 'float', 'doubles must reach boto3 as floats');
  assert.equal(out.ts, at.getTime() / 1000);
  assert.deepEqual(out.metrics, [{ Namespace: namespace, MetricName: 'Hits', Dimensions: [] }]);
  const cli = await awsJson(['cloudwatch', 'list-metrics', '--namespace', namespace], t.env());
  assert.deepEqual(cli.Metrics, [{ Namespace: namespace, MetricName: 'Hits', Dimensions: [] }]);
});
