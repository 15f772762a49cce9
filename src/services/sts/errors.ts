// STS's errors in its own words (STS API Reference, "Common Errors" and each action's Errors).
import { AwsError } from '../../protocol/errors.js';

export function notAuthorized(principal: string, action: string, resource: string): AwsError {
  return new AwsError('AccessDenied', `User: ${principal} is not authorized to perform: ${action} on resource: ${resource}`, { status: 403 });
}

export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicyDocumentException', message, { status: 400 });
}
