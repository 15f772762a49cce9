// IAM's errors in AWS's wording. The modeled codes (NoSuchEntityException ...) take their query
// code and status from the model (NoSuchEntity 404, EntityAlreadyExists 409, ...).
import { AwsError } from '../../protocol/errors.js';

export type EntityKind = 'user' | 'group' | 'role';

export function noSuchEntity(message: string): AwsError {
  return new AwsError('NoSuchEntityException', message);
}

export function noSuch(kind: EntityKind, name: string): AwsError {
  return noSuchEntity(`The ${kind} with name ${name} cannot be found.`);
}

export function alreadyExists(message: string): AwsError {
  return new AwsError('EntityAlreadyExistsException', message);
}

export function deleteConflict(message: string): AwsError {
  return new AwsError('DeleteConflictException', message);
}

export function limitExceeded(message: string): AwsError {
  return new AwsError('LimitExceededException', message);
}

/** "Cannot exceed quota for X: n", AWS's wording for every IAM quota. */
export function quota(name: string, limit: number): AwsError {
  return limitExceeded(`Cannot exceed quota for ${name}: ${limit}`);
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicyDocumentException', message);
}

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message);
}

/** IAM's unmodeled ValidationError (400), for checks the model cannot express. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message, { status: 400 });
}
