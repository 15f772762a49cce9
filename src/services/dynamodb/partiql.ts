// PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction for the common forms
//   SELECT * | path, ... FROM "table"[."index"] [WHERE condition]
//   INSERT INTO "table" VALUE {'pk': 'a', 'n': 1, 's': <<'x'>>, 'l': [1, ?]}
//   UPDATE "table" SET path = value [+|- value], ... [REMOVE path, ...] WHERE <key> [AND condition]
//   DELETE FROM "table" WHERE <key> [AND condition]
// with ? parameters, the comparison operators, BETWEEN, IN [...], AND/OR/NOT, IS [NOT] MISSING,
// and the functions begins_with, contains, attribute_type, attribute_exists, attribute_not_exists,
// size. Statements become the same trees as the expression languages (expressions/ast.ts) and run
// through the same write path as PutItem/UpdateItem/DeleteItem.
// Not supported (ValidationException): joins, aggregates, EXISTS, RETURNING, set functions.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { Comparator, Condition, Operand, Path, UpdateAction } from './expressions/ast.js';
import { evaluate } from './expressions/evaluate.js';
import { project } from './expressions/projection.js';
import { applyUpdate, checkNoKeyUpdate } from './expressions/update.js';
import { checkKey, checkNewItem } from './request.js';
import { getTable, type DynamoState } from './state.js';
import type { Table } from './table.js';
import { checkValue, itemFromRow, itemToRow, type AttributeValue, type Item } from './values.js';
import { conditionFailed } from './items.js';

function malformed(detail: string): AwsError {
  return new AwsError('ValidationException', `Statement wasn't well formed, can't be processed: ${detail}`);
}

type Tok = { t: 'id' | 'qid' | 'str' | 'num' | 'p' | 'eof'; v: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const puncts = ['<<', '>>', '<>', '!=', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', '?', '*', '+', '-'];
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= s.length) throw malformed('unterminated quoted text');
        if (s[j] === c) {
          if (s[j + 1] === c) {
            v += c;
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push({ t: c === "'" ? 'str' : 'qid', v });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0] });
      i += id[0].length;
      continue;
    }
    const p = puncts.find((x) => s.startsWith(x, i));
    if (!p) throw malformed(`unexpected character ${c}`);
    out.push({ t: 'p', v: p });
    i += p.length;
  }
  out.push({ t: 'eof', v: '<EOF>' });
  return out;
}

export type Statement =
  | { kind: 'select'; table: string; index?: string; paths?: Path[]; where?: Condition }
  | { kind: 'insert'; table: string; item: Item }
  | { kind: 'update'; table: string; actions: UpdateAction[]; where: Condition }
  | { kind: 'delete'; table: string; where: Condition };

class PartiqlParser {
  private i = 0;
  private param = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly params: AttributeValue[],
  ) {}
  private peek(o = 0): Tok {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)]!;
  }
  private kw(w: string, o = 0): boolean {
    const t = this.peek(o);
    return t.t === 'id' && t.v.toUpperCase() === w;
  }
  private p(v: string): boolean {
    const t = this.peek();
    return t.t === 'p' && t.v === v;
  }
  private eatKw(w: string): void {
    if (!this.kw(w)) throw malformed(`expected ${w}, found ${this.peek().v}`);
    this.i++;
  }
  private eatP(v: string): void {
    if (!this.p(v)) throw malformed(`expected ${v}, found ${this.peek().v}`);
    this.i++;
  }
  end(): void {
    if (this.p(';')) this.i++;
    if (this.peek().t !== 'eof') throw malformed(`unexpected ${this.peek().v}`);
    if (this.param !== this.params.length) throw new AwsError('ValidationException', `Number of parameters in request and statement don't match.`);
  }
  private name(): string {
    const t = this.peek();
    if (t.t !== 'id' && t.t !== 'qid') throw malformed(`expected a name, found ${t.v}`);
    this.i++;
    return t.v;
  }
  path(): Path {
    const path: Path = [this.name()];
    for (;;) {
      if (this.p('.')) {
        this.i++;
        path.push(this.name());
      } else if (this.p('[')) {
        this.i++;
        const t = this.peek();
        if (t.t !== 'num' || !/^\d+$/.test(t.v)) throw malformed('list index must be a number');
        this.i++;
        path.push(Number(t.v));
        this.eatP(']');
      } else return path;
    }
  }
  private table(): { table: string; index?: string } {
    const table = this.name();
    if (this.p('.')) {
      this.i++;
      return { table, index: this.name() };
    }
    return { table };
  }
  value(): AttributeValue {
    const t = this.peek();
    if (this.p('?')) {
      this.i++;
      const v = this.params[this.param++];
      if (!v) throw new AwsError('ValidationException', `Number of parameters in request and statement don't match.`);
      return v;
    }
    if (t.t === 'str') {
      this.i++;
      return { S: t.v };
    }
    if (this.p('-') && this.peek(1).t === 'num') {
      this.i += 2;
      return { N: '-' + this.peek(-1).v };
    }
    if (t.t === 'num') {
      this.i++;
      return { N: t.v };
    }
    if (this.kw('TRUE') || this.kw('FALSE')) {
      this.i++;
      return { BOOL: t.v.toUpperCase() === 'TRUE' };
    }
    if (this.kw('NULL')) {
      this.i++;
      return { NULL: true };
    }
    if (this.p('{')) {
      this.i++;
      const m: Item = {};
      while (!this.p('}')) {
        const k = this.peek();
        if (k.t !== 'str') throw malformed('map keys must be quoted strings');
        this.i++;
        this.eatP(':');
        m[k.v] = this.value();
        if (!this.p('}')) this.eatP(',');
      }
      this.i++;
      return { M: m };
    }
    if (this.p('[')) {
      this.i++;
      const l: AttributeValue[] = [];
      while (!this.p(']')) {
        l.push(this.value());
        if (!this.p(']')) this.eatP(',');
      }
      this.i++;
      return { L: l };
    }
    if (this.p('<<')) {
      this.i++;
      const vs: AttributeValue[] = [];
      while (!this.p('>>')) {
        vs.push(this.value());
        if (!this.p('>>')) this.eatP(',');
      }
      this.i++;
      if (vs.every((v) => v.S !== undefined)) return { SS: vs.map((v) => v.S!) };
      if (vs.every((v) => v.N !== undefined)) return { NS: vs.map((v) => v.N!) };
      if (vs.every((v) => v.B !== undefined)) return { BS: vs.map((v) => v.B!) };
      throw malformed('a set holds strings, numbers or binaries of one type');
    }
    throw malformed(`unexpected ${t.v}`);
  }
  private isValueStart(): boolean {
    const t = this.peek();
    return t.t === 'str' || t.t === 'num' || this.p('?') || this.p('{') || this.p('[') || this.p('<<') || this.p('-') || this.kw('TRUE') || this.kw('FALSE') || this.kw('NULL');
  }
  operand(): Operand {
    if (this.isValueStart()) {
      const value = this.value();
      checkValue(value);
      return { kind: 'value', value, name: '?' };
    }
    if (this.kw('SIZE') && this.peek(1).v === '(') {
      this.i += 2;
      const path = this.path();
      this.eatP(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }
  condition(): Condition {
    let a = this.and();
    while (this.kw('OR')) {
      this.i++;
      a = { kind: 'or', a, b: this.and() };
    }
    return a;
  }
  private and(): Condition {
    let a = this.not();
    while (this.kw('AND')) {
      this.i++;
      a = { kind: 'and', a, b: this.not() };
    }
    return a;
  }
  private not(): Condition {
    if (this.kw('NOT')) {
      this.i++;
      return { kind: 'not', a: this.not() };
    }
    return this.predicate();
  }
  private predicate(): Condition {
    if (this.p('(')) {
      this.i++;
      const c = this.condition();
      this.eatP(')');
      return c;
    }
    const fn = this.peek().t === 'id' && this.peek(1).v === '(' ? this.peek().v.toLowerCase() : '';
    if (['begins_with', 'contains', 'attribute_type', 'attribute_exists', 'attribute_not_exists'].includes(fn)) {
      this.i += 2;
      let c: Condition;
      if (fn === 'attribute_exists' || fn === 'attribute_not_exists') c = { kind: fn, path: this.path() };
      else {
        const a = this.operand();
        this.eatP(',');
        const b = this.operand();
        c = fn === 'attribute_type' ? { kind: 'attribute_type', path: (a as { path: Path }).path, type: b } : { kind: fn as 'contains', a, b };
      }
      this.eatP(')');
      return c;
    }
    const a = this.operand();
    const t = this.peek();
    if (t.t === 'p' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.i++;
      return { kind: 'compare', op: (t.v === '!=' ? '<>' : t.v) as Comparator, a, b: this.operand() };
    }
    if (this.kw('BETWEEN')) {
      this.i++;
      const low = this.operand();
      this.eatKw('AND');
      return { kind: 'between', a, low, high: this.operand() };
    }
    if (this.kw('IN')) {
      this.i++;
      const open = this.p('(') ? ')' : ']';
      this.i++;
      const list: Operand[] = [];
      while (!this.p(open)) {
        list.push(this.operand());
        if (!this.p(open)) this.eatP(',');
      }
      this.i++;
      return { kind: 'in', a, list };
    }
    if (this.kw('IS')) {
      this.i++;
      const negated = this.kw('NOT');
      if (negated) this.i++;
      this.eatKw('MISSING');
      if (a.kind !== 'path') throw malformed('IS MISSING applies to a path');
      return { kind: negated ? 'attribute_exists' : 'attribute_not_exists', path: a.path };
    }
    throw malformed(`unexpected ${t.v}`);
  }

  statement(): Statement {
    if (this.kw('SELECT')) {
      this.i++;
      let paths: Path[] | undefined;
      if (this.p('*')) this.i++;
      else {
        paths = [this.path()];
        while (this.p(',')) {
          this.i++;
          paths.push(this.path());
        }
      }
      this.eatKw('FROM');
      const { table, index } = this.table();
      const where = this.kw('WHERE') ? (this.i++, this.condition()) : undefined;
      this.end();
      return { kind: 'select', table, index, paths, where };
    }
    if (this.kw('INSERT')) {
      this.i++;
      this.eatKw('INTO');
      const { table } = this.table();
      this.eatKw('VALUE');
      const v = this.value();
      if (!v.M) throw malformed('INSERT takes a map (VALUE {...})');
      this.end();
      return { kind: 'insert', table, item: v.M };
    }
    if (this.kw('UPDATE')) {
      this.i++;
      const { table } = this.table();
      const actions: UpdateAction[] = [];
      while (this.kw('SET') || this.kw('REMOVE')) {
        const set = this.kw('SET');
        this.i++;
        do {
          if (this.p(',')) this.i++;
          const path = this.path();
          if (set) {
            this.eatP('=');
            let value = this.operand();
            if (this.p('+') || this.p('-')) {
              const op = this.peek().v as '+' | '-';
              this.i++;
              value = { kind: 'arith', op, a: value, b: this.operand() };
            }
            actions.push({ action: 'SET', path, value });
          } else actions.push({ action: 'REMOVE', path });
        } while (this.p(','));
      }
      if (!actions.length) throw malformed('UPDATE needs SET or REMOVE');
      this.eatKw('WHERE');
      const where = this.condition();
      this.end();
      return { kind: 'update', table, actions, where };
    }
    if (this.kw('DELETE')) {
      this.i++;
      this.eatKw('FROM');
      const { table } = this.table();
      this.eatKw('WHERE');
      const where = this.condition();
      this.end();
      return { kind: 'delete', table, where };
    }
    throw malformed(`unsupported statement ${this.peek().v}`);
  }
}

export function parseStatement(text: string, params: AttributeValue[] = []): Statement {
  for (const p of params) checkValue(p);
  return new PartiqlParser(tokenize(text), params).statement();
}

/** The key a WHERE clause fixes with equalities joined by AND (UPDATE and DELETE need it all). */
function keyFromWhere(table: Table, where: Condition | undefined): Item {
  const key: Item = {};
  const walk = (c: Condition): void => {
    if (c.kind === 'and') {
      walk(c.a);
      walk(c.b);
    } else if (c.kind === 'compare' && c.op === '=' && c.a.kind === 'path' && c.a.path.length === 1 && c.b.kind === 'value') {
      const n = c.a.path[0] as string;
      if (table.keyNames().includes(n)) key[n] = c.b.value;
    }
  };
  if (where) walk(where);
  return key;
}

function whereKey(table: Table, where: Condition): Item {
  const key = keyFromWhere(table, where);
  if (Object.keys(key).length !== table.keyNames().length) throw new AwsError('ValidationException', 'Where clause does not contain a mandatory equality on all key attributes');
  return checkKey(table, key);
}

const PAGE_BYTES = 1024 * 1024;

/** Runs one statement; writes go through `write` (applied now, or collected by a transaction). */
export function runStatement(state: DynamoState, ctx: RequestContext, s: Statement, input: { Limit?: number; NextToken?: string; ReturnValuesOnConditionCheckFailure?: string }, write: (t: Table, old: Item | undefined, next: Item | undefined) => void) {
  const table = getTable(state, ctx.account, ctx.region, s.table);
  const returnOld = input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
  switch (s.kind) {
    case 'insert': {
      checkNewItem(table, s.item);
      if (table.get(s.item)) throw new AwsError('DuplicateItemException', 'Duplicate primary key exists in table');
      write(table, undefined, s.item);
      return { Items: [] };
    }
    case 'update': {
      const key = whereKey(table, s.where);
      checkNoKeyUpdate(s.actions, table.keyNames());
      const old = table.get(key);
      if (!old || !evaluate(s.where, old)) throw conditionFailed(old, returnOld);
      const next = applyUpdate(old, s.actions);
      checkNewItem(table, next, false);
      write(table, old, next);
      return { Items: [] };
    }
    case 'delete': {
      const key = whereKey(table, s.where);
      const old = table.get(key);
      if (old && !evaluate(s.where, old)) throw conditionFailed(old, returnOld);
      if (old) write(table, old, undefined);
      return { Items: [] };
    }
    case 'select': {
      const ix = s.index === undefined ? undefined : table.indexes.get(s.index);
      if (s.index !== undefined && !ix) throw new AwsError('ValidationException', `The table does not have the specified index: ${s.index}`);
      const data = ix ? ix.data : table.items;
      const hashName = data.key.hash;
      const hash = keyFromWhereFor(hashName, s.where);
      const parts = hash ? [data.partitions.get(data.partitionOf({ [hashName]: hash }))].filter((p) => p !== undefined) : data.order;
      const after = input.NextToken ? itemFromRow(JSON.parse(Buffer.from(input.NextToken, 'base64').toString())) : undefined;
      let started = after === undefined;
      const items: Item[] = [];
      let bytes = 0;
      let last: Item | undefined;
      let more = false;
      const limit = input.Limit ?? Infinity;
      outer: for (const p of parts) {
        for (let i = 0; i < p.length; i++) {
          if (!started) {
            if (p.key === data.partitionOf(after!) && data.isAt(p, i, after!)) started = true;
            continue;
          }
          const item = data.itemAt(p, i);
          if (items.length >= limit || bytes >= PAGE_BYTES) {
            more = true;
            break outer;
          }
          bytes += data.sizeAt(p, i);
          last = item;
          if (s.where && !evaluate(s.where, item)) continue;
          items.push(s.paths ? project(item, s.paths) : item);
        }
      }
      const out: Record<string, unknown> = { Items: items };
      if (more && last) {
        const k: Item = {};
        for (const n of [...table.keyNames(), data.key.hash, ...(data.key.range ? [data.key.range] : [])]) k[n] = last[n]!;
        out.NextToken = Buffer.from(JSON.stringify(itemToRow(k))).toString('base64');
      }
      return out;
    }
  }
}

function keyFromWhereFor(name: string, where: Condition | undefined): AttributeValue | undefined {
  if (!where) return undefined;
  if (where.kind === 'and') return keyFromWhereFor(name, where.a) ?? keyFromWhereFor(name, where.b);
  if (where.kind === 'compare' && where.op === '=' && where.a.kind === 'path' && where.a.path.length === 1 && where.a.path[0] === name && where.b.kind === 'value') return where.b.value;
  return undefined;
}

export function executeStatement(input: any, ctx: RequestContext, state: DynamoState) {
  const s = parseStatement(input.Statement, input.Parameters);
  return runStatement(state, ctx, s, input, (t, old, next) => t.write(old, next, ctx.clock.now()));
}

/** BatchStatementError / CancellationReason codes for the exceptions a statement throws. */
const ERROR_CODES: Record<string, string> = {
  ConditionalCheckFailedException: 'ConditionalCheckFailed',
  ValidationException: 'ValidationError',
  ResourceNotFoundException: 'ResourceNotFound',
  DuplicateItemException: 'DuplicateItem',
};

function errorCode(e: AwsError): string {
  return ERROR_CODES[e.code] ?? e.code.replace(/Exception$/, '');
}

export function batchExecuteStatement(input: any, ctx: RequestContext, state: DynamoState) {
  const statements = input.Statements as any[];
  if (statements.length > 25) throw new AwsError('ValidationException', '1 validation error detected: Value at \'statements\' failed to satisfy constraint: Member must have length less than or equal to 25');
  const responses = statements.map((st) => {
    try {
      const s = parseStatement(st.Statement, st.Parameters);
      if (s.kind === 'select' && (s.index || !s.where)) throw new AwsError('ValidationException', 'Batch select statements must specify the full primary key');
      const r = runStatement(state, ctx, s, st, (t, old, next) => t.write(old, next, ctx.clock.now()));
      const out: Record<string, unknown> = { TableName: s.table };
      if (s.kind === 'select') {
        const items = (r.Items as Item[]) ?? [];
        if (items[0]) out.Item = items[0];
      }
      return out;
    } catch (e) {
      if (!(e instanceof AwsError) || e.status >= 500) throw e;
      const err: Record<string, unknown> = { Code: errorCode(e), Message: e.message };
      if (e.fields?.Item) err.Item = e.fields.Item;
      return { Error: err };
    }
  });
  return { Responses: responses };
}

export function executeTransaction(input: any, ctx: RequestContext, state: DynamoState) {
  const statements = input.TransactStatements as any[];
  if (statements.length > 100) throw new AwsError('ValidationException', 'Member must have length less than or equal to 100');
  const parsed = statements.map((st) => parseStatement(st.Statement, st.Parameters));
  const reads = parsed.filter((s) => s.kind === 'select').length;
  if (reads && reads !== parsed.length) throw new AwsError('ValidationException', 'Transaction statements must all be reads or all be writes');
  const writes: [Table, Item | undefined, Item | undefined][] = [];
  const reasons: Record<string, unknown>[] = [];
  const results: Record<string, unknown>[] = [];
  let failed = false;
  parsed.forEach((s, i) => {
    try {
      const r = runStatement(state, ctx, s, statements[i], (t, old, next) => writes.push([t, old, next]));
      const items = r.Items as Item[];
      results.push(s.kind === 'select' && items[0] ? { Item: items[0] } : {});
      reasons.push({ Code: 'None' });
    } catch (e) {
      if (!(e instanceof AwsError) || e.status >= 500) throw e;
      failed = true;
      const reason: Record<string, unknown> = { Code: e.code === 'ConditionalCheckFailedException' ? 'ConditionalCheckFailed' : errorCode(e), Message: e.message };
      if (e.fields?.Item) reason.Item = e.fields.Item;
      reasons.push(reason);
    }
  });
  if (failed) {
    throw new AwsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`, { fields: { CancellationReasons: reasons } });
  }
  for (const [t, old, next] of writes) t.write(old, next, ctx.clock.now());
  return reads ? { Responses: results } : {};
}
