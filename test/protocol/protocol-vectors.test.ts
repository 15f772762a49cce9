// botocore's protocol test cases (generated from Smithy's AWS protocol tests) run against Nimbus's
// codecs, in the server direction:
//   input  cases: the `serialized` request a client sends decodes (route match, then codec.decode)
//                 to the case's `params`;
//   output cases: the case's `result` (or `error`) encoded by codec.encode/encodeError gives a
//                 response that botocore's own parser (test/protocol/botocore-read-back.py, one
//                 Python process per protocol file) reads back as that `result`/`error`.
// Each case's model (suite `shapes` + the case's `given` operation + suite `metadata`) goes through
// the model compiler's botocore path (scripts/models/botocore-model.ts).
//
// The data lives outside the repository: ../shared/vectors/protocol-tests beside the clone (CI has
// it). Without it the whole file skips, saying so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileBotocoreModel } from '../../scripts/compile-models.js';
import type { BotoOperation, BotoShape } from '../../scripts/compile-models.js';
import type { MemberModel, OperationModel, ProtocolName, ServiceModel, Shape } from '../../src/models/types.js';
import type { Codec, DecodeContext } from '../../src/protocol/codec.js';
import { codecFor } from '../../src/protocol/codecs/index.js';
import { AwsError } from '../../src/protocol/errors.js';
import { queryOf, type HttpRequest, type HttpResponse } from '../../src/protocol/http.js';
import { matchRoute } from '../../src/protocol/rest-routes.js';

// dist/test/protocol/ -> repository root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VECTORS = join(ROOT, '..', 'shared', 'vectors', 'protocol-tests');
const READ_BACK = join(ROOT, 'test', 'protocol', 'botocore-read-back.py');

interface Suite {
  description: string;
  metadata: Record<string, unknown> & { protocol: string; apiVersion: string };
  shapes: Record<string, BotoShape>;
  cases: Case[];
}

interface Case {
  id: string;
  description?: string;
  given: BotoOperation;
  params?: Record<string, unknown>;
  serialized?: { method: string; uri: string; headers?: Record<string, string>; body?: string; host?: string };
  result?: Record<string, unknown>;
  error?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  response?: { status_code: number; headers?: Record<string, string>; body?: string };
}

interface IgnoreList {
  general: { input: { suites: string[] } };
  protocols: Record<string, { input?: { cases: string[] }; output?: { cases: string[] } }>;
}

/**
 * Cases that cannot apply to a server, by case id (or `suite:<description>`), with the reason.
 * Everything else runs, botocore's own ignore list included where the case is meaningful in the
 * server direction (see `skipReason`).
 */
const CLIENT_QUERY_MAP =
  "client-direction case (Smithy appliesTo: client): its params leave out of the httpQueryParams map the keys named members send, but a server puts every query parameter in the map (Smithy's RestJsonServersPutAllQueryParamsInMap / RestJsonServersQueryParamsStringListMap; the rest-json suite's RestJsonAllQueryStringTypes checks that)";

const AUTOFILL = 'client-side behaviour: the client fills in an idempotency token the params lack';

const NOT_FOR_A_SERVER: Record<string, string> = {
  // The "...IsSet" cases of these suites (token given) run.
  Ec2ProtocolIdempotencyTokenAutoFill: AUTOFILL,
  QueryProtocolIdempotencyTokenAutoFill: AUTOFILL,
  RestJsonQueryIdempotencyTokenAutoFill: AUTOFILL,
  QueryIdempotencyTokenAutoFill: AUTOFILL,
  RestJsonHostWithPath: 'client-side behaviour: an endpoint with a base path (/custom) the client prefixes to the route; a server behind such a path sees the route itself',
  'suite:Test cases for PutWithContentEncoding operation': 'client-side behaviour: request compression; the case gives no body, only the Content-Encoding a client adds',
  RestJsonQueryPrecedence: 'client-side behaviour (Smithy appliesTo: client): the named member wins on the wire, so the map value never reaches a server (RestJsonServersPutAllQueryParamsInMap is the server side)',
  RestJsonQueryParamsStringListMap: CLIENT_QUERY_MAP,
  RestXmlQueryParamsStringListMap: CLIENT_QUERY_MAP,
  AllQueryStringTypes: CLIENT_QUERY_MAP,
  RestXmlQueryStringEscaping: CLIENT_QUERY_MAP,
  RestXmlSupportsNaNFloatQueryValues: CLIENT_QUERY_MAP,
  RestXmlSupportsInfinityFloatQueryValues: CLIENT_QUERY_MAP,
  RestXmlSupportsNegativeInfinityFloatQueryValues: CLIENT_QUERY_MAP,
  RestXmlZeroAndFalseQueryValues: CLIENT_QUERY_MAP,
  HttpPrefixHeadersResponse:
    'cannot apply to a server: an httpPrefixHeaders("") map reads every response header, and a server always adds its own (x-amzn-RequestId, Content-Type)',
  RestXmlQueryPrecedence: 'client-side behaviour (Smithy appliesTo: client): the named member wins on the wire, so the map value never reaches a server',
};

/**
 * Output cases botocore's own ignore list names, which its parser (our read-back) gets wrong
 * whatever the server sends; the other ignored cases run (Nimbus's response reads back right).
 */
const BOTOCORE_READ_GAPS: Record<string, string> = {
  Ec2ComplexError: 'an error without a message reads as Message None; the fixture expects an empty string',
  QueryComplexError: 'an error without a message reads as Message None; the fixture expects an empty string',
  ComplexError: 'an error without a message reads as Message None, and the error\'s header member is not read',
  Ec2XmlLists: 'member-level `flattened` is ignored (Nimbus writes flattened lists as the fixture\'s response does)',
  QueryXmlLists: 'member-level `flattened` is ignored (Nimbus writes flattened lists as the fixture\'s response does)',
  XmlLists: 'member-level `flattened` is ignored (Nimbus writes flattened lists as the fixture\'s response does)',
  RestJsonHttpPayloadTraitsWithNoBlobBody: "an empty body reads as blob b'' where the member is unset",
  HttpPayloadTraitsWithNoBlobBody: "an empty body reads as blob b'' where the member is unset",
  RestJsonHttpPayloadWithUnsetUnion: 'an empty union payload is rejected (the fixture\'s response is empty too)',
  RestXmlHttpPayloadWithUnsetUnion: 'an empty union payload is rejected (the fixture\'s response is empty too)',
  RestJsonInputAndOutputWithQuotedStringHeaders: 'quoted items of a list header are not unquoted',
  RestJsonInputAndOutputWithTimestampHeaders: 'an http-date list header is split at every comma',
  InputAndOutputWithTimestampHeaders: 'an http-date list header is split at every comma',
  MediaTypeHeaderOutputBase64: 'a jsonvalue header is decoded into a JSON value, the fixture expects the string',
  BodyWithXmlName: 'a root element renamed by xmlName is not read (Nimbus writes the fixture\'s <Ahoy> root)',
};

function skipReason(kind: 'input' | 'output', file: string, suite: Suite, c: Case, ignore: IgnoreList): string | undefined {
  const own = NOT_FOR_A_SERVER[c.id] ?? NOT_FOR_A_SERVER[`suite:${suite.description}`];
  if (own) return own;
  const protocol = file.replace(/\.json$/, '');
  // A case botocore's parser (our read-back) cannot read: only where botocore skips it too.
  const gap = BOTOCORE_READ_GAPS[c.id];
  if (kind === 'output' && gap && ignore.protocols[protocol]?.output?.cases.includes(c.id)) {
    return `botocore's parser cannot read it back (botocore skips it too, protocol-tests-ignore-list.json): ${gap}`;
  }
  return undefined;
}

const PROTOCOLS: Record<string, ProtocolName> = {
  json: 'awsJson1_1',
  json_1_0: 'awsJson1_0',
  query: 'awsQuery',
  ec2: 'ec2Query',
  'rest-json': 'restJson1',
  'rest-xml': 'restXml',
  'smithy-rpc-v2-cbor': 'rpcv2Cbor',
};

function protocolOf(suite: Suite): ProtocolName {
  const p = suite.metadata.protocol === 'json' ? (suite.metadata['jsonVersion'] === '1.1' ? 'awsJson1_1' : 'awsJson1_0') : PROTOCOLS[suite.metadata.protocol];
  if (!p) throw new Error(`unknown protocol ${suite.metadata.protocol}`);
  return p;
}

function modelFor(suite: Suite, c: Case): { model: ServiceModel; op: OperationModel } {
  const given = { ...c.given, name: c.given.name ?? 'OperationName' };
  const model = compileBotocoreModel({ metadata: suite.metadata as never, shapes: suite.shapes, operations: [given] });
  return { model, op: model.operations[given.name]! };
}

async function codec(p: ProtocolName): Promise<Codec> {
  return await codecFor(p);
}

// --- input: serialized request -> params ---------------------------------------------------------

function requestOf(c: Case, protocol: ProtocolName): HttpRequest {
  const s = c.serialized!;
  const q = s.uri.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers ?? {})) headers[k.toLowerCase()] = v;
  // CBOR bodies are base64 in the fixtures; every other body is text.
  const body = protocol === 'rpcv2Cbor' ? Buffer.from(s.body ?? '', 'base64') : Buffer.from(s.body ?? '', 'utf8');
  if (body.length) headers['content-length'] ??= String(body.length);
  if (s.host) headers['host'] = s.host;
  return { method: s.method, path: q < 0 ? s.uri : s.uri.slice(0, q), rawQuery: q < 0 ? '' : s.uri.slice(q + 1), headers, body };
}

function decodeContext(req: HttpRequest, model: ServiceModel, op: OperationModel, protocol: ProtocolName): DecodeContext {
  if (protocol === 'restJson1' || protocol === 'restXml') {
    const match = matchRoute(model, req.method, req.path, queryOf(req), req.headers);
    assert.ok(match, `route ${req.method} ${req.path} matches ${op.http?.uri}`);
    assert.equal(match.operation, op.name);
    return { labels: match.labels };
  }
  if (protocol === 'awsQuery' || protocol === 'ec2Query') {
    return { form: new URLSearchParams(req.method === 'GET' ? req.rawQuery : req.body.toString('utf8')) };
  }
  return {};
}

const NONFINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/**
 * Whether a server cannot tell this member's value from an absent one, so that the comparison
 * treats both alike: clients send nothing for an empty list in a query string or an ec2Query form,
 * for an empty map of query parameters, prefix headers or an awsQuery form, and `{}` for both an
 * absent and an empty structure payload.
 */
function indistinguishableFromAbsent(value: unknown, member: MemberModel, model: ServiceModel, protocol: ProtocolName): boolean {
  const target = model.shapes[member.target];
  if (Array.isArray(value)) return value.length === 0 && (member.httpQuery !== undefined || protocol === 'ec2Query');
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || value instanceof Date) return false;
  if (Object.keys(value).length > 0) return false;
  if (target?.type === 'map') return !!member.httpQueryParams || member.httpPrefixHeaders !== undefined || protocol === 'awsQuery' || protocol === 'ec2Query';
  return target?.type === 'structure' && !!member.httpPayload;
}

/**
 * A comparable form of a value of `shape`, for either side. Decoded values must follow Nimbus's
 * conventions (timestamps Date, blobs Buffer), expected params follow the fixtures' (timestamps
 * epoch seconds, blobs UTF-8 strings, null for "not set"); each is mapped to one canonical form,
 * and anything of the wrong kind is kept as a marker that compares unequal.
 */
function canon(value: unknown, model: ServiceModel, shapeName: string, side: 'decoded' | 'params', protocol: ProtocolName): unknown {
  const shape: Shape | undefined = model.shapes[shapeName];
  if (value === undefined || value === null || !shape) return value;
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object' || Array.isArray(value)) return { notAnObject: value };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const m = shape.members[k];
        if (!m) out[k] = { undeclaredMember: v };
        else if (side === 'params' && v === null) continue; // null params are members not set
        else if (!indistinguishableFromAbsent(v, m, model, protocol)) out[k] = canon(v, model, m.target, side, protocol);
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => canon(v, model, shape.member.target, side, protocol)) : { notAList: value };
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return { notAMap: value };
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = canon(v, model, shape.value.target, side, protocol);
      return out;
    }
    case 'timestamp':
      if (side === 'decoded') return value instanceof Date ? { epochSeconds: value.getTime() / 1000 } : { notADate: value };
      return { epochSeconds: typeof value === 'number' ? value : Date.parse(String(value)) / 1000 };
    case 'blob':
      if (side === 'decoded') return Buffer.isBuffer(value) ? { bytes: value.toString('base64') } : { notABuffer: value };
      return { bytes: Buffer.from(String(value), 'utf8').toString('base64') };
    case 'float':
    case 'double':
      if (typeof value === 'string' && value in NONFINITE) return side === 'params' ? { number: value } : { notANumber: value };
      return typeof value === 'number' && !Number.isFinite(value) ? { number: String(value) } : value;
    default:
      return value;
  }
}

async function runInput(suite: Suite, c: Case): Promise<void> {
  const protocol = protocolOf(suite);
  const { model, op } = modelFor(suite, c);
  const req = requestOf(c, protocol);
  const dc = decodeContext(req, model, op, protocol);
  const decoded = (await codec(protocol)).decode(req, model, op, dc);
  const expected = op.input ? canon(c.params ?? {}, model, op.input, 'params', protocol) : {};
  const actual = op.input ? canon(decoded, model, op.input, 'decoded', protocol) : decoded;
  assert.deepStrictEqual(actual, expected);
}

// --- output: result -> response -> botocore -> result ---------------------------------------------

/** The fixtures' result in Nimbus's output conventions: only NaN/Infinity need converting. */
function outputValue(value: unknown, model: ServiceModel, shapeName: string): unknown {
  const shape = model.shapes[shapeName];
  if (value === undefined || value === null || !shape) return value;
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const m = shape.members[k];
        out[k] = m ? outputValue(v, model, m.target) : v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => outputValue(v, model, shape.member.target)) : value;
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = outputValue(v, model, shape.value.target);
      return out;
    }
    case 'float':
    case 'double':
      return typeof value === 'string' && value in NONFINITE ? NONFINITE[value] : value;
    default:
      return value;
  }
}

async function encodeOutput(suite: Suite, c: Case): Promise<HttpResponse> {
  const protocol = protocolOf(suite);
  const { model, op } = modelFor(suite, c);
  const cd = await codec(protocol);
  const ec = { requestId: 'protocol-test-request' };
  if (c.error !== undefined) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.error)) if (k !== 'Message' && k !== 'message') fields[k] = v;
    const shapeName = c.errorCode && model.shapes[c.errorCode] ? c.errorCode : undefined;
    const err = new AwsError(c.errorCode ?? 'UnknownError', c.errorMessage ?? '', {
      fields: shapeName ? (outputValue(fields, model, shapeName) as Record<string, unknown>) : fields,
    });
    return cd.encodeError(err, model, op, ec);
  }
  const result = op.output ? (outputValue(c.result ?? {}, model, op.output) as Record<string, unknown>) : c.result;
  return cd.encode(result, model, op, ec);
}

interface ReadBack {
  key: string;
  ok: boolean;
  parsed?: unknown;
  expected?: unknown;
  message?: string;
}

function readBack(protocol: string, cases: unknown[]): Promise<ReadBack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [READ_BACK], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) return reject(new Error(`botocore read-back failed (${status}): ${stderr}`));
      resolve(JSON.parse(stdout) as ReadBack[]);
    });
    child.stdin.end(JSON.stringify({ protocol, cases }));
  });
}

// --- the suites -----------------------------------------------------------------------------------

function loadFile(kind: 'input' | 'output', file: string): Suite[] {
  const text = readFileSync(join(VECTORS, kind, file), 'utf8').trim();
  return text ? (JSON.parse(text) as Suite[]) : [];
}

if (!existsSync(VECTORS)) {
  describe('botocore protocol test cases', () => {
    it('vectors present', { skip: `protocol test vectors not found at ${VECTORS} (CI provides ../shared beside the clone)` }, () => {});
  });
} else {
  const ignore = JSON.parse(readFileSync(join(VECTORS, 'protocol-tests-ignore-list.json'), 'utf8')) as IgnoreList;

  for (const file of readdirSync(join(VECTORS, 'input')).filter((f) => f.endsWith('.json')).sort()) {
    describe(`protocol vectors: input/${file}`, () => {
      for (const suite of loadFile('input', file)) {
        for (const c of suite.cases) {
          const skip = skipReason('input', file, suite, c, ignore);
          it(c.id, skip ? { skip } : {}, () => runInput(suite, c));
        }
      }
    });
  }

  for (const file of readdirSync(join(VECTORS, 'output')).filter((f) => f.endsWith('.json')).sort()) {
    const suites = loadFile('output', file);
    if (suites.length === 0) continue;
    describe(`protocol vectors: output/${file}`, () => {
      const results = new Map<string, ReadBack | Error>();
      const runnable: Array<{ key: string; suite: Suite; c: Case }> = [];
      suites.forEach((suite, si) =>
        suite.cases.forEach((c, ci) => {
          if (!skipReason('output', file, suite, c, ignore)) runnable.push({ key: `${si}:${ci}`, suite, c });
        }),
      );
      before(async () => {
        const batch: unknown[] = [];
        for (const { key, suite, c } of runnable) {
          try {
            const res = await encodeOutput(suite, c);
            const body = typeof res.body === 'string' ? Buffer.from(res.body, 'utf8') : res.body;
            const { response: _r, result, error, errorCode, errorMessage } = c;
            batch.push({
              key,
              metadata: suite.metadata,
              shapes: suite.shapes,
              given: c.given,
              response: { status_code: res.status, headers: res.headers, body_b64: body.toString('base64') },
              ...(error !== undefined ? { error, errorCode, errorMessage } : { result: result ?? {} }),
            });
          } catch (e) {
            results.set(key, e as Error);
          }
        }
        const protocol = suites[0]!.metadata.protocol;
        for (const r of await readBack(protocol, batch)) results.set(r.key, r);
      });
      suites.forEach((suite, si) =>
        suite.cases.forEach((c, ci) => {
          const skip = skipReason('output', file, suite, c, ignore);
          it(c.id, skip ? { skip } : {}, () => {
            const r = results.get(`${si}:${ci}`);
            if (r instanceof Error) throw r;
            assert.ok(r, 'read back');
            if (r.message) assert.fail(`botocore could not read the response: ${r.message}`);
            assert.ok(r.ok, `botocore read back\n${JSON.stringify(r.parsed)}\nexpected\n${JSON.stringify(r.expected)}`);
          });
        }),
      );
    });
  }
}
