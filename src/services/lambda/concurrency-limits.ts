// Account-level concurrency: AWS's default limit (Nimbus holds no account setting for it), of which
// 100 executions always stay unreserved.
export const ACCOUNT_CONCURRENCY = 1000;
export const UNRESERVED_MINIMUM = 100;
