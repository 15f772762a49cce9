// Mutations for the protocol fuzz test (fuzz.test.ts): each takes a model-valid seed request and
// breaks it in one of the ways a careless or hostile client does — operation and member names that
// are Object.prototype keys, JSON nulls where structures, list items or map values belong, nesting
// deeper than any model allows (also inside JSON documents carried in string members), truncated or
// garbage bodies, wrong content types, empty or duplicated form values, wrongly typed values, and
// large strings. All randomness comes from the Rng passed in, so a run is reproducible from its seed.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import type { ProtocolName } from '../../src/models/types.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import type { Seed } from './fuzz-seeds.js';

/** mulberry32: small, fast, and the same sequence on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Names that resolve on every plain object through its prototype. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
] as const;

export type MutationClass =
  | 'prototypeOperation'
  | 'prototypeMember'
  | 'nullMember'
  | 'nullListItem'
  | 'nullMapValue'
  | 'deepNesting'
  | 'deepJsonInString'
  | 'truncatedBody'
  | 'garbageBody'
  | 'wrongContentType'
  | 'emptyFormValue'
  | 'formEntryWithoutValue'
  | 'duplicatedKey'
  | 'wrongType'
  | 'hugeString'
  | 'prototypeLabel'
  // Valid requests in another framing: these must answer as the unmutated seed did.
  | 'gzipBody'
  | 'absoluteTarget';

export const MUTATION_CLASSES: readonly MutationClass[] = [
  'prototypeOperation',
  'prototypeMember',
  'nullMember',
  'nullListItem',
  'nullMapValue',
  'deepNesting',
  'deepJsonInString',
  'truncatedBody',
  'garbageBody',
  'wrongContentType',
  'emptyFormValue',
  'formEntryWithoutValue',
  'duplicatedKey',
  'wrongType',
  'hugeString',
  'prototypeLabel',
  'gzipBody',
  'absoluteTarget',
];

/** Classes that keep the request valid: the answer must be the unmutated seed's status. */
export const SAME_ANSWER: ReadonlySet<MutationClass> = new Set(['gzipBody', 'absoluteTarget']);

export interface Mutated {
  mutation: MutationClass;
  /** What exactly was done, for the failure report. */
  detail: string;
  req: HttpRequest;
}

type Body = 'json' | 'cbor' | 'form' | 'xml' | 'none';

export function bodyKind(seed: Seed): Body {
  if (seed.req.body.length === 0 && seed.protocol !== 'awsQuery' && seed.protocol !== 'ec2Query') return 'none';
  switch (seed.protocol) {
    case 'awsJson1_0':
    case 'awsJson1_1':
      return 'json';
    case 'restJson1':
      return (seed.req.headers['content-type'] ?? '').includes('json') ? 'json' : 'none';
    case 'rpcv2Cbor':
      return 'cbor';
    case 'awsQuery':
    case 'ec2Query':
      return 'form';
    case 'restXml':
      return (seed.req.headers['content-type'] ?? '').includes('xml') || seed.req.body.subarray(0, 1).toString() === '<' ? 'xml' : 'none';
  }
}

const S3_PAYLOADS = new Set(['s3/restXml/PutObject', 's3/restXml/UploadPart']);

/** Which mutation classes apply to a seed (a form has no JSON nulls, a bodiless GET no body). */
export function applicable(seed: Seed): MutationClass[] {
  const kind = bodyKind(seed);
  return MUTATION_CLASSES.filter((m) => {
    switch (m) {
      case 'prototypeLabel':
        return seed.protocol === 'restJson1' || seed.protocol === 'restXml';
      case 'nullMember':
      case 'nullListItem':
      case 'nullMapValue':
        return kind === 'json' || kind === 'cbor';
      case 'emptyFormValue':
      case 'formEntryWithoutValue':
        return kind === 'form';
      case 'gzipBody':
        // An S3 object body is not a framing: S3 stores a gzip body as it is (Content-Encoding is
        // the object's metadata), so its checksum no longer matches, as on AWS.
        return seed.req.body.length > 0 && !seed.req.headers['content-encoding'] && !S3_PAYLOADS.has(seed.name);
      case 'truncatedBody':
      case 'prototypeMember':
      case 'deepNesting':
      case 'deepJsonInString':
      case 'duplicatedKey':
      case 'wrongType':
      case 'hugeString':
        return kind !== 'none';
      default:
        return true;
    }
  });
}

const cbor = (): { serialize(v: unknown): Uint8Array; deserialize(b: Uint8Array): unknown } =>
  (createRequire(import.meta.url)('@smithy/core/cbor') as { cbor: never }).cbor;

function clone(req: HttpRequest, body?: Buffer | string, headers?: Record<string, string | undefined>): HttpRequest {
  const h = { ...req.headers };
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) delete h[k];
    else h[k] = v;
  }
  return {
    method: req.method,
    path: req.path,
    rawQuery: req.rawQuery,
    headers: h,
    body: body === undefined ? req.body : typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  };
}

// ---------------------------------------------------------------------------------------------
// Tree mutations (JSON and CBOR bodies): the body is decoded, one node is changed, re-encoded.

type Node = { parent: Record<string, unknown> | unknown[]; key: string | number; value: unknown };

function nodes(root: unknown): Node[] {
  const out: Node[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i, value: x });
        walk(x);
      });
    } else if (v && typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof Date)) {
      for (const k of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[k];
        out.push({ parent: v as Record<string, unknown>, key: k, value: x });
        walk(x);
      }
    }
  };
  walk(root);
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);

function set(parent: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  // defineProperty so that `__proto__` becomes an own key, as JSON.parse makes it.
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A value nested `depth` levels deep, as JSON text (built iteratively: no recursion here either). */
function deepJsonText(rng: Rng, depth: number): string {
  const kind = rng.int(3);
  if (kind === 0) return '['.repeat(depth) + ']'.repeat(depth);
  if (kind === 1) return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  return '[{"a":'.repeat(depth) + '1' + '}]'.repeat(depth);
}

/** A marker replaced after JSON.stringify by raw text (deep values cannot go through a tree). */
const RAW = '\u0000nimbus-fuzz-raw\u0000';

const WRONG_VALUES: unknown[] = [{}, [], 'text', '', -1, 1.5, 1e308, true, false, { a: [1] }, [[]], '1970-01-01', 'NaN'];

function treeMutation(rng: Rng, m: MutationClass, root: Record<string, unknown>): { detail: string; raw?: string } | undefined {
  const all = nodes(root);
  const objects = [{ parent: undefined, key: '', value: root } as unknown as Node, ...all.filter((n) => isObject(n.value))];
  const arrays = all.filter((n) => Array.isArray(n.value) && (n.value as unknown[]).length > 0);
  const strings = all.filter((n) => typeof n.value === 'string');
  const scalars = all.filter((n) => !isObject(n.value) && !Array.isArray(n.value));
  switch (m) {
    case 'prototypeMember': {
      const target = rng.pick(objects).value as Record<string, unknown>;
      const key = rng.pick(PROTOTYPE_KEYS);
      const value = rng.pick<unknown>([{ a: 1 }, 'x', 1, null, [], { toString: 'x' }]);
      set(target, key, value);
      return { detail: `member ${key} = ${JSON.stringify(value)}` };
    }
    case 'nullMember': {
      const n = rng.pick(all.length ? all.filter((x) => !Array.isArray(x.parent)).concat() : []);
      if (!n) return undefined;
      set(n.parent, n.key, null);
      return { detail: `member ${String(n.key)} = null` };
    }
    case 'nullListItem': {
      const n = arrays.length ? rng.pick(arrays) : undefined;
      if (!n) return undefined;
      const list = n.value as unknown[];
      const i = rng.int(list.length + 1);
      if (i === list.length) list.push(null);
      else list[i] = null;
      return { detail: `${String(n.key)}[${i}] = null` };
    }
    case 'nullMapValue': {
      // A map is an object with keys the model does not name: null one value, or add a new key.
      const n = rng.pick(objects);
      const o = n.value as Record<string, unknown>;
      const keys = Object.keys(o);
      const key = keys.length && rng.next() < 0.5 ? rng.pick(keys) : rng.pick(['k', 'Policy', 'DelaySeconds', 'x-y', ':p', 'S']);
      set(o, key, null);
      return { detail: `${String(n.key)}.${key} = null` };
    }
    case 'deepNesting': {
      const depth = rng.pick([200, 2_000, 20_000]);
      const n = rng.pick(all.length ? all : objects);
      set(n.parent ?? root, n.parent ? n.key : 'Deep', RAW);
      return { detail: `${String(n.key)} nested ${depth} deep`, raw: deepJsonText(rng, depth) };
    }
    case 'deepJsonInString': {
      // Prefer strings that carry JSON documents (policies), else any string.
      const docs = strings.filter((s) => typeof s.value === 'string' && /^[[{]/.test(s.value as string));
      const n = docs.length && rng.next() < 0.8 ? rng.pick(docs) : strings.length ? rng.pick(strings) : undefined;
      if (!n) return undefined;
      const depth = rng.pick([129, 5_000, 20_000]);
      set(n.parent, n.key, deepJsonText(rng, depth));
      return { detail: `${String(n.key)} = a JSON document nested ${depth} deep` };
    }
    case 'wrongType': {
      const pool = rng.next() < 0.7 && scalars.length ? scalars : all;
      const n = pool.length ? rng.pick(pool) : undefined;
      if (!n) return undefined;
      const v = rng.pick(WRONG_VALUES);
      set(n.parent, n.key, structuredClone(v));
      return { detail: `${String(n.key)} = ${JSON.stringify(v)}` };
    }
    case 'hugeString': {
      const n = strings.length ? rng.pick(strings) : rng.pick(all.length ? all : objects);
      const size = rng.pick([70_000, 300_000]);
      set(n.parent ?? root, n.parent ? n.key : 'Huge', 'x'.repeat(size));
      return { detail: `${String(n.key)} = ${size} characters` };
    }
    default:
      return undefined;
  }
}

function jsonMutation(rng: Rng, seed: Seed, m: MutationClass): Mutated | undefined {
  const text = seed.req.body.toString('utf8');
  if (m === 'duplicatedKey') {
    const root = JSON.parse(text) as Record<string, unknown>;
    const key = rng.pick(Object.keys(root).length ? Object.keys(root) : ['x']);
    const v = rng.pick(WRONG_VALUES);
    const dup = `{${JSON.stringify(key)}:${JSON.stringify(v)},` + text.trimStart().slice(1);
    const body = rng.next() < 0.5 ? dup : text.replace(/}\s*$/, `,${JSON.stringify(key)}:${JSON.stringify(v)}}`);
    return { mutation: m, detail: `duplicated key ${key}`, req: clone(seed.req, body) };
  }
  const root = JSON.parse(text) as Record<string, unknown>;
  const r = treeMutation(rng, m, root);
  if (!r) return undefined;
  let body = JSON.stringify(root);
  if (r.raw !== undefined) body = body.replace(JSON.stringify(RAW), r.raw);
  return { mutation: m, detail: r.detail, req: clone(seed.req, body) };
}

/** CBOR: deep values are spliced in as bytes (the serializer itself recurses). */
function cborMutation(rng: Rng, seed: Seed, m: MutationClass): Mutated | undefined {
  const root = cbor().deserialize(seed.req.body) as Record<string, unknown>;
  if (m === 'deepNesting') {
    const depth = rng.pick([200, 5_000, 20_000]);
    const key = rng.pick([...Object.keys(root), 'Deep']);
    delete root[key];
    set(root, key, 'RAW');
    const head = Buffer.from(cbor().serialize(root));
    // Replace the text "RAW" (0x63 R A W) with `depth` one-element arrays around 0.
    const at = head.lastIndexOf(Buffer.from([0x63, 0x52, 0x41, 0x57]));
    const deep = Buffer.concat([Buffer.alloc(depth, rng.next() < 0.5 ? 0x81 : 0xbf), Buffer.from([0x00])]);
    const body = Buffer.concat([head.subarray(0, at), deep, head.subarray(at + 4)]);
    return { mutation: m, detail: `${key} nested ${depth} deep`, req: clone(seed.req, body) };
  }
  if (m === 'duplicatedKey') {
    // A map header one larger, with a key repeated up front.
    const key = rng.pick(Object.keys(root));
    const single = Buffer.from(cbor().serialize({ [key]: rng.pick(WRONG_VALUES) }));
    const whole = Buffer.from(cbor().serialize(root));
    const n = Object.keys(root).length + 1;
    if (n >= 24 || whole[0]! >= 0xb8) return undefined;
    const body = Buffer.concat([Buffer.from([0xa0 | n]), single.subarray(1), whole.subarray(1)]);
    return { mutation: m, detail: `duplicated key ${key}`, req: clone(seed.req, body) };
  }
  const r = treeMutation(rng, m, root);
  if (!r) return undefined;
  let body: Buffer;
  try {
    body = Buffer.from(cbor().serialize(root));
  } catch {
    return undefined; // a value the serializer cannot write (1e308 as an integer): no request
  }
  return { mutation: m, detail: r.detail, req: clone(seed.req, body) };
}

// ---------------------------------------------------------------------------------------------
// Form mutations (awsQuery, ec2Query)

function formMutation(rng: Rng, seed: Seed, m: MutationClass): Mutated | undefined {
  const entries = [...new URLSearchParams(seed.req.body.toString('utf8'))];
  const members = entries.map((e, i) => [e, i] as const).filter(([[k]]) => k !== 'Action' && k !== 'Version');
  const out = (detail: string, list: Array<[string, string]>): Mutated => ({
    mutation: m,
    detail,
    req: clone(seed.req, new URLSearchParams(list).toString()),
  });
  const anyMember = () => (members.length ? rng.pick(members) : undefined);
  switch (m) {
    case 'prototypeMember': {
      const key = rng.pick(PROTOTYPE_KEYS);
      const base = anyMember();
      const variants: Array<[string, string]> = [[key, 'x'], [`${key}.member.1`, 'x'], [`${key}.1.Name`, 'x']];
      if (base) {
        const segs = base[0][0].split('.');
        const i = rng.int(segs.length);
        variants.push([[...segs.slice(0, i), key, ...segs.slice(i + 1)].join('.'), base[0][1]]);
        if (/\.(key|Name)$/.test(base[0][0])) variants.push([base[0][0], key]);
      }
      const extra = rng.pick(variants);
      return out(`form ${extra[0]}=${extra[1]}`, [...entries, extra]);
    }
    case 'emptyFormValue': {
      const base = anyMember();
      if (!base) return out('empty Version', entries.map(([k, v]) => [k, k === 'Version' ? '' : v]));
      return out(`${base[0][0]}=`, entries.map(([k, v], i) => [k, i === base[1] ? '' : v]));
    }
    case 'formEntryWithoutValue': {
      // Drop the `.value` (or `.Value`, `.key`) half of a map entry, or the value of a list member.
      const halves = members.filter(([[k]]) => /\.(value|Value|key|Name|StringValue|DataType)$|\.member\.\d+$|\.\d+$/.test(k));
      const base = halves.length ? rng.pick(halves) : anyMember();
      if (!base) return undefined;
      return out(`without ${base[0][0]}`, entries.filter((_, i) => i !== base[1]));
    }
    case 'duplicatedKey': {
      const base = anyMember() ?? [entries[0]!, 0];
      const v = rng.pick(['', 'other', '-1', 'true', '__proto__']);
      return out(`duplicated ${base[0][0]}=${v}`, rng.next() < 0.5 ? [[base[0][0], v], ...entries] : [...entries, [base[0][0], v]]);
    }
    case 'wrongType': {
      const base = anyMember();
      if (!base) return undefined;
      const v = rng.pick(['abc', '1.5', '-1', '99999999999999999999', 'NaN', 'true', '2026-13-45T99:00:00Z', '[]', '{}']);
      return out(`${base[0][0]}=${v}`, entries.map(([k, x], i) => [k, i === base[1] ? v : x]));
    }
    case 'hugeString': {
      const base = anyMember();
      if (!base) return undefined;
      const size = rng.pick([70_000, 300_000]);
      return out(`${base[0][0]} = ${size} characters`, entries.map(([k, x], i) => [k, i === base[1] ? 'x'.repeat(size) : x]));
    }
    case 'deepNesting': {
      // Keys with thousands of segments: a list of lists, or a structure path that never ends.
      const base = anyMember();
      const depth = rng.pick([200, 5_000, 20_000]);
      const prefix = base ? base[0][0].split('.').slice(0, 1).join('.') : 'Attribute';
      const seg = rng.pick(['.member.1', '.1', '.entry.1.value', '.Name']);
      return out(`${prefix}${seg} x ${depth}`, [...entries, [prefix + seg.repeat(depth), 'x']]);
    }
    case 'deepJsonInString': {
      const docs = members.filter(([[, v]]) => /^[[{]/.test(v));
      const base = docs.length && rng.next() < 0.8 ? rng.pick(docs) : anyMember();
      if (!base) return undefined;
      const depth = rng.pick([129, 5_000, 20_000]);
      return out(`${base[0][0]} = a JSON document nested ${depth} deep`, entries.map(([k, x], i) => [k, i === base[1] ? deepJsonText(rng, depth) : x]));
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// XML bodies (restXml)

function xmlMutation(rng: Rng, seed: Seed, m: MutationClass): Mutated | undefined {
  const text = seed.req.body.toString('utf8');
  const elements = [...text.matchAll(/<([A-Za-z][\w]*)>/g)].map((x) => x[1]!);
  const name = elements.length ? rng.pick(elements) : 'Key';
  const edit = (detail: string, body: string): Mutated => ({ mutation: m, detail, req: clone(seed.req, body, { 'content-md5': undefined }) });
  switch (m) {
    case 'prototypeMember': {
      const key = rng.pick(PROTOTYPE_KEYS);
      return edit(`<${key}> in <${name}>`, text.replace(`<${name}>`, `<${name}><${key}>x</${key}>`));
    }
    case 'deepNesting': {
      const depth = rng.pick([200, 5_000, 20_000]);
      return edit(`<${name}> nested ${depth} deep`, text.replace(`<${name}>`, `<${name}>` + '<a>'.repeat(depth) + '</a>'.repeat(depth)));
    }
    case 'duplicatedKey':
      return edit(`<${name}> twice`, text.replace(`<${name}>`, `<${name}></${name}><${name}>`));
    case 'wrongType':
      return edit(`<${name}> holds text`, text.replace(new RegExp(`<${name}>[\\s\\S]*?</${name}>`), `<${name}>abc</${name}>`));
    case 'hugeString': {
      const size = rng.pick([70_000, 300_000]);
      return edit(`<${name}> ${size} characters`, text.replace(`<${name}>`, `<${name}>` + 'x'.repeat(size)));
    }
    case 'deepJsonInString':
      return edit(`<${name}> deep JSON`, text.replace(`<${name}>`, `<${name}>` + deepJsonText(rng, 5_000)));
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Protocol-independent mutations: operation names, REST labels, raw bodies, content types.

const TARGETS: Partial<Record<ProtocolName, true>> = { awsJson1_0: true, awsJson1_1: true };

function operationMutation(rng: Rng, seed: Seed): Mutated {
  const key = rng.pick(PROTOTYPE_KEYS);
  const req = seed.req;
  if (TARGETS[seed.protocol]) {
    const target = String(req.headers['x-amz-target']);
    const prefix = target.slice(0, target.lastIndexOf('.'));
    return { mutation: 'prototypeOperation', detail: `X-Amz-Target ${prefix}.${key}`, req: clone(req, undefined, { 'x-amz-target': `${prefix}.${key}` }) };
  }
  if (seed.protocol === 'rpcv2Cbor') {
    const r = clone(req);
    r.path = req.path.replace(/\/operation\/[^/]+$/, `/operation/${key}`);
    return { mutation: 'prototypeOperation', detail: `path ${r.path}`, req: r };
  }
  if (seed.protocol === 'awsQuery' || seed.protocol === 'ec2Query') {
    const form = new URLSearchParams(req.body.toString('utf8'));
    form.set('Action', key);
    return { mutation: 'prototypeOperation', detail: `Action=${key}`, req: clone(req, form.toString()) };
  }
  // REST: the method is the closest thing to an operation name a route has.
  const r = clone(req);
  r.method = rng.pick(['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND']);
  return { mutation: 'prototypeOperation', detail: `method ${r.method}`, req: r };
}

// Path segments: prototype keys, and S3 bucket names AWS refuses.
const LABELS = [...PROTOTYPE_KEYS, '[::1', '..', 'a', 'UPPER', '192.168.1.1', 'xn--bucket', 'ends-', 'a..b', '%5B%3A%3A1', 'x'.repeat(64)];

function labelMutation(rng: Rng, seed: Seed): Mutated | undefined {
  const segs = seed.req.path.split('/');
  const positions = segs.map((_, i) => i).filter((i) => i > 0);
  if (!positions.length) return undefined;
  const i = rng.pick(positions);
  const label = rng.pick(LABELS);
  const r = clone(seed.req);
  segs[i] = label.startsWith('%') ? label : encodeURIComponent(label).replace(/%5B|%3A/g, (x) => decodeURIComponent(x));
  r.path = segs.join('/') || '/';
  if (r.path === seed.req.path) return undefined;
  const query = rng.next() < 0.3;
  if (query) r.rawQuery = [r.rawQuery, `${rng.pick(PROTOTYPE_KEYS)}=1`].filter(Boolean).join('&');
  return { mutation: 'prototypeLabel', detail: `path ${r.path}${query ? `?${r.rawQuery}` : ''}`, req: r };
}

const CONTENT_TYPES = [
  'application/json',
  'application/x-amz-json-1.0',
  'application/x-amz-json-1.1',
  'application/x-www-form-urlencoded',
  'application/cbor',
  'text/xml',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  undefined,
];

export function mutate(rng: Rng, seed: Seed, m: MutationClass): Mutated | undefined {
  const req = seed.req;
  switch (m) {
    case 'prototypeOperation':
      return operationMutation(rng, seed);
    case 'prototypeLabel':
      return labelMutation(rng, seed);
    case 'gzipBody':
      // What the JS SDK's request compression sends (CloudWatch PutMetricData above 10 KiB).
      return { mutation: m, detail: 'content-encoding: gzip', req: clone(req, gzipSync(req.body), { 'content-encoding': 'gzip' }) };
    case 'absoluteTarget': {
      // Absolute-form request target (RFC 9112 3.2.2), as HTTP proxies forward requests.
      const r = clone(req);
      r.path = `http://localhost:4566${req.path}`;
      return { mutation: m, detail: `request target ${r.path}`, req: r };
    }
    case 'truncatedBody': {
      const at = rng.int(req.body.length);
      return { mutation: m, detail: `body cut at ${at} of ${req.body.length}`, req: clone(req, req.body.subarray(0, at), { 'content-md5': undefined }) };
    }
    case 'garbageBody': {
      const n = rng.pick([1, 7, 64, 1024]);
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) bytes[i] = rng.int(256);
      const body = rng.next() < 0.3 ? Buffer.concat([req.body, bytes]) : bytes;
      return { mutation: m, detail: `${body.length} garbage bytes`, req: clone(req, body, { 'content-md5': undefined }) };
    }
    case 'wrongContentType': {
      const type = rng.pick(CONTENT_TYPES.filter((t) => t !== req.headers['content-type']));
      return { mutation: m, detail: `content-type ${type ?? '(none)'}`, req: clone(req, undefined, { 'content-type': type }) };
    }
  }
  switch (bodyKind(seed)) {
    case 'json':
      return jsonMutation(rng, seed, m);
    case 'cbor':
      return cborMutation(rng, seed, m);
    case 'form':
      return formMutation(rng, seed, m);
    case 'xml':
      return xmlMutation(rng, seed, m);
    default:
      return undefined;
  }
}
