// TransactGetItems and TransactWriteItems: all or nothing. Every action is checked and its
// condition evaluated before any is applied; a failure cancels the whole transaction with one
// CancellationReason per action (None for those that would have succeeded), in
// TransactionCanceledException as AWS shapes it. Handlers run one at a time, so there are no
// concurrent transactions to conflict with. A ClientRequestToken makes a write idempotent for
// 10 minutes: the same token with the same parameters returns the first answer, with others
// IdempotentParameterMismatchException.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { consumed, readUnits, writeUnits } from './capacity.js';
import { project } from './expressions/projection.js';
import { applyWrite, prepareConditionCheck, prepareDelete, preparePut, prepareUpdate, type PreparedWrite } from './items.js';
import { checkKey, checkNewItem, invalid, parseExpressions } from './request.js';
import { getTable, regionOf, type DynamoState } from './state.js';
import { itemSize, type Item } from './values.js';

const MAX_ACTIONS = 100;
const TOKEN_MS = 10 * 60 * 1000;

interface Reason {
  Code: string;
  Message?: string;
  Item?: Item;
}

function cancelled(reasons: Reason[]): AwsError {
  const codes = reasons.map((r) => r.Code).join(', ');
  return new AwsError('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, { fields: { CancellationReasons: reasons } });
}

export function transactWriteItems(input: any, ctx: RequestContext, state: DynamoState) {
  const actions = input.TransactItems as any[];
  if (actions.length > MAX_ACTIONS) throw invalid(`Member must have length less than or equal to ${MAX_ACTIONS}`);
  const region = regionOf(state, ctx.account, ctx.region);
  const now = ctx.clock.now();
  const token = input.ClientRequestToken as string | undefined;
  let fingerprint = '';
  if (token !== undefined) {
    for (const [k, t] of region.tokens) if (now - t.at > TOKEN_MS) region.tokens.delete(k);
    fingerprint = JSON.stringify(actions);
    const prior = region.tokens.get(token);
    if (prior) {
      if (prior.fingerprint !== fingerprint) throw new AwsError('IdempotentParameterMismatchException', 'Request with the given client request token was already used with different parameters');
      return prior.output;
    }
  }
  const prepared: PreparedWrite[] = [];
  const reasons: Reason[] = [];
  let failed = false;
  const seen = new Set<string>();
  for (const a of actions) {
    const kinds = ['ConditionCheck', 'Put', 'Delete', 'Update'].filter((k) => a[k] !== undefined);
    if (kinds.length !== 1) throw invalid('TransactItems can only contain one of ConditionCheck, Put, Update or Delete');
    const kind = kinds[0]!;
    const spec = a[kind];
    const table = getTable(state, ctx.account, ctx.region, spec.TableName);
    // A malformed key or item fails the whole request (ValidationException), as on AWS.
    if (kind === 'Put') checkNewItem(table, spec.Item ?? {});
    const id = table.itemKey(kind === 'Put' ? spec.Item : checkKey(table, spec.Key));
    if (seen.has(id)) throw invalid('Transaction request cannot include multiple operations on one item');
    seen.add(id);
    try {
      const w =
        kind === 'Put' ? preparePut(table, spec) : kind === 'Delete' ? prepareDelete(table, spec) : kind === 'Update' ? prepareUpdate(table, spec) : prepareConditionCheck(table, spec);
      if (kind === 'ConditionCheck' && spec.ConditionExpression === undefined) throw invalid('The ConditionCheck action requires a ConditionExpression');
      prepared.push(w);
      reasons.push({ Code: 'None' });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      if (e.code === 'ConditionalCheckFailedException') {
        failed = true;
        const r: Reason = { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
        if (e.fields?.Item) r.Item = e.fields.Item as Item;
        reasons.push(r);
      } else if (e.code === 'ValidationException' && /Item size|key element|Missing the key|Type mismatch/.test(e.message)) {
        failed = true;
        reasons.push({ Code: 'ValidationError', Message: e.message });
      } else throw e;
    }
  }
  if (failed) throw cancelled(reasons);
  const units = new Map<string, number>();
  for (const w of prepared) {
    if (w.next !== w.old) applyWrite(w, ctx);
    // Transactional writes cost twice a plain write (prepare and commit).
    units.set(w.table.name, (units.get(w.table.name) ?? 0) + 2 * writeUnits(w.old, w.next));
  }
  const output: Record<string, unknown> = {};
  if (input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES') {
    output.ConsumedCapacity = [...units].map(([name, u]) => consumed(getTable(state, ctx.account, ctx.region, name), input.ReturnConsumedCapacity, u));
  }
  if (token !== undefined) region.tokens.set(token, { fingerprint, at: now, output });
  return output;
}

export function transactGetItems(input: any, ctx: RequestContext, state: DynamoState) {
  const actions = input.TransactItems as any[];
  if (actions.length > MAX_ACTIONS) throw invalid(`Member must have length less than or equal to ${MAX_ACTIONS}`);
  const responses: { Item?: Item }[] = [];
  const units = new Map<string, number>();
  for (const a of actions) {
    const g = a.Get;
    const table = getTable(state, ctx.account, ctx.region, g.TableName);
    const key = checkKey(table, g.Key);
    const expressions = parseExpressions(g);
    const item = table.get(key);
    units.set(table.name, (units.get(table.name) ?? 0) + 2 * readUnits(item ? itemSize(item) : 0, true));
    responses.push(item ? { Item: expressions.projection ? project(item, expressions.projection) : item } : {});
  }
  const out: Record<string, unknown> = { Responses: responses };
  if (input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES') {
    out.ConsumedCapacity = [...units].map(([name, u]) => consumed(getTable(state, ctx.account, ctx.region, name), input.ReturnConsumedCapacity, u, undefined, true));
  }
  return out;
}
