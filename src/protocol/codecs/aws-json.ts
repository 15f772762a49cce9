// awsJson1_0 and awsJson1_1 (one implementation, two instances): the operation comes from
// `X-Amz-Target: <Prefix>.<Op>` (the router reads it), the body is the input structure as JSON with
// member names as keys (awsJson ignores jsonName), timestamps epoch seconds, blobs base64.
// Speakers: SQS, Step Functions, DynamoDB, CloudWatch (1.0); SSM, KMS, Logs, ECS, CodeBuild (1.1).
//
// Responses carry `content-type: application/x-amz-json-1.x` and `x-amzn-requestid`. (DynamoDB's
// `x-amz-crc32` is a fact of the service: services/response-facts.ts, added by the chain.)
// Errors: `{"__type":"<ShapeName>","message":"..."}` plus modeled members; query-compatible services
// (SQS, CloudWatch) add `x-amzn-query-error: <legacy code>;Sender|Receiver`, which JS v3 turns into
// the error's `Code` and boto3 into `Error.Code`.
// Event streams (Logs StartLiveTail): when the output has a member targeting a streaming union, the
// body is event-stream frames of that member's events, preceded by an `initial-response` event with
// the other output members when any is set.
//
// API:
//   awsJson1_0, awsJson1_1    the Codecs
//   queryErrorHeader(resolved) the `x-amzn-query-error` value (shared with rpcv2Cbor)
import type { OperationModel, ProtocolName, ServiceModel, Shape, StructureShape, UnionShape } from '../../models/types.js';
import type { Codec, DecodeContext, EncodeContext, Input, Output } from '../codec.js';
import { AwsError, resolveError, type ResolvedError } from '../errors.js';
import { EVENT_STREAM_CONTENT_TYPE, encodeEventFrame, encodeEventStream, isEventSource, type EventBodyWriter } from '../event-stream.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { parseJsonBody, readJson, writeJson, writeJsonError } from './json-body.js';

export function queryErrorHeader(r: ResolvedError): string {
  return `${r.queryCode};${r.fault === 'client' ? 'Sender' : 'Receiver'}`;
}

class AwsJsonCodec implements Codec {
  private readonly contentType: string;

  constructor(readonly protocol: ProtocolName, version: '1.0' | '1.1') {
    this.contentType = `application/x-amz-json-${version}`;
  }

  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, _dc: DecodeContext): Input {
    const body = parseJsonBody(req.body);
    const shape = op.input ? model.shapes[op.input] : undefined;
    if (!shape) return body;
    try {
      return readJson(body, model, shape, false) as Input;
    } catch (e) {
      // e.g. a RangeError from absurdly deep nesting: the client's fault, never a crash.
      if (e instanceof AwsError) throw e;
      throw new AwsError('SerializationException', `Cannot read the request body: ${(e as Error).message}`);
    }
  }

  encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse {
    const shape: Shape | undefined = op.output ? model.shapes[op.output] : undefined;
    const stream = shape ? eventStreamMember(model, shape) : null;
    if (stream) return this.respondEventStream(output, model, shape!, stream, ec);
    const text = shape ? writeJson(output, model, shape, false) : '{}';
    return this.respond(200, text, model, ec);
  }

  private respondEventStream(output: Output | undefined, model: ServiceModel, shape: Shape, name: string, ec: EncodeContext): HttpResponse {
    const { [name]: events, ...rest } = output ?? {};
    const initial = writeJson(rest, model, shape, false);
    const union = model.shapes[(shape as StructureShape).members[name]!.target] as UnionShape;
    const contentType = this.contentType;
    const eventBody = this.eventBody(model);
    async function* frames(): AsyncGenerator<Uint8Array, void, undefined> {
      if (initial !== '{}') yield encodeEventFrame('initial-response', initial, contentType);
      if (isEventSource(events)) yield* encodeEventStream(events, model, union, eventBody);
    }
    return {
      status: 200,
      headers: { 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': ec.requestId },
      body: frames(),
    };
  }

  private readonly eventWriters = new WeakMap<ServiceModel, EventBodyWriter>();
  private eventBody(model: ServiceModel): EventBodyWriter {
    let w = this.eventWriters.get(model);
    if (!w) {
      w = (value, shape) => ({ body: writeJson(value, model, shape, false), contentType: this.contentType });
      this.eventWriters.set(model, w);
    }
    return w;
  }

  encodeError(error: AwsError, model: ServiceModel, _op: OperationModel | undefined, ec: EncodeContext): HttpResponse {
    const r = resolveError(error, model);
    const text = writeJsonError(error.message, error.fields, model, r.shape, false, '"__type":' + JSON.stringify(r.code));
    const res = this.respond(r.status, text, model, ec);
    if (model.awsQueryCompatible) res.headers['x-amzn-query-error'] = queryErrorHeader(r);
    if (error.headers) Object.assign(res.headers, error.headers);
    return res;
  }

  private respond(status: number, text: string, model: ServiceModel, ec: EncodeContext): HttpResponse {
    const headers: Record<string, string> = {
      'content-type': this.contentType,
      'x-amzn-requestid': ec.requestId,
    };
    return { status, headers, body: text };
  }
}

const streamMembers = new WeakMap<Shape, string | null>();
/** The output member targeting a streaming union (an event stream), or null. */
function eventStreamMember(model: ServiceModel, shape: Shape): string | null {
  let name = streamMembers.get(shape);
  if (name === undefined) {
    name = null;
    if (shape.type === 'structure') {
      for (const m in shape.members) {
        const t = model.shapes[shape.members[m]!.target];
        if (t?.type === 'union' && t.streaming) name = m;
      }
    }
    streamMembers.set(shape, name);
  }
  return name;
}

export const awsJson1_0: Codec = new AwsJsonCodec('awsJson1_0', '1.0');
export const awsJson1_1: Codec = new AwsJsonCodec('awsJson1_1', '1.1');
