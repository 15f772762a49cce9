// Deterministic protocol fuzz: model-valid seed requests of every service and protocol (built by
// the SDK v3 clients, fuzz-seeds.ts), broken in every way fuzz-mutations.ts knows, sent raw over
// HTTP to one in-process Nimbus. Bad input must never reach a handler as a crash: no status >= 500
// except 501 NotImplemented, and every response body well-formed in the request's protocol, with
// the error code where the protocol defines one.
//
// The run is bounded in count (ROUNDS mutations per seed), never in time, and reproducible: the
// PRNG is seeded with SEED, and a failure prints the seed index, the mutation, the request and the
// response. Bodies of 600 MiB (body size limits) are the server's tests, not this one's.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, test } from 'node:test';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ProtocolName } from '../../src/models/types.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { useNimbus } from '../support/nimbus.js';
import { applicable, mutate, Rng, SAME_ANSWER, type MutationClass } from './fuzz-mutations.js';
import { buildSeeds, type Seed } from './fuzz-seeds.js';

// Fixed by default; NIMBUS_FUZZ_SEED / NIMBUS_FUZZ_ROUNDS explore further (a failure found that
// way is reproduced by running with the same two values).
const SEED = Number(process.env.NIMBUS_FUZZ_SEED ?? 0x6e696d62); // "nimb"
const ROUNDS = Number(process.env.NIMBUS_FUZZ_ROUNDS ?? 30);

const t = useNimbus();
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
after(() => agent.destroy());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function send(req: HttpRequest): Promise<Raw> {
  const target = req.path + (req.rawQuery ? `?${req.rawQuery}` : '');
  const { hostname, port } = new URL(t.nimbus.endpoint);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k === 'content-length' || k === 'transfer-encoding' || k === 'host') continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  headers['content-length'] = String(req.body.length);
  return new Promise((resolve, reject) => {
    // `path` goes on the request line as is, so an absolute-form target stays absolute.
    const r = request({ hostname, port, path: target, method: req.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

// ---------------------------------------------------------------------------------------------
// Well-formedness per protocol

let validator: { validate(xml: string): true | object } | undefined;
const xmlValid = (text: string) =>
  (validator ??= (createRequire(import.meta.url)('fast-xml-parser') as { XMLValidator: typeof validator }).XMLValidator!).validate(text) === true;
let cbor: { deserialize(b: Uint8Array): unknown } | undefined;
const cborDecode = (b: Buffer) => (cbor ??= (createRequire(import.meta.url)('@smithy/core/cbor') as { cbor: typeof cbor }).cbor!).deserialize(b);

/** What is wrong with a response to a request of `protocol`, or undefined when nothing is. */
export function problem(protocol: ProtocolName, method: string, r: Raw): string | undefined {
  if (r.status >= 500 && r.status !== 501) return `status ${r.status}`;
  const error = r.status >= 300;
  const text = r.body.toString('utf8');
  switch (protocol) {
    case 'awsJson1_0':
    case 'awsJson1_1':
    case 'restJson1': {
      if (protocol === 'restJson1' && !error) return undefined; // payloads may be anything
      if (text === '' && protocol === 'restJson1' && (method === 'HEAD' || r.status === 204 || r.status === 304)) return undefined;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return 'body is not JSON';
      }
      if (!error) return undefined;
      const code = (body as { __type?: unknown; code?: unknown })?.__type ?? r.headers['x-amzn-errortype'];
      if (typeof code !== 'string' || code === '') return 'error without __type / X-Amzn-ErrorType';
      return undefined;
    }
    case 'rpcv2Cbor': {
      if (r.headers['smithy-protocol'] !== 'rpc-v2-cbor') return 'no smithy-protocol: rpc-v2-cbor header';
      if (r.body.length === 0) return error ? 'error without a body' : undefined;
      let body: unknown;
      try {
        body = cborDecode(r.body);
      } catch {
        return 'body is not CBOR';
      }
      if (error && typeof (body as { __type?: unknown })?.__type !== 'string') return 'error without __type';
      return undefined;
    }
    case 'awsQuery':
    case 'ec2Query':
    case 'restXml': {
      if (text === '') {
        if (protocol === 'restXml' && (method === 'HEAD' || !error)) return undefined;
        return 'empty body';
      }
      if (!xmlValid(text)) return 'body is not well-formed XML';
      if (!error) return undefined;
      const shape = protocol === 'awsQuery' ? /^(<\?xml[^>]*\?>\s*)?<ErrorResponse[\s>]/ : protocol === 'ec2Query' ? /^(<\?xml[^>]*\?>\s*)?<Response>\s*<Errors>/ : /^(<\?xml[^>]*\?>\s*)?<Error>/;
      if (!shape.test(text)) return 'error body not in the protocol’s envelope';
      if (!/<Code>[^<]+<\/Code>/.test(text)) return 'error without <Code>';
      return undefined;
    }
  }
}

function show(req: HttpRequest | Raw, max = 600): string {
  const body = req.body.length > max ? `${req.body.subarray(0, max).toString('utf8')}... (${req.body.length} bytes)` : req.body.toString('utf8');
  if ('status' in req) return `  HTTP ${req.status} ${JSON.stringify(req.headers)}\n  ${body}`;
  return `  ${req.method} ${req.path}${req.rawQuery ? `?${req.rawQuery.slice(0, max)}` : ''}\n  ${JSON.stringify(req.headers)}\n  ${body}`;
}

// ---------------------------------------------------------------------------------------------

let seeds: Seed[] = [];

/** The error code of an error response (undefined for a success), per protocol. */
function errorCode(protocol: ProtocolName, r: Raw): string | undefined {
  if (r.status < 300) return undefined;
  const text = r.body.toString('utf8');
  try {
    switch (protocol) {
      case 'awsJson1_0':
      case 'awsJson1_1':
      case 'restJson1':
        return String((r.headers['x-amzn-errortype'] as string | undefined) ?? (JSON.parse(text) as { __type?: string }).__type ?? '').split(':')[0]!.split('#').pop();
      case 'rpcv2Cbor':
        return String((cborDecode(r.body) as { __type?: string }).__type ?? '').split('#').pop();
      default:
        return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
    }
  } catch {
    return undefined;
  }
}

/**
 * A SAME_ANSWER mutation (gzip body, absolute-form target) must get the answer of the same request
 * unmutated: same status, same error code. Seeds are not all idempotent (SNS AddPermission answers
 * "Statement already exists" the second time; RemovePermission, which another seed sends, undoes
 * it), so the seed is replayed twice right before the mutation and the mutation is compared with
 * the second replay: the answer in the state the seed itself leaves, which a third identical
 * request gets too.
 */
function sameAnswer(protocol: ProtocolName, mutated: Raw, replay: Raw): string | undefined {
  if (mutated.status !== replay.status) return `status ${mutated.status}, unmutated ${replay.status}`;
  const [a, b] = [errorCode(protocol, mutated), errorCode(protocol, replay)];
  if (a !== b) return `error ${a}, unmutated ${b}`;
  return undefined;
}
let prepared: Promise<void> | undefined;

/** Creates the resources the seeds name and captures the seeds (once, after Nimbus started). */
const prepare = () => (prepared ??= (async () => {
  const config = t.config();
  const sqs = new SQSClient(config);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'fuzz-queue' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const { TopicArn } = await new SNSClient(config).send(new CreateTopicCommand({ Name: 'fuzz-topic' }));
  await new S3Client({ ...config, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'fuzz-bucket' }));
  seeds = await buildSeeds({ queueUrl: QueueUrl!, queueArn: Attributes!.QueueArn!, topicArn: TopicArn!, bucket: 'fuzz-bucket' });
})());

test('seeds cover every service and protocol, and answer cleanly unmutated', async () => {
  await prepare();
  const services = new Set(seeds.map((s) => s.name.split('/')[0]));
  const protocols = new Set(seeds.map((s) => s.protocol));
  assert.equal(services.size, 20, [...services].join(' '));
  assert.deepEqual([...protocols].sort(), ['awsJson1_0', 'awsJson1_1', 'awsQuery', 'ec2Query', 'restJson1', 'restXml', 'rpcv2Cbor']);
  const failures: string[] = [];
  for (const [i, seed] of seeds.entries()) {
    const res = await send(seed.req);
    const p = problem(seed.protocol, seed.req.method, res);
    if (p) failures.push(`seed #${i} ${seed.name}: ${p}\n${show(seed.req)}\n${show(res)}`);
  }
  assert.equal(failures.length, 0, failures.join('\n\n'));
});

test(`fuzz: ${ROUNDS} mutations per seed, seed ${SEED.toString(16)}`, async () => {
  await prepare();
  const rng = new Rng(SEED);
  const failures: string[] = [];
  const counts = new Map<MutationClass, number>();
  const spent = new Map<MutationClass, number>(); // reported, never asserted
  let sent = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, seed] of seeds.entries()) {
      const classes = applicable(seed);
      const m = mutate(rng, seed, rng.pick(classes));
      if (!m) continue;
      sent++;
      counts.set(m.mutation, (counts.get(m.mutation) ?? 0) + 1);
      const replay = SAME_ANSWER.has(m.mutation) ? await send(seed.req).then(() => send(seed.req)) : undefined;
      const started = performance.now();
      const res = await send(m.req);
      const took = performance.now() - started;
      spent.set(m.mutation, (spent.get(m.mutation) ?? 0) + took);
      if (process.env.NIMBUS_FUZZ_REPORT && took > 100) console.log(`fuzz: slow ${Math.round(took)} ms: #${i} ${seed.name} ${m.mutation} ${m.detail.slice(0, 80)} -> ${res.status} ${res.body.length}`);
      let p = problem(seed.protocol, m.req.method, res);
      if (!p && replay) p = sameAnswer(seed.protocol, res, replay);
      if (!p) continue;
      const unmutated = replay ? `\n  unmutated:\n${show(replay)}` : '';
      failures.push(`seed #${i} ${seed.name}, round ${round}, ${m.mutation}: ${m.detail}\n  -> ${p}\n${show(m.req)}\n${show(res)}${unmutated}`);
    }
  }
  const summary = `${sent} requests from ${seeds.length} seeds: ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`;
  console.log(`fuzz: ${summary}`);
  if (process.env.NIMBUS_FUZZ_REPORT) console.log(`fuzz: ms per class: ${[...spent].map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
  // NIMBUS_FUZZ_REPORT=<file> writes every failure, for triage.
  if (process.env.NIMBUS_FUZZ_REPORT) writeFileSync(process.env.NIMBUS_FUZZ_REPORT, failures.join('\n\n'));
  assert.equal(failures.length, 0, `${failures.length} failures (${summary}); the first ones:\n\n${failures.slice(0, 15).join('\n\n')}`);
});
