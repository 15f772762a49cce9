// Small pieces the services' IAM tables (src/services/*/iam.ts) share. (Named iam-table.ts so it
// is never mistaken for the IAM service's own folder, src/services/iam/, when that lands.)
import type { IamOperation } from './service.js';

/** An action that acts on no resource of its own (ListQueues, GetCallerIdentity, metric
 *  operations): IAM's `*`. */
export const ANY_RESOURCE: IamOperation = { resource: () => '*' };

/** An operation whose IAM action is named differently from the operation (S3, batch operations). */
export function named(action: string, resource: IamOperation['resource']): IamOperation {
  return { action, resource };
}
