// Operations: routes, host prefixes, checksum requirements and error lists. Routes and host
// prefixes are the SDK schemas'; operation error lists and the request checksum requirement are
// botocore's (for an operation botocore lacks, the errors the SDK command's typings document).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OperationModel } from '../../src/models/types.js';
import type { BotoModel } from './botocore.js';
import type { ServiceSpec } from './services.js';
import type { ServiceCompiler } from './shapes.js';
import { isArray, type SchemaModule, type TypeRegistryLike } from './smithy-schema.js';

const require = createRequire(import.meta.url);

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

/**
 * Compiles the operations the SDK client package exports (sorted by name), then the errors the SDK
 * registers that no operation lists, into `c`'s shape table.
 */
export function compileOperations(c: ServiceCompiler, spec: ServiceSpec, sdk: Record<string, unknown>, boto: BotoModel, schema: SchemaModule): Record<string, OperationModel> {
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

  return operations;
}
