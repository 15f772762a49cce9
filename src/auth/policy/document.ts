// A policy document as the engine reads it: the JSON grammar of IAM policies (identity,
// resource, trust, boundary and session policies share it), normalized once so evaluation never
// re-checks shapes. Single values become lists; a document that is not a policy is refused with
// PolicyParseError (validation with AWS's MalformedPolicyDocument wording is the IAM service's
// policy-validate.ts; the engine only needs to read what was accepted).
// Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

export type Effect = 'Allow' | 'Deny';

/** A Principal / NotPrincipal element: '*' or principal type -> values. */
export type PrincipalElement = '*' | Record<string, string[]>;

/** Operator -> condition key -> values, as written (values stringified). */
export type ConditionBlock = Array<{ operator: string; key: string; values: string[] }>;

export interface Statement {
  sid?: string;
  effect: Effect;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition: ConditionBlock;
  /** Position in the document (for SimulatePolicy's MatchedStatements). */
  index: number;
}

export interface PolicyDocument {
  /** '2012-10-17' enables policy variables; '2008-10-17' (or none) reads ${...} literally. */
  version?: string;
  id?: string;
  statements: Statement[];
  /** An identifier the caller gave (a policy name or ARN), echoed in evaluation results. */
  source?: string;
}

export class PolicyParseError extends Error {}

const list = (v: unknown, what: string): string[] => {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new PolicyParseError(`${what} must be a string or a list of strings`);
};

function principalElement(v: unknown, what: string): PrincipalElement {
  if (v === '*') return '*';
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PolicyParseError(`${what} must be "*" or an object`);
  const out: Record<string, string[]> = Object.create(null);
  for (const [type, values] of Object.entries(v)) out[type] = list(values, `${what}.${type}`);
  return out;
}

function conditionBlock(v: unknown): ConditionBlock {
  if (v === undefined) return [];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PolicyParseError('Condition must be an object');
  const out: ConditionBlock = [];
  for (const [operator, keys] of Object.entries(v)) {
    if (!keys || typeof keys !== 'object' || Array.isArray(keys)) throw new PolicyParseError(`Condition ${operator} must be an object`);
    for (const [key, values] of Object.entries(keys)) {
      const raw = Array.isArray(values) ? values : [values];
      if (!raw.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) throw new PolicyParseError(`Condition ${operator} ${key} values must be scalars`);
      out.push({ operator, key, values: raw.map(String) });
    }
  }
  return out;
}

function statement(s: unknown, index: number): Statement {
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw new PolicyParseError('Statement must be an object');
  const o = s as Record<string, unknown>;
  if (o.Effect !== 'Allow' && o.Effect !== 'Deny') throw new PolicyParseError('Effect must be Allow or Deny');
  const st: Statement = { effect: o.Effect, condition: conditionBlock(o.Condition), index };
  if (o.Sid !== undefined) st.sid = String(o.Sid);
  if (o.Principal !== undefined) st.principal = principalElement(o.Principal, 'Principal');
  if (o.NotPrincipal !== undefined) st.notPrincipal = principalElement(o.NotPrincipal, 'NotPrincipal');
  if (o.Action !== undefined) st.action = list(o.Action, 'Action');
  if (o.NotAction !== undefined) st.notAction = list(o.NotAction, 'NotAction');
  if (o.Resource !== undefined) st.resource = list(o.Resource, 'Resource');
  if (o.NotResource !== undefined) st.notResource = list(o.NotResource, 'NotResource');
  if (!st.action && !st.notAction) throw new PolicyParseError('Statement needs Action or NotAction');
  return st;
}

/** Reads a policy document from its JSON text (or an already-parsed object). */
export function parsePolicy(doc: string | object, source?: string): PolicyDocument {
  let o: unknown = doc;
  if (typeof doc === 'string') {
    try {
      o = JSON.parse(doc);
    } catch {
      throw new PolicyParseError('The policy is not valid JSON');
    }
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new PolicyParseError('A policy must be a JSON object');
  const p = o as Record<string, unknown>;
  const raw = Array.isArray(p.Statement) ? p.Statement : p.Statement === undefined ? undefined : [p.Statement];
  if (!raw) throw new PolicyParseError('A policy needs a Statement');
  const out: PolicyDocument = { statements: raw.map(statement) };
  if (typeof p.Version === 'string') out.version = p.Version;
  if (typeof p.Id === 'string') out.id = p.Id;
  if (source !== undefined) out.source = source;
  return out;
}

const cache = new Map<string, PolicyDocument>();

/** parsePolicy, memoized by text: resource policies are read on every cross-account call. */
export function parsePolicyCached(text: string): PolicyDocument {
  let doc = cache.get(text);
  if (!doc) {
    doc = parsePolicy(text);
    if (cache.size > 1000) cache.clear();
    cache.set(text, doc);
  }
  return doc;
}
