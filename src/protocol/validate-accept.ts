// The fast path of input validation (validate.ts): a check compiled once per shape that answers
// only "valid or not", building no member paths and no messages. Most requests are valid, and the
// path strings the full walk builds for every present member and map entry cost more than the
// checks themselves (a DynamoDB PutItem: ~2 µs of ~2.3). A request this does not accept is walked
// again by validate.ts, which says what is wrong; so this must accept exactly what that walk finds
// no problem in (the same rules, in the same order of concerns), and may never accept more.
//
// Side effect shared with the full walk: a JSON `null` structure member is deleted (read as absent).
import type { ServiceModel, Shape } from '../models/types.js';

type Accept = (v: unknown) => boolean;

const NO_OWN: ReadonlySet<string> = new Set();
/** model -> service-checked enums -> target shape name -> check. */
const compiled = new WeakMap<ServiceModel, WeakMap<ReadonlySet<string>, Map<string, Accept>>>();

/** The check for values of the shape named `target`. `own`: enum shapes the service checks itself. */
export function acceptorFor(model: ServiceModel, target: string, own: ReadonlySet<string> = NO_OWN): Accept {
  let byOwn = compiled.get(model);
  if (!byOwn) compiled.set(model, (byOwn = new WeakMap()));
  let cache = byOwn.get(own);
  if (!cache) byOwn.set(own, (cache = new Map()));
  let a = cache.get(target);
  // Children are looked up on first use, so a recursive shape needs no special case here.
  if (!a) cache.set(target, (a = build(model, target, own)));
  return a;
}

const acceptAll: Accept = () => true;

function build(model: ServiceModel, target: string, own: ReadonlySet<string>): Accept {
  const shape: Shape | undefined = model.shapes[target];
  if (!shape) return acceptAll;
  const child = (name: string): Accept => acceptorFor(model, name, own);
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const members = new Map<string, { accept: Accept | undefined; target: string }>();
      const required: string[] = [];
      for (const name in shape.members) {
        const m = shape.members[name]!;
        members.set(name, { accept: undefined, target: m.target });
        if (m.required) required.push(name);
      }
      return (v) => {
        if (!isPlainObject(v)) return false;
        // The value's own keys, not the shape's members: a union (DynamoDB's AttributeValue has
        // ten members) carries one. Undeclared keys are ignored, as the full walk ignores them.
        for (const k in v) {
          const m = members.get(k);
          if (m === undefined) continue;
          const x = v[k];
          if (x === null) delete v[k];
          else if (x !== undefined && !(m.accept ??= child(m.target))(x)) return false;
        }
        for (let i = 0; i < required.length; i++) if (v[required[i]!] === undefined) return false;
        return true;
      };
    }
    case 'list': {
      let item: Accept | undefined;
      const { min, max, sparse } = shape;
      return (v) => {
        if (!Array.isArray(v)) return false;
        if ((min !== undefined && v.length < min) || (max !== undefined && v.length > max)) return false;
        item ??= child(shape.member.target);
        for (let i = 0; i < v.length; i++) {
          const x: unknown = v[i];
          if (x === null || x === undefined) {
            if (!sparse) return false;
          } else if (!item(x)) return false;
        }
        return true;
      };
    }
    case 'map': {
      let key: Accept | undefined;
      let value: Accept | undefined;
      const { min, max, sparse } = shape;
      return (v) => {
        if (!isPlainObject(v)) return false;
        key ??= child(shape.key.target);
        value ??= child(shape.value.target);
        let n = 0;
        for (const k in v) {
          n++;
          if (!key(k)) return false;
          const x = v[k];
          if (x === null || x === undefined) {
            if (!sparse) return false;
          } else if (!value(x)) return false;
        }
        return (min === undefined || n >= min) && (max === undefined || n <= max);
      };
    }
    case 'string': {
      const { min, max, pattern } = shape;
      const values = shape.enum && !own.has(target) ? new Set(shape.enum) : undefined;
      return (v) =>
        typeof v === 'string' &&
        (min === undefined || v.length >= min) &&
        (max === undefined || v.length <= max) &&
        (values === undefined || values.has(v)) &&
        (pattern === undefined || matches(pattern, v));
    }
    case 'blob': {
      const { min, max } = shape;
      return (v) => {
        if (!(v instanceof Uint8Array) && typeof v !== 'string') return false;
        const n = typeof v === 'string' ? Buffer.byteLength(v) : v.length;
        return (min === undefined || n >= min) && (max === undefined || n <= max);
      };
    }
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const { min, max } = shape;
      return (v) => typeof v === 'number' && Number.isInteger(v) && (min === undefined || v >= min) && (max === undefined || v <= max);
    }
    case 'float':
    case 'double':
    case 'bigDecimal':
    case 'bigInteger': {
      const { min, max } = shape;
      return (v) => (typeof v === 'number' || typeof v === 'bigint') && (min === undefined || Number(v) >= min) && (max === undefined || Number(v) <= max);
    }
    case 'timestamp':
      return (v) => (v instanceof Date && !Number.isNaN(v.getTime())) || typeof v === 'number';
    case 'document':
      return acceptAll;
  }
}

// botocore's patterns are Java regular expressions; most compile in JS. One that does not is
// skipped (deliberately lenient rather than rejecting valid input).
const patterns = new Map<string, RegExp | null>();

export function matches(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re = compilePattern(pattern);
    patterns.set(pattern, re);
  }
  return re === null || re.test(value);
}

function compilePattern(pattern: string): RegExp | null {
  // Smithy patterns are unanchored (they match anywhere unless they anchor themselves).
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try the next flag set
    }
  }
  return null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);
}
