// AWS/Lambda metrics per invocation, through CloudWatch's in-process API (cloudwatch/api.ts):
// Invocations, Errors, Duration, Throttles and ConcurrentExecutions, with the FunctionName
// dimension (and Resource = name:qualifier for a qualified invocation), as Lambda publishes them.
import type { InvokeTarget } from './target.js';
import type { LambdaState } from './store.js';

export interface InvocationFacts {
  durationMs?: number;
  error?: boolean;
  throttled?: boolean;
  concurrent?: number;
}

export function emitMetrics(state: LambdaState, t: InvokeTarget, facts: InvocationFacts): void {
  const name = t.config.FunctionName;
  const Dimensions = [{ Name: 'FunctionName', Value: name }];
  const data: { MetricName: string; Value: number; Unit: 'Count' | 'Milliseconds'; Dimensions: typeof Dimensions }[] = facts.throttled
    ? [{ MetricName: 'Throttles', Value: 1, Unit: 'Count', Dimensions }]
    : [
        { MetricName: 'Invocations', Value: 1, Unit: 'Count', Dimensions },
        { MetricName: 'Errors', Value: facts.error ? 1 : 0, Unit: 'Count', Dimensions },
        { MetricName: 'Duration', Value: facts.durationMs ?? 0, Unit: 'Milliseconds', Dimensions },
        { MetricName: 'ConcurrentExecutions', Value: facts.concurrent ?? 1, Unit: 'Count', Dimensions },
      ];
  state.host.api('cloudwatch').then(
    (cw) => cw.putMetricData(t.fn.account, t.fn.region, 'AWS/Lambda', data),
    (err) => console.error('nimbus: Lambda could not write its metrics', err),
  );
}
