// A service's table of named shapes and the rules that name them: a non-structure shape is
// interned under the first acceptable candidate name (the SDK's, else botocore's, else a
// synthetic one), and a botocore name is never given to a different definition. ServiceCompiler
// (shapes.ts) fills the table from the SDK schemas.
import type { Constraints, ScalarShape, ScalarType, Shape } from '../../src/models/types.js';
import type { BotoModel, BotoShape } from './botocore.js';
import type { CompileNotes } from './notes.js';
import { isArray } from './smithy-schema.js';

export function addConstraints(target: Constraints, b: BotoShape | undefined): void {
  if (!b) return;
  if (typeof b.min === 'number') target.min = b.min;
  if (typeof b.max === 'number') target.max = b.max;
  if (typeof b.pattern === 'string') target.pattern = b.pattern;
  if (isArray(b.enum) && b.enum.length > 0) target.enum = [...b.enum];
}

export class ShapeTable {
  readonly shapes = new Map<string, Shape>();
  /** Canonical JSON of interned (non-structure) shapes, by name. */
  private readonly canon = new Map<string, string>();
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

  protected botoShape(name: string | undefined, ...types: string[]): BotoShape | undefined {
    if (!name) return undefined;
    const s = this.boto.shapes[name];
    if (!s) return undefined;
    return types.length === 0 || types.includes(s.type) ? s : undefined;
  }

  /**
   * Registers a non-structure shape under the first acceptable candidate name, else under a
   * suffixed first candidate. A name is acceptable when it already holds this very definition, or
   * is free and either unknown to botocore or (when `botoOwned`) botocore's shape of that name
   * compiles to this definition: a botocore name is never given to a different definition (e.g.
   * S3's plain "Body" blob vs the SDK's streaming body, which takes the SDK's "StreamingBlob").
   */
  protected intern(candidates: string[], shape: Shape, botoOwned: (name: string) => boolean): string {
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
  protected botoDefinition(name: string): string | undefined {
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
}
