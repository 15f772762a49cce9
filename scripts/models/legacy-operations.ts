// Operations only botocore models (services.ts BOTOCORE_ONLY_OPERATIONS), added to a service's
// compiled model: compiled from botocore's JSON by botocore-model.ts, with the shapes they reach.
// A reached shape whose name the SDK-compiled model already has is the same shape when it compiles
// to the same JSON; otherwise it is added as `<Name>_legacy` (e.g. S3's old lifecycle `Rule`
// would not clash, but its `Transition`-singular shapes might), and the members are retargeted.
import type { MemberModel, OperationModel, Shape } from '../../src/models/types.js';
import type { BotoModel } from './botocore.js';
import { compileBotocoreModel } from './botocore-model.js';
import type { ServiceCompiler } from './shapes.js';

export function addLegacyOperations(
  c: ServiceCompiler,
  id: string,
  boto: BotoModel,
  table: Record<string, string>,
  operations: Record<string, OperationModel>,
): Record<string, OperationModel> {
  const names = Object.keys(table).sort();
  if (names.length === 0) return operations;
  const picked = names.map((n) => {
    const op = boto.operations[n];
    if (!op) throw new Error(`${id}: botocore has no operation ${n}`);
    if (operations[n]) throw new Error(`${id}: ${n} is in the SDK too; drop it from BOTOCORE_ONLY_OPERATIONS`);
    if (!operations[table[n]!]) throw new Error(`${id}: ${n} is served by ${table[n]}, which the model lacks`);
    return op;
  });
  const legacy = compileBotocoreModel({ metadata: boto.metadata, shapes: boto.shapes, operations: picked }, id);
  const renamed = new Map<string, string>();
  const same = (a: Shape, b: Shape | undefined) => b !== undefined && JSON.stringify(a) === JSON.stringify(b);
  // Pass 1: which reached names are new, the same, or clash (renamed).
  const reached: string[] = [];
  const visit = (name: string) => {
    if (reached.includes(name)) return;
    reached.push(name);
    const s = legacy.shapes[name]!;
    for (const m of membersOf(s)) visit(m.target);
  };
  for (const op of Object.values(legacy.operations)) for (const n of [op.input, op.output, ...(op.errors ?? [])]) if (n) visit(n);
  for (const name of reached) {
    if (c.shapes.has(name) && !same(legacy.shapes[name]!, c.shapes.get(name))) renamed.set(name, `${name}_legacy`);
  }
  // Pass 2: add the new and renamed shapes, their members retargeted.
  for (const name of reached.sort()) {
    const target = renamed.get(name) ?? name;
    if (c.shapes.has(target) && !renamed.has(name)) continue;
    const shape = structuredClone(legacy.shapes[name]!);
    for (const m of membersOf(shape)) m.target = renamed.get(m.target) ?? m.target;
    if (c.shapes.has(target) && !same(shape, c.shapes.get(target))) throw new Error(`${id}: ${target} exists and differs`);
    c.shapes.set(target, shape);
    if (renamed.has(name)) c.note('legacy botocore shape renamed (clashes with the SDK shape)', name);
  }
  const out: Record<string, OperationModel> = { ...operations };
  for (const n of names) {
    const op = legacy.operations[n]!;
    const rename = (s: string | undefined) => (s === undefined ? undefined : renamed.get(s) ?? s);
    out[n] = {
      name: n,
      ...(op.input && { input: rename(op.input)! }),
      ...(op.output && { output: rename(op.output)! }),
      ...(op.errors && { errors: op.errors.map((e) => rename(e)!) }),
      ...(op.http && { http: op.http }),
      ...(op.hostPrefix && { hostPrefix: op.hostPrefix }),
      ...(op.httpChecksumRequired && { httpChecksumRequired: true }),
      servedBy: table[n]!,
    };
  }
  // Operations sorted by name, as the compiled model keeps them.
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

function membersOf(s: Shape): MemberModel[] {
  switch (s.type) {
    case 'structure':
    case 'union':
      return Object.values(s.members);
    case 'list':
      return [s.member];
    case 'map':
      return [s.key, s.value];
    default:
      return [];
  }
}
