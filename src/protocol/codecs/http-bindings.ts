// REST HTTP bindings shared by restJson1 and restXml: which members of an input/output/error
// structure travel in the URI labels, the query string, headers, prefix headers, the status code or
// as the raw payload, and which remain for the body codec (JSON or XML).
//
// API:
//   httpBindings(model, shape)            -> HttpBindings (computed once per structure, cached)
//   decodeHttpBindings(req, b, labels, input, errorCode?, op?)
//                                         fills `input` with label/query/header/prefix-header members
//   decodeRawPayload(req, b, input)       blob/string payload member -> Buffer/string; returns false
//                                         when the body belongs to the body codec (body members, or a
//                                         structure/union/document payload)
//   encodeHttpBindings(output, b, res)    httpResponseCode -> res.status, headers, prefix headers
//   encodeRawPayload(output, b, res)      blob/string payload -> res.body + content-type; false when
//                                         the body codec must write the body
//   splitHeaderList(value, httpDates)     a list header's items (quoted strings unquoted)
//
// HttpBindings.body is a synthetic structure shape holding only the unbound members; body codecs
// read and write it like any structure (so their per-shape caches work on it).
// HttpBindings.payload, when set, names the httpPayload member; `kind` says who writes it.
//
// Defaults (Smithy): timestamps in headers are http-date, in labels and query strings date-time;
// lists in headers are comma-separated (strings with a comma or quote are quoted); lists in query
// strings repeat the key; strings with a mediaType in headers are base64-encoded.
import type {
  MemberModel,
  OperationModel,
  ServiceModel,
  Shape,
  StructureShape,
} from '../../models/types.js';
import type { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from '../http.js';
import { queryOf, RESPONSE_HEADERS, RESPONSE_STATUS } from '../http.js';
import { formatScalarText, parseScalarText, toBuffer } from '../scalars.js';
import { timestampFormatOf, type TimestampFormat } from '../timestamps.js';

export interface BoundMember {
  /** The member's name in the structure (the value-convention key). */
  name: string;
  member: MemberModel;
  /** The target shape (a `document` placeholder when the model lacks it). */
  shape: Shape;
  /** Header name lower-cased (request lookup), or the query key / prefix (lower-cased for headers). */
  key: string;
  /** Header name as the model spells it (responses). */
  wireName: string;
  /** Timestamp format for scalars and list members. */
  tsFormat: TimestampFormat;
  /** For lists and maps: the member/value shape. */
  itemShape?: Shape;
}

export type PayloadKind = 'blob' | 'string' | 'shape' | 'eventStream';

export interface HttpBindings {
  labels: BoundMember[];
  query: BoundMember[];
  queryParams?: BoundMember;
  headers: BoundMember[];
  /** `headers` by member name (encoding walks an output's own members). */
  headerByName: Map<string, BoundMember>;
  prefixHeaders: BoundMember[];
  responseCode?: string;
  payload?: BoundMember & { kind: PayloadKind };
  /** Synthetic structure with the members left for the body (empty when a payload member exists). */
  body: StructureShape;
  /** The body structure has at least one member. */
  hasBodyMembers: boolean;
  /** Responses: `body` plus the label and query members, which mean nothing in a response and go
   *  in its body (Smithy: httpLabel/httpQuery/httpQueryParams are ignored on output). */
  outputBody: StructureShape;
  hasOutputBodyMembers: boolean;
}

const DOCUMENT: Shape = { type: 'document' };
const cache = new WeakMap<StructureShape, HttpBindings>();

export function httpBindings(model: ServiceModel, shape: StructureShape): HttpBindings {
  let b = cache.get(shape);
  if (!b) {
    b = buildBindings(model, shape);
    cache.set(shape, b);
  }
  return b;
}

function buildBindings(model: ServiceModel, shape: StructureShape): HttpBindings {
  const b: HttpBindings = {
    labels: [],
    query: [],
    headers: [],
    headerByName: new Map(),
    prefixHeaders: [],
    body: { type: 'structure', members: {} },
    hasBodyMembers: false,
    outputBody: { type: 'structure', members: {} },
    hasOutputBodyMembers: false,
  };
  for (const name in shape.members) {
    const member = shape.members[name]!;
    const target = model.shapes[member.target] ?? DOCUMENT;
    const item =
      target.type === 'list' ? model.shapes[target.member.target] ?? DOCUMENT
      : target.type === 'map' ? model.shapes[target.value.target] ?? DOCUMENT
      : undefined;
    // A list's member may carry its own timestampFormat; else the bound member's applies.
    const tsMember = target.type === 'list' && target.member.timestampFormat ? target.member : member;
    const bound = (key: string, wireName: string, fallback: TimestampFormat): BoundMember => ({
      name,
      member,
      shape: target,
      key,
      wireName,
      tsFormat: timestampFormatOf(tsMember, item ?? target, fallback),
      itemShape: item,
    });
    if (member.httpLabel) b.labels.push(bound(name, name, 'date-time'));
    else if (member.httpQuery !== undefined) b.query.push(bound(member.httpQuery, member.httpQuery, 'date-time'));
    else if (member.httpQueryParams) b.queryParams = bound('', '', 'date-time');
    else if (member.httpHeader !== undefined) {
      // Header names are lower-case everywhere: a bound Content-Length or Content-Type is the one
      // the listener and the codecs see (never a second spelling of the same header).
      const lower = member.httpHeader.toLowerCase();
      const header = bound(lower, lower, 'http-date');
      b.headers.push(header);
      b.headerByName.set(name, header);
    }
    else if (member.httpPrefixHeaders !== undefined)
      b.prefixHeaders.push(bound(member.httpPrefixHeaders.toLowerCase(), member.httpPrefixHeaders.toLowerCase(), 'http-date'));
    else if (member.httpResponseCode) b.responseCode = name;
    else if (member.httpPayload) {
      const kind: PayloadKind =
        target.type === 'blob' ? 'blob'
        : target.type === 'string' ? 'string'
        : target.type === 'union' && target.streaming ? 'eventStream'
        : 'shape';
      b.payload = { ...bound(name, name, 'date-time'), kind };
    } else {
      b.body.members[name] = member;
      b.hasBodyMembers = true;
    }
    if (member.httpHeader === undefined && member.httpPrefixHeaders === undefined && !member.httpResponseCode && !member.httpPayload) {
      b.outputBody.members[name] = member;
      b.hasOutputBodyMembers = true;
    }
  }
  if (b.payload) {
    b.outputBody.members = {};
    b.hasOutputBodyMembers = false;
  }
  return b;
}

/** Literal query keys of an operation's URI (`?uploads`, `?list-type=2`): never httpQueryParams. */
const literalKeys = new WeakMap<OperationModel, Set<string>>();
function literalQueryKeys(op: OperationModel | undefined): Set<string> | undefined {
  if (!op?.http) return undefined;
  let keys = literalKeys.get(op);
  if (!keys) {
    keys = new Set(['x-id']); // JS v3 adds ?x-id=<Operation> to some REST calls
    const q = op.http.uri.indexOf('?');
    if (q >= 0) for (const part of op.http.uri.slice(q + 1).split('&')) keys.add(part.split('=')[0]!);
    literalKeys.set(op, keys);
  }
  return keys;
}

export function decodeHttpBindings(
  req: HttpRequest,
  b: HttpBindings,
  labels: Record<string, string> | undefined,
  input: Record<string, unknown>,
  errorCode = 'SerializationException',
  op?: OperationModel,
): void {
  if (labels) {
    for (const l of b.labels) {
      const text = labels[l.name];
      if (text !== undefined) input[l.name] = parseScalarText(text, l.shape, l.tsFormat, errorCode);
    }
  }
  if ((b.query.length > 0 || b.queryParams) && req.rawQuery !== '') {
    const query = queryOf(req);
    for (const q of b.query) {
      if (q.shape.type === 'list') {
        const all = query.getAll(q.key);
        if (all.length > 0) input[q.name] = all.map((t) => parseScalarText(t, q.itemShape!, q.tsFormat, errorCode));
      } else {
        const t = query.get(q.key);
        if (t !== null) input[q.name] = parseScalarText(t, q.shape, q.tsFormat, errorCode);
      }
    }
    if (b.queryParams) {
      const skip = literalQueryKeys(op);
      const map: Record<string, unknown> = {};
      const asList = b.queryParams.itemShape?.type === 'list';
      let any = false;
      for (const [k, v] of query) {
        // Smithy: servers put every query parameter in the map, those bound by httpQuery too
        // (RestJsonServersPutAllQueryParamsInMap); the URI's literal keys are not parameters.
        if (skip?.has(k)) continue;
        if (asList) ((map[k] ??= []) as string[]).push(v);
        else if (!(k in map)) map[k] = v; // Smithy: the first value wins for map<string, string>
        any = true;
      }
      if (any) input[b.queryParams.name] = map;
    }
  }
  for (const h of b.headers) {
    const raw = req.headers[h.key];
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw.join(', ') : raw;
    if (h.shape.type === 'list') {
      // An empty header value is an empty list (what clients send for one), not [''].
      const items = text === '' ? [] : splitHeaderList(text, h.itemShape?.type === 'timestamp' && h.tsFormat === 'http-date');
      input[h.name] = items.map((t) => parseScalarText(t, h.itemShape!, h.tsFormat, errorCode));
    } else if (h.shape.type === 'string' && 'mediaType' in h.shape && h.shape.mediaType) {
      input[h.name] = Buffer.from(text, 'base64').toString('utf8');
    } else {
      input[h.name] = parseScalarText(h.shape.type === 'string' ? text : text.trim(), h.shape, h.tsFormat, errorCode);
    }
  }
  for (const p of b.prefixHeaders) {
    const map: Record<string, unknown> = {};
    let any = false;
    for (const name in req.headers) {
      if (!name.startsWith(p.key)) continue;
      const raw = req.headers[name];
      if (raw === undefined) continue;
      map[name.slice(p.key.length)] = Array.isArray(raw) ? raw.join(', ') : raw;
      any = true;
    }
    if (any) input[p.name] = map;
  }
}

/** Blob/string payloads: the body itself. Returns false when the body codec must read the body. */
export function decodeRawPayload(req: HttpRequest, b: HttpBindings, input: Record<string, unknown>): boolean {
  const p = b.payload;
  if (!p) return !b.hasBodyMembers;
  if (p.kind === 'blob') {
    // Streaming blobs (S3 bodies) are always present, possibly empty; others only when sent.
    if (req.body.length > 0 || ('streaming' in p.shape && p.shape.streaming)) input[p.name] = req.body;
    return true;
  }
  if (p.kind === 'string') {
    if (req.body.length > 0) input[p.name] = req.body.toString('utf8');
    return true;
  }
  return false;
}

export function encodeHttpBindings(output: Record<string, unknown> | undefined, b: HttpBindings, res: HttpResponse): void {
  if (!output) return;
  const own = output as { [RESPONSE_STATUS]?: number; [RESPONSE_HEADERS]?: Record<string, string> };
  if (own[RESPONSE_STATUS] !== undefined) res.status = own[RESPONSE_STATUS];
  const extra = own[RESPONSE_HEADERS];
  if (extra) for (const k in extra) res.headers[k.toLowerCase()] = safeHeaderValue(extra[k]!);
  if (b.responseCode) {
    const code = Number(output[b.responseCode]);
    if (Number.isInteger(code) && code >= 100 && code <= 999) res.status = code;
  }
  // The output's own members, not every header binding: an answer sets a few of the headers its
  // model binds (GetObject's binds ~40), and a lookup of each in the output was ~8% of a 4 KiB GET.
  for (const name in output) {
    const h = b.headerByName.get(name);
    if (h === undefined) continue;
    const v = output[name];
    if (v === undefined || v === null) continue;
    let text: string;
    if (h.shape.type === 'list') {
      if (!Array.isArray(v) || v.length === 0) continue;
      const item = h.itemShape!;
      text = v
        .map((x) => {
          const s = formatScalarText(x, item, h.tsFormat);
          return item.type === 'string' ? quoteHeaderItem(s) : s;
        })
        .join(', ');
    } else if (h.shape.type === 'string' && 'mediaType' in h.shape && h.shape.mediaType) {
      text = Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8').toString('base64');
    } else {
      text = formatScalarText(v, h.shape, h.tsFormat);
    }
    res.headers[h.wireName] = safeHeaderValue(text);
  }
  for (const p of b.prefixHeaders) {
    const map = output[p.name];
    if (!map || typeof map !== 'object') continue;
    for (const k in map as Record<string, unknown>) {
      const v = (map as Record<string, unknown>)[k];
      if (v !== undefined && v !== null) res.headers[p.wireName + k.toLowerCase()] = safeHeaderValue(String(v));
    }
  }
}

/** Blob/string payloads. Returns false when the body codec must write the body. */
export function encodeRawPayload(output: Record<string, unknown> | undefined, b: HttpBindings, res: HttpResponse): boolean {
  const p = b.payload;
  if (!p || (p.kind !== 'blob' && p.kind !== 'string')) return false;
  const v = output?.[p.name];
  const mediaType = 'mediaType' in p.shape ? p.shape.mediaType : undefined;
  if (v === undefined || v === null) {
    res.body = '';
    return true;
  }
  if (p.kind === 'blob') {
    // A stream (S3 GetObject) is written as it is read; anything else is bytes.
    res.body = isStreamValue(v) ? v : toBuffer(v);
    res.headers['content-type'] ??= mediaType ?? 'application/octet-stream';
  } else {
    res.body = typeof v === 'string' ? v : String(v);
    res.headers['content-type'] ??= mediaType ?? 'text/plain';
  }
  return true;
}

/** Split a list header into items; quoted items are unquoted. `httpDates`: items contain one comma
 *  each ("Fri, 27 Nov 2026 10:00:00 GMT"), so split at every second comma. */
export function splitHeaderList(value: string, httpDates = false): string[] {
  const out: string[] = [];
  if (httpDates) {
    const parts = value.split(',');
    for (let i = 0; i < parts.length; i += 2) {
      out.push((parts[i]! + (i + 1 < parts.length ? ',' + parts[i + 1]! : '')).trim());
    }
    return out;
  }
  let inQuotes = false;
  let escaped = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 /* " */ && !escaped) inQuotes = !inQuotes;
    else if (c === 44 /* , */ && !inQuotes) {
      out.push(unquote(value.slice(start, i)));
      start = i + 1;
    }
    escaped = c === 92 /* \ */ && !escaped;
  }
  out.push(unquote(value.slice(start)));
  return out;
}

function unquote(item: string): string {
  const s = item.trim();
  if (s.length >= 2 && s.charCodeAt(0) === 34 && s.charCodeAt(s.length - 1) === 34) {
    return s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return s;
}

function quoteHeaderItem(s: string): string {
  return s.includes(',') || s.includes('"') ? '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : s;
}

/** node:http throws on CR/LF and other control characters in header values; AWS would never send
 *  them either, so replace them rather than crash the response. */
function safeHeaderValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127 || c > 255) return s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
  }
  return s;
}

/** A Readable or async iterable a handler returned for a streaming payload. */
function isStreamValue(v: unknown): v is Readable | AsyncIterable<Uint8Array> {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && Symbol.asyncIterator in v;
}
