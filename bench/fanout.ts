// Fanout benchmark (not a wrk run): 1 SNS topic, 3 SQS queues subscribed to it, N publishes; the
// time from the first Publish until all 3N messages are receivable (ApproximateNumberOfMessages of
// the three queues adds up to 3N). Publishes go out over plain node http with keep-alive, C at a
// time, the way an application publishes; each server runs fresh, alone on the machine, and first
// gets a short warm-up fanout on another topic (JIT, lazily created state, Nimbus's signing key),
// as the wrk runs get a warm-up second.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildRequest, type RequestSpec } from './operations.js';

export interface FanoutOptions {
  publishes: number;
  concurrency: number;
  /** Give up waiting for deliveries after this long. */
  timeoutMs: number;
  /** Publishes of the untimed warm-up round (0: none). */
  warmup: number;
  /** Subscribe with RawMessageDelivery=true (no envelope, so no signature per message). */
  raw: boolean;
}

export const FANOUT_DEFAULTS: FanoutOptions = { publishes: 1000, concurrency: 32, timeoutMs: 300_000, warmup: 200, raw: false };

export interface FanoutResult {
  publishes: number;
  deliveries: number;
  /** First Publish sent -> last Publish answered. */
  publishMs: number;
  /** First Publish sent -> all deliveries receivable. */
  receivableMs: number;
  deliveriesPerSec: number;
  /** CPU (user+sys) the server process tree spent per Publish during the timed run, µs. */
  serverCpuUsPerPublish?: number;
  error?: string;
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function snsQuery(params: Record<string, string>): RequestSpec {
  return { signingName: 'sns', method: 'POST', path: '/', headers: { 'content-type': FORM }, body: new URLSearchParams({ ...params, Version: '2010-03-31' }).toString() };
}

function sqsJson(operation: string, body: unknown): RequestSpec {
  return {
    signingName: 'sqs',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` },
    body: JSON.stringify(body),
  };
}

async function send(agent: http.Agent, port: number, spec: RequestSpec): Promise<{ status: number; body: string }> {
  const req = buildRequest(spec, { endpoint: `http://127.0.0.1:${port}` });
  return new Promise((resolve, reject) => {
    const r = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers: { ...req.headers, 'content-length': String(req.body.length) }, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

async function ok(agent: http.Agent, port: number, spec: RequestSpec, what: string): Promise<string> {
  const r = await send(agent, port, spec);
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: HTTP ${r.status}: ${r.body.slice(0, 300)}`);
  return r.body;
}

function xmlValue(body: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(body);
  if (!m) throw new Error(`no <${tag}> in ${body.slice(0, 300)}`);
  return m[1]!;
}

/** Runs the fanout against a server listening on 127.0.0.1:port (after its warm-up round). */
export async function runFanout(port: number, o: FanoutOptions = FANOUT_DEFAULTS): Promise<FanoutResult> {
  if (o.warmup > 0) {
    const w = await fanoutOnce(port, { ...o, publishes: o.warmup }, 'warmup');
    if (w.error) return { ...w, publishes: o.publishes, deliveries: o.publishes * 3, error: `warm-up: ${w.error}` };
  }
  return fanoutOnce(port, o, 'run');
}

async function fanoutOnce(port: number, o: FanoutOptions, label: string): Promise<FanoutResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const deliveries = o.publishes * 3;
  try {
    const suffix = `${label}-${Date.now().toString(36)}`;
    const topicArn = xmlValue(await ok(agent, port, snsQuery({ Action: 'CreateTopic', Name: `bench-fanout-${suffix}` }), 'CreateTopic'), 'TopicArn');
    const queueUrls: string[] = [];
    for (let i = 0; i < 3; i++) {
      const url = (JSON.parse(await ok(agent, port, sqsJson('CreateQueue', { QueueName: `bench-fanout-${suffix}-${i}` }), 'CreateQueue')) as { QueueUrl: string }).QueueUrl;
      const attrs = JSON.parse(await ok(agent, port, sqsJson('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['QueueArn'] }), 'GetQueueAttributes')) as {
        Attributes: { QueueArn: string };
      };
      const raw: Record<string, string> = o.raw ? { 'Attributes.entry.1.key': 'RawMessageDelivery', 'Attributes.entry.1.value': 'true' } : {};
      await ok(agent, port, snsQuery({ Action: 'Subscribe', TopicArn: topicArn, Protocol: 'sqs', Endpoint: attrs.Attributes.QueueArn, ...raw }), 'Subscribe');
      queueUrls.push(url);
    }

    const t0 = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < o.publishes) {
        const i = next++;
        await ok(agent, port, snsQuery({ Action: 'Publish', TopicArn: topicArn, Message: JSON.stringify({ order: i, item: `item-${i}`, note: 'x'.repeat(64) }) }), 'Publish');
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    const publishMs = performance.now() - t0;

    const counted = async (): Promise<number> => {
      let total = 0;
      for (const url of queueUrls) {
        const r = JSON.parse(await ok(agent, port, sqsJson('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }), 'GetQueueAttributes')) as {
          Attributes: { ApproximateNumberOfMessages: string };
        };
        total += Number(r.Attributes.ApproximateNumberOfMessages);
      }
      return total;
    };
    let seen = await counted();
    while (seen < deliveries) {
      if (performance.now() - t0 > o.timeoutMs) throw new Error(`only ${seen} of ${deliveries} deliveries receivable after ${o.timeoutMs} ms`);
      await sleep(5);
      seen = await counted();
    }
    const receivableMs = performance.now() - t0;
    return { publishes: o.publishes, deliveries, publishMs, receivableMs, deliveriesPerSec: (deliveries * 1000) / receivableMs };
  } catch (e) {
    return { publishes: o.publishes, deliveries, publishMs: NaN, receivableMs: NaN, deliveriesPerSec: NaN, error: (e as Error).message };
  } finally {
    agent.destroy();
  }
}
