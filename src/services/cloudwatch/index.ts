// CloudWatch (metrics). Served over awsJson1_0, awsQuery and rpcv2Cbor alike.
import { defineService } from '../service.js';
import { cloudwatchIam } from './iam.js';
import type { CloudWatchApi } from './api.js';
import { getMetricStatistics, listMetrics, putMetricData, storeMetricData } from './metrics.js';
import { createCloudWatchState } from './store.js';

export const cloudwatch = defineService({
  id: 'cloudwatch',
  createState: createCloudWatchState,
  iam: cloudwatchIam,
  // CloudWatch's documented common errors, in every protocol it speaks.
  validation: { missing: 'MissingRequiredParameterException', invalid: 'InvalidParameterValueException' },
  operations: {
    PutMetricData: putMetricData,
    ListMetrics: listMetrics,
    GetMetricStatistics: getMetricStatistics,
  },
  api: (state, host): CloudWatchApi => ({
    putMetricData: (account, region, namespace, data) => storeMetricData(state, account, region, namespace, data, host.clock.now()),
  }),
});
