// Input validation against the model, before any handler runs: types, required members, and
// botocore's constraints (length, range, pattern, enum). Messages follow AWS's Coral wording:
//   "1 validation error detected: Value 'x' at 'queueName' failed to satisfy constraint: ..."
// and the error code the protocol uses (table below) or the service declares (its definition).
import type { MemberModel, ProtocolName, ServiceModel, Shape } from '../models/types.js';
import { AwsError } from './errors.js';
import { acceptorFor, isPlainObject, matches } from './validate-accept.js';

/** Codes a service answers for a missing required member and for an invalid value. The
 *  protocol's defaults are below; a service whose documented common errors differ declares its own
 *  (ServiceDefinition.validation, in the service's index.ts), and the chain passes them in. */
export interface ValidationCodes {
  missing: string;
  invalid: string;
  /** Enum shapes the service checks itself, with its own error (SQS: InvalidAttributeName). */
  serviceCheckedEnums?: ReadonlySet<string>;
}

const BY_PROTOCOL: Record<ProtocolName, ValidationCodes> = {
  awsJson1_0: { missing: 'ValidationException', invalid: 'ValidationException' },
  awsJson1_1: { missing: 'ValidationException', invalid: 'ValidationException' },
  restJson1: { missing: 'ValidationException', invalid: 'ValidationException' },
  rpcv2Cbor: { missing: 'ValidationException', invalid: 'ValidationException' },
  awsQuery: { missing: 'ValidationError', invalid: 'ValidationError' },
  ec2Query: { missing: 'MissingParameter', invalid: 'InvalidParameterValue' },
  restXml: { missing: 'InvalidRequest', invalid: 'InvalidArgument' },
};

const MAX_REPORTED = 10;

/** The service's own codes when it declares them, else its protocol's. */
export function validationCodes(protocol: ProtocolName, service?: ValidationCodes): ValidationCodes {
  return service ?? BY_PROTOCOL[protocol];
}

/** Throws an AwsError when `input` does not satisfy the operation's input shape. `service`: the
 *  service's own validation codes (ServiceDefinition.validation), if any. */
export function validateInput(
  model: ServiceModel,
  protocol: ProtocolName,
  inputShape: string | undefined,
  input: Record<string, unknown>,
  service?: ValidationCodes,
): void {
  if (!inputShape) return;
  const codes = validationCodes(protocol, service);
  // Most requests are valid: a compiled check accepts them without building a single path or
  // message. Only a request it does not accept is walked again below, to say what is wrong.
  if (acceptorFor(model, inputShape, codes.serviceCheckedEnums)(input)) return;
  const problems: Problem[] = [];
  checkStructure(model, model.shapes[inputShape]!, input, '', problems, codes.serviceCheckedEnums);
  if (problems.length === 0) return;
  const allMissing = problems.every((p) => p.missing);
  const typeError = problems.find((p) => p.type);
  if (typeError && (protocol.startsWith('awsJson') || protocol === 'restJson1' || protocol === 'rpcv2Cbor')) {
    // AWS's JSON front ends reject a wrongly typed value while parsing, before validation.
    throw new AwsError('SerializationException', typeError.text);
  }
  const n = problems.length;
  const text = problems.slice(0, MAX_REPORTED).map((p) => p.text).join('; ');
  throw new AwsError(
    allMissing ? codes.missing : codes.invalid,
    `${n} validation error${n === 1 ? '' : 's'} detected: ${text}`,
  );
}

interface Problem {
  text: string;
  missing?: boolean;
  type?: boolean;
}

function checkStructure(model: ServiceModel, shape: Shape, value: unknown, path: string, out: Problem[], own?: ReadonlySet<string>): void {
  if (shape.type !== 'structure' && shape.type !== 'union') return;
  if (!isPlainObject(value)) {
    out.push({ text: `Value at '${path || 'input'}' must be a structure`, type: true });
    return;
  }
  for (const name in shape.members) {
    const member = shape.members[name]!;
    const v = value[name];
    // The member's path is made only for a member present or required: most of a structure's
    // members are absent from a request (DynamoDB's AttributeValue union has ten, one is set).
    if (v === undefined || v === null) {
      // A JSON `null` member is read as absent: removed, so a handler never finds a null where
      // its type promises a structure, list or value.
      if (v === null) delete value[name];
      if (member.required) {
        out.push({ text: `Value null at '${memberPath(path, name)}' failed to satisfy constraint: Member must not be null`, missing: true });
      }
      continue;
    }
    checkValue(model, member, v, memberPath(path, name), out, own);
  }
}

/** `own`: enum shapes the service checks itself (ValidationCodes.serviceCheckedEnums). */
function checkValue(model: ServiceModel, member: MemberModel, v: unknown, path: string, out: Problem[], own?: ReadonlySet<string>): void {
  const shape = model.shapes[member.target];
  if (!shape) return;
  switch (shape.type) {
    case 'structure':
    case 'union':
      checkStructure(model, shape, v, path, out, own);
      return;
    case 'list':
      if (!Array.isArray(v)) return void out.push(typeProblem(path, 'list'));
      checkCount(shape, v.length, path, out);
      v.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (item !== null && item !== undefined) checkValue(model, shape.member, item, itemPath, out, own);
        else if (!shape.sparse) out.push(nullProblem(itemPath));
      });
      return;
    case 'map':
      if (!isPlainObject(v)) return void out.push(typeProblem(path, 'map'));
      checkCount(shape, Object.keys(v).length, path, out);
      for (const key in v) {
        checkValue(model, shape.key, key, `${path}.${key}.key`, out, own);
        const item = v[key];
        if (item !== null && item !== undefined) checkValue(model, shape.value, item, `${path}.${key}.member`, out, own);
        else if (!shape.sparse) out.push(nullProblem(`${path}.${key}.member`));
      }
      return;
    case 'string':
      if (typeof v !== 'string') return void out.push(typeProblem(path, 'string'));
      checkLength(shape, v.length, v, path, out);
      if (shape.enum && !shape.enum.includes(v) && !own?.has(member.target)) {
        out.push({ text: `Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${shape.enum.join(', ')}]` });
      }
      if (shape.pattern && !matches(shape.pattern, v)) {
        out.push({ text: `Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${shape.pattern}` });
      }
      return;
    case 'blob':
      if (!(v instanceof Uint8Array) && typeof v !== 'string') return void out.push(typeProblem(path, 'blob'));
      checkLength(shape, typeof v === 'string' ? Buffer.byteLength(v) : v.length, undefined, path, out);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') out.push(typeProblem(path, 'boolean'));
      return;
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) return void out.push(typeProblem(path, shape.type));
      checkRange(shape, v, path, out);
      return;
    case 'float':
    case 'double':
    case 'bigDecimal':
    case 'bigInteger':
      if (typeof v !== 'number' && typeof v !== 'bigint') return void out.push(typeProblem(path, shape.type));
      checkRange(shape, Number(v), path, out);
      return;
    case 'timestamp':
      if (!(v instanceof Date) && typeof v !== 'number') out.push(typeProblem(path, 'timestamp'));
      else if (v instanceof Date && Number.isNaN(v.getTime())) out.push(typeProblem(path, 'timestamp'));
      return;
    case 'document':
      return;
  }
}

/** A null list item or map value (or a query map entry without its value): refused, not skipped,
 *  as AWS's front ends do for lists and maps that are not sparse. Not a "missing" problem: the
 *  member is there, its content is invalid. */
function nullProblem(path: string): Problem {
  return { text: `Value null at '${path}' failed to satisfy constraint: Member must not be null` };
}

function typeProblem(path: string, expected: string): Problem {
  return { text: `Value at '${path}' failed to satisfy constraint: Member must be of type ${expected}`, type: true };
}

function checkLength(shape: { min?: number; max?: number }, n: number, v: string | undefined, path: string, out: Problem[]) {
  const shown = v === undefined ? '' : ` '${v}'`;
  if (shape.min !== undefined && n < shape.min) {
    out.push({ text: `Value${shown} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && n > shape.max) {
    out.push({ text: `Value${shown} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}` });
  }
}

function checkCount(shape: { min?: number; max?: number }, n: number, path: string, out: Problem[]) {
  checkLength(shape, n, undefined, path, out);
}

function checkRange(shape: { min?: number; max?: number }, n: number, path: string, out: Problem[]) {
  if (shape.min !== undefined && n < shape.min) {
    out.push({ text: `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${shape.min}` });
  }
  if (shape.max !== undefined && n > shape.max) {
    out.push({ text: `Value '${n}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${shape.max}` });
  }
}

function memberPath(path: string, name: string): string {
  return path ? `${path}.${lowerFirst(name)}` : lowerFirst(name);
}

/** Member names come from the models (a bounded set): each is lowered once. */
const lowered = new Map<string, string>();

function lowerFirst(s: string): string {
  let l = lowered.get(s);
  if (l === undefined) {
    l = s.charAt(0).toLowerCase() + s.slice(1);
    lowered.set(s, l);
  }
  return l;
}
