// restJson1 (Lambda, API Gateway, X-Ray): HTTP bindings (labels, query, headers, status code,
// payload; see http-bindings.ts) plus a JSON body holding the unbound members under their jsonName.
//
// Responses: the operation's `http.code` (or an httpResponseCode member) as status, bound headers,
// `x-amzn-RequestId`; a body of `{}` with `application/json` when there is nothing else to send
// (JS v3 and botocore both accept an empty object for an output without body members).
// Errors: `X-Amzn-ErrorType: <ShapeName>` header (what JS v3, botocore, aws-sdk v2 and Go read
// first) and a body `{"__type":"<ShapeName>","message":...}` (their fallback when a proxy drops the
// header), modeled members under their jsonName, and the error shape's bound headers.
//
// API:
//   restJson1   the Codec
import type { OperationModel, ServiceModel, Shape, StructureShape, UnionShape } from '../../models/types.js';
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { AwsError, resolveError } from '../errors.js';
import { EVENT_STREAM_CONTENT_TYPE, decodeFrames, encodeEventStream, isEventSource, type EventBodyWriter } from '../event-stream.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import {
  decodeHttpBindings,
  decodeRawPayload,
  encodeHttpBindings,
  encodeRawPayload,
  httpBindings,
} from './http-bindings.js';
import { parseJsonDocument } from '../json-depth.js';
import { parseJsonBody, readJson, writeJson, writeJsonError } from './json-body.js';

const JSON_TYPE = 'application/json';

function structureOf(model: ServiceModel, name: string | undefined): StructureShape | undefined {
  const s = name ? model.shapes[name] : undefined;
  return s?.type === 'structure' ? s : undefined;
}

export const restJson1: Codec = {
  protocol: 'restJson1',

  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, dc: DecodeContext): Input {
    const shape = structureOf(model, op.input);
    if (!shape) return {};
    const b = httpBindings(model, shape);
    let input: Input = {};
    try {
      if (!decodeRawPayload(req, b, input)) {
        if (b.payload) {
          const p = b.payload;
          if (p.kind === 'eventStream') {
            input[p.name] = decodeFrames(req.body);
          } else if (req.body.length > 0) {
            // A structure/union payload is a JSON object; a document payload any JSON value.
            const value = p.shape.type === 'document' ? parseJsonValue(req.body) : parseJsonBody(req.body);
            input[p.name] = readJson(value, model, p.shape, true);
          }
        } else {
          input = readJson(parseJsonBody(req.body), model, b.body, true) as Input;
        }
      }
    } catch (e) {
      if (e instanceof AwsError) throw e;
      throw new AwsError('SerializationException', `Cannot read the request body: ${(e as Error).message}`);
    }
    // Bound members last: they win over a body key of the same name.
    decodeHttpBindings(req, b, dc.labels, input, 'SerializationException', op);
    return input;
  },

  encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
    const res: HttpResponse = {
      status: op.http?.code ?? 200,
      headers: { 'x-amzn-requestid': ec.requestId },
      body: '{}',
    };
    const shape = structureOf(model, op.output);
    if (!shape) {
      res.headers['content-type'] = JSON_TYPE;
      return res;
    }
    const b = httpBindings(model, shape);
    encodeHttpBindings(output, b, res);
    if (encodeRawPayload(output, b, res)) return res;
    const p = b.payload;
    if (!p) {
      res.body = writeJson(output, model, b.outputBody, true);
    } else if (p.kind === 'eventStream') {
      const events = output?.[p.name];
      // The frames' type, whatever a bound Content-Type member said (Lambda's ResponseStreamContentType
      // is read back from this very header).
      res.headers['content-type'] = EVENT_STREAM_CONTENT_TYPE;
      res.body = isEventSource(events) ? encodeEventStream(events, model, p.shape as UnionShape, jsonEventBody(model)) : Buffer.alloc(0);
      return res;
    } else {
      const v = output?.[p.name];
      res.body = v === undefined || v === null ? (p.shape.type === 'document' ? '' : '{}') : writeJson(v, model, p.shape, true);
    }
    res.headers['content-type'] ??= JSON_TYPE;
    return res;
  },

  encodeError(error: AwsError, model: ServiceModel, _op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
    const r = resolveError(error, model);
    const res: HttpResponse = {
      status: r.status,
      headers: { 'x-amzn-requestid': ec.requestId, 'x-amzn-errortype': r.code, 'content-type': JSON_TYPE },
      body: '',
    };
    let bodyShape: StructureShape | undefined;
    if (r.shape) {
      const b = httpBindings(model, r.shape);
      encodeHttpBindings(error.fields, b, res);
      bodyShape = b.body;
    }
    res.body = writeJsonError(error.message, error.fields, model, bodyShape, true, '"__type":' + JSON.stringify(r.code));
    if (error.headers) Object.assign(res.headers, error.headers);
    return res;
  },
};

function parseJsonValue(body: Buffer): unknown {
  try {
    return parseJsonDocument(body.toString('utf8'));
  } catch (e) {
    throw new AwsError('SerializationException', `Malformed JSON body: ${(e as Error).message}`);
  }
}

const eventWriters = new WeakMap<ServiceModel, EventBodyWriter>();
function jsonEventBody(model: ServiceModel): EventBodyWriter {
  let w = eventWriters.get(model);
  if (!w) {
    w = (value: unknown, shape: Shape) => ({ body: writeJson(value, model, shape, true), contentType: JSON_TYPE });
    eventWriters.set(model, w);
  }
  return w;
}
