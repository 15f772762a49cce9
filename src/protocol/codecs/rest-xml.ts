// restXml (S3): HTTP bindings (labels, query, headers, prefix headers, payload) via http-bindings.ts;
// the remaining members travel in an XML body whose root element is the structure's xmlName (or the
// payload member's xmlName, or the shape's name), in the service's xmlNamespace.
// Responses carry `x-amz-request-id` and `x-amz-id-2`. Errors:
// `<Error><Code/><Message/>(fields)<RequestId/><HostId/></Error>` with the model's status; HEAD
// errors have no body (clients read only the status). Malformed XML -> MalformedXML 400.
//
// API:
//   restXml                   the Codec
//   S3_MALFORMED_XML_MESSAGE  S3's wording for a body that is not well-formed
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { AwsError, resolveError } from '../errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import type { OperationModel, ServiceModel, Shape, StructureShape } from '../../models/types.js';
import { formatScalarText } from '../scalars.js';
import { timestampFormatOf } from '../timestamps.js';
import { escapeXmlAttr, escapeXmlText, parseXml, readXmlStructure, writeXmlMembers, writeXmlValue, XmlSyntaxError, type XmlElement } from '../xml.js';
import { decodeHttpBindings, decodeRawPayload, encodeHttpBindings, encodeRawPayload, httpBindings } from './http-bindings.js';

export const S3_MALFORMED_XML_MESSAGE =
  'The XML you provided was not well-formed or did not validate against our published schema';

// S3 answers a header or query value that does not convert with InvalidArgument.
const CONVERSION_ERROR = 'InvalidArgument';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

function parseBody(req: HttpRequest): XmlElement {
  try {
    return parseXml(req.body.toString('utf8')).element;
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new AwsError('MalformedXML', S3_MALFORMED_XML_MESSAGE);
    throw e;
  }
}

function decode(req: HttpRequest, model: ServiceModel, op: OperationModel, dc: DecodeContext): Input {
  const input: Input = {};
  const shape = op.input ? model.shapes[op.input] : undefined;
  if (!shape || shape.type !== 'structure') return input;
  const b = httpBindings(model, shape);
  decodeHttpBindings(req, b, dc.labels, input, CONVERSION_ERROR, op);
  if (decodeRawPayload(req, b, input)) return input;
  // An absent body leaves the payload or body members absent; the validator reports required ones.
  if (req.body.length === 0 || isBlank(req.body)) return input;
  const p = b.payload;
  if (p) {
    if (p.kind === 'shape' && (p.shape.type === 'structure' || p.shape.type === 'union')) {
      input[p.name] = readXmlStructure(model, p.shape as StructureShape, parseBody(req), CONVERSION_ERROR);
    }
    return input;
  }
  if (b.hasBodyMembers) Object.assign(input, readXmlStructure(model, b.body, parseBody(req), CONVERSION_ERROR));
  return input;
}

function isBlank(body: Buffer): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** x-amz-id-2 is an opaque base64 token; derive it from the request id (cheap and stable). */
function hostId(requestId: string): string {
  return Buffer.from(requestId + requestId, 'latin1').toString('base64');
}

function namespaceAttr(model: ServiceModel, shape: Shape | undefined): string {
  const ns = (shape?.type === 'structure' ? shape.xmlNamespace : undefined) ?? (model.xmlNamespace ? { uri: model.xmlNamespace } : undefined);
  if (!ns) return '';
  return ns.prefix ? ` xmlns:${ns.prefix}="${escapeXmlAttr(ns.uri)}"` : ` xmlns="${escapeXmlAttr(ns.uri)}"`;
}

/** The name of a structure's root element: its xmlName, else its shape name. */
function rootTagOf(model: ServiceModel, shapeName: string): string {
  const shape = model.shapes[shapeName];
  return (shape?.type === 'structure' ? shape.xmlName : undefined) ?? shapeName;
}

function encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
  const res: HttpResponse = {
    status: op.http?.code ?? 200,
    headers: { 'x-amz-request-id': ec.requestId, 'x-amz-id-2': hostId(ec.requestId) },
    body: '',
  };
  const shape = op.output ? model.shapes[op.output] : undefined;
  if (!shape || shape.type !== 'structure') return res;
  const b = httpBindings(model, shape);
  encodeHttpBindings(output, b, res);
  if (encodeRawPayload(output, b, res)) return res;
  const p = b.payload;
  if (p) {
    const v = output?.[p.name];
    if (p.kind === 'shape' && v !== undefined && v !== null && typeof v === 'object') {
      const tag = p.member.xmlName ?? rootTagOf(model, p.member.target);
      const [attrs, body] = writeXmlMembers(model, p.shape as StructureShape, v as Record<string, unknown>);
      res.body = `${XML_DECLARATION}<${tag}${namespaceAttr(model, p.shape)}${attrs}>${body}</${tag}>`;
      res.headers['content-type'] = 'application/xml';
    }
    // Event-stream payloads (SelectObjectContent) are framed by the event-stream layer, not here.
    return res;
  }
  if (!b.hasOutputBodyMembers || !output) return res;
  const tag = rootTagOf(model, op.output!);
  res.body = XML_DECLARATION + writeRoot(model, shape, b.outputBody, tag, output);
  res.headers['content-type'] = 'application/xml';
  return res;
}

function writeRoot(model: ServiceModel, shape: StructureShape, body: StructureShape, tag: string, output: Output): string {
  const ns = namespaceAttr(model, shape);
  // S3's GetBucketLocation quirk: a single scalar member named like the root is the root's text
  // (`<LocationConstraint xmlns=...>eu-west-1</LocationConstraint>`); clients expect exactly that.
  const names = Object.keys(body.members);
  if (names.length === 1) {
    const member = body.members[names[0]!]!;
    const target = model.shapes[member.target];
    if ((member.xmlName ?? names[0]) === tag && target && target.type !== 'structure' && target.type !== 'list' && target.type !== 'map' && target.type !== 'union') {
      const v = output[names[0]!];
      if (v === undefined || v === null) return `<${tag}${ns}/>`;
      return `<${tag}${ns}>${escapeXmlText(formatScalarText(v, target, timestampFormatOf(member, target, 'date-time')))}</${tag}>`;
    }
  }
  const [attrs, inner] = writeXmlMembers(model, body, output);
  return `<${tag}${ns}${attrs}>${inner}</${tag}>`;
}

/** Fields of an error: modeled members in the model's type, others (S3's BucketName, Key,
 *  Resource, ... which the SDK models do not declare) as plain text elements. */
function errorFields(model: ServiceModel, shape: StructureShape | undefined, fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  let s = '';
  for (const k in fields) {
    if (k === 'message' || k === 'Message' || k === 'Code' || k === 'RequestId' || k === 'HostId') continue;
    const v = fields[k];
    if (v === undefined || v === null) continue;
    const member = shape?.members[k];
    if (member) s += writeXmlValue(model, member, member.xmlName ?? k, v);
    else if (typeof v !== 'object') s += `<${k}>${escapeXmlText(String(v))}</${k}>`;
  }
  return s;
}

function encodeError(error: AwsError, model: ServiceModel, op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
  const r = resolveError(error, model);
  const headers: Record<string, string> = { ...error.headers, 'x-amz-request-id': ec.requestId, 'x-amz-id-2': hostId(ec.requestId) };
  // A HEAD response has no body; clients derive the error from the status alone.
  if (op?.http?.method === 'HEAD') return { status: r.status, headers, body: '' };
  headers['content-type'] = 'application/xml';
  const body =
    `${XML_DECLARATION}<Error><Code>${escapeXmlText(r.code)}</Code>` +
    `<Message>${escapeXmlText(error.message)}</Message>` +
    errorFields(model, r.shape, error.fields) +
    `<RequestId>${escapeXmlText(ec.requestId)}</RequestId><HostId>${hostId(ec.requestId)}</HostId></Error>`;
  return { status: r.status, headers, body };
}

export const restXml: Codec = { protocol: 'restXml', decode, encode, encodeError };
