// CloudWatch metrics and S3 buckets under --persist: Nimbus as a child process, killed with
// SIGKILL and started again on the same directory; a reset wipes them for good.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CloudWatchClient, GetMetricStatisticsCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateBucketCommand, DeleteBucketCommand, HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { usePersistedChildren, type ChildNimbus } from '../support/child-nimbus.js';

const children = usePersistedChildren('nimbus-durable');

async function start(dir = children.dir()): Promise<{ child: ChildNimbus; dir: string }> {
  return { child: await children.start(dir), dir };
}

async function restart(child: ChildNimbus, dir: string): Promise<ChildNimbus> {
  await child.kill();
  return (await start(dir)).child;
}

function config(child: ChildNimbus, region = 'us-east-1') {
  return { endpoint: child.endpoint, region, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' } };
}
const cw = (c: ChildNimbus, region?: string) => new CloudWatchClient(config(c, region));
const s3 = (c: ChildNimbus, region?: string) => new S3Client({ ...config(c, region), forcePathStyle: true });

test('CloudWatch metrics and their data points survive kill -9', { timeout: 30_000 }, async () => {
  let { child, dir } = await start();
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
  const values = Array.from({ length: 1000 }, (_, i) => i + 1);
  await cw(child).send(
    new PutMetricDataCommand({
      Namespace: 'App',
      MetricData: [
        { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'get' }], Timestamp: now, Values: values, Unit: 'Milliseconds' },
        { MetricName: 'Count', Timestamp: now, Value: 3 },
        { MetricName: 'Count', Timestamp: now, StatisticValues: { SampleCount: 2, Sum: 10, Minimum: 4, Maximum: 6 } },
      ],
    }),
  );
  await cw(child).send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'Count', Timestamp: now, Value: 7 }] }));
  await cw(child, 'eu-west-1').send(new PutMetricDataCommand({ Namespace: 'Other', MetricData: [{ MetricName: 'X', Value: 1 }] }));
  const stats = { StartTime: new Date(now.getTime() - 60_000), EndTime: new Date(now.getTime() + 60_000), Period: 60 };
  const query = async (c: ChildNimbus) => ({
    list: (await cw(c).send(new ListMetricsCommand({ Namespace: 'App' }))).Metrics,
    recent: (await cw(c).send(new ListMetricsCommand({ RecentlyActive: 'PT3H' }))).Metrics!.length,
    latency: (
      await cw(c).send(
        new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'get' }], ...stats, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'], ExtendedStatistics: ['p50', 'p99'] }),
      )
    ).Datapoints,
    count: (await cw(c).send(new GetMetricStatisticsCommand({ Namespace: 'App', MetricName: 'Count', ...stats, Statistics: ['SampleCount', 'Sum', 'Average', 'Minimum', 'Maximum'] }))).Datapoints,
    other: (await cw(c, 'eu-west-1').send(new ListMetricsCommand({}))).Metrics,
  });
  const before = await query(child);
  assert.equal(before.list!.length, 2);
  assert.equal(before.latency![0]!.SampleCount, 1000);
  assert.equal(before.latency![0]!.ExtendedStatistics!.p50, 500);
  assert.deepEqual([before.count![0]!.SampleCount, before.count![0]!.Sum, before.count![0]!.Minimum, before.count![0]!.Maximum], [4, 20, 3, 7]);

  child = await restart(child, dir);
  assert.deepEqual(await query(child), before);
  assert.equal(before.recent, 2);

  // New data after the restart adds to the restored points.
  await cw(child).send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'Count', Timestamp: now, Value: 1 }] }));
  child = await restart(child, dir);
  const count = (await query(child)).count![0]!;
  assert.deepEqual([count.SampleCount, count.Sum, count.Minimum], [5, 21, 1]);
});

test('S3 buckets survive kill -9; a deleted bucket stays deleted', { timeout: 30_000 }, async () => {
  let { child, dir } = await start();
  await s3(child).send(new CreateBucketCommand({ Bucket: 'durable-one' }));
  await s3(child).send(new CreateBucketCommand({ Bucket: 'durable-two' }));
  await s3(child, 'eu-west-1').send(new CreateBucketCommand({ Bucket: 'durable-eu', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
  await s3(child).send(new DeleteBucketCommand({ Bucket: 'durable-two' }));
  const other = { ...config(child), credentials: { accessKeyId: '111111111111', secretAccessKey: 'x' } };
  await new S3Client({ ...other, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'durable-other' }));
  const before = (await s3(child).send(new ListBucketsCommand({}))).Buckets;
  assert.deepEqual(before!.map((b) => b.Name), ['durable-eu', 'durable-one']);

  child = await restart(child, dir);
  assert.deepEqual((await s3(child).send(new ListBucketsCommand({}))).Buckets, before);
  assert.equal((await s3(child, 'eu-west-1').send(new HeadBucketCommand({ Bucket: 'durable-eu' }))).BucketRegion, 'eu-west-1');
  // The other account still owns its bucket: the name is taken.
  await assert.rejects(s3(child).send(new CreateBucketCommand({ Bucket: 'durable-other' })), { name: 'BucketAlreadyExists' });
  await assert.rejects(s3(child).send(new HeadBucketCommand({ Bucket: 'durable-two' })), { name: 'NotFound' });
});

test('POST /_nimbus/reset wipes persisted metrics and buckets, and they stay gone after another restart', { timeout: 30_000 }, async () => {
  let { child, dir } = await start();
  await cw(child).send(new PutMetricDataCommand({ Namespace: 'App', MetricData: [{ MetricName: 'M', Value: 1 }] }));
  await s3(child).send(new CreateBucketCommand({ Bucket: 'reset-me' }));
  assert.equal((await fetch(`${child.endpoint}/_nimbus/reset`, { method: 'POST' })).status, 200);
  child = await restart(child, dir);
  assert.deepEqual((await cw(child).send(new ListMetricsCommand({}))).Metrics, []);
  assert.deepEqual((await s3(child).send(new ListBucketsCommand({}))).Buckets ?? [], []);
});
