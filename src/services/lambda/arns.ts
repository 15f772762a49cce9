// Function identifiers in every form Lambda accepts: a name (my-function), a name with a qualifier
// (my-function:v1), a partial ARN (123456789012:function:my-function[:qualifier]) and a full ARN
// (arn:aws:lambda:us-east-1:123456789012:function:my-function[:qualifier]).
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';

export interface FunctionRef {
  account: string;
  region: string;
  name: string;
  /** A version number, $LATEST or an alias name, when one was given. */
  qualifier?: string;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9_-]{1,128})$/;

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValueException', message);
}

export function functionArn(region: string, account: string, name: string, qualifier?: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

/** Parses FunctionName (and the separate Qualifier parameter, which must agree with one in the name). */
export function parseFunctionRef(ctx: Pick<RequestContext, 'account' | 'region'>, functionName: string, qualifier?: string): FunctionRef {
  const parts = functionName.split(':');
  let ref: FunctionRef | undefined;
  if (parts[0] === 'arn' && parts.length >= 7 && parts[2] === 'lambda' && parts[5] === 'function') {
    ref = { region: parts[3]!, account: parts[4]!, name: parts[6]!, qualifier: parts[7] };
    if (parts.length > 8) ref = undefined;
  } else if (parts.length >= 3 && /^\d{12}$/.test(parts[0]!) && parts[1] === 'function') {
    ref = parts.length <= 4 ? { region: ctx.region, account: parts[0]!, name: parts[2]!, qualifier: parts[3] } : undefined;
  } else if (parts.length <= 2) {
    ref = { region: ctx.region, account: ctx.account, name: parts[0]!, qualifier: parts[1] };
  }
  if (!ref || !NAME.test(ref.name) || (ref.qualifier !== undefined && !QUALIFIER.test(ref.qualifier))) {
    // A name outside the model's pattern is a validation error, as the model check would answer.
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
  if (qualifier !== undefined) {
    if (ref.qualifier !== undefined && ref.qualifier !== qualifier) {
      throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
    }
    ref.qualifier = qualifier;
  }
  if (ref.region !== ctx.region) {
    // Lambda serves functions only in the request's region.
    throw new AwsError('ResourceNotFoundException', `Functions from '${ref.region}' are not reachable in this region ('${ctx.region}')`, { status: 404 });
  }
  return ref;
}
