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

/** Every action the operation needs: iamRequest's, then its table entry's `also` (empty when the
 *  table does not know the operation). */
export function iamRequests(definition: Pick<ServiceDefinition<any>, 'iam'>, operation: string, input: Record<string, any>, ctx: Context): IamRequest[] {
  const first = iamRequest(definition, operation, input, ctx);
  if (!first) return [];
  const also = definition.iam!.operations[operation]!.also;
  return also ? [first, ...also.map((a) => ({ action: a.action, resource: a.resource(input, ctx) }))] : [first];
}
