// What the authorize step asks of a service: the IAM action an operation performs and the ARN it
// acts on, from the service's IAM table (src/services/*/iam.ts). Undefined for an operation the
// table does not know (the step decides what that means).
import type { IamOperation, ServiceDefinition } from '../services/service.js';

type Context = Parameters<IamOperation['resource']>[1];

export interface IamRequest {
  /** `service:Action`, e.g. sqs:SendMessage, s3:ListBucket. */
  action: string;
  /** An ARN, or '*' for actions without a resource. */
  resource: string;
}

export function iamRequest(definition: Pick<ServiceDefinition<any>, 'iam'>, operation: string, input: Record<string, any>, ctx: Context): IamRequest | undefined {
  const table = definition.iam;
  const entry = table && Object.hasOwn(table.operations, operation) ? table.operations[operation] : undefined;
  if (!table || !entry) return undefined;
  return { action: entry.action ?? `${table.prefix}:${operation}`, resource: entry.resource(input, ctx) };
}

