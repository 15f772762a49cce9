// CloudWatch metric state: each metric (namespace + name + dimension set) keeps its raw data
// points; statistics are computed at read time over any period, as AWS does for custom metrics.
import { ScopedStore } from '../../state/scoped-store.js';

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

export function createCloudWatchState() {
  return {
    regions: new ScopedStore<CloudWatchRegionState>(() => ({ metrics: new Map() })),
  };
}

export type CloudWatchState = ReturnType<typeof createCloudWatchState>;

export function sortDimensions(dimensions: Dimension[] | undefined): Dimension[] {
  return [...(dimensions ?? [])].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

export function metricKey(namespace: string, metricName: string, sortedDimensions: Dimension[]): string {
  return JSON.stringify([namespace, metricName, sortedDimensions.map((d) => [d.Name, d.Value])]);
}
