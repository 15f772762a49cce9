// Per-service compilation: reads the SDK client's runtime config (protocol, protocolSettings,
// serviceId) and botocore's metadata into the service summary, then compiles the operations
// (operations.ts) and the shapes they reach (shapes.ts) into one ServiceModel.
import { createRequire } from 'node:module';
import type { ProtocolName, ServiceModel, ServiceSummary, Shape } from '../../src/models/types.js';
import { loadBotocore } from './botocore.js';
import type { CompileNotes } from './notes.js';
import { compileOperations } from './operations.js';
import { addLegacyOperations } from './legacy-operations.js';
import { BOTOCORE_ONLY_OPERATIONS, botoProtocol, EXTRA_PROTOCOLS, JSON_RPC_PROTOCOLS, PROTOCOL_CLASSES, PROTOCOL_ORDER, XML_NAMESPACE_FALLBACK, XML_PROTOCOLS, type ServiceSpec } from './services.js';
import { ServiceCompiler } from './shapes.js';
import type { SchemaModule } from './smithy-schema.js';

const require = createRequire(import.meta.url);

/** The part of an SDK client we read: its resolved runtime config. */
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

export function compileService(spec: ServiceSpec, dataDir: string, schema: SchemaModule, notes: CompileNotes): ServiceModel {
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
  const operations = addLegacyOperations(c, spec.id, boto, BOTOCORE_ONLY_OPERATIONS[spec.id] ?? {}, compileOperations(c, spec, sdk, boto, schema));

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
