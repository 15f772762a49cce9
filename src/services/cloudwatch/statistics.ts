// Aggregation of raw data points into GetMetricStatistics datapoints: one bucket per period,
// aligned to multiples of the period since the epoch, as AWS aligns custom-metric periods.
import type { Datapoint, Statistic } from '@aws-sdk/client-cloudwatch';
import type { DataPoint } from './store.js';

export function aggregate(
  points: DataPoint[],
  startMs: number,
  endMs: number,
  periodSeconds: number,
  statistics: Statistic[],
  extended: string[],
  unit: string | undefined,
): Datapoint[] {
  const periodMs = periodSeconds * 1000;
  const buckets = new Map<number, DataPoint[]>();
  for (const p of points) {
    if (p.timestamp < startMs || p.timestamp >= endMs) continue;
    if (unit && p.unit !== unit) continue;
    const bucket = Math.floor(p.timestamp / periodMs) * periodMs;
    const list = buckets.get(bucket);
    if (list) list.push(p);
    else buckets.set(bucket, [p]);
  }
  const out: Datapoint[] = [];
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    const group = buckets.get(bucket)!;
    const sampleCount = group.reduce((n, p) => n + p.sampleCount, 0);
    const sum = group.reduce((n, p) => n + p.sum, 0);
    const d: Datapoint = { Timestamp: new Date(bucket), Unit: (unit ?? group[0]!.unit) as Datapoint['Unit'] };
    for (const s of statistics) {
      if (s === 'SampleCount') d.SampleCount = sampleCount;
      else if (s === 'Sum') d.Sum = sum;
      else if (s === 'Average') d.Average = sampleCount ? sum / sampleCount : 0;
      // Loops, not Math.min(...group): a period may hold more datapoints than a call takes arguments.
      else if (s === 'Minimum') d.Minimum = group.reduce((m, p) => (p.min < m ? p.min : m), Infinity);
      else if (s === 'Maximum') d.Maximum = group.reduce((m, p) => (p.max > m ? p.max : m), -Infinity);
    }
    if (extended.length) {
      d.ExtendedStatistics = {};
      for (const e of extended) {
        const value = percentile(group, Number(e.slice(1)));
        if (value !== undefined) d.ExtendedStatistics[e] = value;
      }
    }
    out.push(d);
  }
  return out;
}

/** Nearest-rank percentile over the known individual values (statistic sets carry none). */
function percentile(group: DataPoint[], p: number): number | undefined {
  const values: Array<[number, number]> = group.flatMap((d) => d.values ?? []).sort((a, b) => a[0] - b[0]);
  const total = values.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, count] of values) {
    seen += count;
    if (seen >= rank) return value;
  }
  return values[values.length - 1]![0];
}
