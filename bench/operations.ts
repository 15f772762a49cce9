// The operations `npm run bench` measures: one cheap call per AWS wire-protocol family, built the way
// the SDKs build them (with a static, unverified SigV4 Authorization header — neither Nimbus nor
// moto_server checks signatures by default).
//
// Adding an operation is a one-entry change to OPERATIONS below. An entry may list `setup` requests
// (sent once per server before measuring, e.g. a CreateQueue before SendMessage); bodies may be
// functions of the server's endpoint (e.g. for a QueueUrl).
import { decodeCbor } from '../src/protocol/cbor-decode.js';

export type ProtocolFamily =
  | 'awsQuery'
  | 'ec2Query'
  | 'awsJson1_0'
  | 'awsJson1_1'
  | 'restXml'
  | 'restJson1'
  | 'rpcv2Cbor';

export interface RequestContext {
  /** e.g. http://127.0.0.1:45123 */
  endpoint: string;
  /** Values setup requests captured from their responses (a KMS key id, a ciphertext). */
  vars?: Record<string, string>;
}

export type BodySpec = string | Uint8Array | ((ctx: RequestContext) => string | Uint8Array);

export interface RequestSpec {
  /** SigV4 signing name (the credential scope's service), which moto_server also routes on. */
  signingName: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Path plus query string. */
  path: string;
  headers?: Record<string, string>;
  body?: BodySpec;
  /** A setup request's hook on its response: keeps what later requests need in ctx.vars. */
  capture?: (body: Buffer, ctx: RequestContext) => void;
}

export interface Expectation {
  /** Exact status required; default: any 2xx. */
  status?: number;
  /** Substring every response body must contain (checked inside wrk on every response too). */
  bodyIncludes?: string;
  /** Header every response must carry, value compared case-insensitively as a substring (also checked in wrk). */
  header?: { name: string; includes: string };
  /** Deeper check run on the single verification request before measuring; returns an error or null. */
  verify?: (body: Buffer, headers: Record<string, string>) => string | null;
}

export interface Operation extends RequestSpec {
  /** Short id used by `--only`. */
  name: string;
  label: string;
  protocol: ProtocolFamily;
  expect: Expectation;
  /** Requests sent once (each must succeed with 2xx) before this operation is measured on a server. */
  setup?: RequestSpec[];
  /** Stop sending `setup` requests after this long (a preload that a slow server cannot finish). */
  setupBudgetMs?: number;
  /** Requests sent once after this operation's runs on a server (errors ignored): what the runs
   *  piled up (sent messages) would otherwise weigh on every later row (GC of a bigger heap). */
  teardown?: RequestSpec[];
  /** A request/response flow instead of one repeated request (see BuiltRequest.lua). */
  lua?: (ctx: RequestContext) => string;
}

export interface BuiltRequest {
  method: string;
  path: string;
  /** Without Host and Content-Length (node:http and wrk add them). */
  headers: Record<string, string>;
  body: Buffer;
  /** Lua defining wrk's `request()` and `response()` for flows where each request depends on an
   *  earlier response (SQS receive -> delete). It sees `wrk.*` set to this request, and must count
   *  bad responses in the global `failed` (and keep a `sample`); `strict` is false for the bare
   *  ceiling server, whose responses are checked on status only. */
  lua?: string;
}

const AMZ_DATE = '20261127T000000Z';
const FAKE_SIGNATURE = 'a'.repeat(16) + 'b'.repeat(16) + '0123456789abcdef'.repeat(2);
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/** Static fake SigV4 header of the shape the SDKs send. */
export function fakeAuthorization(signingName: string, signedHeaders = 'host;x-amz-date'): string {
  return (
    `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/us-east-1/${signingName}/aws4_request, ` +
    `SignedHeaders=${signedHeaders}, Signature=${FAKE_SIGNATURE}`
  );
}

export function buildRequest(spec: RequestSpec, ctx: RequestContext): BuiltRequest {
  const raw = typeof spec.body === 'function' ? spec.body(ctx) : spec.body;
  const body = raw === undefined ? Buffer.alloc(0) : typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  const extra = spec.headers ?? {};
  const signed = ['host', 'x-amz-date', ...Object.keys(extra).map((h) => h.toLowerCase())]
    .filter((h) => h !== 'user-agent')
    .sort();
  const headers: Record<string, string> = {
    'user-agent': 'aws-sdk-js/3.1169.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2 api/bench#3.1169.0',
    'amz-sdk-invocation-id': '5f0e4b5c-8c3e-4b8a-9d0a-2f3c1e9a7b61',
    'amz-sdk-request': 'attempt=1; max=3',
    'x-amz-date': AMZ_DATE,
    ...extra,
    authorization: fakeAuthorization(spec.signingName, ['amz-sdk-invocation-id', 'amz-sdk-request', ...signed].sort().join(';')),
  };
  const lua = 'lua' in spec && typeof spec.lua === 'function' ? (spec as Operation).lua!(ctx) : undefined;
  return { method: spec.method, path: spec.path, headers, body, ...(lua !== undefined && { lua }) };
}

// ---- helpers so most entries are one line of data ----

function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function jsonObject(body: Buffer): string | null {
  try {
    const v: unknown = JSON.parse(body.toString('utf8') || 'null');
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'body is not a JSON object';
  } catch {
    return 'body is not JSON';
  }
}

function cborMap(body: Buffer, headers: Record<string, string>): string | null {
  if (!(headers['content-type'] ?? '').includes('application/cbor')) return `content-type is ${headers['content-type'] ?? 'missing'}`;
  try {
    const v: unknown = decodeCbor(body);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? null : 'body is not a CBOR map';
  } catch {
    return 'body is not CBOR';
  }
}

/** awsQuery / ec2Query: POST / with a form body. */
function query(signingName: string, params: Record<string, string>): Pick<Operation, 'signingName' | 'method' | 'path' | 'headers' | 'body'> {
  return { signingName, method: 'POST', path: '/', headers: { 'content-type': FORM }, body: form(params) };
}

/** awsJson1_0 / awsJson1_1: POST / with X-Amz-Target. */
function json(signingName: string, target: string, body: string, version: '1.0' | '1.1' = '1.0'): Pick<Operation, 'signingName' | 'method' | 'path' | 'headers' | 'body'> {
  return {
    signingName,
    method: 'POST',
    path: '/',
    headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
    body,
  };
}

/** rpcv2Cbor: POST /service/<service>/operation/<op>. */
function cbor(signingName: string, service: string, operation: string, body: Uint8Array): Pick<Operation, 'signingName' | 'method' | 'path' | 'headers' | 'body'> {
  return {
    signingName,
    method: 'POST',
    path: `/service/${service}/operation/${operation}`,
    headers: { 'smithy-protocol': 'rpc-v2-cbor', 'content-type': 'application/cbor', accept: 'application/cbor' },
    body,
  };
}

const CBOR_EMPTY_MAP = Uint8Array.of(0xa0);

// ---- SQS messages: SendMessage (JSON and query) and a ReceiveMessage+DeleteMessage drain ----

const SQS_ACCOUNT = '000000000000';
/** A typical small message (~100 bytes of JSON). */
const SQS_BODY = '{"orderId":"8f14e45f-ceea-467a-9575-6d1f6f5b8c3a","status":"CREATED","amount":42.5,"currency":"EUR"}';
const sqsUrl = (ctx: RequestContext, queue: string): string => `${ctx.endpoint}/${SQS_ACCOUNT}/${queue}`;
const sqsCreate = (queue: string): RequestSpec => json('sqs', 'AmazonSQS.CreateQueue', JSON.stringify({ QueueName: queue }));
const sqsPurge = (queue: string): RequestSpec => ({ ...json('sqs', 'AmazonSQS.PurgeQueue', ''), body: (ctx) => JSON.stringify({ QueueUrl: sqsUrl(ctx, queue) }) });

/** Messages preloaded for the drain: enough for warm-up plus every measured run (and the noisy-run
 *  retries) at well over the target rate, so a receive never finds the queue empty. */
const DRAIN_PRELOAD_BATCHES = 30_000;
const drainBatch: RequestSpec = {
  ...json('sqs', 'AmazonSQS.SendMessageBatch', ''),
  body: (ctx) =>
    JSON.stringify({ QueueUrl: sqsUrl(ctx, 'bench-drain'), Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: SQS_BODY })) }),
};

/** The drain flow: every receipt handle a ReceiveMessage returns is deleted by a later request on
 *  any connection; otherwise the next request is another ReceiveMessage. Both count as requests.
 *  An empty receive (`{}` when no delete is outstanding) counts as a failure: the preload ran out. */
function sqsDrainLua(ctx: RequestContext): string {
  const url = sqsUrl(ctx, 'bench-drain');
  return `
local pending = {}
local deletes_out = 0
local receive = nil
local delete_headers = nil
local url = ${luaLiteral(url)}
function request()
  -- Built on first use: wrk.host (the Host header) is only known once the thread runs.
  if receive == nil then
    receive = wrk.format()
    delete_headers = {}
    for k, v in pairs(wrk.headers) do delete_headers[k] = v end
    delete_headers["x-amz-target"] = "AmazonSQS.DeleteMessage"
  end
  local h = table.remove(pending)
  if h ~= nil then
    deletes_out = deletes_out + 1
    return wrk.format("POST", "/", delete_headers, '{"QueueUrl":"' .. url .. '","ReceiptHandle":"' .. h .. '"}')
  end
  return receive
end
function response(status, headers, body)
  local bad = status ~= 200
  if not bad and strict then
    local h = string.match(body, '"ReceiptHandle"%s*:%s*"([^"]+)"')
    if h ~= nil then
      table.insert(pending, h)
    elseif deletes_out > 0 then
      deletes_out = deletes_out - 1
    else
      bad = true
    end
  end
  if bad then
    failed = failed + 1
    if sample == nil then sample = tostring(status) .. " " .. string.sub(body or "", 1, 300) end
  end
end
`;
}

/** A Lua string literal (ASCII URLs only). */
function luaLiteral(s: string): string {
  return JSON.stringify(s);
}

function hasReceiptHandle(body: Buffer): string | null {
  return body.includes('"ReceiptHandle"') ? null : 'no message received (ReceiptHandle missing)';
}

// ---- DynamoDB: PutItem, GetItem and a 100-item Query page ----

const ddbTarget = (op: string) => `DynamoDB_20120810.${op}`;
const ddbCreate = (table: string): RequestSpec => ({
  ...json('dynamodb', ddbTarget('CreateTable'), JSON.stringify({
    TableName: table, BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  })),
});
const DDB_ITEM = { pk: { S: 'user#1' }, sk: { N: '0' }, name: { S: 'Ada Lovelace' }, score: { N: '42' }, tags: { SS: ['a', 'b'] } };
/** A 100-item partition for the Query row (and the PutItem/GetItem item). */
const ddbFill = (table: string): RequestSpec[] => Array.from({ length: 4 }, (_, b) => ({
  ...json('dynamodb', ddbTarget('BatchWriteItem'), JSON.stringify({
    RequestItems: { [table]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { ...DDB_ITEM, pk: { S: 'part' }, sk: { N: String(b * 25 + i) } } } })) },
  })),
}));
const ddbSetup = (table: string): RequestSpec[] => [ddbCreate(table), ...ddbFill(table), { ...json('dynamodb', ddbTarget('PutItem'), JSON.stringify({ TableName: table, Item: DDB_ITEM })) }];

const DDB_OPERATIONS: Operation[] = [
  {
    name: 'ddb-list',
    label: 'DynamoDB ListTables',
    protocol: 'awsJson1_0',
    ...json('dynamodb', ddbTarget('ListTables'), '{}'),
    expect: { status: 200, bodyIncludes: '"TableNames"' },
  },
  {
    name: 'ddb-put',
    label: 'DynamoDB PutItem',
    protocol: 'awsJson1_0',
    ...json('dynamodb', ddbTarget('PutItem'), JSON.stringify({ TableName: 'bench-put', Item: DDB_ITEM })),
    setup: ddbSetup('bench-put'),
    expect: { status: 200, header: { name: 'x-amz-crc32', includes: '' } },
  },
  {
    name: 'ddb-get',
    label: 'DynamoDB GetItem',
    protocol: 'awsJson1_0',
    ...json('dynamodb', ddbTarget('GetItem'), JSON.stringify({ TableName: 'bench-get', Key: { pk: DDB_ITEM.pk, sk: DDB_ITEM.sk } })),
    setup: ddbSetup('bench-get'),
    expect: { status: 200, bodyIncludes: '"Ada Lovelace"' },
  },
  {
    name: 'ddb-query',
    label: 'DynamoDB Query (100 items)',
    protocol: 'awsJson1_0',
    ...json('dynamodb', ddbTarget('Query'), JSON.stringify({ TableName: 'bench-query', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'part' } }, Limit: 100 })),
    setup: ddbSetup('bench-query'),
    expect: { status: 200, bodyIncludes: '"Count":100' },
  },
];

const SQS_OPERATIONS: Operation[] = [
  {
    name: 'sqs-send-json',
    label: 'SQS SendMessage',
    protocol: 'awsJson1_0',
    ...json('sqs', 'AmazonSQS.SendMessage', ''),
    body: (ctx) => JSON.stringify({ QueueUrl: sqsUrl(ctx, 'bench-send-json'), MessageBody: SQS_BODY }),
    setup: [sqsCreate('bench-send-json')],
    teardown: [sqsPurge('bench-send-json')],
    expect: { status: 200, bodyIncludes: '"MD5OfMessageBody"' },
  },
  {
    name: 'sqs-send-query',
    label: 'SQS SendMessage',
    protocol: 'awsQuery',
    ...query('sqs', {}),
    body: (ctx) => form({ Action: 'SendMessage', Version: '2012-11-05', QueueUrl: sqsUrl(ctx, 'bench-send-query'), MessageBody: SQS_BODY }),
    setup: [sqsCreate('bench-send-query')],
    teardown: [sqsPurge('bench-send-query')],
    expect: { status: 200, bodyIncludes: '<MD5OfMessageBody>' },
  },
  {
    name: 'sqs-drain',
    label: 'SQS ReceiveMessage+DeleteMessage',
    protocol: 'awsJson1_0',
    ...json('sqs', 'AmazonSQS.ReceiveMessage', ''),
    body: (ctx) => JSON.stringify({ QueueUrl: sqsUrl(ctx, 'bench-drain') }),
    setup: [sqsCreate('bench-drain'), ...new Array<RequestSpec>(DRAIN_PRELOAD_BATCHES).fill(drainBatch)],
    // Nimbus loads all 300,000 well within this; moto_server slows down as its queue grows (0.4 s
    // per batch at 6,000 messages), so it gets what it can load in this time (~1,500 messages).
    setupBudgetMs: 30_000,
    teardown: [sqsPurge('bench-drain')],
    lua: sqsDrainLua,
    expect: { status: 200, verify: hasReceiptHandle },
  },
];

// ---- SSM Parameter Store and KMS (awsJson1_1) ----

const SSM_VALUE = 'postgres://db.internal:5432/orders';
const ssmPut = (name: string): RequestSpec => json('ssm', 'AmazonSSM.PutParameter', JSON.stringify({ Name: name, Value: SSM_VALUE, Type: 'String', Overwrite: true }), '1.1');

/** A JSON member of a setup response, kept in ctx.vars (nothing on servers that answer otherwise). */
function captureJson(member: string, variable: string): RequestSpec['capture'] {
  return (body, ctx) => {
    try {
      const v = JSON.parse(body.toString('utf8')) as Record<string, any>;
      const value = member.split('.').reduce<any>((o, k) => o?.[k], v);
      if (typeof value === 'string') (ctx.vars ??= {})[variable] = value;
    } catch {
      /* the bare ceiling answers no JSON */
    }
  };
}

/** A typical small secret (100 bytes), base64 as the SDK sends blobs. */
const KMS_PLAINTEXT = Buffer.alloc(100, 0x61).toString('base64');
const kmsCreateKey = (variable: string): RequestSpec => ({
  ...json('kms', 'TrentService.CreateKey', '{}', '1.1'),
  capture: captureJson('KeyMetadata.KeyId', variable),
});

const SSM_KMS_OPERATIONS: Operation[] = [
  {
    name: 'ssm-put',
    label: 'SSM PutParameter',
    protocol: 'awsJson1_1',
    ...ssmPut('/bench/put'),
    expect: { status: 200, bodyIncludes: '"Version"' },
  },
  {
    name: 'ssm-get',
    label: 'SSM GetParameter',
    protocol: 'awsJson1_1',
    ...json('ssm', 'AmazonSSM.GetParameter', JSON.stringify({ Name: '/bench/get' }), '1.1'),
    setup: [ssmPut('/bench/get')],
    expect: { status: 200, bodyIncludes: '"Value"' },
  },
  {
    name: 'kms-encrypt',
    label: 'KMS Encrypt',
    protocol: 'awsJson1_1',
    ...json('kms', 'TrentService.Encrypt', '', '1.1'),
    body: (ctx) => JSON.stringify({ KeyId: ctx.vars?.encryptKey ?? 'none', Plaintext: KMS_PLAINTEXT }),
    setup: [kmsCreateKey('encryptKey')],
    expect: { status: 200, bodyIncludes: '"CiphertextBlob"' },
  },
  {
    name: 'kms-decrypt',
    label: 'KMS Decrypt',
    protocol: 'awsJson1_1',
    ...json('kms', 'TrentService.Decrypt', '', '1.1'),
    body: (ctx) => JSON.stringify({ CiphertextBlob: ctx.vars?.blob ?? 'AA==' }),
    setup: [
      kmsCreateKey('decryptKey'),
      {
        ...json('kms', 'TrentService.Encrypt', '', '1.1'),
        body: (ctx) => JSON.stringify({ KeyId: ctx.vars?.decryptKey ?? 'none', Plaintext: KMS_PLAINTEXT }),
        capture: captureJson('CiphertextBlob', 'blob'),
      },
    ],
    expect: { status: 200, bodyIncludes: '"Plaintext"' },
  },
];

export const OPERATIONS: Operation[] = [
  {
    name: 'sts',
    label: 'STS GetCallerIdentity',
    protocol: 'awsQuery',
    ...query('sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }),
    expect: { status: 200, bodyIncludes: '<GetCallerIdentityResult>' },
  },
  {
    name: 'sqs-json',
    label: 'SQS ListQueues',
    protocol: 'awsJson1_0',
    ...json('sqs', 'AmazonSQS.ListQueues', '{}'),
    expect: { status: 200, verify: jsonObject },
  },
  {
    name: 'sqs-query',
    label: 'SQS ListQueues',
    protocol: 'awsQuery',
    ...query('sqs', { Action: 'ListQueues', Version: '2012-11-05' }),
    expect: { status: 200, bodyIncludes: '<ListQueuesResult' },
  },
  {
    name: 'ec2',
    label: 'EC2 DescribeRegions',
    protocol: 'ec2Query',
    ...query('ec2', { Action: 'DescribeRegions', Version: '2016-11-15' }),
    expect: { status: 200, bodyIncludes: '<regionInfo' },
  },
  {
    name: 's3',
    label: 'S3 ListBuckets',
    protocol: 'restXml',
    signingName: 's3',
    method: 'GET',
    path: '/',
    headers: { 'x-amz-content-sha256': EMPTY_SHA256 },
    expect: { status: 200, bodyIncludes: '<ListAllMyBucketsResult' },
  },
  {
    name: 'lambda',
    label: 'Lambda ListFunctions',
    protocol: 'restJson1',
    signingName: 'lambda',
    method: 'GET',
    path: '/2015-03-31/functions/',
    expect: { status: 200, bodyIncludes: '"Functions"' },
  },
  {
    name: 'cw-cbor',
    label: 'CloudWatch ListMetrics',
    protocol: 'rpcv2Cbor',
    ...cbor('monitoring', 'GraniteServiceVersion20100801', 'ListMetrics', CBOR_EMPTY_MAP),
    expect: { status: 200, header: { name: 'smithy-protocol', includes: 'rpc-v2-cbor' }, verify: cborMap },
  },
  {
    name: 'cw-json',
    label: 'CloudWatch ListMetrics',
    protocol: 'awsJson1_0',
    ...json('monitoring', 'GraniteServiceVersion20100801.ListMetrics', '{}'),
    expect: { status: 200, verify: jsonObject },
  },
  ...SQS_OPERATIONS,
  ...SSM_KMS_OPERATIONS,
  ...DDB_OPERATIONS,
];

/** Check a full response against an expectation; `statusOnly` for the bare ceiling server. */
export function checkResponse(
  expect: Expectation,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  statusOnly: boolean,
): string | null {
  if (expect.status !== undefined && !statusOnly ? status !== expect.status : status < 200 || status > 299) {
    return `status ${status}`;
  }
  if (statusOnly) return null;
  if (expect.bodyIncludes !== undefined && !body.includes(expect.bodyIncludes)) return `body lacks ${expect.bodyIncludes}`;
  if (expect.header) {
    const v = headers[expect.header.name.toLowerCase()];
    if (v === undefined || !v.toLowerCase().includes(expect.header.includes.toLowerCase())) {
      return `header ${expect.header.name} is ${v ?? 'missing'}`;
    }
  }
  return expect.verify ? expect.verify(body, headers) : null;
}
