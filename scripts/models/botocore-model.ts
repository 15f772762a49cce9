// A botocore-format model (metadata + shapes + operations, as in botocore's service JSON and in
// the protocol test suites botocore runs) compiled straight into Nimbus's ServiceModel, without
// the SDK schemas the service compiler (compile-service.ts) starts from. The protocol test
// vectors (test/protocol/protocol-vectors.test.ts) compile each case's model through this.
//
// botocore speaks in `location`/`locationName`/`queryName`/`flattened`; the ServiceModel in
// Smithy's trait names. The mapping:
//   location uri|querystring|header|headers|statusCode -> httpLabel|httpQuery (httpQueryParams for
//     a map without a name)|httpHeader|httpPrefixHeaders|httpResponseCode
//   structure `payload` -> httpPayload on that member
//   locationName (body member) -> jsonName (JSON protocols) or xmlName (XML/query protocols);
//     queryName -> ec2QueryName; a structure's locationName -> its xmlName
//   flattened (member or list/map shape) -> xmlFlattened on the member
//   exception/fault/error -> ErrorTraits (error.code -> awsQueryError)
//   jsonvalue (a header carrying JSON) -> a copy of the string shape with mediaType application/json
// URI labels: botocore names a label after the member's locationName; Smithy (and rest-routes.ts)
// after the member, so labels are renamed to member names.
// Shared with the service compiler: botocore's protocol names (services.ts), constraints
// (shape-table.ts) and timestamp formats (shapes.ts).
import type {
  ErrorTraits,
  ListShape,
  MapShape,
  MemberModel,
  OperationModel,
  ProtocolName,
  ScalarShape,
  ScalarType,
  ServiceModel,
  Shape,
  StructureShape,
  UnionShape,
} from '../../src/models/types.js';
import type { BotoMember, BotoModel, BotoOperation, BotoShape } from './botocore.js';
import { botoProtocol, JSON_RPC_PROTOCOLS, XML_PROTOCOLS } from './services.js';
import { addConstraints } from './shape-table.js';
import { BOTO_TS_FORMAT } from './shapes.js';

/** botocore member fields beyond BotoMember's typed ones that this compiler reads. */
interface BotoMemberExt extends BotoMember {
  queryName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: string | { uri: string; prefix?: string };
  hostLabel?: boolean;
  idempotencyToken?: boolean;
  eventpayload?: boolean;
  jsonvalue?: boolean;
}

interface BotoShapeExt extends BotoShape {
  payload?: string;
  locationName?: string;
  flattened?: boolean;
  sparse?: boolean;
  xmlNamespace?: string | { uri: string; prefix?: string };
}

export interface BotocoreModelInput {
  metadata: BotoModel['metadata'] & { serviceFullName?: string };
  shapes: Record<string, BotoShape>;
  operations: Record<string, BotoOperation> | BotoOperation[];
}

const SCALAR_TYPES: Record<string, ScalarType> = {
  string: 'string',
  blob: 'blob',
  boolean: 'boolean',
  byte: 'byte',
  short: 'short',
  integer: 'integer',
  long: 'long',
  float: 'float',
  double: 'double',
  bigdecimal: 'bigDecimal',
  bigDecimal: 'bigDecimal',
  biginteger: 'bigInteger',
  bigInteger: 'bigInteger',
  timestamp: 'timestamp',
};

function xmlNs(v: BotoShapeExt['xmlNamespace']): { uri: string; prefix?: string } | undefined {
  if (typeof v === 'string') return { uri: v };
  if (v && typeof v.uri === 'string') return v.prefix ? { uri: v.uri, prefix: v.prefix } : { uri: v.uri };
  return undefined;
}

/** Compiles a botocore-format model into a ServiceModel (`id` names it; default "protocoltests"). */
export function compileBotocoreModel(input: BotocoreModelInput, id = 'protocoltests'): ServiceModel {
  const meta = input.metadata;
  const protocols: ProtocolName[] = [];
  for (const bp of meta.protocols ?? (meta.protocol ? [meta.protocol] : [])) {
    const p = botoProtocol(bp, meta.jsonVersion);
    if (p && !protocols.includes(p)) protocols.push(p);
  }
  if (protocols.length === 0) throw new Error(`${id}: no known protocol in ${JSON.stringify(meta.protocols ?? meta.protocol)}`);
  const json = protocols.some((p) => p === 'awsJson1_0' || p === 'awsJson1_1' || p === 'restJson1');
  const boto = input.shapes as Record<string, BotoShapeExt>;
  const shapes: Record<string, Shape> = {};

  const member = (bm: BotoMemberExt, required: boolean): MemberModel => {
    const target = boto[bm.shape];
    if (!target) throw new Error(`${id}: member targets unknown shape ${bm.shape}`);
    let targetName = bm.shape;
    if (bm.jsonvalue && target.type === 'string') {
      targetName = `${bm.shape}__jsonvalue`;
      shapes[targetName] ??= { ...(scalar(target) as ScalarShape), mediaType: 'application/json' };
    }
    const m: MemberModel = { target: targetName };
    if (required) m.required = true;
    switch (bm.location) {
      case 'uri':
        m.httpLabel = true;
        break;
      case 'querystring':
        if (target.type === 'map' && !bm.locationName) m.httpQueryParams = true;
        else m.httpQuery = bm.locationName ?? '';
        break;
      case 'header':
        m.httpHeader = bm.locationName ?? '';
        break;
      case 'headers':
        m.httpPrefixHeaders = bm.locationName ?? '';
        break;
      case 'statusCode':
        m.httpResponseCode = true;
        break;
      default:
        if (bm.locationName !== undefined) {
          if (json) m.jsonName = bm.locationName;
          else m.xmlName = bm.locationName;
        }
    }
    if (bm.xmlAttribute) m.xmlAttribute = true;
    if (bm.flattened || target.flattened) m.xmlFlattened = true;
    const ns = xmlNs(bm.xmlNamespace);
    if (ns) m.xmlNamespace = ns;
    if (bm.queryName !== undefined) m.ec2QueryName = bm.queryName;
    const tf = bm.timestampFormat ? BOTO_TS_FORMAT[bm.timestampFormat] : undefined;
    if (tf) m.timestampFormat = tf;
    if (bm.hostLabel) m.hostLabel = true;
    if (bm.idempotencyToken) m.idempotencyToken = true;
    if (bm.eventpayload) m.eventPayload = true;
    return m;
  };

  const scalar = (b: BotoShapeExt): Shape => {
    const type = SCALAR_TYPES[b.type];
    if (!type) throw new Error(`${id}: unknown botocore shape type ${b.type}`);
    const s: ScalarShape = { type };
    addConstraints(s, b);
    const tf = b.timestampFormat ? BOTO_TS_FORMAT[b.timestampFormat] : undefined;
    if (tf) s.timestampFormat = tf;
    if (b.streaming) s.streaming = true;
    if (b.sensitive) s.sensitive = true;
    return s;
  };

  const errorTraits = (b: BotoShapeExt): ErrorTraits => {
    const fault = b.fault ? 'server' : b.error?.senderFault === false ? 'server' : 'client';
    const err: ErrorTraits = { fault, httpStatus: b.error?.httpStatusCode ?? (fault === 'client' ? 400 : 500) };
    if (b.error?.code !== undefined) err.queryError = { code: b.error.code, httpStatus: err.httpStatus };
    return err;
  };

  for (const name of Object.keys(boto).sort()) {
    const b = boto[name]!;
    if (b.type === 'structure') {
      if (b.document) {
        shapes[name] = { type: 'document' };
        continue;
      }
      const required = new Set(b.required ?? []);
      const members: Record<string, MemberModel> = {};
      for (const [mn, bm] of Object.entries(b.members ?? {})) {
        const m = member(bm as BotoMemberExt, required.has(mn) && !b.union);
        if (b.payload === mn) m.httpPayload = true;
        members[mn] = m;
      }
      if (b.union) {
        const u: UnionShape = { type: 'union', members };
        if (b.eventstream) u.streaming = true;
        shapes[name] = u;
      } else {
        const s: StructureShape = { type: 'structure', members };
        if (b.locationName) s.xmlName = b.locationName;
        const ns = xmlNs(b.xmlNamespace);
        if (ns) s.xmlNamespace = ns;
        if (b.exception || b.error) s.error = errorTraits(b);
        shapes[name] = s;
      }
    } else if (b.type === 'list') {
      const l: ListShape = { type: 'list', member: member(b.member as BotoMemberExt, false) };
      addConstraints(l, b);
      if (b.sparse) l.sparse = true;
      shapes[name] = l;
    } else if (b.type === 'map') {
      const m: MapShape = { type: 'map', key: member(b.key as BotoMemberExt, false), value: member(b.value as BotoMemberExt, false) };
      addConstraints(m, b);
      if (b.sparse) m.sparse = true;
      shapes[name] = m;
    } else {
      shapes[name] = scalar(b);
    }
  }

  const operations: Record<string, OperationModel> = {};
  const opList = Array.isArray(input.operations) ? input.operations : Object.values(input.operations);
  for (const bop of [...opList].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const op: OperationModel = { name: bop.name };
    if (bop.input) op.input = bop.input.shape;
    if (bop.output) op.output = bop.output.shape;
    if (bop.errors?.length) op.errors = bop.errors.map((e) => e.shape);
    if (bop.http?.requestUri !== undefined) {
      let uri = bop.http.requestUri;
      const inShape = bop.input ? boto[bop.input.shape] : undefined;
      // botocore labels carry the member's locationName; the ServiceModel's carry the member name.
      for (const [mn, bm] of Object.entries(inShape?.members ?? {})) {
        if (bm.location === 'uri' && bm.locationName && bm.locationName !== mn) {
          uri = uri.replace(new RegExp(`\\{${bm.locationName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\+?)\\}`), `{${mn}$1}`);
        }
      }
      op.http = { method: bop.http.method ?? 'POST', uri, code: bop.http.responseCode ?? 200 };
    }
    if (bop.endpoint?.hostPrefix) op.hostPrefix = bop.endpoint.hostPrefix;
    if (bop.httpChecksumRequired || bop.httpChecksum?.requestChecksumRequired) op.httpChecksumRequired = true;
    operations[bop.name] = op;
  }

  const model: ServiceModel = {
    id,
    sdkId: meta.serviceId ?? id,
    shapeName: meta.targetPrefix ?? meta.serviceFullName ?? id,
    signingName: meta.signingName ?? meta.endpointPrefix ?? id,
    apiVersion: meta.apiVersion,
    protocols,
    file: `${id}.json`,
    operations,
    shapes,
  };
  if (protocols.some((p) => JSON_RPC_PROTOCOLS.has(p)) && meta.targetPrefix) model.targetPrefix = meta.targetPrefix;
  // Suites for XML protocols rarely name a namespace; responses need one (clients ignore it).
  if (protocols.some((p) => XML_PROTOCOLS.has(p))) model.xmlNamespace = meta.xmlNamespace ?? `https://${id}.example.com/doc/${meta.apiVersion}/`;
  if (meta.awsQueryCompatible !== undefined) model.awsQueryCompatible = true;
  return model;
}
