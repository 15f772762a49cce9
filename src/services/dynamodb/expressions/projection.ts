// Projection: the parts of an item a ProjectionExpression (or AttributesToGet) names. Nested
// paths keep their structure; list elements picked by index keep their order, compacted, as
// DynamoDB returns them.
import { setOwn, type AttributeValue, type Item } from '../values.js';
import type { Path } from './ast.js';

/** The source indexes of the elements a partial list copy holds, in order. */
const picked = new WeakMap<object, number[]>();

export function project(item: Item, paths: readonly Path[]): Item {
  const out: Item = {};
  for (const p of paths) copyPath(item, out, p);
  return out;
}

function copyPath(src: Item, dst: Item, path: Path): void {
  const first = path[0] as string;
  if (!Object.hasOwn(src, first)) return;
  if (path.length === 1) {
    setOwn(dst, first, src[first]!);
    return;
  }
  const built = copyInto(src[first]!, Object.hasOwn(dst, first) ? dst[first] : undefined, path, 1);
  if (built) setOwn(dst, first, built);
}

/** Copies the rest of the path from `src` into `dst` (a partial copy or undefined). */
function copyInto(src: AttributeValue, dst: AttributeValue | undefined, path: Path, i: number): AttributeValue | undefined {
  const e = path[i]!;
  if (typeof e === 'number') {
    if (!src.L || e >= src.L.length) return dst;
    const holder = (dst?.L ? dst : { L: [] }) as AttributeValue & { L: AttributeValue[] };
    let ix = picked.get(holder);
    if (!ix) picked.set(holder, (ix = []));
    const pos = ix.indexOf(e);
    const next = i + 1 === path.length ? src.L[e]! : copyInto(src.L[e]!, pos >= 0 ? holder.L[pos] : undefined, path, i + 1);
    if (next === undefined) return dst;
    if (pos >= 0) holder.L[pos] = next;
    else {
      // Keep the elements in the order of their indexes.
      let at = ix.findIndex((x) => x > e);
      if (at < 0) at = ix.length;
      ix.splice(at, 0, e);
      holder.L.splice(at, 0, next);
    }
    return holder;
  }
  if (!src.M || !Object.hasOwn(src.M, e)) return dst;
  const holder = dst?.M ? dst : { M: {} as Record<string, AttributeValue> };
  const next = i + 1 === path.length ? src.M[e]! : copyInto(src.M[e]!, Object.hasOwn(holder.M!, e) ? holder.M![e] : undefined, path, i + 1);
  if (next === undefined) return dst;
  setOwn(holder.M!, e, next);
  return holder;
}
