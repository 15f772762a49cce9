// The slice of @smithy/core/schema we use (loaded with require: the SDK packages are CJS and must
// share the one module instance they use themselves), and small readers for SDK trait values and
// schema arrays.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export type Traits = Record<string, unknown>;

export interface NS {
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

export interface SchemaModule {
  NormalizedSchema: { of(ref: unknown): NS };
}

export interface TypeRegistryLike {
  namespace: string;
  exceptions: Map<unknown, unknown>;
}

/** @smithy/core/schema, the instance the SDK client packages use. */
export function loadSchemaModule(): SchemaModule {
  return require('@smithy/core/schema') as SchemaModule;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function isArray(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** Short (namespace-less) name of a static SDK schema, undefined for inline simple schemas. */
export function sdkShapeName(ns: NS): string | undefined {
  const full = ns.getName(true);
  if (!full || !full.includes('#')) return undefined;
  return full.slice(full.indexOf('#') + 1);
}
