// Shape and member conversion: walks the SDK's schemas with NormalizedSchema and turns them into
// model shapes, merging in botocore by structure name + member name (falling back to the botocore
// shape the parent member targets when the SDK's structure name is unknown to botocore).
//   - wire shape (members, member order, required, HTTP bindings, serialization traits, error
//     traits): the SDK schemas;
//   - scalar type (integer/long/double/float), constraints (min/max/pattern/enum), names of
//     scalars and of inline lists/maps: botocore.
import type { ErrorTraits, ListShape, MapShape, MemberModel, ScalarShape, ScalarType, StructureShape, UnionShape } from '../../src/models/types.js';
import type { BotoMember, BotoShape } from './botocore.js';
import { addConstraints, ShapeTable } from './shape-table.js';
import { isArray, sdkShapeName, str, type NS, type Traits } from './smithy-schema.js';

const TS_FORMAT: Record<number, 'date-time' | 'http-date' | 'epoch-seconds'> = {
  5: 'date-time',
  6: 'http-date',
  7: 'epoch-seconds',
};
export const BOTO_TS_FORMAT: Record<string, 'date-time' | 'http-date' | 'epoch-seconds'> = {
  iso8601: 'date-time',
  rfc822: 'http-date',
  unixTimestamp: 'epoch-seconds',
};

const SYNTHETIC_SCALAR_NAME: Record<ScalarType, string> = {
  string: 'String',
  blob: 'Blob',
  boolean: 'Boolean',
  byte: 'Byte',
  short: 'Short',
  integer: 'Integer',
  long: 'Long',
  float: 'Float',
  double: 'Double',
  bigInteger: 'BigInteger',
  bigDecimal: 'BigDecimal',
  timestamp: 'Timestamp',
  document: 'Document',
};

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['byte', 'short', 'integer', 'long', 'float', 'double']);

const KNOWN_MEMBER_TRAITS: ReadonlySet<string> = new Set([
  'httpLabel',
  'httpQuery',
  'httpQueryParams',
  'httpHeader',
  'httpPrefixHeaders',
  'httpResponseCode',
  'httpPayload',
  'jsonName',
  'xmlName',
  'xmlAttribute',
  'xmlFlattened',
  'xmlNamespace',
  'ec2QueryName',
  'hostLabel',
  'idempotencyToken',
  'eventPayload',
  // carried elsewhere or irrelevant on the wire
  'idempotent',
  'sensitive',
  'streaming',
]);

/** SDK xmlNamespace trait: [prefix, uri], [uri] or uri. */
function xmlNs(v: unknown): { uri: string; prefix?: string } | undefined {
  if (typeof v === 'string') return { uri: v };
  if (isArray(v)) {
    if (v.length >= 2 && typeof v[1] === 'string') {
      const out: { uri: string; prefix?: string } = { uri: v[1] };
      if (typeof v[0] === 'string' && v[0] !== '') out.prefix = v[0];
      return out;
    }
    if (v.length === 1 && typeof v[0] === 'string') return { uri: v[0] };
  }
  if (v && typeof v === 'object' && typeof (v as { uri?: unknown }).uri === 'string') {
    const o = v as { uri: string; prefix?: unknown };
    return typeof o.prefix === 'string' ? { uri: o.uri, prefix: o.prefix } : { uri: o.uri };
  }
  return undefined;
}

export class ServiceCompiler extends ShapeTable {
  /** Structures/unions by SDK schema array identity. */
  private readonly structNames = new Map<unknown, string>();
  /** Interned lists/maps/scalars: cache key -> name. */
  private readonly interned = new Map<string, string>();
  private readonly staticKeys = new Map<unknown, number>();

  /** A stable identity for an SDK schema array (cache keys). */
  private staticKey(arr: unknown): number {
    let k = this.staticKeys.get(arr);
    if (k === undefined) {
      k = this.staticKeys.size + 1;
      this.staticKeys.set(arr, k);
    }
    return k;
  }

  /** Returns the model shape name for an SDK (member) schema; `botoName` is the botocore target. */
  ref(ns: NS, botoName: string | undefined, where: string): string {
    if (ns.isStructSchema()) return this.structure(ns, botoName, where);
    if (ns.isListSchema()) return this.list(ns, botoName, where);
    if (ns.isMapSchema()) return this.map(ns, botoName, where);
    return this.scalar(ns, botoName, where);
  }

  // --- structures and unions ------------------------------------------------------------------

  structure(ns: NS, botoName: string | undefined, where: string): string {
    const arr = ns.getSchema();
    const known = this.structNames.get(arr);
    if (known) return known;
    if (!isArray(arr)) throw new Error(`${this.id}: ${where}: structure without schema array`);
    const sdkName = String(arr[2]);
    let name = sdkName;
    for (let i = 2; this.shapes.has(name); i++) name = `${sdkName}_${i}`;
    if (name !== sdkName) this.note('two SDK structures with one name, suffixed', `${sdkName} -> ${name}`);
    this.structNames.set(arr, name);

    const isUnion = ns.isUnionSchema();
    let b = this.botoShape(sdkName, 'structure');
    if (!b && botoName) {
      b = this.botoShape(botoName, 'structure');
      if (b) this.note('structure matched through its parent member (botocore name differs)', `${sdkName} ~ ${botoName}`);
    }
    if (!b) this.note('structure unknown to botocore', sdkName);

    const own = ns.getOwnTraits();
    const members: Record<string, MemberModel> = {};
    let shape: StructureShape | UnionShape;
    if (isUnion) {
      const u: UnionShape = { type: 'union', members };
      if (own['streaming']) u.streaming = true;
      shape = u;
    } else {
      const s: StructureShape = { type: 'structure', members };
      const xmlName = str(own['xmlName']);
      if (xmlName) s.xmlName = xmlName;
      const xns = xmlNs(own['xmlNamespace']);
      if (xns) s.xmlNamespace = xns;
      const err = arr[0] === -3 || own['error'] !== undefined ? this.errorTraits(own, b, sdkName) : undefined;
      if (err) s.error = err;
      shape = s;
    }
    this.shapes.set(name, shape);

    const requiredCount = !isUnion && typeof arr[6] === 'number' ? arr[6] : 0;
    const botoRequired = new Set(b?.required ?? []);
    let i = 0;
    for (const [memberName, mns] of ns.structIterator()) {
      const bm = b?.members?.[memberName];
      if (b && !bm) this.note('member unknown to botocore', `${sdkName}.${memberName}`);
      const target = this.ref(mns, bm?.shape, `${sdkName}.${memberName}`);
      const required = i < requiredCount;
      if (b && bm && !isUnion && required !== botoRequired.has(memberName)) {
        this.note(required ? 'required in SDK, optional in botocore (kept required)' : 'required in botocore, optional in SDK (kept optional)', `${sdkName}.${memberName}`);
      }
      members[memberName] = this.member(mns, target, required, `${sdkName}.${memberName}`, bm);
      i++;
    }
    return name;
  }

  private errorTraits(own: Traits, b: BotoShape | undefined, name: string): ErrorTraits {
    const fault: 'client' | 'server' = own['error'] === 'server' ? 'server' : own['error'] === 'client' ? 'client' : b?.fault ? 'server' : 'client';
    if (own['error'] === undefined) this.note('error without SDK error trait (fault from botocore)', name);
    const httpError = typeof own['httpError'] === 'number' ? own['httpError'] : undefined;
    const err: ErrorTraits = { fault, httpStatus: httpError ?? (fault === 'client' ? 400 : 500) };
    const q = own['awsQueryError'];
    if (isArray(q) && typeof q[0] === 'string') {
      err.queryError = { code: q[0], httpStatus: typeof q[1] === 'number' ? q[1] : err.httpStatus };
      const bc = b?.error?.code;
      if (bc !== undefined && bc !== q[0]) this.note('awsQueryError code differs from botocore (kept SDK)', `${name}: ${q[0]} vs ${bc}`);
    } else if (b?.error?.code && b.error.code !== name) {
      this.note('awsQueryError only in botocore (taken from botocore)', `${name}: ${b.error.code}`);
      err.queryError = { code: b.error.code, httpStatus: b.error.httpStatusCode ?? err.httpStatus };
    }
    if (httpError === undefined && b?.error?.httpStatusCode !== undefined && b.error.httpStatusCode !== err.httpStatus && !err.queryError) {
      this.note('error HTTP status only in botocore (kept SDK default)', `${name}: ${err.httpStatus} vs ${b.error.httpStatusCode}`);
    }
    return err;
  }

  private member(mns: NS, target: string, required: boolean, where: string, bm: BotoMember | undefined): MemberModel {
    const t = mns.getMemberTraits();
    const m: MemberModel = { target };
    if (required) m.required = true;
    if (t['httpLabel']) m.httpLabel = true;
    const httpQuery = str(t['httpQuery']);
    if (httpQuery !== undefined) m.httpQuery = httpQuery;
    if (t['httpQueryParams']) m.httpQueryParams = true;
    const httpHeader = str(t['httpHeader']);
    if (httpHeader !== undefined) m.httpHeader = httpHeader;
    const httpPrefixHeaders = str(t['httpPrefixHeaders']);
    if (httpPrefixHeaders !== undefined) m.httpPrefixHeaders = httpPrefixHeaders;
    if (t['httpResponseCode']) m.httpResponseCode = true;
    if (t['httpPayload']) m.httpPayload = true;
    const jsonName = str(t['jsonName']);
    if (jsonName !== undefined) m.jsonName = jsonName;
    const xmlName = str(t['xmlName']);
    if (xmlName !== undefined) m.xmlName = xmlName;
    if (t['xmlAttribute']) m.xmlAttribute = true;
    if (t['xmlFlattened']) m.xmlFlattened = true;
    const xns = xmlNs(t['xmlNamespace']);
    if (xns) m.xmlNamespace = xns;
    const ec2QueryName = str(t['ec2QueryName']);
    if (ec2QueryName !== undefined) m.ec2QueryName = ec2QueryName;
    const raw = mns.getSchema();
    if (typeof raw === 'number' && TS_FORMAT[raw]) m.timestampFormat = TS_FORMAT[raw];
    if (t['hostLabel']) m.hostLabel = true;
    if (t['idempotencyToken']) m.idempotencyToken = true;
    if (t['eventPayload']) m.eventPayload = true;
    for (const k of Object.keys(t)) {
      if (!KNOWN_MEMBER_TRAITS.has(k)) this.note(`member trait not carried: ${k}`, where);
    }
    if (typeof raw === 'number' && raw >= 4 && raw <= 7) {
      const bt = bm?.timestampFormat ?? this.boto.shapes[bm?.shape ?? '']?.timestampFormat;
      const bf = bt ? BOTO_TS_FORMAT[bt] : undefined;
      if (bm && bf !== m.timestampFormat) this.note('timestamp format differs from botocore (kept SDK)', `${where}: ${m.timestampFormat ?? 'default'} vs ${bf ?? 'default'}`);
    }
    return m;
  }

  // --- lists and maps -------------------------------------------------------------------------

  private list(ns: NS, botoName: string | undefined, where: string): string {
    const raw = ns.getSchema();
    const sdkName = sdkShapeName(ns);
    const key = `list|${isArray(raw) ? `#${this.staticKey(raw)}` : String(raw)}|${sdkName ? '' : botoName ?? ''}`;
    const cached = this.interned.get(key);
    if (cached) return cached;
    const b = this.botoShape(sdkName, 'list') ?? this.botoShape(botoName, 'list');
    if (!b && (sdkName || botoName)) this.note('list unknown to botocore', sdkName ?? botoName ?? where);
    const vns = ns.getValueSchema();
    const target = this.ref(vns, b?.member?.shape, `${sdkName ?? where}.member`);
    const shape: ListShape = { type: 'list', member: this.member(vns, target, false, `${sdkName ?? where}.member`, b?.member) };
    addConstraints(shape, b);
    if (ns.getOwnTraits()['sparse']) shape.sparse = true;
    const candidates = sdkName ? [sdkName] : b && botoName ? [botoName] : [`${target}List`];
    const name = this.intern(candidates, shape, (n) => !!b && this.boto.shapes[n] === b);
    this.interned.set(key, name);
    return name;
  }

  private map(ns: NS, botoName: string | undefined, where: string): string {
    const raw = ns.getSchema();
    const sdkName = sdkShapeName(ns);
    const key = `map|${isArray(raw) ? `#${this.staticKey(raw)}` : String(raw)}|${sdkName ? '' : botoName ?? ''}`;
    const cached = this.interned.get(key);
    if (cached) return cached;
    const b = this.botoShape(sdkName, 'map') ?? this.botoShape(botoName, 'map');
    if (!b && (sdkName || botoName)) this.note('map unknown to botocore', sdkName ?? botoName ?? where);
    const kns = ns.getKeySchema();
    const vns = ns.getValueSchema();
    const at = sdkName ?? where;
    const keyTarget = this.ref(kns, b?.key?.shape, `${at}.key`);
    const valueTarget = this.ref(vns, b?.value?.shape, `${at}.value`);
    const shape: MapShape = {
      type: 'map',
      key: this.member(kns, keyTarget, false, `${at}.key`, b?.key),
      value: this.member(vns, valueTarget, false, `${at}.value`, b?.value),
    };
    addConstraints(shape, b);
    if (ns.getOwnTraits()['sparse']) shape.sparse = true;
    const candidates = sdkName ? [sdkName] : b && botoName ? [botoName] : [`${keyTarget}${valueTarget}Map`];
    const name = this.intern(candidates, shape, (n) => !!b && this.boto.shapes[n] === b);
    this.interned.set(key, name);
    return name;
  }

  // --- scalars --------------------------------------------------------------------------------

  private scalar(ns: NS, botoName: string | undefined, where: string): string {
    const raw = ns.getSchema();
    const sdkName = sdkShapeName(ns);
    const own = ns.getOwnTraits();
    const streaming = raw === 42 || !!own['streaming'];
    const sensitive = !!own['sensitive'];
    const key = `scalar|${String(raw)}|${sdkName ?? ''}|${botoName ?? ''}|${streaming}|${sensitive}`;
    const cached = this.interned.get(key);
    if (cached) return cached;

    let kind: ScalarType | 'number';
    switch (raw) {
      case 0:
        kind = 'string';
        break;
      case 1:
        kind = 'number';
        break;
      case 2:
        kind = 'boolean';
        break;
      case 4:
      case 5:
      case 6:
      case 7:
        kind = 'timestamp';
        break;
      case 15:
        kind = 'document';
        break;
      case 17:
        kind = 'bigInteger';
        break;
      case 19:
        kind = 'bigDecimal';
        break;
      case 21:
      case 42:
        kind = 'blob';
        break;
      default:
        throw new Error(`${this.id}: ${where}: unknown SDK schema ${JSON.stringify(raw)}`);
    }

    const compatible = (b: BotoShape | undefined): boolean => {
      if (!b) return false;
      if (kind === 'number') return NUMERIC_TYPES.has(b.type);
      if (kind === 'document') return b.type === 'structure' && !!b.document;
      if (kind === 'bigInteger') return b.type === 'biginteger' || b.type === 'bigInteger';
      if (kind === 'bigDecimal') return b.type === 'bigdecimal' || b.type === 'bigDecimal';
      return b.type === kind;
    };

    let name: string | undefined;
    let b: BotoShape | undefined;
    if (botoName && compatible(this.boto.shapes[botoName])) {
      name = botoName;
      b = this.boto.shapes[botoName];
    } else if (sdkName && compatible(this.boto.shapes[sdkName])) {
      name = sdkName;
      b = this.boto.shapes[sdkName];
    }
    if (botoName && !b) this.note('scalar type differs from botocore (kept SDK)', `${where}: SDK ${kind} vs botocore ${botoName}:${this.boto.shapes[botoName]?.type}`);

    let type: ScalarType;
    if (kind === 'number') {
      if (b) type = b.type as ScalarType;
      else {
        // No botocore shape to tell integer from double (the SDK has one numeric type). AWS
        // models' numbers are overwhelmingly integers (botocore: 509 integer/long vs 39
        // double/float in these services), and every unmatched one seen so far is a count, size,
        // port or duration: "long" (any integer). Reported so a human can check.
        type = 'long';
        this.note('number without botocore type (typed long)', where);
      }
    } else type = kind;

    const shape: ScalarShape = { type };
    if (type !== 'document') addConstraints(shape, b);
    if (streaming || b?.streaming) shape.streaming = true;
    if (sensitive || b?.sensitive) shape.sensitive = true;
    const synthetic = shape.streaming && type === 'blob' ? 'StreamingBlob' : SYNTHETIC_SCALAR_NAME[type];
    // The SDK's own named schema (a Smithy shape the SDK keeps because of its traits) owns its
    // name even when botocore dropped a trait (e.g. @sensitive on Step Functions' TaskToken).
    const candidates = (name ? [name, sdkName] : [sdkName, synthetic]).filter((n): n is string => !!n);
    const json = JSON.stringify(shape);
    const result = this.intern([...new Set(candidates)], shape, (n) => n === sdkName || this.botoDefinition(n) === json);
    if (name && result !== name) this.note('scalar differs from its botocore shape (SDK adds traits), renamed', `${where}: ${name} -> ${result}`);
    this.interned.set(key, result);
    return result;
  }
}
