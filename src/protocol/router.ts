// Which service, protocol and operation a request is for, all on one port. The order follows
// docs/PROTOCOL-NOTES.md: the signing name first, then the protocol's own markers (smithy-protocol,
// X-Amz-Target, Action+Version, REST routes), and for unsigned requests the unique target prefix,
// the query Version, then REST path rules, else S3.
import type { ProtocolName, ServiceModel, ServiceSummary } from '../models/types.js';
import { loadModel, serviceSummaries } from '../models/load.js';
import { credentialScope, type CredentialScope } from './credentials.js';
import { AwsError, unknownOperation } from './errors.js';
import { header, queryOf, type HttpRequest } from './http.js';
import { matchRoute } from './rest-routes.js';

export interface Route {
  service: ServiceSummary;
  protocol: ProtocolName;
  /** The operation named by the request; may be absent from the model (-> unknown operation). */
  operation: string;
  /** REST: matched labels; query: parsed form. */
  labels?: Record<string, string>;
  form?: URLSearchParams;
  scope?: CredentialScope;
  /** S3 virtual-host style: the bucket taken from the Host header. */
  hostBucket?: string;
}

/** A request that names no known service/operation: rendered in `protocol` (of `service` if known). */
export class RoutingError extends Error {
  constructor(
    readonly error: AwsError,
    readonly protocol: ProtocolName,
    readonly service?: ServiceSummary,
    readonly scope?: CredentialScope,
  ) {
    super(error.message);
  }
}

interface Index {
  bySigningName: Map<string, ServiceSummary[]>;
  byTargetPrefix: Map<string, ServiceSummary>;
  byVersion: Map<string, ServiceSummary[]>;
  byShapeName: Map<string, ServiceSummary>;
  s3: ServiceSummary;
  /** REST services an unsigned request may be for, tried before falling back to S3. */
  unsignedRest: ServiceSummary[];
}

let index: Index | undefined;

function buildIndex(): Index {
  const bySigningName = new Map<string, ServiceSummary[]>();
  const byTargetPrefix = new Map<string, ServiceSummary>();
  const byVersion = new Map<string, ServiceSummary[]>();
  const byShapeName = new Map<string, ServiceSummary>();
  const push = <K>(map: Map<K, ServiceSummary[]>, key: K, s: ServiceSummary) => {
    const list = map.get(key);
    if (list) list.push(s);
    else map.set(key, [s]);
  };
  for (const s of serviceSummaries()) {
    push(bySigningName, s.signingName, s);
    if (s.targetPrefix) byTargetPrefix.set(s.targetPrefix, s);
    if (speaks(s, 'awsQuery') || speaks(s, 'ec2Query')) push(byVersion, s.apiVersion, s);
    byShapeName.set(s.shapeName, s);
  }
  const s3 = serviceSummaries().find((s) => s.id === 's3')!;
  const unsignedRest = serviceSummaries().filter((s) => s.id !== 's3' && speaks(s, 'restJson1'));
  return { bySigningName, byTargetPrefix, byVersion, byShapeName, s3, unsignedRest };
}

function speaks(s: ServiceSummary, p: ProtocolName): boolean {
  return s.protocols.includes(p);
}

export function route(req: HttpRequest): Route {
  const ix = (index ??= buildIndex());
  const scope = credentialScope(req);
  const signed = scope ? ix.bySigningName.get(scope.signingName) : undefined;

  // rpcv2Cbor: POST /service/<ServiceShape>/operation/<Operation>
  if (header(req, 'smithy-protocol') === 'rpc-v2-cbor') {
    const m = /^\/service\/([^/]+)\/operation\/([^/]+)$/.exec(req.path);
    const service = (m && ix.byShapeName.get(m[1]!)) || signed?.find((s) => speaks(s, 'rpcv2Cbor'));
    if (!service) {
      if (signed) throw unplaced(req, signed, scope, 'rpcv2Cbor', m?.[2], `POST ${req.path}`);
      throw unknownService(req, scope, 'rpcv2Cbor');
    }
    if (!m) throw new RoutingError(noRoute(req), 'rpcv2Cbor', service, scope);
    return { service, protocol: 'rpcv2Cbor', operation: m[2]!, scope };
  }

  // awsJson: X-Amz-Target: <Prefix>.<Operation>
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    // The target prefix is authoritative: `dynamodb` also signs DynamoDB Streams
    // (DynamoDBStreams_20120810), which must not reach DynamoDB's handlers.
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const service = ix.byTargetPrefix.get(prefix);
    const protocol = service?.protocols.find(isAwsJson);
    if (!service || !protocol) {
      // Signed for a service the prefix is not (a typo, another service sharing the signing name):
      // that service's unknown operation, naming the target.
      if (signed) {
        const own = signed.find((s) => s.targetPrefix)?.targetPrefix;
        const detail = `X-Amz-Target ${target}: the target prefix is not '${own ?? prefix}'`;
        throw unplaced(req, signed, scope, 'awsJson1_0', target.slice(dot + 1) || target, own ? detail : `X-Amz-Target ${target}`);
      }
      throw unknownService(req, scope, 'awsJson1_1', `target prefix '${prefix}'`);
    }
    return { service, protocol, operation: target.slice(dot + 1), scope };
  }

  // awsQuery / ec2Query: a form body, or Action in the query string.
  const form = queryForm(req);
  if (form) {
    const action = form.get('Action');
    if (action) {
      const candidates = (signed ?? []).filter((s) => speaks(s, 'awsQuery') || speaks(s, 'ec2Query'));
      const version = form.get('Version');
      let service = candidates.length === 1 ? candidates[0] : undefined;
      if (!service) {
        const byVersion = version ? ix.byVersion.get(version) : undefined;
        service = (candidates.length ? byVersion?.filter((s) => candidates.includes(s)) : byVersion)?.[0];
      }
      // Unsigned and without Version (the SubscribeURL / UnsubscribeURL of SNS messages): an action
      // only one query service has settles it.
      if (!service && !version && !scope) service = serviceWithOnlyAction(ix, action);
      if (service) {
        const protocol: ProtocolName = speaks(service, 'ec2Query') ? 'ec2Query' : 'awsQuery';
        return { service, protocol, operation: action, form, scope };
      }
      if (!signed?.some((s) => speaks(s, 'restXml') || speaks(s, 'restJson1'))) {
        // Signed for a service that does not speak query (or an ambiguous set of query services):
        // the signing service's unknown operation, naming the Action.
        if (signed) throw unplaced(req, signed, scope, 'awsQuery', action, `Action ${action}`);
        throw unknownService(req, scope, 'awsQuery');
      }
    }
  }

  // REST: the signing name's service, else (unsigned) the REST roots other than S3, else S3.
  const rest = signed?.find((s) => speaks(s, 'restJson1') || speaks(s, 'restXml'));
  if (rest) return restRoute(req, rest, scope);
  // Signed for a query service but no Action (no form body, a JSON content type, garbage): AWS's
  // MissingAction, in the query protocol the service speaks rather than in JSON.
  const query = signed?.find((s) => speaks(s, 'awsQuery') || speaks(s, 'ec2Query'));
  if (query) {
    const protocol: ProtocolName = speaks(query, 'ec2Query') ? 'ec2Query' : 'awsQuery';
    throw new RoutingError(new AwsError('MissingAction', 'The request is missing an action or a required parameter.', { status: 400 }), protocol, query, scope);
  }
  // Signed for a JSON or CBOR service, without its X-Amz-Target or smithy-protocol.
  if (signed && scope!.signingName !== 's3') throw unplaced(req, signed, scope, 'awsJson1_0', undefined, `${req.method} ${req.path}`);
  if (scope && scope.signingName !== 's3') throw unknownService(req, scope, 'restJson1');
  if (!scope) {
    for (const service of ix.unsignedRest) {
      const match = matchRoute(loadModel(service.id), req.method, req.path, queryOf(req), req.headers);
      if (match && hasLiteralRoot(loadModel(service.id), match.operation)) {
        return { service, protocol: 'restJson1', operation: match.operation, labels: match.labels };
      }
    }
  }
  return restRoute(req, ix.s3, scope);
}

function serviceWithOnlyAction(ix: Index, action: string): ServiceSummary | undefined {
  // Loads every query service's model: a rare path (unsigned, unversioned), not the hot one.
  const having = [...new Set([...ix.byVersion.values()].flat())].filter((s) => action in loadModel(s.id).operations);
  return having.length === 1 ? having[0] : undefined;
}

function restRoute(req: HttpRequest, service: ServiceSummary, scope: CredentialScope | undefined): Route {
  const protocol: ProtocolName = speaks(service, 'restXml') ? 'restXml' : 'restJson1';
  const model = loadModel(service.id);
  let path = req.path;
  let hostBucket: string | undefined;
  if (service.id === 's3') {
    // S3 Control shares the `s3` signing name; its requests carry x-amz-account-id and /v20180820.
    if (req.path.startsWith('/v20180820/') && req.headers['x-amz-account-id']) {
      throw unknownService(req, scope, 'restXml', 'S3 Control');
    }
    hostBucket = bucketFromHost(header(req, 'host'));
    if (hostBucket) path = `/${encodeURIComponent(hostBucket)}${path}`;
  }
  const match = matchRoute(model, req.method, path, queryOf(req), req.headers);
  if (!match) throw new RoutingError(noRoute(req), protocol, service, scope);
  return { service, protocol, operation: match.operation, labels: match.labels, scope, hostBucket };
}

/** True when the operation's route starts with a literal segment (`/restapis`, `/2015-03-31`). */
function hasLiteralRoot(model: ServiceModel, operation: string): boolean {
  const uri = model.operations[operation]?.http?.uri ?? '';
  return uri.length > 1 && uri[1] !== '{' && uri[1] !== '?';
}

function isAwsJson(p: ProtocolName): boolean {
  return p === 'awsJson1_0' || p === 'awsJson1_1';
}

function queryForm(req: HttpRequest): URLSearchParams | undefined {
  const type = header(req, 'content-type') ?? '';
  if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    return new URLSearchParams(req.body.toString('utf8'));
  }
  if (req.rawQuery.includes('Action=')) return queryOf(req);
  return undefined;
}

// Host names that carry no bucket (path style), and the endpoint suffixes after a bucket label.
const BUCKETLESS_HOSTS = /^(localhost|s3[.-].*|[\d.]+|\[[\da-f:]+\])$/i;
const BUCKET_SUFFIX = /^(.+?)\.(s3[.-][a-z0-9.-]*|localhost(\.localstack\.cloud)?)$/i;

/** The bucket of a virtual-host-style S3 request (`my-bucket.localhost:4566`), if any. */
export function bucketFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  if (BUCKETLESS_HOSTS.test(hostname)) return undefined;
  return BUCKET_SUFFIX.exec(hostname)?.[1];
}

/** A REST request (or a CBOR path) matching none of the service's routes. */
function noRoute(req: HttpRequest): AwsError {
  return new AwsError('UnknownOperationException', `No operation matches ${req.method} ${req.path}`, { status: 404 });
}

/**
 * A request signed for a service Nimbus serves that the router cannot place: answered in a
 * protocol that service speaks (`family`, the shape the request has, when it speaks it; else its
 * first), naming what was asked, so its client reads a proper error instead of one about a service
 * it did not call. `operation`: the operation the request named, if any.
 */
function unplaced(
  req: HttpRequest,
  signed: ServiceSummary[],
  scope: CredentialScope | undefined,
  family: ProtocolName,
  operation: string | undefined,
  detail: string,
): RoutingError {
  const same = (p: ProtocolName) => p === family || (isAwsJson(p) && isAwsJson(family)) || (isQuery(p) && isQuery(family));
  const service = signed.find((s) => s.protocols.some(same)) ?? signed[0]!;
  const protocol = service.protocols.find(same) ?? service.protocols[0]!;
  let error: AwsError;
  if (protocol === 'restJson1' || protocol === 'restXml') error = noRoute(req);
  else if (operation) error = unknownOperation(protocol, operation, isQuery(protocol) ? undefined : detail);
  else if (isQuery(protocol)) error = new AwsError('MissingAction', 'The request is missing an action or a required parameter.');
  else error = new AwsError('UnknownOperationException', `The request names no operation (${detail})`);
  return new RoutingError(error, protocol, service, scope);
}

function isQuery(p: ProtocolName): boolean {
  return p === 'awsQuery' || p === 'ec2Query';
}

function unknownService(
  req: HttpRequest,
  scope: CredentialScope | undefined,
  protocol: ProtocolName,
  detail?: string,
): RoutingError {
  const what = detail ?? (scope ? `signing name '${scope.signingName}'` : `${req.method} ${req.path}`);
  return new RoutingError(
    new AwsError('UnrecognizedServiceException', `Nimbus serves no service for ${what}`, { status: 400 }),
    protocol,
    undefined,
    scope,
  );
}
