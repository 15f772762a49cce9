// XML for the query, ec2Query and restXml codecs: escaping, a parsing wrapper around
// fast-xml-parser, and the model-driven writer all three protocols share (their response bodies
// follow the same rules: element names from xmlName, wrapped lists in <member> or the list member's
// xmlName, maps as <entry><key/><value/></entry>, flattened lists/maps repeated in place, scalars as
// text in the model's type, timestamps ISO 8601, blobs base64).
//
// API:
//   escapeXmlText(s) / escapeXmlAttr(s)        text for element content / attribute values
//   parseXml(text)                              { root, element }; throws XmlSyntaxError
//   xmlText(el) / xmlChildren(el, name) / xmlAttr(el, name)   read a parsed element
//   writeXmlMembers(model, shape, value)        the attributes + child elements of a structure
//   writeXmlStructure(model, shapeName, value, tag, extraAttrs?)  a whole element for a structure
//   writeXmlValue(model, member, tag, value)    one member as element(s) ('' when absent)
//   readXmlStructure(model, shape, el, errorCode)   a parsed element -> plain structure value
import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import type { ListShape, MapShape, MemberModel, ServiceModel, Shape, StructureShape } from '../models/types.js';
import { formatScalarText, parseScalarText } from './scalars.js';
import { timestampFormatOf } from './timestamps.js';

// ---------------------------------------------------------------------------------------------
// Escaping

// Characters that need a reference in element text. CR becomes &#xD; (as SQS does for message
// bodies) because a literal CR would be normalized to LF by every XML parser. Other C0 controls are
// not allowed in XML 1.0 at all; AWS writes them as character references and so do we (clients
// built on lenient parsers, like JS v3 and botocore's expat with references, read them back).
const TEXT_SPECIAL = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const TEXT_SPECIAL_G = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
// Attribute values also escape quotes, and tab/LF (attribute-value normalization turns them into
// spaces otherwise).
const ATTR_SPECIAL = /[&<>"'\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const ATTR_SPECIAL_G = /[&<>"'\t\n\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

function charRef(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&apos;';
    default:
      return `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`;
  }
}

export function escapeXmlText(s: string): string {
  return TEXT_SPECIAL.test(s) ? s.replace(TEXT_SPECIAL_G, charRef) : s;
}

export function escapeXmlAttr(s: string): string {
  return ATTR_SPECIAL.test(s) ? s.replace(ATTR_SPECIAL_G, charRef) : s;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** A parsed element: a string for a text-only element without attributes, else an object whose
 *  keys are child element names (always arrays, in document order per name), `@name` attributes
 *  and `#text` / `#cdata` content. Namespace prefixes are removed from element and attribute names. */
export type XmlElement = string | XmlObject;
export interface XmlObject {
  [key: string]: XmlElement[] | string | undefined;
}

export class XmlSyntaxError extends Error {}

// Entities are decoded by us, not by the parser: fast-xml-parser only decodes numeric references in
// its HTML mode (which also drops control characters) and would decode CDATA content too.
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntity(match: string, body: string): string {
  if (body.charCodeAt(0) !== 35 /* # */) return NAMED[body] ?? match;
  const cp = body.charCodeAt(1) === 120 || body.charCodeAt(1) === 88 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : match;
}

export function decodeXmlEntities(s: string): string {
  return s.includes('&') ? s.replace(ENTITY, decodeEntity) : s;
}

// fast-xml-parser costs ~25 ms to load: loaded on the first XML body, not at startup (query
// protocols answer in XML but never parse it).
let parser: XMLParser | undefined;

function xmlParser(): XMLParser {
  if (parser) return parser;
  const { XMLParser: Parser } = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
  parser = new Parser(PARSER_OPTIONS);
  return parser;
}

const PARSER_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  cdataPropName: '#cdata',
  parseTagValue: false, // values stay strings; the model converts them
  parseAttributeValue: false,
  trimValues: false, // S3 keys may start or end with spaces
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  attributeValueProcessor: (_name: string, value: string) => decodeXmlEntities(value),
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  maxNestedTags: 100,
};

/** Parse (and validate) an XML document. Throws XmlSyntaxError on anything not well-formed. */
export function parseXml(text: string): { root: string; element: XmlElement } {
  let doc: Record<string, unknown>;
  try {
    doc = xmlParser().parse(text, true) as Record<string, unknown>;
  } catch (e) {
    throw new XmlSyntaxError(e instanceof Error ? e.message : String(e));
  }
  for (const root in doc) {
    const list = doc[root];
    if (Array.isArray(list) && list.length === 1) return { root, element: list[0] as XmlElement };
  }
  throw new XmlSyntaxError('no root element');
}

/** The text content of an element (entities decoded, CDATA appended as is). */
export function xmlText(el: XmlElement | undefined): string {
  if (el === undefined) return '';
  if (typeof el === 'string') return decodeXmlEntities(el);
  const text = el['#text'];
  const cdata = el['#cdata'];
  let s = typeof text === 'string' ? decodeXmlEntities(text) : '';
  if (Array.isArray(cdata)) for (const c of cdata) s += typeof c === 'string' ? c : xmlText(c);
  return s;
}

const NO_CHILDREN: XmlElement[] = [];

/** Child elements named `name` (local name, no prefix). */
export function xmlChildren(el: XmlElement | undefined, name: string): XmlElement[] {
  if (el === undefined || typeof el === 'string') return NO_CHILDREN;
  const c = el[name];
  return Array.isArray(c) ? c : NO_CHILDREN;
}

/** An attribute's value (local name, no prefix). */
export function xmlAttr(el: XmlElement | undefined, name: string): string | undefined {
  if (el === undefined || typeof el === 'string') return undefined;
  const v = el['@' + name];
  return typeof v === 'string' ? v : undefined;
}

/** The local part of an xmlName such as `xsi:type`. */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

// ---------------------------------------------------------------------------------------------
// Model-driven writing

/** One structure member, resolved once per structure shape. */
interface PlannedMember {
  name: string;
  tag: string;
  member: MemberModel;
  shape: Shape;
}
interface StructurePlan {
  attributes: PlannedMember[];
  elements: PlannedMember[];
}

const plans = new WeakMap<StructureShape, StructurePlan>();

function planOf(model: ServiceModel, shape: StructureShape): StructurePlan {
  let plan = plans.get(shape);
  if (!plan) {
    plan = { attributes: [], elements: [] };
    for (const name in shape.members) {
      const member = shape.members[name]!;
      // HTTP-bound members live in headers, the status line or the payload, never in the body.
      // (Label and query bindings mean nothing in a response: such members are body members
      // there; request bodies are read through a structure without them, http-bindings.ts.)
      if (member.httpHeader || member.httpPrefixHeaders || member.httpResponseCode) continue;
      const target = model.shapes[member.target];
      if (!target) continue;
      const planned = { name, tag: member.xmlName ?? name, member, shape: target };
      (member.xmlAttribute ? plan.attributes : plan.elements).push(planned);
    }
    plans.set(shape, plan);
  }
  return plan;
}

function nsAttr(ns: { uri: string; prefix?: string } | undefined): string {
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXmlAttr(ns.uri)}"` : ` xmlns="${escapeXmlAttr(ns.uri)}"`;
}

/** Attributes (leading space included) and child elements of a structure, as [attrs, children]. */
export function writeXmlMembers(model: ServiceModel, shape: StructureShape, value: Record<string, unknown>): [string, string] {
  const plan = planOf(model, shape);
  let attrs = '';
  for (const p of plan.attributes) {
    const v = value[p.name];
    if (v === undefined || v === null) continue;
    const text = formatScalarText(v, p.shape, timestampFormatOf(p.member, p.shape, 'date-time'));
    attrs += ` ${p.tag}="${escapeXmlAttr(text)}"`;
  }
  let body = '';
  for (const p of plan.elements) {
    const v = value[p.name];
    if (v === undefined || v === null) continue;
    body += writeShape(model, p.member, p.shape, p.tag, v);
  }
  return [attrs, body];
}

/** A whole element for a structure value: `<tag attrs>members</tag>`. */
export function writeXmlStructure(model: ServiceModel, shapeName: string, value: Record<string, unknown>, tag: string, extraAttrs = ''): string {
  const shape = model.shapes[shapeName];
  if (!shape || shape.type !== 'structure') return `<${tag}${extraAttrs}/>`;
  const [attrs, body] = writeXmlMembers(model, shape, value);
  return `<${tag}${extraAttrs}${attrs}>${body}</${tag}>`;
}

/** One member (of a structure, list or map) written as element(s) named `tag`. */
export function writeXmlValue(model: ServiceModel, member: MemberModel, tag: string, value: unknown): string {
  const shape = model.shapes[member.target];
  if (!shape || value === undefined || value === null) return '';
  return writeShape(model, member, shape, tag, value);
}

function writeShape(model: ServiceModel, member: MemberModel, shape: Shape, tag: string, value: unknown): string {
  const ns = member.xmlNamespace ? nsAttr(member.xmlNamespace) : '';
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object') return '';
      const [attrs, body] = writeXmlMembers(model, shape as StructureShape, value as Record<string, unknown>);
      const sns = ns || nsAttr((shape as StructureShape).xmlNamespace);
      return `<${tag}${sns}${attrs}>${body}</${tag}>`;
    }
    case 'list':
      return writeList(model, member, shape, tag, ns, value);
    case 'map':
      return writeMap(model, member, shape, tag, ns, value);
    default: {
      let text: string;
      try {
        text = formatScalarText(value, shape, timestampFormatOf(member, shape, 'date-time'));
      } catch {
        return ''; // a value that is not a timestamp at all: drop it rather than fail the response
      }
      // A non-number in an integer member would make clients fail to parse the whole response.
      if (text === 'NaN' && shape.type !== 'string' && shape.type !== 'float' && shape.type !== 'double') return '';
      return `<${tag}${ns}>${escapeXmlText(text)}</${tag}>`;
    }
  }
}

function writeList(model: ServiceModel, member: MemberModel, shape: ListShape, tag: string, ns: string, value: unknown): string {
  if (!Array.isArray(value)) return '';
  const itemShape = model.shapes[shape.member.target];
  if (!itemShape) return '';
  if (member.xmlFlattened) {
    // A flattened list repeats the member's own element; the list member's xmlName is ignored.
    let s = '';
    for (const item of value) if (item !== undefined && item !== null) s += writeShape(model, shape.member, itemShape, tag, item);
    return s;
  }
  if (value.length === 0) return `<${tag}${ns}/>`;
  const itemTag = shape.member.xmlName ?? 'member';
  let s = `<${tag}${ns}>`;
  for (const item of value) if (item !== undefined && item !== null) s += writeShape(model, shape.member, itemShape, itemTag, item);
  return s + `</${tag}>`;
}

function writeMap(model: ServiceModel, member: MemberModel, shape: MapShape, tag: string, ns: string, value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const keyShape = model.shapes[shape.key.target];
  const valueShape = model.shapes[shape.value.target];
  if (!keyShape || !valueShape) return '';
  const keyTag = shape.key.xmlName ?? 'key';
  const valueTag = shape.value.xmlName ?? 'value';
  let entries = '';
  const obj = value as Record<string, unknown>;
  for (const k in obj) {
    const v = obj[k];
    if (v === undefined || v === null) continue;
    const inner = writeShape(model, shape.key, keyShape, keyTag, k) + writeShape(model, shape.value, valueShape, valueTag, v);
    entries += member.xmlFlattened ? `<${tag}${ns}>${inner}</${tag}>` : `<entry>${inner}</entry>`;
  }
  if (member.xmlFlattened) return entries;
  return entries === '' ? `<${tag}${ns}/>` : `<${tag}${ns}>${entries}</${tag}>`;
}

// ---------------------------------------------------------------------------------------------
// Model-driven reading (restXml request bodies)

/** Read the members of structure `shape` from element `el` (attributes and child elements by their
 *  local xmlName). Unknown elements are ignored; text that does not convert throws AwsError(errorCode). */
export function readXmlStructure(model: ServiceModel, shape: StructureShape, el: XmlElement, errorCode: string): Record<string, unknown> {
  const plan = planOf(model, shape);
  const out: Record<string, unknown> = {};
  for (const p of plan.attributes) {
    const text = xmlAttr(el, localName(p.tag));
    if (text !== undefined) out[p.name] = readScalar(p.member, p.shape, text, errorCode);
  }
  for (const p of plan.elements) {
    const children = xmlChildren(el, localName(p.tag));
    if (children.length === 0) continue;
    out[p.name] =
      p.member.xmlFlattened && (p.shape.type === 'list' || p.shape.type === 'map')
        ? readFlattened(model, p.shape, children, errorCode)
        : readShape(model, p.member, p.shape, children[0]!, errorCode);
  }
  return out;
}

function readShape(model: ServiceModel, member: MemberModel, shape: Shape, el: XmlElement, errorCode: string): unknown {
  switch (shape.type) {
    case 'structure':
    case 'union':
      return readXmlStructure(model, shape as StructureShape, el, errorCode);
    case 'list':
      return readFlattened(model, shape, xmlChildren(el, localName(shape.member.xmlName ?? 'member')), errorCode);
    case 'map':
      return readFlattened(model, shape, xmlChildren(el, 'entry'), errorCode);
    default:
      return readScalar(member, shape, xmlText(el), errorCode);
  }
}

/** List items, or map entries (each with key and value children), from their elements. */
function readFlattened(model: ServiceModel, shape: ListShape | MapShape, els: XmlElement[], errorCode: string): unknown {
  if (shape.type === 'list') {
    const itemShape = model.shapes[shape.member.target];
    return itemShape ? els.map((e) => readShape(model, shape.member, itemShape, e, errorCode)) : [];
  }
  const out: Record<string, unknown> = {};
  const valueShape = model.shapes[shape.value.target];
  if (!valueShape) return out;
  const keyTag = localName(shape.key.xmlName ?? 'key');
  const valueTag = localName(shape.value.xmlName ?? 'value');
  for (const e of els) {
    const k = xmlChildren(e, keyTag)[0];
    const v = xmlChildren(e, valueTag)[0];
    if (k === undefined || v === undefined) continue;
    const key = xmlText(k);
    const value = readShape(model, shape.value, valueShape, v, errorCode);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function readScalar(member: MemberModel, shape: Shape, text: string, errorCode: string): unknown {
  if (shape.type === 'string') return text;
  return parseScalarText(text, shape, timestampFormatOf(member, shape, 'date-time'), errorCode);
}
