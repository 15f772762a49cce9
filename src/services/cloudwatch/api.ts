// CloudWatch's in-process API, used by services that publish their own metrics (Lambda's
// AWS/Lambda namespace): the same storage as PutMetricData, for the AWS/ namespaces a request may
// not write to.
//
// CONTRACT: callers code against this interface; the CloudWatch service implements it (index.ts `api`).
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';

export interface CloudWatchApi {
  /** Stores the data points in account/region under `namespace` (AWS/... allowed). Throws an
   *  AwsError for a datum PutMetricData would refuse. */
  putMetricData(account: string, region: string, namespace: string, data: MetricDatum[]): void;
}
