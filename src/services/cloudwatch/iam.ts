// CloudWatch operations in IAM's terms: metric operations support no resource-level permissions
// (Service Authorization Reference, "Actions defined by Amazon CloudWatch"), so they act on '*'.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamTable } from '../service.js';

export const cloudwatchIam: IamTable = {
  prefix: 'cloudwatch',
  operations: {
    PutMetricData: ANY_RESOURCE,
    ListMetrics: ANY_RESOURCE,
    GetMetricStatistics: ANY_RESOURCE,
  },
};
