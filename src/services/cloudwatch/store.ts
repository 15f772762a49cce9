// CloudWatch metric state: each metric (namespace + name + dimension set) keeps its raw data
// points; statistics are computed at read time over any period, as AWS does for custom metrics.
// The metrics and their points are kept as rows (below); the maps are built from them at creation.
import { ScopedStore } from '../../state/scoped-store.js';
import type { Host } from '../host.js';

export interface Dimension {
  Name: string;
  Value: string;
}

/** One PutMetricData value, or a pre-aggregated statistic set. */
export interface DataPoint {
  /** Epoch milliseconds. */
  timestamp: number;
  sampleCount: number;
  sum: number;
  min: number;
  max: number;
  /** The individual values (with their counts) when known, for percentiles. */
  values?: Array<[value: number, count: number]>;
  unit: string;
}

export interface Metric {
  namespace: string;
  metricName: string;
  /** Sorted by name: AWS treats dimension sets as unordered. */
  dimensions: Dimension[];
  points: DataPoint[];
  /** Epoch ms of the newest data point received (ListMetrics RecentlyActive=PT3H). */
  lastPut: number;
}

export interface CloudWatchRegionState {
  /** Keyed by metricKey(). */
  metrics: Map<string, Metric>;
}

// Durable rows (state/durable/stores.ts), both scope 'region':
//   metrics  key metricKey()        MetricRow: what names the metric, written once, when it appears
//   batches  key 12-digit sequence  BatchRow: one PutMetricData call's data points, grouped by metric
// So a PutMetricData writes one batch row (whatever its number of data and values) plus one row per
// metric it creates. Re-putting a metric row with all its points on every call would cost in
// proportion to the metric's history; a row per data point would cost 1,000 rows for a call with
// 1,000 data. A metric's lastPut is the newest receive time of its batches.
export interface MetricRow {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

export interface BatchRow {
  /** Epoch ms the call was received (ListMetrics RecentlyActive). */
  at: number;
  metrics: Array<[key: string, points: DataPoint[]]>;
}

export function createCloudWatchState(host: Host) {
  const regions = new ScopedStore<CloudWatchRegionState>(() => ({ metrics: new Map() }));
  const metricRows = host.stores.open<MetricRow>('cloudwatch', { name: 'metrics', scope: 'region', version: 1 });
  const batchRows = host.stores.open<BatchRow>('cloudwatch', { name: 'batches', scope: 'region', version: 1 });
  for (const { account, region, key, row } of metricRows.load()) {
    regions.for(account, region).metrics.set(key, { ...row, points: [], lastPut: 0 });
  }
  let nextBatch = 1;
  const batches = [...batchRows.load()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { account, region, key, row } of batches) {
    nextBatch = Math.max(nextBatch, Number(key) + 1);
    const metrics = regions.for(account, region).metrics;
    for (const [metricKey, points] of row.metrics) {
      const metric = metrics.get(metricKey);
      if (!metric) continue;
      for (const p of points) metric.points.push(p);
      if (row.at > metric.lastPut) metric.lastPut = row.at;
    }
  }
  return {
    regions,
    /** False in memory mode: the batch rows need not be built. */
    persistent: batchRows.persistent,
    /** Writes a new metric's row. */
    putMetric(account: string, region: string, key: string, metric: Metric): void {
      metricRows.put(account, region, key, { namespace: metric.namespace, metricName: metric.metricName, dimensions: metric.dimensions });
    },
    /** Writes one call's data points. */
    putBatch(account: string, region: string, batch: BatchRow): void {
      batchRows.put(account, region, String(nextBatch++).padStart(12, '0'), batch);
    },
  };
}

export type CloudWatchState = ReturnType<typeof createCloudWatchState>;

export function sortDimensions(dimensions: Dimension[] | undefined): Dimension[] {
  return [...(dimensions ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

export function metricKey(namespace: string, metricName: string, sortedDimensions: Dimension[]): string {
  return JSON.stringify([namespace, metricName, sortedDimensions.map((d) => [d.Name, d.Value])]);
}
