// The one policy evaluation engine (see evaluate.ts for the decision, statement.ts for matching,
// conditions.ts for the Condition operators, variables.ts for ${...}).
export { contextFor, lookup, principalType, type ContextValue, type EvaluationPrincipal, type EvaluationRequest } from './context.js';
export { parsePolicy, parsePolicyCached, PolicyParseError, type PolicyDocument, type Statement } from './document.js';
export { evaluate, type Decision, type Evaluation, type PolicySet } from './evaluate.js';
export { principalMatch, statementApplies, type StatementMatch } from './statement.js';
export { UnknownConditionOperator } from './conditions.js';
export { arnMatch, wildcardMatch } from './wildcard.js';
