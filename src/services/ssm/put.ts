// PutParameter: new parameters and new versions, with AWS's rules on types, tiers, data types,
// allowed patterns, policies, tags and the 100-version history. SecureString values are encrypted
// through KMS's in-process API (alias/aws/ssm unless a KeyId is given) and only the ciphertext is
// stored.
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { latest, type Parameter, type ParameterTier, type ParameterType, type ParameterVersion } from './entities.js';
import { checkNewName, parameterArn } from './names.js';
import { parsePolicies } from './policies.js';
import { armExpiration, dropVersion, kmsOf, saveParameter, saveVersion, type SsmState } from './store.js';
import { checkTags } from './tags.js';
import { checkAllowedPattern, checkDataType, checkValueSize, TIER_LIMITS } from './values.js';

type Out = HandlerOutput<sdk.PutParameterResult>;

const MAX_VERSIONS = 100;
const MAX_STANDARD = 10_000;
export const DEFAULT_KEY = 'alias/aws/ssm';

export function callerUser(ctx: RequestContext): string {
  return ctx.caller.principal ?? `arn:aws:iam::${ctx.account}:root`;
}

/** Translates KMS's errors into Parameter Store's, as SSM reports them. */
export function kmsError(e: unknown, keyId: string): never {
  if (e instanceof AwsError && (e.code === 'NotFoundException' || e.code === 'InvalidKeyUsageException')) {
    throw new AwsError('InvalidKeyId', `Invalid KeyId ${keyId}: ${e.message}`);
  }
  throw e;
}

/** The tier of a new version: as requested; Intelligent-Tiering picks Advanced when the value or
 *  policies need it; no tier is the account's default (Standard). Advanced never goes back. */
function pickTier(requested: string | undefined, previous: ParameterVersion | undefined, size: number, hasPolicies: boolean): ParameterTier {
  let tier: ParameterTier =
    requested === 'Advanced' || (requested === 'Intelligent-Tiering' && (size > TIER_LIMITS.Standard || hasPolicies)) ? 'Advanced' : 'Standard';
  if (previous?.tier === 'Advanced' && tier === 'Standard') {
    if (requested === 'Standard') {
      throw new AwsError(
        'ValidationException',
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
      );
    }
    tier = 'Advanced';
  }
  return tier;
}

/** Synchronous unless the value is a SecureString (encrypted through KMS's API first), so plain
 *  puts take the chain's promise-free path. */
export function putParameter(input: sdk.PutParameterRequest, ctx: RequestContext, state: SsmState): Out | Promise<Out> {
  const name = input.Name!;
  checkNewName(name, ctx.account, ctx.region);
  const scope = state.regions.for(ctx.account, ctx.region);
  const existing = scope.parameters.get(name);
  if (existing && !input.Overwrite) {
    throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
  }
  if (existing && input.Tags?.length) {
    throw new AwsError(
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  const previous = existing && latest(existing);
  const type = (input.Type ?? previous?.type) as ParameterType | undefined;
  if (!type) throw new AwsError('ValidationException', 'A parameter type is required when you create a parameter.');
  const value = input.Value!;
  if (value === '') throw new AwsError('ValidationException', "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
  const dataType = input.DataType ?? previous?.dataType ?? 'text';
  checkDataType(dataType, type, value);
  const allowedPattern = input.AllowedPattern ?? previous?.allowedPattern;
  checkAllowedPattern(allowedPattern, value);
  const now = ctx.clock.now();
  const parsed = input.Policies !== undefined ? parsePolicies(input.Policies, now) : undefined;
  const policies = parsed?.policies ?? previous?.policies ?? [];
  const tier = pickTier(input.Tier, previous, Buffer.byteLength(value), policies.length > 0);
  checkValueSize(value, tier);
  if (policies.length > 0 && tier === 'Standard') {
    throw new AwsError('ValidationException', "Standard tier parameters don't support parameter policies. Use the advanced-parameter tier to assign policies.");
  }
  const tags = existing ? existing.tags : checkTags(input.Tags ?? []);
  if (!existing && tier === 'Standard' && scope.standardCount >= MAX_STANDARD) {
    throw new AwsError('ParameterLimitExceeded', 'You have exceeded the number of parameters for this AWS account. Delete unnecessary parameters and try again.');
  }
  if (existing && existing.versions.length >= MAX_VERSIONS && existing.versions[0]!.labels.length > 0) {
    throw new AwsError(
      'ParameterMaxVersionLimitExceeded',
      `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${existing.versions[0]!.version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
    );
  }

  const parameterType: ParameterType = type;
  if (type !== 'SecureString') return store(value, undefined);
  const keyId = input.KeyId ?? (previous?.type === 'SecureString' ? previous.keyId : undefined) ?? DEFAULT_KEY;
  return kmsOf(state).then((kms) => {
    let stored: string;
    try {
      stored = kms.encrypt(ctx.caller, ctx.region, keyId, Buffer.from(value), { PARAMETER_ARN: parameterArn(ctx.account, ctx.region, name) }).ciphertextBlob.toString('base64');
    } catch (e) {
      return kmsError(e, keyId);
    }
    return store(stored, keyId);
  });

  function store(stored: string, keyId: string | undefined): Out {
    // Re-read: a concurrent put may have made the parameter while KMS was being loaded.
    const current = scope.parameters.get(name);
    if (current !== existing) {
      if (!input.Overwrite) throw new AwsError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      if (!current) throw new AwsError('TooManyUpdates', 'There are concurrent updates for the resource that you are trying to modify.');
    }
    const p: Parameter = current ?? { name, versions: [], tags };
    const last = p.versions.length ? latest(p) : undefined;
    const description = input.Description ?? previous?.description;
    const version: ParameterVersion = {
      version: (last?.version ?? 0) + 1,
      type: parameterType,
      value: stored,
      ...(keyId !== undefined && { keyId }),
      ...(description !== undefined && { description }),
      ...(allowedPattern !== undefined && { allowedPattern }),
      tier,
      dataType,
      policies,
      labels: [],
      lastModifiedDate: now,
      lastModifiedUser: callerUser(ctx),
    };
    if (!current) {
      scope.parameters.set(name, p);
      if (tier === 'Standard') scope.standardCount++;
    } else if (last?.tier === 'Standard' && tier === 'Advanced') {
      scope.standardCount--;
    }
    p.versions.push(version);
    if (p.versions.length > MAX_VERSIONS) dropVersion(state, ctx.account, ctx.region, p, p.versions.shift()!);
    if (!current) saveParameter(state, ctx.account, ctx.region, p);
    saveVersion(state, ctx.account, ctx.region, p, version);
    armExpiration(state, ctx.account, ctx.region, p);
    return { Version: version.version, Tier: tier };
  }
}
