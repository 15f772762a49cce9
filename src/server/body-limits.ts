// How much of a request body Nimbus holds: per operation, from the service's table
// (ServiceDefinition.bodyLimits, the limits AWS documents), else a small default. A body over its
// limit gets the service's own error and is never held whole.
import { AwsError } from '../protocol/errors.js';
import type { ServiceDefinition } from '../services/service.js';
import type { BodyTooLarge } from './request-body.js';

/** For services without a table (and operations without handlers): 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A query form is read before its Action is known: at most this much, then the operation's limit. */
export const QUERY_FORM_LIMIT = 16 * 1024 * 1024;

export function bodyLimitFor(definition: ServiceDefinition<any> | null | undefined, operation: string): number {
  const limits = definition?.bodyLimits;
  if (!limits) return DEFAULT_BODY_LIMIT;
  const op = limits.operations && Object.hasOwn(limits.operations, operation) ? limits.operations[operation] : undefined;
  return op ?? limits.default;
}

// AWS's front ends answer 413 for a body over their limit without documenting a code for every
// service; RequestEntityTooLarge is Nimbus's name where the service documents none (S3's own codes
// are in its definition).
export function tooLargeError(definition: ServiceDefinition<any> | null | undefined, e: BodyTooLarge, streamed = false): AwsError {
  const custom = streamed ? definition?.bodyLimits?.streamError : definition?.bodyLimits?.error;
  const message = custom?.message?.(e.limit) ?? `Request body exceeds the maximum of ${e.limit} bytes.`;
  return new AwsError(custom?.code ?? 'RequestEntityTooLarge', message, { status: custom?.status ?? 413 });
}
