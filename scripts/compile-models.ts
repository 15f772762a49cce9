// The model compiler: `npm run models` (tsc, then `node dist/scripts/compile-models.js [outDir]`).
//
// Walks the schemas embedded in the pinned @aws-sdk/client-* packages with NormalizedSchema from
// @smithy/core/schema, merges in botocore's service JSON (validation constraints, exact scalar
// types, scalar/list/map shape names, per-operation error lists, checksum requirements) and writes
// one model per service plus index.json into src/models/ (or outDir), following
// src/models/types.ts. Output is deterministic: regenerating gives byte-identical files.
//
// Source of truth, per fact:
//   - wire shape (members, member order, required, HTTP bindings, serialization traits, error
//     traits, routes, host prefixes): the SDK schemas;
//   - scalar type (integer/long/double/float), constraints (min/max/pattern/enum), names of
//     scalars and of inline lists/maps, operation error lists, request checksum requirement:
//     botocore, matched by structure name + member name (falling back to the botocore shape the
//     parent member targets when the SDK's structure name is unknown to botocore);
//   - service facts: the SDK client's runtime config (protocol, protocolSettings, serviceId),
//     botocore metadata (signing name), and the two small documented tables below.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type {
  Constraints,
  ErrorTraits,
  ListShape,
  MapShape,
  MemberModel,
  OperationModel,
  ProtocolName,
  ScalarShape,
  ScalarType,
  ServiceModel,
  ServiceSummary,
  Shape,
  StructureShape,
  UnionShape,
} from '../src/models/types.js';

const require = createRequire(import.meta.url);

// ------------------------------------------------------------------------------------------------
// Service table
// ------------------------------------------------------------------------------------------------

interface ServiceSpec {
  /** Nimbus service id; also botocore's data directory name. */
  id: string;
  /** @aws-sdk/client-<pkg> */
  pkg: string;
  /** The client class exported by the package. */
  client: string;
  /** Expected SigV4 signing name (cross-checked against botocore's metadata). */
  signingName: string;
}

const SERVICES: ServiceSpec[] = [
  { id: 'apigateway', pkg: 'api-gateway', client: 'APIGatewayClient', signingName: 'apigateway' },
  { id: 'cloudformation', pkg: 'cloudformation', client: 'CloudFormationClient', signingName: 'cloudformation' },
  { id: 'cloudwatch', pkg: 'cloudwatch', client: 'CloudWatchClient', signingName: 'monitoring' },
  { id: 'codebuild', pkg: 'codebuild', client: 'CodeBuildClient', signingName: 'codebuild' },
  { id: 'dynamodb', pkg: 'dynamodb', client: 'DynamoDBClient', signingName: 'dynamodb' },
  { id: 'ec2', pkg: 'ec2', client: 'EC2Client', signingName: 'ec2' },
  { id: 'ecs', pkg: 'ecs', client: 'ECSClient', signingName: 'ecs' },
  { id: 'elasticache', pkg: 'elasticache', client: 'ElastiCacheClient', signingName: 'elasticache' },
  { id: 'iam', pkg: 'iam', client: 'IAMClient', signingName: 'iam' },
  { id: 'kms', pkg: 'kms', client: 'KMSClient', signingName: 'kms' },
  { id: 'lambda', pkg: 'lambda', client: 'LambdaClient', signingName: 'lambda' },
  { id: 'logs', pkg: 'cloudwatch-logs', client: 'CloudWatchLogsClient', signingName: 'logs' },
  { id: 'rds', pkg: 'rds', client: 'RDSClient', signingName: 'rds' },
  { id: 's3', pkg: 's3', client: 'S3Client', signingName: 's3' },
  { id: 'sns', pkg: 'sns', client: 'SNSClient', signingName: 'sns' },
  { id: 'sqs', pkg: 'sqs', client: 'SQSClient', signingName: 'sqs' },
  { id: 'ssm', pkg: 'ssm', client: 'SSMClient', signingName: 'ssm' },
  { id: 'stepfunctions', pkg: 'sfn', client: 'SFNClient', signingName: 'states' },
  { id: 'sts', pkg: 'sts', client: 'STSClient', signingName: 'sts' },
  { id: 'xray', pkg: 'xray', client: 'XRayClient', signingName: 'xray' },
];

/**
 * Protocols a service accepts besides the one the pinned SDK sends by default
 * (docs/PROTOCOL-NOTES.md, "Which protocols each service must accept"): older SDKs send SQS as
 * awsQuery; aws-sdk v2 sends CloudWatch as awsQuery, the Go SDK v2 as rpcv2Cbor, JS v3 and boto3
 * as awsJson1_0. The SDK default always comes first; the extras follow in PROTOCOL_ORDER.
 */
const EXTRA_PROTOCOLS: Record<string, ProtocolName[]> = {
  sqs: ['awsJson1_0', 'awsQuery'],
  cloudwatch: ['awsJson1_0', 'awsQuery', 'rpcv2Cbor'],
};

/**
 * xmlns for services that accept an XML protocol but whose SDK settings and botocore metadata
 * carry none (SQS is JSON in both now; its query responses still use this namespace). CloudWatch
 * is listed as a fallback: the SDK settings and botocore currently have it.
 */
const XML_NAMESPACE_FALLBACK: Record<string, string> = {
  sqs: 'http://queue.amazonaws.com/doc/2012-11-05/',
  cloudwatch: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
};

const PROTOCOL_ORDER: ProtocolName[] = [
  'awsJson1_0',
  'awsJson1_1',
  'awsQuery',
  'ec2Query',
  'restJson1',
  'restXml',
  'rpcv2Cbor',
];

/** SDK protocol class names, used when the protocol instance has no getShapeId(). */
const PROTOCOL_CLASSES: Record<string, ProtocolName> = {
  AwsJson1_0Protocol: 'awsJson1_0',
  AwsJson1_1Protocol: 'awsJson1_1',
  AwsQueryProtocol: 'awsQuery',
  AwsEc2QueryProtocol: 'ec2Query',
  AwsRestJsonProtocol: 'restJson1',
  AwsRestXmlProtocol: 'restXml',
  S3RestXmlProtocol: 'restXml',
  AwsSmithyRpcV2CborProtocol: 'rpcv2Cbor',
  SmithyRpcV2CborProtocol: 'rpcv2Cbor',
};

/** botocore metadata.protocols -> Smithy protocol names. */
function botoProtocol(p: string, jsonVersion: string | undefined): ProtocolName | undefined {
  switch (p) {
    case 'json':
      return jsonVersion === '1.1' ? 'awsJson1_1' : 'awsJson1_0';
    case 'query':
      return 'awsQuery';
    case 'ec2':
      return 'ec2Query';
    case 'rest-json':
      return 'restJson1';
    case 'rest-xml':
      return 'restXml';
    case 'smithy-rpc-v2-cbor':
      return 'rpcv2Cbor';
    default:
      return undefined;
  }
}

const XML_PROTOCOLS: ReadonlySet<ProtocolName> = new Set(['awsQuery', 'ec2Query', 'restXml']);
const JSON_RPC_PROTOCOLS: ReadonlySet<ProtocolName> = new Set(['awsJson1_0', 'awsJson1_1']);

// ------------------------------------------------------------------------------------------------
// The slice of @smithy/core/schema we use (loaded with require: the SDK packages are CJS and must
// share the one module instance they use themselves).
// ------------------------------------------------------------------------------------------------

type Traits = Record<string, unknown>;

interface NS {
  getSchema(): unknown;
  getName(withNamespace?: boolean): string | undefined;
  getMemberTraits(): Traits;
  getOwnTraits(): Traits;
  isUnitSchema(): boolean;
  isStructSchema(): boolean;
  isUnionSchema(): boolean;
  isListSchema(): boolean;
  isMapSchema(): boolean;
  isDocumentSchema(): boolean;
  isStreaming(): boolean;
  getValueSchema(): NS;
  getKeySchema(): NS;
  structIterator(): Iterable<[string, NS]>;
}

interface SchemaModule {
  NormalizedSchema: { of(ref: unknown): NS };
}

interface TypeRegistryLike {
  namespace: string;
  exceptions: Map<unknown, unknown>;
}

interface SdkClient {
  config: {
    protocol?: { constructor: { name: string }; getShapeId?: () => string };
    protocolSettings?: {
      defaultNamespace?: string;
      xmlNamespace?: string;
      version?: string;
      serviceTarget?: string;
      awsQueryCompatible?: boolean;
    };
    serviceId?: string;
    apiVersion?: string;
  };
  destroy(): void;
}

// ------------------------------------------------------------------------------------------------
// botocore
// ------------------------------------------------------------------------------------------------

export interface BotoMember {
  shape: string;
  location?: string;
  locationName?: string;
  streaming?: boolean;
  timestampFormat?: string;
  [k: string]: unknown;
}

export interface BotoShape {
  type: string;
  members?: Record<string, BotoMember>;
  member?: BotoMember;
  key?: BotoMember;
  value?: BotoMember;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  streaming?: boolean;
  document?: boolean;
  union?: boolean;
  eventstream?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  timestampFormat?: string;
}

export interface BotoOperation {
  name: string;
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
  endpoint?: { hostPrefix?: string };
  httpChecksumRequired?: boolean;
  httpChecksum?: { requestChecksumRequired?: boolean };
}

export interface BotoModel {
  metadata: {
    apiVersion: string;
    endpointPrefix?: string;
    signingName?: string;
    jsonVersion?: string;
    protocol?: string;
    protocols?: string[];
    targetPrefix?: string;
    xmlNamespace?: string;
    awsQueryCompatible?: unknown;
    serviceId?: string;
  };
  operations: Record<string, BotoOperation>;
  shapes: Record<string, BotoShape>;
}

/** botocore's data directory: $BOTOCORE_DATA, else asked from the installed Python botocore. */
export function botocoreDataDir(): string {
  const env = process.env['BOTOCORE_DATA'];
  if (env) return env;
  const script = 'import botocore,os;print(os.path.dirname(botocore.__file__))';
  for (const py of ['python3', 'python']) {
    try {
      const dir = execFileSync(py, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (dir) return join(dir, 'data');
    } catch {
      // try the next interpreter
    }
  }
  throw new Error('botocore not found: install it for python3 (pip install botocore) or set BOTOCORE_DATA');
}

export function loadBotocore(dataDir: string, id: string, apiVersion: string | undefined): BotoModel {
  const base = join(dataDir, id);
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'service-2.json.gz')) || existsSync(join(base, v, 'service-2.json'))).sort();
  const version = apiVersion && versions.includes(apiVersion) ? apiVersion : versions[versions.length - 1];
  if (!version) throw new Error(`botocore has no model for ${id}`);
  const gz = join(base, version, 'service-2.json.gz');
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(base, version, 'service-2.json'), 'utf8');
  return JSON.parse(text) as BotoModel;
}

// ------------------------------------------------------------------------------------------------
// Helpers
// ------------------------------------------------------------------------------------------------

const TS_FORMAT: Record<number, 'date-time' | 'http-date' | 'epoch-seconds'> = {
  5: 'date-time',
  6: 'http-date',
  7: 'epoch-seconds',
};
const BOTO_TS_FORMAT: Record<string, 'date-time' | 'http-date' | 'epoch-seconds'> = {
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

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** Short (namespace-less) name of a static SDK schema, undefined for inline simple schemas. */
function sdkShapeName(ns: NS): string | undefined {
  const full = ns.getName(true);
  if (!full || !full.includes('#')) return undefined;
  return full.slice(full.indexOf('#') + 1);
}

function addConstraints(target: Constraints, b: BotoShape | undefined): void {
  if (!b) return;
  if (typeof b.min === 'number') target.min = b.min;
  if (typeof b.max === 'number') target.max = b.max;
  if (typeof b.pattern === 'string') target.pattern = b.pattern;
  if (isArray(b.enum) && b.enum.length > 0) target.enum = [...b.enum];
}

/** Removes the `x-id` key from a URI template's literal query. */
function dropXId(uri: string): string {
  const q = uri.indexOf('?');
  if (q < 0) return uri;
  const keep = uri
    .slice(q + 1)
    .split('&')
    .filter((kv) => kv !== '' && kv.split('=')[0] !== 'x-id');
  return keep.length ? `${uri.slice(0, q)}?${keep.join('&')}` : uri.slice(0, q);
}

/** S3: puts the `{Bucket}` label the SDK drops (it routes buckets through the endpoint) back. */
function restoreBucket(uri: string): string {
  if (uri.startsWith('/{Bucket}')) return uri;
  if (uri === '/' || uri.startsWith('/?')) return `/{Bucket}${uri.slice(1)}`;
  return `/{Bucket}${uri}`;
}

// ------------------------------------------------------------------------------------------------
// Per-service compilation
// ------------------------------------------------------------------------------------------------

export interface CompileNotes {
  /** Counters of SDK/botocore disagreements and fallbacks, per kind. */
  counts: Record<string, number>;
  /** A few examples per kind. */
  examples: Record<string, string[]>;
}

class ServiceCompiler {
  readonly shapes = new Map<string, Shape>();
  /** Canonical JSON of interned (non-structure) shapes, by name. */
  private readonly canon = new Map<string, string>();
  /** Structures/unions by SDK schema array identity. */
  private readonly structNames = new Map<unknown, string>();
  /** Interned lists/maps/scalars: cache key -> name. */
  private readonly interned = new Map<string, string>();
  private readonly staticKeys = new Map<unknown, number>();
  readonly notes: CompileNotes;

  constructor(
    readonly id: string,
    readonly boto: BotoModel,
    notes: CompileNotes,
  ) {
    this.notes = notes;
  }

  note(kind: string, example: string): void {
    const key = `${this.id}: ${kind}`;
    this.notes.counts[key] = (this.notes.counts[key] ?? 0) + 1;
    const ex = (this.notes.examples[key] ??= []);
    if (ex.length < 5) ex.push(example);
  }

  private botoShape(name: string | undefined, ...types: string[]): BotoShape | undefined {
    if (!name) return undefined;
    const s = this.boto.shapes[name];
    if (!s) return undefined;
    return types.length === 0 || types.includes(s.type) ? s : undefined;
  }

  /** A stable identity for an SDK schema array (cache keys). */
  private staticKey(arr: unknown): number {
    let k = this.staticKeys.get(arr);
    if (k === undefined) {
      k = this.staticKeys.size + 1;
      this.staticKeys.set(arr, k);
    }
    return k;
  }

  /**
   * Registers a non-structure shape under the first acceptable candidate name, else under a
   * suffixed first candidate. A name is acceptable when it already holds this very definition, or
   * is free and either unknown to botocore or (when `botoOwned`) botocore's shape of that name
   * compiles to this definition: a botocore name is never given to a different definition (e.g.
   * S3's plain "Body" blob vs the SDK's streaming body, which takes the SDK's "StreamingBlob").
   */
  private intern(candidates: string[], shape: Shape, botoOwned: (name: string) => boolean): string {
    const json = JSON.stringify(shape);
    const acceptable = (name: string): boolean => {
      const existing = this.canon.get(name);
      if (existing !== undefined) return existing === json;
      if (this.structTaken(name)) return false;
      return !this.boto.shapes[name] || botoOwned(name);
    };
    for (const name of candidates) {
      if (acceptable(name)) return this.take(name, json, shape);
    }
    const preferred = candidates[0]!;
    for (let i = 2; ; i++) {
      const name = `${preferred}_${i}`;
      if (acceptable(name)) {
        this.note('shape name taken by a different definition, suffixed', `${preferred} -> ${name}`);
        return this.take(name, json, shape);
      }
    }
  }

  private take(name: string, json: string, shape: Shape): string {
    if (!this.canon.has(name)) {
      this.canon.set(name, json);
      this.shapes.set(name, shape);
    }
    return name;
  }

  private structTaken(name: string): boolean {
    const s = this.shapes.get(name);
    return s !== undefined && (s.type === 'structure' || s.type === 'union');
  }

  /** What a botocore scalar shape would compile to without SDK input (for synthetic-name checks). */
  private botoDefinition(name: string): string | undefined {
    const b = this.boto.shapes[name];
    if (!b) return undefined;
    const t = b.type === 'structure' && b.document ? 'document' : b.type;
    if (!['string', 'blob', 'boolean', 'integer', 'long', 'float', 'double', 'timestamp', 'document'].includes(t)) return undefined;
    const s: ScalarShape = { type: t as ScalarType };
    if (t !== 'document') addConstraints(s, b);
    if (b.streaming) s.streaming = true;
    if (b.sensitive) s.sensitive = true;
    return JSON.stringify(s);
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

/** Error names from `@throws {@link Name}` in the SDK command's typings (empty if absent). */
function sdkDocumentedErrors(pkg: string, opName: string): string[] {
  let dts: string;
  try {
    const main = require.resolve(`@aws-sdk/client-${pkg}`);
    // .../client-x/dist-cjs/index.js -> .../client-x/dist-types/commands/<Op>Command.d.ts
    dts = readFileSync(join(dirname(main), '..', 'dist-types', 'commands', `${opName}Command.d.ts`), 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of dts.matchAll(/@throws \{@link (\w+)\}/g)) if (m[1] && !out.includes(m[1])) out.push(m[1]);
  return out;
}

function compileService(spec: ServiceSpec, dataDir: string, schema: SchemaModule, notes: CompileNotes): ServiceModel {
  const sdk = require(`@aws-sdk/client-${spec.pkg}`) as Record<string, unknown>;
  const Ctor = sdk[spec.client] as (new (cfg: Record<string, unknown>) => SdkClient) | undefined;
  if (typeof Ctor !== 'function') throw new Error(`${spec.id}: @aws-sdk/client-${spec.pkg} has no ${spec.client}`);
  const client = new Ctor({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const config = client.config;
  client.destroy();
  const settings = config.protocolSettings ?? {};
  const proto = config.protocol;
  const protoId = proto?.getShapeId?.();
  const sdkProtocol = (protoId ? (protoId.split('#')[1] as ProtocolName) : undefined) ?? (proto ? PROTOCOL_CLASSES[proto.constructor.name] : undefined);
  if (!sdkProtocol || !PROTOCOL_ORDER.includes(sdkProtocol)) throw new Error(`${spec.id}: unknown SDK protocol ${protoId ?? proto?.constructor.name}`);

  const apiVersion = settings.version ?? config.apiVersion;
  const boto = loadBotocore(dataDir, spec.id, apiVersion);
  const meta = boto.metadata;
  const c = new ServiceCompiler(spec.id, boto, notes);
  if (apiVersion !== meta.apiVersion) c.note('API version differs from botocore (kept SDK)', `${apiVersion} vs ${meta.apiVersion}`);

  // --- protocols --------------------------------------------------------------------------------
  const accepted = new Set<ProtocolName>(EXTRA_PROTOCOLS[spec.id] ?? []);
  accepted.delete(sdkProtocol);
  const protocols: ProtocolName[] = [sdkProtocol, ...PROTOCOL_ORDER.filter((p) => accepted.has(p))];
  for (const bp of meta.protocols ?? (meta.protocol ? [meta.protocol] : [])) {
    const p = botoProtocol(bp, meta.jsonVersion);
    if (p && !protocols.includes(p)) c.note('botocore protocol not accepted', p);
  }

  const signingName = meta.signingName ?? meta.endpointPrefix ?? spec.signingName;
  if (signingName !== spec.signingName) c.note('signing name differs from botocore (kept table)', `${spec.signingName} vs ${signingName}`);

  const summary: ServiceSummary = {
    id: spec.id,
    sdkId: config.serviceId ?? meta.serviceId ?? spec.id,
    shapeName: settings.serviceTarget ?? meta.targetPrefix ?? spec.id,
    signingName: spec.signingName,
    apiVersion: apiVersion ?? meta.apiVersion,
    protocols,
    file: `${spec.id}.json`,
  };
  if (protocols.some((p) => JSON_RPC_PROTOCOLS.has(p))) {
    const tp = settings.serviceTarget ?? meta.targetPrefix;
    if (tp) summary.targetPrefix = tp;
    if (meta.targetPrefix && tp !== meta.targetPrefix) c.note('target prefix differs from botocore (kept SDK)', `${tp} vs ${meta.targetPrefix}`);
  }
  if (protocols.some((p) => XML_PROTOCOLS.has(p))) {
    const xns = settings.xmlNamespace ?? meta.xmlNamespace ?? XML_NAMESPACE_FALLBACK[spec.id];
    if (!xns) throw new Error(`${spec.id}: accepts an XML protocol but no xmlNamespace is known`);
    summary.xmlNamespace = xns;
    if (meta.xmlNamespace && meta.xmlNamespace !== xns) c.note('xmlNamespace differs from botocore (kept SDK)', `${xns} vs ${meta.xmlNamespace}`);
  }
  if (settings.awsQueryCompatible || meta.awsQueryCompatible !== undefined) summary.awsQueryCompatible = true;

  // --- operations -------------------------------------------------------------------------------
  const opSchemas = Object.entries(sdk)
    .filter(([k, v]) => k.endsWith('$') && isArray(v) && v[0] === 9)
    .map(([, v]) => v as unknown[])
    .sort((a, b) => (String(a[2]) < String(b[2]) ? -1 : String(a[2]) > String(b[2]) ? 1 : 0));

  const errorSchemas = new Map<string, unknown>();
  const registries = (sdk['errorTypeRegistries'] as TypeRegistryLike[] | undefined) ?? [];
  for (const r of registries) {
    if (r.namespace.startsWith('smithy.ts.sdk.synthetic.')) continue;
    for (const es of r.exceptions.keys()) if (isArray(es)) errorSchemas.set(String(es[2]), es);
  }
  if (registries.length === 0) c.note('SDK exports no errorTypeRegistries', spec.pkg);

  const operations: Record<string, OperationModel> = {};
  const seenBotoOps = new Set<string>();
  for (const opArr of opSchemas) {
    const opName = String(opArr[2]);
    const bop = boto.operations[opName];
    if (!bop) c.note('operation unknown to botocore', opName);
    else seenBotoOps.add(opName);
    const traits = schema.NormalizedSchema.of(opArr).getOwnTraits();
    const op: OperationModel = { name: opName };

    const inNs = schema.NormalizedSchema.of(opArr[4]);
    if (!inNs.isUnitSchema()) op.input = c.ref(inNs, bop?.input?.shape, `${opName} input`);
    const outNs = schema.NormalizedSchema.of(opArr[5]);
    if (!outNs.isUnitSchema()) op.output = c.ref(outNs, bop?.output?.shape, `${opName} output`);
    if (bop?.input && op.input === undefined) c.note('input only in botocore (kept SDK Unit)', opName);
    if (bop?.output && op.output === undefined) c.note('output only in botocore (kept SDK Unit)', opName);

    const errors: string[] = [];
    let declared = bop?.errors ?? [];
    if (!bop) {
      // Newer than botocore: the SDK schemas have no per-operation error list, but the command's
      // typings document it (`@throws {@link QueueDoesNotExist} (client fault)`).
      declared = sdkDocumentedErrors(spec.pkg, opName).filter((e) => errorSchemas.has(e)).map((shape) => ({ shape }));
      if (declared.length) c.note('operation errors taken from the SDK command docs (botocore lacks the operation)', opName);
    }
    for (const e of declared) {
      const es = errorSchemas.get(e.shape);
      if (!es) {
        c.note('operation error unknown to the SDK (dropped)', `${opName}: ${e.shape}`);
        continue;
      }
      const n = c.ref(schema.NormalizedSchema.of(es), e.shape, `${opName} error`);
      if (!errors.includes(n)) errors.push(n);
    }
    if (errors.length) op.errors = errors;

    const http = traits['http'];
    if (isArray(http) && typeof http[0] === 'string' && typeof http[1] === 'string') {
      let uri = http[1];
      if (spec.id === 's3' && op.input) {
        const input = c.shapes.get(op.input);
        const bucket = input && input.type === 'structure' ? input.members['Bucket'] : undefined;
        if (bucket) {
          uri = restoreBucket(uri);
          if (!bucket.httpLabel) {
            c.note('S3 Bucket member not labeled in the SDK (marked httpLabel)', opName);
            bucket.httpLabel = true;
          }
        }
      }
      uri = dropXId(uri);
      const code = typeof http[2] === 'number' ? http[2] : 200;
      op.http = { method: http[0], uri, code };
      if (bop?.http) {
        const bUri = bop.http.requestUri ? dropXId(bop.http.requestUri) : undefined;
        // botocore names labels after the member's locationName (API Gateway `{restapi_id}`),
        // Smithy after the member: compare the templates with label names erased.
        const shapeOf = (u: string): string => u.replace(/\{[^}+]*(\+?)\}/g, '{$1}');
        if (bUri !== undefined && shapeOf(bUri) !== shapeOf(uri)) c.note('route differs from botocore (kept SDK)', `${opName}: ${uri} vs ${bUri}`);
        if (bop.http.method && bop.http.method !== op.http.method) c.note('method differs from botocore (kept SDK)', `${opName}: ${op.http.method} vs ${bop.http.method}`);
        if (bop.http.responseCode !== undefined && bop.http.responseCode !== code) c.note('status differs from botocore (kept SDK)', `${opName}: ${code} vs ${bop.http.responseCode}`);
      }
    }

    const endpoint = traits['endpoint'];
    const hostPrefix = isArray(endpoint) && typeof endpoint[0] === 'string' ? endpoint[0] : bop?.endpoint?.hostPrefix;
    if (hostPrefix) op.hostPrefix = hostPrefix;
    if (bop?.endpoint?.hostPrefix !== hostPrefix) c.note('host prefix differs from botocore', `${opName}: ${hostPrefix} vs ${bop?.endpoint?.hostPrefix}`);

    if (bop?.httpChecksumRequired || bop?.httpChecksum?.requestChecksumRequired) op.httpChecksumRequired = true;
    operations[opName] = op;
  }
  for (const n of Object.keys(boto.operations)) if (!seenBotoOps.has(n)) c.note('botocore operation not in the SDK (dropped)', n);

  // Errors the SDK registers that no operation lists (service-wide errors).
  for (const name of [...errorSchemas.keys()].sort()) c.ref(schema.NormalizedSchema.of(errorSchemas.get(name)), name, 'registered error');

  const shapes: Record<string, Shape> = {};
  for (const n of [...c.shapes.keys()].sort()) shapes[n] = c.shapes.get(n)!;
  return { ...orderedSummary(summary), operations, shapes };
}

/** The summary's keys in types.ts order (stable output). */
function orderedSummary(s: ServiceSummary): ServiceSummary {
  return {
    id: s.id,
    sdkId: s.sdkId,
    shapeName: s.shapeName,
    signingName: s.signingName,
    apiVersion: s.apiVersion,
    protocols: s.protocols,
    ...(s.targetPrefix !== undefined ? { targetPrefix: s.targetPrefix } : {}),
    ...(s.xmlNamespace !== undefined ? { xmlNamespace: s.xmlNamespace } : {}),
    ...(s.awsQueryCompatible ? { awsQueryCompatible: true } : {}),
    file: s.file,
  };
}

// ------------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------------

/** One line per operation and per shape: compact, yet readable in a diff. */
function serializeModel(model: ServiceModel): string {
  const { operations, shapes, ...summary } = model;
  const head = JSON.stringify(summary);
  const block = (o: Record<string, unknown>): string => {
    const keys = Object.keys(o);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(',\n')}\n}`;
  };
  return `${head.slice(0, -1)},\n"operations":${block(operations)},\n"shapes":${block(shapes)}}\n`;
}

function serializeIndex(summaries: ServiceSummary[]): string {
  return `[\n${summaries.map((s) => JSON.stringify(s)).join(',\n')}\n]\n`;
}

export function compileModels(outDir: string, options: { only?: string[] } = {}): CompileNotes {
  const schema = require('@smithy/core/schema') as SchemaModule;
  const dataDir = botocoreDataDir();
  const notes: CompileNotes = { counts: {}, examples: {} };
  mkdirSync(outDir, { recursive: true });
  const summaries: ServiceSummary[] = [];
  const specs = [...SERVICES].sort((a, b) => (a.id < b.id ? -1 : 1)).filter((s) => !options.only || options.only.includes(s.id));
  for (const spec of specs) {
    const model = compileService(spec, dataDir, schema, notes);
    writeFileSync(join(outDir, model.file), serializeModel(model));
    const { operations: _o, shapes: _s, ...summary } = model;
    summaries.push(summary);
  }
  if (!options.only) writeFileSync(join(outDir, 'index.json'), serializeIndex(summaries));
  return notes;
}

function main(argv: string[]): void {
  const args = argv.filter((a) => !a.startsWith('--'));
  const verbose = argv.includes('--verbose');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const outDir = resolve(args[0] ?? join(root, 'src', 'models'));
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const started = Date.now();
  const notes = compileModels(outDir, only ? { only } : {});
  if (verbose) {
    for (const k of Object.keys(notes.counts).sort()) {
      console.log(`${k}: ${notes.counts[k]}  e.g. ${(notes.examples[k] ?? []).join(' | ')}`);
    }
  }
  console.log(`models written to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
