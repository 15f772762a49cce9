// Event-stream framing (application/vnd.amazon.eventstream), used by streaming responses (Lambda
// InvokeWithResponseStream, Logs StartLiveTail, S3 SelectObjectContent) and input event streams.
// A frame: total length, headers length, prelude CRC32, headers, payload, message CRC32. The binary
// format comes from `@smithy/eventstream-codec` (its own CRC32); the model-driven part is here.
//
// API:
//   encodeEventFrame(eventType, payload, contentType?)        `:message-type: event` frame
//   encodeExceptionFrame(exceptionType, payload, contentType?) `:message-type: exception` frame
//   encodeErrorFrame(code, message)                           `:message-type: error` frame
//   encodeFrame(headers, payload)                              any frame (string headers)
//   decodeFrames(bytes)                                        concatenated frames -> EventFrame[]
//                                                              (throws AwsError on a broken frame)
//   encodeEventStream(events, model, union, writeBody)         events `{ MemberName: {...} }` of a
//                                                              streaming union (sync or async
//                                                              iterable) -> AsyncIterable of frames,
//                                                              each encoded as it is pulled; a
//                                                              failing source ends with an
//                                                              exception or error frame
//   isEventSource(v)                                           a sync or async iterable
//   EVENT_STREAM_CONTENT_TYPE
//
// An event structure with an `eventPayload` member sends that member as the payload (a blob raw as
// application/octet-stream, a string as text/plain, a structure through `writeBody`); any other
// event structure is serialized whole by `writeBody` (JSON for the JSON protocols). No in-scope
// service uses `eventHeader`, so event members never become frame headers.
import { createRequire } from 'node:module';
import type { EventStreamCodec, MessageHeaders } from '@smithy/eventstream-codec';
import type { ServiceModel, Shape, StructureShape, UnionShape } from '../models/types.js';
import { AwsError } from './errors.js';
import { toBuffer } from './scalars.js';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const toUtf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
const fromUtf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
// Loaded on the first event stream, not at startup (the package pulls in much of @smithy/core).
let eventStreamCodec: EventStreamCodec | undefined;

function codec(): EventStreamCodec {
  if (!eventStreamCodec) {
    const { EventStreamCodec: Codec } = createRequire(import.meta.url)('@smithy/eventstream-codec') as typeof import('@smithy/eventstream-codec');
    eventStreamCodec = new Codec(toUtf8, fromUtf8);
  }
  return eventStreamCodec;
}

export interface EventFrame {
  /** Header values as the codec decodes them (strings for the `:`-headers). */
  headers: Record<string, string | number | boolean | Uint8Array | Date | unknown>;
  body: Buffer;
}

export function encodeFrame(headers: Record<string, string>, payload: Uint8Array | string): Buffer {
  const h: MessageHeaders = {};
  for (const k in headers) h[k] = { type: 'string', value: headers[k]! };
  const out = codec().encode({ headers: h, body: typeof payload === 'string' ? fromUtf8(payload) : payload });
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function encodeEventFrame(eventType: string, payload: Uint8Array | string, contentType = 'application/json'): Buffer {
  return encodeFrame({ ':event-type': eventType, ':message-type': 'event', ':content-type': contentType }, payload);
}

export function encodeExceptionFrame(
  exceptionType: string,
  payload: Uint8Array | string,
  contentType = 'application/json',
): Buffer {
  return encodeFrame(
    { ':exception-type': exceptionType, ':message-type': 'exception', ':content-type': contentType },
    payload,
  );
}

/** An unmodeled error ends the stream: `:error-code` / `:error-message`, empty payload. */
export function encodeErrorFrame(code: string, message: string): Buffer {
  return encodeFrame({ ':error-code': code, ':error-message': message, ':message-type': 'error' }, new Uint8Array(0));
}

export function decodeFrames(bytes: Uint8Array): EventFrame[] {
  const frames: EventFrame[] = [];
  let offset = 0;
  while (offset < bytes.byteLength) {
    if (bytes.byteLength - offset < 16) throw broken('truncated event-stream prelude');
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, bytes.byteLength - offset);
    const length = view.getUint32(0, false);
    if (length < 16 || offset + length > bytes.byteLength) throw broken('event-stream frame length out of range');
    let message;
    try {
      message = codec().decode(bytes.subarray(offset, offset + length));
    } catch (e) {
      throw broken((e as Error).message);
    }
    const headers: EventFrame['headers'] = {};
    for (const k in message.headers) headers[k] = message.headers[k]!.value;
    const b = message.body;
    frames.push({ headers, body: Buffer.from(b.buffer, b.byteOffset, b.byteLength) });
    offset += length;
  }
  return frames;
}

/** Serializes one event structure: the body bytes (or text) and its content type. */
export type EventBodyWriter = (value: unknown, shape: Shape) => { body: Uint8Array | string; contentType: string };

/** A source of events: a list, or events produced over time (a live tail, a streaming invoke). */
export type EventSource = Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;

/** True for a sync or async iterable (what an event-stream member of an output may hold). */
export function isEventSource(v: unknown): v is EventSource {
  return (
    typeof v === 'object' &&
    v !== null &&
    (typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function')
  );
}

/** Events of a streaming union, each `{ MemberName: value }`, as frames: one per event, encoded as
 *  the event is pulled from `events` (sync or async). Modeled error members (structures with the
 *  error trait) become exception frames. When the source throws (or an event fails to encode), the
 *  stream ends with one last frame, as AWS ends it: an AwsError naming a modeled error member of the
 *  union -> exception frame; anything else -> `:message-type: error` frame. Stopping the iteration
 *  early (the client went away) closes the source. */
export async function* encodeEventStream(
  events: EventSource,
  model: ServiceModel,
  union: UnionShape,
  writeBody: EventBodyWriter,
): AsyncGenerator<Uint8Array, void, undefined> {
  let last: Buffer;
  try {
    // `for await` takes sync iterables too; a sync source stays pulled one event at a time.
    for await (const event of events) {
      const frame = encodeEvent(event, model, union, writeBody);
      if (frame) yield frame;
    }
    return;
  } catch (e) {
    last = finalFrame(e, model, union, writeBody);
  }
  yield last;
}

/** One event's frame (undefined when it names no member of the union). */
function encodeEvent(event: Record<string, unknown>, model: ServiceModel, union: UnionShape, writeBody: EventBodyWriter): Buffer | undefined {
  for (const name in event) {
    const value = event[name];
    const member = union.members[name];
    if (value === undefined || value === null || !member) continue;
    const shape = model.shapes[member.target];
    if (!shape) continue;
    const p = payloadMember(model, shape);
    let payload: Uint8Array | string;
    let contentType: string;
    if (p) {
      const v = (value as Record<string, unknown>)[p.name];
      if (p.shape.type === 'blob') {
        payload = v === undefined || v === null ? new Uint8Array(0) : toBuffer(v);
        contentType = 'application/octet-stream';
      } else if (p.shape.type === 'string') {
        payload = v === undefined || v === null ? '' : String(v);
        contentType = 'text/plain';
      } else {
        ({ body: payload, contentType } = writeBody(v ?? {}, p.shape));
      }
    } else {
      ({ body: payload, contentType } = writeBody(value, shape));
    }
    return shape.type === 'structure' && shape.error
      ? encodeExceptionFrame(name, payload, contentType)
      : encodeEventFrame(name, payload, contentType);
  }
  return undefined; // a union value holds one member; none known here
}

/** The frame that ends a failed stream. */
function finalFrame(e: unknown, model: ServiceModel, union: UnionShape, writeBody: EventBodyWriter): Buffer {
  if (e instanceof AwsError) {
    const name = modeledErrorMember(e.code, model, union);
    if (name) {
      try {
        const shape = model.shapes[union.members[name]!.target] as StructureShape;
        const messageMember = Object.keys(shape.members).find((m) => m.toLowerCase() === 'message') ?? 'message';
        const frame = encodeEvent({ [name]: { ...e.fields, [messageMember]: e.message } }, model, union, writeBody);
        if (frame) return frame;
      } catch {
        // fall through to the unmodeled form
      }
    }
    return encodeErrorFrame(e.code, e.message);
  }
  return encodeErrorFrame('InternalFailure', 'The event stream failed on the server');
}

/** The union member an error code names, when that member is a modeled error structure. */
function modeledErrorMember(code: string, model: ServiceModel, union: UnionShape): string | undefined {
  for (const name in union.members) {
    const target = union.members[name]!.target;
    if (name !== code && target !== code) continue;
    const shape = model.shapes[target];
    if (shape?.type === 'structure' && shape.error) return name;
  }
  return undefined;
}

/** The event structure's eventPayload member, if any. */
function payloadMember(model: ServiceModel, shape: Shape): { name: string; shape: Shape } | undefined {
  if (shape.type !== 'structure') return undefined;
  for (const name in (shape as StructureShape).members) {
    const m = shape.members[name]!;
    if (m.eventPayload) return { name, shape: model.shapes[m.target] ?? { type: 'document' } };
  }
  return undefined;
}

function broken(message: string): AwsError {
  return new AwsError('SerializationException', `Malformed event stream: ${message}`, { status: 400 });
}
