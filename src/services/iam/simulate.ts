// SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the one policy engine
// (auth/policy/): each action on each resource evaluated against the principal's policies (or the
// given ones), its boundary, and a resource policy, as IAM's policy simulator does.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
import type {
  ContextEntry,
  EvaluationResult,
  SimulateCustomPolicyRequest,
  SimulatePolicyResponse,
  SimulatePrincipalPolicyRequest,
  Statement as SimulatedStatement,
} from '@aws-sdk/client-iam';
import { contextFor, evaluate, lookup, parsePolicy, type ContextValue, type Decision, type PolicyDocument, type StatementMatch, wildcardMatch } from '../../auth/policy/index.js';
import { validatePolicyDocument, type PolicyKind } from '../../auth/policy-validate.js';
import type { Caller } from '../caller.js';
import type { RequestContext } from '../context.js';
import type { IamApi } from './api.js';
import { invalidInput, malformedPolicy, noSuchEntity } from './errors.js';

const DECISION: Record<Decision, EvaluationResult['EvalDecision']> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };

/** A policy given in the request, checked like IAM checks a stored one; its id is AWS's
 *  "<ListName>.<n>" (1-based). */
function given(list: string[] | undefined, name: string, kind: PolicyKind): PolicyDocument[] {
  return (list ?? []).map((text, i) => {
    const problem = validatePolicyDocument(text, kind);
    if (problem) throw malformedPolicy(problem);
    return parsePolicy(text, `${name}.${i + 1}`);
  });
}

/** ContextEntries as condition keys: every type's values as the engine's strings. */
function contextEntries(entries: ContextEntry[] | undefined): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {};
  for (const e of entries ?? []) {
    if (!e.ContextKeyName) throw invalidInput('ContextKeyName is required.');
    const values = e.ContextKeyValues ?? [];
    out[e.ContextKeyName] = e.ContextKeyType?.endsWith('List') ? values : (values[0] ?? '');
  }
  return out;
}

/** The caller the simulation stands for: a user, role (as a session of it) or the account. */
function callerOf(arn: string): Caller {
  const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
  if (!account) throw invalidInput(`Invalid ARN: ${arn}`);
  const role = /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (role) return { account, principal: `arn:aws:sts::${account}:assumed-role/${role[1]}/simulation`, roleArn: arn };
  return { account, principal: arn };
}

/** Condition keys the matched-by-action-and-resource statements test that the context lacks. */
function missingKeys(docs: readonly PolicyDocument[], action: string, context: Record<string, ContextValue>): string[] {
  const out = new Set<string>();
  for (const d of docs) {
    for (const st of d.statements) {
      const listed = (st.action ?? st.notAction!).some((a) => wildcardMatch(a, action, true));
      if (st.action ? !listed : listed) continue;
      for (const c of st.condition) if (lookup(context, c.key) === undefined) out.add(c.key);
    }
  }
  return [...out];
}

function statementsOf(matched: StatementMatch[]): SimulatedStatement[] {
  return matched.map((m) => ({
    SourcePolicyId: m.document.source ?? '',
    SourcePolicyType: m.document.source === 'ResourcePolicy' ? 'resource' : m.document.source?.startsWith('PolicyInputList') ? 'none' : 'user',
  }));
}

interface Simulation {
  caller: Caller;
  identity: PolicyDocument[];
  boundary?: PolicyDocument;
  resource?: PolicyDocument;
  resourceOwner?: string;
  actions: string[];
  resources: string[];
  context: Record<string, ContextValue>;
  now: Date;
}

function simulate(s: Simulation, maxItems: number | undefined, marker: string | undefined): SimulatePolicyResponse {
  const results: EvaluationResult[] = [];
  const { principal, context } = contextFor(s.caller, s.now, s.context);
  const all = [...s.identity, ...(s.boundary ? [s.boundary] : []), ...(s.resource ? [s.resource] : [])];
  for (const action of s.actions) {
    for (const resource of s.resources) {
      const r = evaluate(
        { identity: s.identity, ...(s.boundary && { boundary: s.boundary }), ...(s.resource && { resource: s.resource }), resourceAccount: s.resourceOwner ?? s.caller.account },
        { principal, context, action, resource },
      );
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISION[r.decision],
        MatchedStatements: statementsOf(r.matched),
        MissingContextValues: missingKeys(all, action, context),
        ...(s.boundary && { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: evaluate({ identity: [s.boundary] }, { principal, context, action, resource }).decision === 'Allow' } }),
      });
    }
  }
  const start = marker === undefined ? 0 : Number(marker);
  if (!Number.isInteger(start) || start < 0 || start > results.length) throw invalidInput('Invalid Marker.');
  const end = maxItems === undefined ? results.length : start + maxItems;
  const page = results.slice(start, end);
  return { EvaluationResults: page, IsTruncated: end < results.length, ...(end < results.length && { Marker: String(end) }) };
}

function common(input: SimulateCustomPolicyRequest | SimulatePrincipalPolicyRequest) {
  if (!input.ActionNames?.length) throw invalidInput('ActionNames is required.');
  const resource = input.ResourcePolicy !== undefined ? given([input.ResourcePolicy], 'ResourcePolicy', 'resource')[0] : undefined;
  if (resource) resource.source = 'ResourcePolicy';
  const boundaries = given(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'identity');
  return {
    actions: input.ActionNames,
    resources: input.ResourceArns?.length ? input.ResourceArns : ['*'],
    context: contextEntries(input.ContextEntries),
    ...(resource && { resource }),
    ...(input.ResourceOwner && { resourceOwner: /^arn:aws:iam::(\d{12}):root$/.exec(input.ResourceOwner)?.[1] ?? input.ResourceOwner }),
    ...(boundaries[0] && { boundary: boundaries[0] }),
  };
}

export function simulatePrincipalPolicy(input: SimulatePrincipalPolicyRequest, ctx: RequestContext, iam: IamApi): SimulatePolicyResponse {
  const source = input.PolicySourceArn!;
  const policies = iam.policies(source);
  if (!policies) throw noSuchEntity(`The principal ${source} cannot be found.`);
  const identity = [...policies.identity.map((d, i) => parsePolicy(d, `${source}#${i + 1}`)), ...given(input.PolicyInputList, 'PolicyInputList', 'identity')];
  const c = common(input);
  const boundary = c.boundary ?? (policies.boundary ? parsePolicy(policies.boundary, 'PermissionsBoundary') : undefined);
  return simulate({ ...c, caller: callerOf(input.CallerArn ?? source), identity, ...(boundary && { boundary }), now: new Date(ctx.clock.now()) }, input.MaxItems, input.Marker);
}

export function simulateCustomPolicy(input: SimulateCustomPolicyRequest, ctx: RequestContext, _iam: IamApi): SimulatePolicyResponse {
  const identity = given(input.PolicyInputList, 'PolicyInputList', 'identity');
  const caller = input.CallerArn ? callerOf(input.CallerArn) : { account: ctx.account, principal: `arn:aws:iam::${ctx.account}:root` };
  return simulate({ ...common(input), caller, identity, now: new Date(ctx.clock.now()) }, input.MaxItems, input.Marker);
}
