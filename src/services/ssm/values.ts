// What PutParameter checks of a value: tier limits, data types, allowed patterns.
import { AwsError } from '../../protocol/errors.js';
import type { ParameterTier } from './entities.js';

/** Value limits per tier, in bytes (AWS: 4 KB Standard, 8 KB Advanced). */
export const TIER_LIMITS: Readonly<Record<ParameterTier, number>> = { Standard: 4096, Advanced: 8192 };

export function checkValueSize(value: string, tier: ParameterTier): void {
  const size = Buffer.byteLength(value);
  if (size <= TIER_LIMITS[tier]) return;
  if (tier === 'Standard') {
    throw new AwsError(
      'ValidationException',
      'Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html',
    );
  }
  throw new AwsError('ValidationException', 'Advanced tier parameters support a maximum parameter value of 8192 characters.');
}

const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** DataType: text (default), aws:ec2:image (an AMI id, String only), aws:ssm:integration. */
export function checkDataType(dataType: string, type: string, value: string): void {
  if (dataType === 'text') return;
  if (dataType === 'aws:ec2:image') {
    if (type !== 'String') throw new AwsError('ValidationException', 'The aws:ec2:image data type is supported only for String parameters.');
    if (!AMI_ID.test(value)) {
      throw new AwsError('ValidationException', `Parameter value, ${value}, is not a valid AMI ID. The value must be of the form ami-12345678 or ami-1234567890abcdef0.`);
    }
    return;
  }
  if (dataType === 'aws:ssm:integration') {
    if (type !== 'SecureString') throw new AwsError('ValidationException', 'The aws:ssm:integration data type is supported only for SecureString parameters.');
    return;
  }
  throw new AwsError('ValidationException', `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`);
}

/** AllowedPattern: a regular expression the whole value must match. */
export function checkAllowedPattern(pattern: string | undefined, value: string): void {
  if (pattern === undefined || pattern === '') return;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    throw new AwsError('InvalidAllowedPatternException', 'The allowed pattern is not a valid regular expression.');
  }
  if (!re.test(value)) throw new AwsError('ParameterPatternMismatchException', `Parameter value, cannot be validated against allowedPattern: ${pattern}`);
}
