// A hand-written recursive-descent parser for DynamoDB's expression languages: condition (also
// filter and key condition), update and projection expressions. Precedence, lowest first:
// OR, AND, NOT, then the predicates (comparators, BETWEEN, IN, functions) and parentheses.
// Errors carry DynamoDB's wording: "Invalid UpdateExpression: Syntax error; token: "x", near: "..."",
// undefined placeholders, reserved words, unknown or misused functions.
//
// API:
//   const names = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues)
//   parseCondition(text, 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression', names)
//   parseUpdate(text, names)        UpdateAction[]
//   parseProjection(text, names)    Path[]
//   names.checkAllUsed()            after every expression of the request is parsed
import { AwsError } from '../../../protocol/errors.js';
import { RESERVED_WORDS } from '../reserved-words.js';
import { typeOf, type AttributeValue } from '../values.js';
import type { Comparator, Condition, Operand, Path, UpdateAction } from './ast.js';

export type ExpressionKind = 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression' | 'UpdateExpression' | 'ProjectionExpression';

function invalid(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/** ExpressionAttributeNames / Values of one request, and which of them the expressions used. */
export class Placeholders {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    readonly names: Record<string, string> | undefined,
    readonly values: Record<string, AttributeValue> | undefined,
  ) {}

  name(token: string, kind: ExpressionKind): string {
    if (!this.names || !Object.hasOwn(this.names, token)) {
      throw invalid(`Invalid ${kind}: An expression attribute name used in the document path is not defined; attribute name: ${token}`);
    }
    this.usedNames.add(token);
    return this.names[token]!;
  }

  value(token: string, kind: ExpressionKind): AttributeValue {
    if (!this.values || !Object.hasOwn(this.values, token)) {
      throw invalid(`Invalid ${kind}: An expression attribute value used in expression is not defined; attribute value: ${token}`);
    }
    this.usedValues.add(token);
    return this.values[token]!;
  }

  /** DynamoDB refuses placeholders no expression of the request used. */
  checkAllUsed(): void {
    if (this.names) {
      const unused = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
      if (unused.length) throw invalid(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${unused.join(', ')}}`);
    }
    if (this.values) {
      const unused = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
      if (unused.length) throw invalid(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${unused.join(', ')}}`);
    }
  }
}

// ------------------------------------------------------------------------------ tokens

type TokenType = 'ident' | 'name' | 'value' | 'number' | 'punct' | 'eof';
interface Token {
  type: TokenType;
  text: string;
  start: number;
  end: number;
}

const PUNCT = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function tokenize(text: string, kind: ExpressionKind): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    if (c === 35 || c === 58) {
      // #name or :value
      i++;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      if (i === start + 1) throw syntaxAt(kind, text, tokens, { type: 'punct', text: text[start]!, start, end: i });
      tokens.push({ type: c === 35 ? 'name' : 'value', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (isWordChar(c)) {
      const digits = c >= 48 && c <= 57;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      tokens.push({ type: digits && /^\d+$/.test(word) ? 'number' : 'ident', text: word, start, end: i });
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (!p) {
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      throw invalid(`Invalid ${kind}: Syntax error; token: "${ch}", near: "${text.slice(Math.max(0, i - 1), i + ch.length + 1).trim()}"`);
    }
    i += p.length;
    tokens.push({ type: 'punct', text: p, start, end: i });
  }
  tokens.push({ type: 'eof', text: '<EOF>', start: text.length, end: text.length });
  return tokens;
}

/** DynamoDB's syntax error: the offending token and the text from the token before to the one after. */
function syntaxAt(kind: ExpressionKind, text: string, tokens: Token[], token: Token, index = tokens.length): AwsError {
  const prev = tokens[index - 1];
  const next = tokens[index + 1];
  const from = prev ? prev.start : token.start;
  const to = next && next.type !== 'eof' ? next.end : token.end;
  return invalid(`Invalid ${kind}: Syntax error; token: "${token.text}", near: "${text.slice(from, to)}"`);
}

const CONDITION_FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);
const ALL_FUNCTIONS = new Set([...CONDITION_FUNCTIONS, 'size', 'if_not_exists', 'list_append']);
const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const ATTRIBUTE_TYPES = ['B', 'NULL', 'SS', 'BOOL', 'L', 'BS', 'N', 'NS', 'S', 'M'];
const MAX_IN = 100;

class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly kind: ExpressionKind,
    private readonly ph: Placeholders,
  ) {
    if (text.length === 0) throw invalid(`Invalid ${kind}: The expression can not be empty;`);
    this.tokens = tokenize(text, kind);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'ident' && t.text.toUpperCase() === word;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.type === 'punct' && t.text === p;
  }

  fail(token = this.peek()): AwsError {
    return syntaxAt(this.kind, this.text, this.tokens, token, this.tokens.indexOf(token));
  }

  private expectPunct(p: string): void {
    if (!this.isPunct(p)) throw this.fail();
    this.pos++;
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') throw this.fail();
  }

  // -------------------------------------------------------------------- paths and operands

  path(): Path {
    const path: Path = [this.pathName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.pos++;
        path.push(this.pathName());
      } else if (this.isPunct('[')) {
        this.pos++;
        const t = this.next();
        if (t.type !== 'number') throw this.fail(t);
        const n = Number(t.text);
        if (!Number.isSafeInteger(n)) throw this.fail(t);
        path.push(n);
        this.expectPunct(']');
      } else return path;
    }
  }

  private pathName(): string {
    const t = this.next();
    if (t.type === 'name') return this.ph.name(t.text, this.kind);
    if (t.type === 'ident' && !/^\d/.test(t.text)) {
      if (RESERVED_WORDS.has(t.text.toUpperCase())) {
        throw invalid(`Invalid ${this.kind}: Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
      }
      return t.text;
    }
    throw this.fail(t);
  }

  private isFunctionCall(): boolean {
    const t = this.peek();
    return t.type === 'ident' && this.peek(1).type === 'punct' && this.peek(1).text === '(';
  }

  private functionName(allowed: ReadonlySet<string>): string {
    const t = this.next();
    const name = t.text;
    if (!ALL_FUNCTIONS.has(name)) throw invalid(`Invalid ${this.kind}: Invalid function name; function: ${name}`);
    if (!allowed.has(name)) throw invalid(`Invalid ${this.kind}: The function is not allowed to be used this way in an expression; function: ${name}`);
    this.expectPunct('(');
    return name;
  }

  /** A condition operand: a path, a value, or size(path). */
  operand(): Operand {
    const t = this.peek();
    if (t.type === 'value') {
      this.pos++;
      return { kind: 'value', value: this.ph.value(t.text, this.kind), name: t.text };
    }
    if (this.isFunctionCall()) {
      this.functionName(new Set(['size']));
      const path = this.path();
      this.expectPunct(')');
      return { kind: 'size', path };
    }
    if (t.type === 'name' || t.type === 'ident') return { kind: 'path', path: this.path() };
    throw this.fail();
  }

  // -------------------------------------------------------------------- conditions

  condition(): Condition {
    let a = this.and();
    while (this.isKeyword('OR')) {
      this.pos++;
      a = { kind: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Condition {
    let a = this.not();
    while (this.isKeyword('AND')) {
      this.pos++;
      a = { kind: 'and', a, b: this.not() };
    }
    return a;
  }

  private not(): Condition {
    if (this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'not', a: this.not() };
    }
    return this.predicate();
  }

  private predicate(): Condition {
    if (this.isPunct('(')) {
      this.pos++;
      const c = this.condition();
      this.expectPunct(')');
      return c;
    }
    if (this.isFunctionCall() && this.peek().text !== 'size') return this.conditionFunction();
    const a = this.operand();
    const t = this.peek();
    if (t.type === 'punct' && COMPARATORS.has(t.text)) {
      this.pos++;
      return { kind: 'compare', op: t.text as Comparator, a, b: this.operand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.pos++;
      const low = this.operand();
      if (!this.isKeyword('AND')) throw this.fail();
      this.pos++;
      return { kind: 'between', a, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expectPunct('(');
      const list = [this.operand()];
      while (this.isPunct(',')) {
        this.pos++;
        list.push(this.operand());
      }
      this.expectPunct(')');
      if (list.length > MAX_IN) throw invalid(`Invalid ${this.kind}: The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: 'in', a, list };
    }
    throw this.fail();
  }

  private conditionFunction(): Condition {
    const name = this.functionName(CONDITION_FUNCTIONS);
    let c: Condition;
    if (name === 'attribute_exists' || name === 'attribute_not_exists') {
      c = { kind: name, path: this.requirePath(name) };
    } else {
      const a = name === 'attribute_type' ? { kind: 'path' as const, path: this.requirePath(name) } : this.operand();
      this.expectPunct(',');
      const b = this.operand();
      if (name === 'attribute_type') {
        if (b.kind !== 'value' || b.value.S === undefined) throw invalid(`Invalid ${this.kind}: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: ${b.kind === 'value' ? typeOf(b.value) : 'PATH'}`);
        if (!ATTRIBUTE_TYPES.includes(b.value.S)) throw invalid(`Invalid ${this.kind}: Invalid attribute type name found; type: ${b.value.S}, valid types: {${ATTRIBUTE_TYPES.join(',')}}`);
        c = { kind: 'attribute_type', path: (a as { path: Path }).path, type: b };
      } else {
        if (name === 'begins_with' || name === 'contains') checkScalarOperand(this.kind, name, b);
        c = { kind: name as 'begins_with' | 'contains', a, b };
      }
    }
    this.expectPunct(')');
    return c;
  }

  private requirePath(fn: string): Path {
    const t = this.peek();
    if (t.type === 'value') {
      throw invalid(`Invalid ${this.kind}: Operator or function requires a document path; operator or function: ${fn}`);
    }
    return this.path();
  }

  // -------------------------------------------------------------------- update expressions

  update(): UpdateAction[] {
    const actions: UpdateAction[] = [];
    const seen = new Set<string>();
    if (this.peek().type === 'eof') throw this.fail();
    while (this.peek().type !== 'eof') {
      const t = this.next();
      const clause = t.type === 'ident' ? t.text.toUpperCase() : '';
      if (clause !== 'SET' && clause !== 'REMOVE' && clause !== 'ADD' && clause !== 'DELETE') throw this.fail(t);
      if (seen.has(clause)) throw invalid(`Invalid UpdateExpression: The "${clause}" section can only be used once in an update expression;`);
      seen.add(clause);
      actions.push(this.updateAction(clause));
      while (this.isPunct(',')) {
        this.pos++;
        actions.push(this.updateAction(clause));
      }
    }
    return actions;
  }

  private updateAction(clause: string): UpdateAction {
    const path = this.path();
    if (clause === 'REMOVE') return { action: 'REMOVE', path };
    if (clause === 'SET') {
      this.expectPunct('=');
      return { action: 'SET', path, value: this.setValue() };
    }
    const t = this.peek();
    if (t.type !== 'value') throw this.fail();
    this.pos++;
    const value = this.ph.value(t.text, this.kind);
    const type = typeOf(value);
    const okay = clause === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
    if (!okay.includes(type)) {
      throw invalid(`Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ${clause}, operand type: ${TYPE_NAMES[type]}`);
    }
    return { action: clause as 'ADD' | 'DELETE', path, value };
  }

  private setValue(): Operand {
    const a = this.setOperand();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arith', op, a, b: this.setOperand() };
    }
    return a;
  }

  private setOperand(): Operand {
    const t = this.peek();
    if (t.type === 'value') {
      this.pos++;
      return { kind: 'value', value: this.ph.value(t.text, this.kind), name: t.text };
    }
    if (this.isFunctionCall()) {
      const name = this.functionName(new Set(['if_not_exists', 'list_append']));
      let op: Operand;
      if (name === 'if_not_exists') {
        const path = this.requirePath(name);
        this.expectPunct(',');
        op = { kind: 'if_not_exists', path, fallback: this.setOperand() };
      } else {
        const a = this.setOperand();
        this.expectPunct(',');
        op = { kind: 'list_append', a, b: this.setOperand() };
      }
      this.expectPunct(')');
      return op;
    }
    if (t.type === 'name' || t.type === 'ident') return { kind: 'path', path: this.path() };
    throw this.fail();
  }

  // -------------------------------------------------------------------- projections

  projection(): Path[] {
    const paths = [this.path()];
    while (this.isPunct(',')) {
      this.pos++;
      paths.push(this.path());
    }
    return paths;
  }
}

const TYPE_NAMES: Record<string, string> = {
  S: 'STRING', N: 'NUMBER', B: 'BINARY', SS: 'SS', NS: 'NS', BS: 'BS', M: 'MAP', L: 'LIST', NULL: 'NULL', BOOL: 'BOOLEAN',
};

function checkScalarOperand(kind: ExpressionKind, fn: string, b: Operand): void {
  if (b.kind !== 'value') return;
  const t = typeOf(b.value);
  if (fn === 'begins_with' && t !== 'S' && t !== 'B') {
    throw invalid(`Invalid ${kind}: Incorrect operand type for operator or function; operator or function: ${fn}, operand type: ${TYPE_NAMES[t]}`);
  }
}

export function parseCondition(text: string, kind: ExpressionKind, ph: Placeholders): Condition {
  const p = new Parser(text, kind, ph);
  const c = p.condition();
  p.expectEnd();
  return c;
}

export function parseUpdate(text: string, ph: Placeholders): UpdateAction[] {
  const p = new Parser(text, 'UpdateExpression', ph);
  const actions = p.update();
  checkOverlaps(actions.map((a) => a.path));
  return actions;
}

export function parseProjection(text: string, ph: Placeholders): Path[] {
  const p = new Parser(text, 'ProjectionExpression', ph);
  const paths = p.projection();
  p.expectEnd();
  checkOverlaps(paths, 'ProjectionExpression');
  return paths;
}

function showPath(p: Path): string {
  return '[' + p.map((e) => (typeof e === 'number' ? `[${e}]` : e)).join(', ') + ']';
}

/** DynamoDB refuses two paths where one is the other or lies inside it. */
function checkOverlaps(paths: Path[], kind: ExpressionKind = 'UpdateExpression'): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!;
      const b = paths[j]!;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k === n) {
        throw invalid(`Invalid ${kind}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${showPath(a)}, path two: ${showPath(b)}`);
      }
      if (k < n && typeof a[k] !== typeof b[k]) {
        throw invalid(`Invalid ${kind}: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: ${showPath(a)}, path two: ${showPath(b)}`);
      }
    }
  }
}
