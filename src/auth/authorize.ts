// The authorize step's decision: may this caller perform this action on this resource? IAM
// enforcement does not exist yet, so every request is allowed — as with LocalStack and moto by
// default — but the chain already asks, for every implemented operation, with the IAM action name
// and the resource ARN from the service's table (ServiceDefinition.iam), so that enforcement is a
// change here and nowhere else.
import type { Caller } from '../services/caller.js';

export interface AuthorizationRequest {
  caller: Caller;
  /** `service:Action`, e.g. sqs:SendMessage. */
  action: string;
  /** The resource's ARN, or '*'. */
  resource: string;
}

/** Throws AccessDenied (in the service's wording) when the request is not allowed. */
export function authorize(_request: AuthorizationRequest): void {
  // Allow: IAM enforcement is a later issue.
}
