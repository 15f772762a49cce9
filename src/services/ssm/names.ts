// Parameter names and hierarchies as Parameter Store checks them (AWS Systems Manager User Guide,
// "Requirements and constraints for parameter names"), and their ARNs.
import { AwsError } from '../../protocol/errors.js';

export const MAX_DEPTH = 15;
/** A name's largest length, its ARN included (AWS: 1011 characters). */
const MAX_ARN_LENGTH = 1011;

const NAME_MESSAGE =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

const CHARS = /^[a-zA-Z0-9_.\-/]+$/;

export function parameterArn(account: string, region: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** The hierarchy levels of a name: "/a/b/c" has 3, "a" has 1. */
export function depth(name: string): number {
  return name.split('/').filter((s) => s !== '').length;
}

/** Checks a name a parameter is created with; throws AWS's ValidationException / hierarchy error. */
export function checkNewName(name: string, account: string, region: string): void {
  const first = (name.startsWith('/') ? name.slice(1) : name).toLowerCase();
  if (!CHARS.test(name) || first.startsWith('aws') || first.startsWith('ssm')) throw new AwsError('ValidationException', NAME_MESSAGE);
  if (name.includes('/') && !name.startsWith('/')) throw new AwsError('ValidationException', 'Parameter name must be a fully qualified name.');
  if (name.endsWith('/') || name.includes('//')) throw new AwsError('ValidationException', NAME_MESSAGE);
  if (depth(name) > MAX_DEPTH) {
    throw new AwsError(
      'HierarchyLevelLimitExceededException',
      'A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the AWS Systems Manager User Guide.',
    );
  }
  if (parameterArn(account, region, name).length > MAX_ARN_LENGTH) {
    throw new AwsError('ValidationException', `Parameter name is too long: the parameter's ARN can have at most ${MAX_ARN_LENGTH} characters.`);
  }
}

/** Splits a selector (`name:3`, `name:label`) off a name. */
export function parseSelector(text: string): { name: string; version?: number; label?: string; selector?: string } {
  const i = text.indexOf(':');
  if (i < 0) return { name: text };
  const name = text.slice(0, i);
  const sel = text.slice(i + 1);
  if (sel === '' || sel.includes(':')) throw new AwsError('ValidationException', `Invalid parameter name or selector: ${text}`);
  if (/^\d+$/.test(sel)) return { name, version: Number(sel), selector: `:${sel}` };
  return { name, label: sel, selector: `:${sel}` };
}

/** A path as GetParametersByPath takes it: "/" or "/a/b" (a trailing slash is ignored). */
export function normalizePath(path: string): string {
  if (!path.startsWith('/')) throw new AwsError('ValidationException', 'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".');
  if (depth(path) > MAX_DEPTH) {
    throw new AwsError('ValidationException', 'The parameter doesn\'t meet the parameter name requirements. The parameter name must not have more than 15 levels.');
  }
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** True when `name` is under `path`: one level below it, or any level when `recursive`. */
export function underPath(name: string, path: string, recursive: boolean): boolean {
  const prefix = path === '/' ? '/' : `${path}/`;
  if (!name.startsWith(prefix)) return false;
  return recursive || !name.slice(prefix.length).includes('/');
}
