// Whether one statement applies to a request: its Principal/NotPrincipal (resource policies),
// Action/NotAction, Resource/NotResource and Condition.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
import { conditionsHold } from './conditions.js';
import type { EvaluationPrincipal, EvaluationRequest } from './context.js';
import type { PolicyDocument, PrincipalElement, Statement } from './document.js';
import { substitute } from './variables.js';
import { wildcardMatch } from './wildcard.js';

/** How a Principal element named the caller: it matters within one account, where a resource
 *  policy naming the user or session itself grants more than one naming its role or account. */
export type PrincipalMatch = 'principal' | 'role' | 'account' | 'everyone' | 'service' | 'federated';

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:aws:iam::(\d{12}):root$/;

/** How `element` names the principal, or undefined when it does not. Principal values have no
 *  wildcards but `*` itself (AWS refuses partial wildcards in Principal). */
export function principalMatch(element: PrincipalElement, p: EvaluationPrincipal): PrincipalMatch | undefined {
  if (element === '*') return 'everyone';
  let best: PrincipalMatch | undefined;
  const rank: Record<PrincipalMatch, number> = { principal: 6, service: 5, federated: 4, role: 3, account: 2, everyone: 1 };
  const offer = (m: PrincipalMatch) => {
    if (!best || rank[m] > rank[best]) best = m;
  };
  for (const [type, values] of Object.entries(element)) {
    for (const v of values) {
      if (type === 'AWS') {
        if (v === '*') offer('everyone');
        else if (p.type !== 'AWS') continue;
        else if (v === p.id) offer('principal');
        else if (p.roleArn !== undefined && v === p.roleArn) offer('role');
        else if (p.account !== undefined && (v === p.account || ROOT.exec(v)?.[1] === p.account) && (ACCOUNT.test(v) || ROOT.test(v))) offer('account');
      } else if (type === 'Service') {
        if (p.type === 'Service' && (v === p.id || v === '*')) offer('service');
      } else if (type === 'Federated') {
        if (p.type === 'Federated' && v === p.id) offer('federated');
      }
    }
  }
  return best;
}

const versionHasVariables = (doc: PolicyDocument) => doc.version === '2012-10-17';

function actionMatches(patterns: readonly string[], action: string): boolean {
  // Action names are case-insensitive (sqs:sendmessage is sqs:SendMessage).
  return patterns.some((p) => wildcardMatch(p, action, true));
}

function resourceMatches(patterns: readonly string[], resource: string, req: EvaluationRequest, variables: boolean): boolean {
  return patterns.some((p) => {
    const s = substitute(p, req.context, variables);
    return s !== undefined && wildcardMatch(s, resource);
  });
}

export interface StatementMatch {
  statement: Statement;
  document: PolicyDocument;
  /** For resource policies: how the Principal named the caller. */
  principal?: PrincipalMatch;
}

/**
 * Does the statement apply? `resourcePolicy` statements must name the caller (Principal or
 * NotPrincipal); identity, boundary and session policies have no Principal.
 */
export function statementApplies(doc: PolicyDocument, st: Statement, req: EvaluationRequest, resourcePolicy: boolean): StatementMatch | undefined {
  const variables = versionHasVariables(doc);
  let principal: PrincipalMatch | undefined;
  if (resourcePolicy) {
    if (st.principal) {
      principal = principalMatch(st.principal, req.principal);
      if (!principal) return undefined;
    } else if (st.notPrincipal) {
      if (principalMatch(st.notPrincipal, req.principal)) return undefined;
      principal = 'everyone';
    } else return undefined;
  }
  if (st.action ? !actionMatches(st.action, req.action) : actionMatches(st.notAction!, req.action)) return undefined;
  // A trust policy (or any resource policy) may omit Resource: the statement is about this resource.
  if (st.resource && !resourceMatches(st.resource, req.resource, req, variables)) return undefined;
  if (st.notResource && resourceMatches(st.notResource, req.resource, req, variables)) return undefined;
  if (!conditionsHold(st.condition, req.context, variables)) return undefined;
  return principal ? { statement: st, document: doc, principal } : { statement: st, document: doc };
}

/** The statements of the documents that apply, by effect. */
export function applicable(docs: readonly PolicyDocument[], req: EvaluationRequest, resourcePolicy: boolean): { allows: StatementMatch[]; denies: StatementMatch[] } {
  const allows: StatementMatch[] = [];
  const denies: StatementMatch[] = [];
  for (const doc of docs) {
    for (const st of doc.statements) {
      const m = statementApplies(doc, st, req, resourcePolicy);
      if (m) (st.effect === 'Deny' ? denies : allows).push(m);
    }
  }
  return { allows, denies };
}
