// awsQuery: requests are forms (`Action=Op&Version=...&A.member.1.B=x`), responses XML
// (`<OpResponse><OpResult>...</OpResult><ResponseMetadata><RequestId>`), errors
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` with the legacy
// awsQueryError code and status. Speakers: SNS, IAM, STS, CloudFormation, RDS, ElastiCache, and the
// query variant of SQS and CloudWatch.
//
// Form decoding walks each key against the input shape (rather than probing the form for every
// possible key): `A.member.N` wrapped lists (or the list member's xmlName), `A.N` flattened lists,
// `A.entry.N.key/value` maps (or the map key/value xmlNames; flattened maps `A.N.key`), `A=` with no
// index an explicit empty list, nested structures `A.B.C`, member names from xmlName when set.
// ec2Query (codecs/ec2-query.ts) reuses the same walk with its own naming rules.
//
// API:
//   awsQuery                           the Codec
//   decodeQueryForm(model, shapeName, form, ec2, validation?)  form -> plain input (shared with ec2Query)
//   queryXmlNamespace(model)                the xmlns of query responses
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { AwsError, resolveError } from '../errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { MemberModel, OperationModel, ServiceModel, Shape, StructureShape } from '../../models/types.js';
import { parseScalarText } from '../scalars.js';
import { timestampFormatOf } from '../timestamps.js';
import { escapeXmlText, writeXmlMembers } from '../xml.js';
import { MAX_JSON_DEPTH } from '../json-depth.js';
import { validationCodes, type ValidationCodes } from '../validate.js';

// ---------------------------------------------------------------------------------------------
// Form decoding

/** A list being filled from `A.member.N` keys; indexes may come in any order and with gaps. */
class ListBuilder {
  readonly items = new Map<number, unknown>();
}
/** A map being filled from `A.entry.N.key` / `.value` keys. */
class MapBuilder {
  readonly entries = new Map<number, { key?: string; value?: unknown }>();
}

type Holder = Record<string, unknown> | Map<number, unknown>;

function hget(h: Holder, k: string | number): unknown {
  return h instanceof Map ? h.get(k as number) : h[k as string];
}
function hset(h: Holder, k: string | number, v: unknown): void {
  if (h instanceof Map) h.set(k as number, v);
  else h[k as string] = v;
}

// Wire name -> member name, per structure shape; query and ec2Query name members differently.
const queryNames = new WeakMap<StructureShape, Map<string, string>>();
const ec2Names = new WeakMap<StructureShape, Map<string, string>>();

function wireNames(shape: StructureShape, ec2: boolean): Map<string, string> {
  const cache = ec2 ? ec2Names : queryNames;
  let names = cache.get(shape);
  if (!names) {
    names = new Map();
    for (const name in shape.members) names.set(ec2 ? ec2WireName(name, shape.members[name]!) : shape.members[name]!.xmlName ?? name, name);
    cache.set(shape, names);
  }
  return names;
}

/** ec2Query's request name of a member: ec2QueryName, else the capitalized xmlName or member name
 *  (botocore's EC2Serializer and the SDK's QueryShapeSerializer agree on this). */
export function ec2WireName(name: string, member: MemberModel): string {
  if (member.ec2QueryName) return member.ec2QueryName;
  const n = member.xmlName ?? name;
  return n.charAt(0).toUpperCase() + n.slice(1);
}

/** A list index `N` of `A.member.N`: a decimal integer, else -1 (the key is then ignored). */
function parseIndex(seg: string | undefined): number {
  if (seg === undefined || seg.length === 0 || seg.length > 9) return -1;
  let n = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

interface Walk {
  model: ServiceModel;
  ec2: boolean;
  segs: string[];
  text: string;
}

// Keys the form carries for the protocol or for signing, never input members.
const PROTOCOL_KEYS = new Set(['Action', 'Version']);

// The walk recurses once per key segment: a key with more segments than any model nests (each level
// takes at most three: `A.member.1`, `A.entry.1.value`) is refused before it recurses.
const MAX_KEY_SEGMENTS = 3 * MAX_JSON_DEPTH;

/** Decode a query form into the plain input of structure `shapeName`. Unknown keys are ignored
 *  (as AWS does); a value that does not convert to its member's type throws the protocol's error. */
export function decodeQueryForm(
  model: ServiceModel,
  shapeName: string | undefined,
  form: URLSearchParams,
  ec2: boolean,
  validation?: ValidationCodes,
): Input {
  const input: Input = {};
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  if (!shape || shape.type !== 'structure') return input;
  let built = false;
  for (const [key, text] of form) {
    if (PROTOCOL_KEYS.has(key)) continue;
    const segs = key.split('.', MAX_KEY_SEGMENTS + 1);
    if (segs.length > MAX_KEY_SEGMENTS) {
      throw new AwsError(validationCodes(ec2 ? 'ec2Query' : 'awsQuery', validation).invalid, `The parameter ${key.slice(0, 64)}... nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    const w: Walk = { model, ec2, segs, text };
    if (putStructMember(w, input, shape, 0)) built = true;
  }
  if (built) finalize(input);
  return input;
}

/** Put the value at segs[i...] into structure object `obj`; true when a list or map was touched. */
function putStructMember(w: Walk, obj: Record<string, unknown>, shape: StructureShape, i: number): boolean {
  const seg = w.segs[i];
  if (seg === undefined) return false;
  const name = wireNames(shape, w.ec2).get(seg);
  if (name === undefined) return false;
  const member = shape.members[name]!;
  const target = w.model.shapes[member.target];
  if (!target) return false;
  return put(w, obj, name, member, target, i + 1);
}

function put(w: Walk, holder: Holder, prop: string | number, member: MemberModel, shape: Shape, i: number): boolean {
  const { segs } = w;
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (i >= segs.length) return false; // `A=x` for a structure carries nothing
      let obj = hget(holder, prop) as Record<string, unknown> | undefined;
      if (obj === undefined) hset(holder, prop, (obj = {}));
      return putStructMember(w, obj, shape as StructureShape, i);
    }
    case 'list': {
      let list = hget(holder, prop) as ListBuilder | undefined;
      if (i >= segs.length) {
        // `A=` with no index: an explicit empty list (the SDK's serializeEmptyLists).
        if (list === undefined && w.text === '') hset(holder, prop, new ListBuilder());
        return true;
      }
      if (!w.ec2 && !member.xmlFlattened) {
        if (segs[i] !== (shape.member.xmlName ?? 'member')) return false;
        i++;
      }
      const index = parseIndex(segs[i]);
      const itemShape = w.model.shapes[shape.member.target];
      if (index < 0 || !itemShape) return false;
      if (list === undefined) hset(holder, prop, (list = new ListBuilder()));
      put(w, list.items, index, shape.member, itemShape, i + 1);
      return true;
    }
    case 'map': {
      if (!member.xmlFlattened) {
        if (segs[i] !== 'entry') return false;
        i++;
      }
      const index = parseIndex(segs[i]);
      const part = segs[i + 1];
      if (index < 0 || part === undefined) return false;
      let map = hget(holder, prop) as MapBuilder | undefined;
      if (map === undefined) hset(holder, prop, (map = new MapBuilder()));
      let entry = map.entries.get(index);
      if (entry === undefined) map.entries.set(index, (entry = {}));
      if (part === (shape.key.xmlName ?? 'key')) {
        if (i + 2 === segs.length) entry.key = w.text;
      } else if (part === (shape.value.xmlName ?? 'value')) {
        const valueShape = w.model.shapes[shape.value.target];
        if (valueShape) put(w, entry as Record<string, unknown>, 'value', shape.value, valueShape, i + 2);
      }
      return true;
    }
    default:
      if (i !== segs.length) return false;
      hset(holder, prop, convert(w, member, shape));
      return false;
  }
}

function convert(w: Walk, member: MemberModel, shape: Shape): unknown {
  if (shape.type === 'string') return w.text;
  try {
    return parseScalarText(w.text, shape, timestampFormatOf(member, shape, 'date-time'));
  } catch {
    throw conversionError(w, shape.type);
  }
}

// What AWS answers for a value of the wrong type differs by service and is not documented; we use
// the generic Coral wording (ValidationError with a lowerCamel member path) for awsQuery and EC2's
// InvalidParameterValue. A deliberate approximation.
function conversionError(w: Walk, type: string): AwsError {
  const shown = w.text.length > 64 ? w.text.slice(0, 64) + '...' : w.text;
  if (w.ec2) {
    return new AwsError('InvalidParameterValue', `Invalid value '${shown}' for ${w.segs.join('.')}: expected ${type}`);
  }
  const path = w.segs.map((s) => s.charAt(0).toLowerCase() + s.slice(1)).join('.');
  return new AwsError('ValidationError', `1 validation error detected: Value '${shown}' at '${path}' failed to satisfy constraint: Member must be of type ${type}`);
}

/** Turn list/map builders into arrays/objects (in index order), recursively. */
function finalize(value: unknown): unknown {
  if (value instanceof ListBuilder) {
    const keys = [...value.items.keys()];
    let sorted = true;
    for (let i = 1; i < keys.length; i++) if (keys[i]! < keys[i - 1]!) sorted = false;
    if (!sorted) keys.sort((a, b) => a - b);
    return keys.map((k) => finalize(value.items.get(k)));
  }
  if (value instanceof MapBuilder) {
    const out: Record<string, unknown> = {};
    const keys = [...value.entries.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      const e = value.entries.get(k)!;
      if (e.key === undefined) continue;
      // An entry without its value is an explicit null: the validator refuses it with the
      // service's code (the handler never sees a key without a value).
      const v = e.value === undefined ? null : finalize(e.value);
      // A user-chosen key must never reach the object's prototype.
      if (e.key === '__proto__') Object.defineProperty(out, e.key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[e.key] = v;
    }
    return out;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const v = obj[k];
      if (v !== null && typeof v === 'object') obj[k] = finalize(v);
    }
  }
  return value;
}

/** The form of a query request: the router's, else parsed here (body for POST, query for GET). */
export function formOf(req: HttpRequest, dc: DecodeContext): URLSearchParams {
  if (dc.form) return dc.form;
  return new URLSearchParams(req.method === 'GET' ? req.rawQuery : req.body.toString('utf8'));
}

// ---------------------------------------------------------------------------------------------
// Encoding

// SQS and CloudWatch speak query only as a legacy variant; their SDK models carry no xmlNamespace.
const FALLBACK_NAMESPACES: Record<string, string> = {
  sqs: 'http://queue.amazonaws.com/doc/2012-11-05/',
  monitoring: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
};

export function queryXmlNamespace(model: ServiceModel): string {
  return (
    model.xmlNamespace ??
    FALLBACK_NAMESPACES[model.signingName] ??
    `https://${model.signingName}.amazonaws.com/doc/${model.apiVersion}/`
  );
}

/** Per operation, the constant parts of the response envelope. */
interface Envelope {
  open: string;
  /** Between the result members and the request id. */
  middle: string;
  close: string;
}
const envelopes = new WeakMap<OperationModel, Envelope>();

function envelopeOf(model: ServiceModel, op: OperationModel): Envelope {
  let env = envelopes.get(op);
  if (!env) {
    const ns = escapeXmlText(queryXmlNamespace(model));
    const hasResult = op.output !== undefined;
    env = {
      open: `<${op.name}Response xmlns="${ns}">` + (hasResult ? `<${op.name}Result>` : ''),
      middle: (hasResult ? `</${op.name}Result>` : '') + '<ResponseMetadata><RequestId>',
      close: `</RequestId></ResponseMetadata></${op.name}Response>`,
    };
    envelopes.set(op, env);
  }
  return env;
}

function encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
  const env = envelopeOf(model, op);
  let members = '';
  const shape = op.output ? model.shapes[op.output] : undefined;
  if (output && shape?.type === 'structure') members = writeXmlMembers(model, shape, output)[1];
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': ec.requestId },
    body: env.open + members + env.middle + escapeXmlText(ec.requestId) + env.close,
  };
}

/** The modeled members of an error (besides its message), written as XML elements. */
export function errorFieldsXml(model: ServiceModel, shape: StructureShape | undefined, fields: Record<string, unknown> | undefined): string {
  if (!shape || !fields) return '';
  const rest: Record<string, unknown> = {};
  for (const k in fields) if (k !== 'message' && k !== 'Message') rest[k] = fields[k];
  return writeXmlMembers(model, shape, rest)[1];
}

function encodeError(error: AwsError, model: ServiceModel, _op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
  const r = resolveError(error, model);
  const body =
    `<ErrorResponse xmlns="${escapeXmlText(queryXmlNamespace(model))}"><Error>` +
    `<Type>${r.fault === 'client' ? 'Sender' : 'Receiver'}</Type>` +
    `<Code>${escapeXmlText(r.queryCode)}</Code>` +
    `<Message>${escapeXmlText(error.message)}</Message>` +
    errorFieldsXml(model, r.shape, error.fields) +
    `</Error><RequestId>${escapeXmlText(ec.requestId)}</RequestId></ErrorResponse>`;
  return {
    status: r.queryStatus,
    headers: { ...error.headers, 'content-type': 'text/xml', 'x-amzn-requestid': ec.requestId },
    body,
  };
}

export const awsQuery: Codec = {
  protocol: 'awsQuery',
  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, dc: DecodeContext): Input {
    return decodeQueryForm(model, op.input, formOf(req, dc), false, dc.validation);
  },
  encode,
  encodeError,
};
