// Query and Scan, on tables and their indexes: key conditions as binary searches within one
// partition, ScanIndexForward, Limit (items evaluated, before the filter), the 1 MB page limit
// (items read, as AWS counts it), ExclusiveStartKey/LastEvaluatedKey, Select, filters and
// projections, parallel Scan (a partition's segment is a hash of its key, as AWS's are ranges of
// its partition-key hash).
//
// GSIs are kept up to date in the write's own request: a read after a write always sees it
// (stronger than AWS's eventual consistency; ConsistentRead on a GSI is refused as AWS does).
import type { RequestContext } from '../context.js';
import { compareText, keyText, segmentOf, type Collection, type KeyDef, type Partition } from './collection.js';
import { consumed, readUnits } from './capacity.js';
import type { Condition, Operand } from './expressions/ast.js';
import { evaluate } from './expressions/evaluate.js';
import { project } from './expressions/projection.js';
import { invalid, parseExpressions } from './request.js';
import { getTable, type DynamoState } from './state.js';
import type { LiveIndex, Table } from './table.js';
import { checkValue, compareKeyValues, type AttributeValue, type Item, type KeyType } from './values.js';

const PAGE_BYTES = 1024 * 1024;

interface Source {
  table: Table;
  index?: LiveIndex;
  data: Collection;
  key: KeyDef;
}

function sourceOf(table: Table, indexName: string | undefined, consistent: boolean): Source {
  if (indexName === undefined) return { table, data: table.items, key: table.key };
  const index = table.indexes.get(indexName);
  if (!index) throw invalid(`The table does not have the specified index: ${indexName}`);
  if (consistent && index.global) throw invalid('Consistent reads are not supported on global secondary indexes');
  return { table, index, data: index.data, key: index.key };
}

interface RangeCondition {
  op: '=' | '<' | '<=' | '>' | '>=' | 'between' | 'begins_with';
  values: AttributeValue[];
}

function keyValue(o: Operand, type: KeyType): AttributeValue {
  if (o.kind !== 'value') throw invalid('Invalid KeyConditionExpression: The key conditions must compare key attributes with values');
  if (o.value[type] === undefined) throw invalid('One or more parameter values were invalid: Condition parameter type does not match schema type');
  return o.value;
}

function flattenAnd(c: Condition, out: Condition[] = []): Condition[] {
  if (c.kind === 'and') {
    flattenAnd(c.a, out);
    flattenAnd(c.b, out);
  } else out.push(c);
  return out;
}

/** The key condition as the partition's key value and an optional sort-key range. */
function analyzeKeyCondition(c: Condition, key: KeyDef): { hash: AttributeValue; range?: RangeCondition } {
  let hash: AttributeValue | undefined;
  let range: RangeCondition | undefined;
  const seen = new Set<string>();
  for (const part of flattenAnd(c)) {
    let name: string;
    let cond: RangeCondition;
    if (part.kind === 'compare' && part.op !== '<>' && part.a.kind === 'path') {
      if (part.a.path.length > 1) throw invalid('KeyConditionExpressions cannot have conditions on nested attributes');
      name = part.a.path[0] as string;
      cond = { op: part.op, values: [part.b as never] };
    } else if (part.kind === 'between' && part.a.kind === 'path') {
      name = part.a.path[0] as string;
      cond = { op: 'between', values: [part.low as never, part.high as never] };
    } else if (part.kind === 'begins_with' && part.a.kind === 'path') {
      name = part.a.path[0] as string;
      cond = { op: 'begins_with', values: [part.b as never] };
    } else {
      const op = part.kind === 'compare' ? part.op : part.kind.toUpperCase();
      throw invalid(`Invalid operator used in KeyConditionExpression: ${op}`);
    }
    if (seen.has(name)) throw invalid('KeyConditionExpressions must only contain one condition per key');
    seen.add(name);
    if (name === key.hash) {
      if (cond.op !== '=') throw invalid('Query key condition not supported');
      hash = keyValue(cond.values[0] as unknown as Operand, key.hashType);
    } else if (name === key.range) {
      const values = (cond.values as unknown as Operand[]).map((o) => keyValue(o, key.rangeType!));
      if (cond.op === 'begins_with' && key.rangeType === 'N') throw invalid('Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N');
      if (cond.op === 'between' && compareKeyValues(values[0]!, values[1]!, key.rangeType!) > 0) {
        throw invalid(`Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {${key.rangeType}:${show(values[0]!)}}, upper bound operand: AttributeValue: {${key.rangeType}:${show(values[1]!)}}`);
      }
      range = { op: cond.op, values };
    } else throw invalid(`Query condition missed key schema element: ${key.hash}`);
  }
  if (!hash) throw invalid(`Query condition missed key schema element: ${key.hash}`);
  return { hash, range };
}

function show(v: AttributeValue): string {
  return v.S ?? v.N ?? Buffer.from(v.B!).toString('base64');
}

/** [start, end) of the partition's items matching the sort-key condition (binary searches over
 *  the sort-key column, compareText). */
function rangeBounds(p: Partition, key: KeyDef, range: RangeCondition | undefined): [number, number] {
  const n = p.length;
  if (!range) return [0, n];
  const col = p.cols[0]!;
  const type = key.rangeType!;
  const bound = (v: AttributeValue, strict: boolean): number => {
    const t = keyText(v, type);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareText(col[mid]!, t, type);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const [a, b] = range.values;
  switch (range.op) {
    case '=':
      return [bound(a!, false), bound(a!, true)];
    case '<':
      return [0, bound(a!, false)];
    case '<=':
      return [0, bound(a!, true)];
    case '>':
      return [bound(a!, true), n];
    case '>=':
      return [bound(a!, false), n];
    case 'between':
      return [bound(a!, false), bound(b!, true)];
    case 'begins_with': {
      const start = bound(a!, false);
      // Strings by their characters, binaries by their bytes (one latin1 char each).
      const prefix = keyText(a!, type);
      let end = start;
      while (end < n && col[end]!.startsWith(prefix)) end++;
      return [start, end];
    }
  }
}

/** The ExclusiveStartKey, checked against the source's keys. */
function startKey(src: Source, esk: Item | undefined): Item | undefined {
  if (!esk) return undefined;
  for (const k in esk) checkValue(esk[k]!);
  const need = new Set([...src.table.keyNames(), src.key.hash, ...(src.key.range ? [src.key.range] : [])]);
  for (const n of need) {
    const v = esk[n];
    const type = n === src.key.hash ? src.key.hashType : n === src.key.range ? src.key.rangeType : n === src.table.key.hash ? src.table.key.hashType : src.table.key.rangeType;
    if (!v || v[type!] === undefined) throw invalid('The provided starting key is invalid: The provided key element does not match the schema');
  }
  if (Object.keys(esk).length !== need.size) throw invalid('The provided starting key is invalid: The provided key element does not match the schema');
  return esk;
}

function lastKey(src: Source, item: Item): Item {
  const out: Item = {};
  for (const n of [...src.table.keyNames(), src.key.hash, ...(src.key.range ? [src.key.range] : [])]) out[n] = item[n]!;
  return out;
}

interface ReadInput {
  TableName?: string;
  IndexName?: string;
  Select?: string;
  Limit?: number;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
  ExclusiveStartKey?: Item;
  [k: string]: any;
}

/** What to return of each item: Select with ProjectionExpression / AttributesToGet. */
function selection(src: Source, input: ReadInput, projecting: boolean): 'count' | 'projected' | 'all' | 'specific' {
  const select = input.Select;
  if (select === 'COUNT') {
    if (projecting) throw invalid('Cannot specify the AttributesToGet when choosing to get only the Count');
    return 'count';
  }
  if (select === 'SPECIFIC_ATTRIBUTES') {
    if (!projecting) throw invalid('1 validation error detected: Value null at \'projectionExpression\' failed to satisfy constraint: Select type SPECIFIC_ATTRIBUTES requires a projection');
    return 'specific';
  }
  if (projecting) {
    if (select !== undefined) throw invalid(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
    return 'specific';
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES') {
    if (!src.index) throw invalid('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
    return 'projected';
  }
  if (src.index && src.index.row.Projection.ProjectionType !== 'ALL') {
    if (select === 'ALL_ATTRIBUTES' && src.index.global) {
      throw invalid(`One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${src.index.row.IndexName} because its projection type is not ALL`);
    }
    // An LSI fetches the table's item; a GSI without Select returns what it projects.
    return select === 'ALL_ATTRIBUTES' ? 'all' : src.index.global ? 'projected' : 'all';
  }
  return 'projected';
}

/** Reads items of `ranges` in order until Limit or 1 MB, filtering and projecting. */
function readPage(src: Source, input: ReadInput, parts: Iterable<[Partition, number, number]>, filter: Condition | undefined, projection: import('./expressions/ast.js').Path[] | undefined, forward: boolean) {
  const mode = selection(src, input, projection !== undefined);
  const limit = input.Limit ?? Infinity;
  const items: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | undefined;
  let more = false;
  let counted = 0;
  outer: for (const [p, start, end] of parts) {
    for (let k = 0; k < end - start; k++) {
      const i = forward ? start + k : end - 1 - k;
      if (scanned >= limit || bytes >= PAGE_BYTES) {
        more = true;
        break outer;
      }
      let item = src.data.itemAt(p, i);
      scanned++;
      bytes += src.data.sizeAt(p, i);
      last = item;
      if (mode === 'all' && src.index) item = src.table.get(item) ?? item;
      if (filter && !evaluate(filter, item)) continue;
      if (mode === 'count') counted++;
      else items.push(projection ? project(item, projection) : item);
    }
  }
  const out: Record<string, unknown> = { Count: mode === 'count' ? counted : items.length, ScannedCount: scanned };
  if (mode !== 'count') out.Items = items;
  if (more && last) out.LastEvaluatedKey = lastKey(src, last);
  const cc = consumed(src.table, input.ReturnConsumedCapacity, readUnits(bytes, input.ConsistentRead === true), undefined, true);
  if (cc) out.ConsumedCapacity = cc;
  return out;
}

export function query(input: ReadInput, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName!);
  const src = sourceOf(table, input.IndexName, input.ConsistentRead === true);
  if (input.KeyConditionExpression === undefined && input.KeyConditions === undefined) {
    throw invalid('Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.');
  }
  const expressions = parseExpressions(input);
  const { hash, range } = analyzeKeyCondition(expressions.keyCondition!, src.key);
  const forward = input.ScanIndexForward !== false;
  const esk = startKey(src, input.ExclusiveStartKey);
  const p = src.data.partitions.get(src.data.partitionOf({ [src.key.hash]: hash }));
  const parts: [Partition, number, number][] = [];
  if (p) {
    let [start, end] = rangeBounds(p, src.key, range);
    if (esk) {
      if (src.data.partitionOf(esk) !== p.key) throw invalid('The provided starting key is invalid: The provided starting key does not match the range key predicate');
      const at = src.data.lowerBound(p, esk);
      const exact = src.data.isAt(p, at, esk);
      if (forward) start = Math.max(start, exact ? at + 1 : at);
      else end = Math.min(end, at);
    }
    if (start < end) parts.push([p, start, end]);
  }
  return readPage(src, input, parts, expressions.filter, expressions.projection, forward);
}

export function scan(input: ReadInput, ctx: RequestContext, state: DynamoState) {
  const table = getTable(state, ctx.account, ctx.region, input.TableName!);
  const src = sourceOf(table, input.IndexName, input.ConsistentRead === true);
  const total = input.TotalSegments as number | undefined;
  const segment = input.Segment as number | undefined;
  if (total !== undefined && segment === undefined) throw invalid('The Segment parameter is required but was not present in the request when parameter TotalSegments is present');
  if (segment !== undefined && total === undefined) throw invalid('The TotalSegments parameter is required but was not present in the request when Segment parameter is present');
  if (total !== undefined && segment! >= total) throw invalid(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`);
  const expressions = parseExpressions(input);
  const esk = startKey(src, input.ExclusiveStartKey);
  const data = src.data;
  function* parts(): Generator<[Partition, number, number]> {
    let from = 0;
    let first: Partition | undefined;
    let firstStart = 0;
    if (esk) {
      const p = data.partitions.get(data.partitionOf(esk));
      if (!p) return;
      if (total !== undefined && segmentOf(p, total) !== segment) throw invalid('The provided Exclusive start key does not map to the provided Segment and TotalSegments values.');
      const at = data.lowerBound(p, esk);
      firstStart = data.isAt(p, at, esk) ? at + 1 : at;
      first = p;
      from = p.ordinal + 1;
    }
    if (first && firstStart < first.length) yield [first, firstStart, first.length];
    for (let i = from; i < data.order.length; i++) {
      const p = data.order[i]!;
      if (p.length === 0) continue;
      if (total !== undefined && segmentOf(p, total) !== segment) continue;
      yield [p, 0, p.length];
    }
  }
  return readPage(src, input, parts(), expressions.filter, expressions.projection, true);
}
