// PutMetricData, ListMetrics, GetMetricStatistics: the same data whichever protocol (JSON, query,
// CBOR) wrote or reads it, since handlers see only plain values.
import type {
  GetMetricStatisticsInput,
  GetMetricStatisticsOutput,
  ListMetricsInput,
  ListMetricsOutput,
  MetricDatum,
  PutMetricDataInput,
} from '@aws-sdk/client-cloudwatch';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { aggregate } from './statistics.js';
import { metricKey, sortDimensions, type CloudWatchState, type DataPoint, type Metric } from './store.js';

const TWO_WEEKS_MS = 14 * 24 * 3600 * 1000;
const TWO_HOURS_MS = 2 * 3600 * 1000;
const THREE_HOURS_MS = 3 * 3600 * 1000;
const LIST_PAGE_SIZE = 500;
const MAX_DATAPOINTS = 1440;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

export function putMetricData(input: PutMetricDataInput, ctx: RequestContext, state: CloudWatchState): void {
  const namespace = input.Namespace!;
  if (namespace.startsWith('AWS/')) {
    throw invalid(`The value ${namespace} for parameter Namespace is invalid.`);
  }
  storeMetricData(state, ctx.account, ctx.region, namespace, input.MetricData ?? [], ctx.clock.now());
}

/** Stores the data points (PutMetricData, and the in-process API's AWS/ namespaces). */
export function storeMetricData(state: CloudWatchState, account: string, region: string, namespace: string, data: MetricDatum[], now: number): void {
  const metrics = state.regions.for(account, region).metrics;
  // Validate every datum before storing any: PutMetricData is all or nothing.
  const points = data.map((datum, i) => toDataPoint(datum, i + 1, now));
  // The batch row only when it is kept (Lambda puts metrics on every invocation).
  const batch = state.persistent ? new Map<string, DataPoint[]>() : undefined;
  for (let i = 0; i < data.length; i++) {
    const datum = data[i]!;
    const dimensions = sortDimensions(datum.Dimensions as Metric['dimensions']);
    const key = metricKey(namespace, datum.MetricName!, dimensions);
    let metric = metrics.get(key);
    if (!metric) {
      metric = { namespace, metricName: datum.MetricName!, dimensions, points: [], lastPut: 0 };
      metrics.set(key, metric);
      state.putMetric(account, region, key, metric);
    }
    metric.points.push(points[i]!);
    metric.lastPut = now;
    if (!batch) continue;
    const list = batch.get(key);
    if (list) list.push(points[i]!);
    else batch.set(key, [points[i]!]);
  }
  if (batch?.size) state.putBatch(account, region, { at: now, metrics: [...batch] });
}

// Parameter names in messages are built only for an error: this runs for every datum.
function toDataPoint(datum: MetricDatum, n: number, now: number): DataPoint {
  const timestamp = datum.Timestamp ? new Date(datum.Timestamp).getTime() : now;
  if (timestamp < now - TWO_WEEKS_MS || timestamp > now + TWO_HOURS_MS) {
    throw invalid(`The parameter ${member(n)}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.`);
  }
  const unit = datum.Unit ?? 'None';
  if (Number(datum.Value !== undefined) + Number(datum.StatisticValues !== undefined) + Number(datum.Values !== undefined) > 1) {
    const at = member(n);
    throw new AwsError(
      'InvalidParameterCombinationException',
      `The parameters ${at}.Value, ${at}.StatisticValues and ${at}.Values are mutually exclusive and you have specified more than one.`,
    );
  }
  if (datum.Value !== undefined) {
    const v = finite(datum.Value, n, 'Value');
    return { timestamp, sampleCount: 1, sum: v, min: v, max: v, values: [[v, 1]], unit };
  }
  if (datum.StatisticValues) {
    const s = datum.StatisticValues;
    return {
      timestamp,
      sampleCount: finite(s.SampleCount!, n, 'StatisticValues.SampleCount'),
      sum: finite(s.Sum!, n, 'StatisticValues.Sum'),
      min: finite(s.Minimum!, n, 'StatisticValues.Minimum'),
      max: finite(s.Maximum!, n, 'StatisticValues.Maximum'),
      unit,
    };
  }
  if (datum.Values) {
    const at = member(n);
    const counts = datum.Counts ?? datum.Values.map(() => 1);
    if (counts.length !== datum.Values.length) {
      throw invalid(`The parameters ${at}.Values and ${at}.Counts must be of the same size.`);
    }
    if (datum.Values.length === 0) throw invalid(`The parameter ${at}.Values must not be empty.`);
    const values = datum.Values.map((v, i): [number, number] => [finite(v, n, 'Values'), counts[i]!]);
    return {
      timestamp,
      sampleCount: values.reduce((n, [, c]) => n + c, 0),
      sum: values.reduce((n, [v, c]) => n + v * c, 0),
      // A loop, not Math.min(...values): spreading request data into a call has a size limit.
      min: values.reduce((m, [v]) => (v < m ? v : m), Infinity),
      max: values.reduce((m, [v]) => (v > m ? v : m), -Infinity),
      values,
      unit,
    };
  }
  const at = member(n);
  throw new AwsError(
    'MissingRequiredParameterException',
    `At least one of the parameters ${at}.Value, ${at}.StatisticValues or ${at}.Values must be specified.`,
  );
}

function member(n: number): string {
  return `MetricData.member.${n}`;
}

function finite(v: number, n: number, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`The value ${v} for parameter ${member(n)}.${field} is invalid.`);
  return v;
}

export function listMetrics(input: ListMetricsInput, ctx: RequestContext, state: CloudWatchState): ListMetricsOutput {
  const metrics = state.regions.for(ctx.account, ctx.region).metrics;
  const since = input.RecentlyActive === 'PT3H' ? ctx.clock.now() - THREE_HOURS_MS : -Infinity;
  const matching = [...metrics.entries()]
    .filter(([, m]) => {
      if (input.Namespace !== undefined && m.namespace !== input.Namespace) return false;
      if (input.MetricName !== undefined && m.metricName !== input.MetricName) return false;
      if (m.lastPut < since) return false;
      return (input.Dimensions ?? []).every((f) =>
        m.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)),
      );
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // The token is the key of the last metric returned: stable while metrics are added.
  const after = input.NextToken ? Buffer.from(input.NextToken, 'base64url').toString('utf8') : undefined;
  const start = after === undefined ? 0 : matching.findIndex(([key]) => key > after);
  const page = start < 0 ? [] : matching.slice(start, start + LIST_PAGE_SIZE);
  const more = start >= 0 && start + LIST_PAGE_SIZE < matching.length;
  return {
    Metrics: page.map(([, m]) => ({ Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions })),
    ...(more && { NextToken: Buffer.from(page[page.length - 1]![0]).toString('base64url') }),
  };
}

export function getMetricStatistics(
  input: GetMetricStatisticsInput,
  ctx: RequestContext,
  state: CloudWatchState,
): GetMetricStatisticsOutput {
  const statistics = input.Statistics ?? [];
  const extended = input.ExtendedStatistics ?? [];
  if (statistics.length === 0 && extended.length === 0) {
    throw new AwsError('InvalidParameterCombinationException', 'Must specify either Statistics or ExtendedStatistics.');
  }
  for (const e of extended) {
    if (!/^p(\d{1,2}(\.\d{1,2})?|100)$/.test(e)) throw invalid(`The value ${e} for parameter ExtendedStatistics is invalid.`);
  }
  const period = input.Period!;
  if (!(period % 60 === 0 || [1, 5, 10, 30].includes(period))) {
    throw invalid('The parameter Period must be a multiple of 60.');
  }
  const start = new Date(input.StartTime!).getTime();
  const end = new Date(input.EndTime!).getTime();
  if (!(start < end)) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  if ((end - start) / (period * 1000) > MAX_DATAPOINTS) {
    throw new AwsError(
      'InvalidParameterCombinationException',
      `You have requested up to ${Math.ceil((end - start) / (period * 1000))} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const dimensions = sortDimensions(input.Dimensions as Metric['dimensions']);
  const metric = state.regions
    .for(ctx.account, ctx.region)
    .metrics.get(metricKey(input.Namespace!, input.MetricName!, dimensions));
  return {
    Label: input.MetricName,
    Datapoints: metric ? aggregate(metric.points, start, end, period, statistics, extended, input.Unit) : [],
  };
}
