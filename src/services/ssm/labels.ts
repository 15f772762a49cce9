// LabelParameterVersion / UnlabelParameterVersion with AWS's label rules (AWS Systems Manager
// User Guide, "Working with parameter labels"): at most 100 characters of letters, digits, '.',
// '-', '_'; not starting with a digit, "aws" or "ssm"; at most 10 labels per version; a label
// names one version of a parameter, so labelling another version moves it. Invalid labels are
// answered in InvalidLabels, not as an error.
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { latest, type Parameter, type ParameterVersion } from './entities.js';
import { parameterNotFound, saveVersion, type SsmState } from './store.js';

const MAX_LABELS = 10;

export function validLabel(label: string): boolean {
  return label.length <= 100 && /^[a-zA-Z0-9_.-]+$/.test(label) && !/^[0-9]/.test(label) && !/^(aws|ssm)/i.test(label);
}

function parameter(state: SsmState, ctx: RequestContext, name: string): Parameter {
  const p = state.regions.for(ctx.account, ctx.region).parameters.get(name);
  if (!p) throw parameterNotFound(name);
  return p;
}

function version(p: Parameter, n: number | undefined): ParameterVersion {
  if (n === undefined) return latest(p);
  const v = p.versions.find((x) => x.version === n);
  if (!v) throw new AwsError('ParameterVersionNotFound', `Systems Manager could not find version ${n} of ${p.name}. Verify the version and try again.`);
  return v;
}

export function labelParameterVersion(input: sdk.LabelParameterVersionRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.LabelParameterVersionResult> {
  const p = parameter(state, ctx, input.Name!);
  const v = version(p, input.ParameterVersion);
  const labels = [...new Set(input.Labels ?? [])];
  const invalid = labels.filter((l) => !validLabel(l));
  const valid = labels.filter(validLabel);
  const after = new Set([...v.labels, ...valid]);
  if (after.size > MAX_LABELS) {
    throw new AwsError('ParameterVersionLabelLimitExceeded', 'A parameter version can have maximum 10 labels.Move one or more labels to another version and try again.');
  }
  for (const other of p.versions) {
    if (other === v || !other.labels.some((l) => valid.includes(l))) continue;
    other.labels = other.labels.filter((l) => !valid.includes(l));
    saveVersion(state, ctx.account, ctx.region, p, other);
  }
  v.labels = [...after];
  saveVersion(state, ctx.account, ctx.region, p, v);
  return { InvalidLabels: invalid, ParameterVersion: v.version };
}

export function unlabelParameterVersion(input: sdk.UnlabelParameterVersionRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.UnlabelParameterVersionResult> {
  const p = parameter(state, ctx, input.Name!);
  const v = version(p, input.ParameterVersion);
  const labels = [...new Set(input.Labels ?? [])];
  const removed = labels.filter((l) => v.labels.includes(l));
  v.labels = v.labels.filter((l) => !removed.includes(l));
  saveVersion(state, ctx.account, ctx.region, p, v);
  return { RemovedLabels: removed, InvalidLabels: labels.filter((l) => !removed.includes(l)) };
}
