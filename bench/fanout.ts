// Fanout benchmark (not a wrk run): 1 SNS topic, 3 SQS queues subscribed to it, N publishes; the
// time from the first Publish until all 3N messages are receivable (ApproximateNumberOfMessages of
// the three queues adds up to 3N). The publishes come from wrk over C keep-alive connections (a
// Lua script numbers each message and stops after N successful publishes): a Node load generator
// would compete with the server for the machine's two cores and measure itself. Set-up and the
// receivable polling use plain node http. Each server runs fresh, alone on the machine, and first
// gets a short warm-up fanout on another topic (JIT, lazily created state, Nimbus's signing key),
// as the wrk runs get a warm-up second.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildRequest, fakeAuthorization, type RequestSpec } from './operations.js';
import { runWrkScript, luaString } from './wrk.js';

export interface FanoutOptions {
  publishes: number;
  concurrency: number;
  /** Give up waiting for deliveries after this long. */
  timeoutMs: number;
  /** Publishes of the untimed warm-up round (0: none): as many as the measured round, so the JIT
   *  has settled (200 left the first measured round at half speed). */
  warmup: number;
  /** Subscribe with RawMessageDelivery=true (no envelope, so no signature per message). */
  raw: boolean;
}

export const FANOUT_DEFAULTS: FanoutOptions = { publishes: 1000, concurrency: 32, timeoutMs: 300_000, warmup: 1000, raw: false };

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
    const publishing = runWrkScript(publishLua(topicArn, o.publishes), `http://127.0.0.1:${port}/`, o.concurrency, o.timeoutMs, /PUBLISH_FAILED \d+\n/);
    let publishMs = NaN;
    const published = publishing.then((r) => {
      publishMs = performance.now() - t0;
      const failed = /PUBLISH_FAILED (\d+)/.exec(r)?.[1];
      if (failed !== '0') throw new Error(`wrk: ${failed ?? '?'} publishes failed: ${r.slice(0, 400)}`);
    });
    published.catch(() => undefined);

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
    await published;
    return { publishes: o.publishes, deliveries, publishMs, receivableMs, deliveriesPerSec: (deliveries * 1000) / receivableMs };
  } catch (e) {
    return { publishes: o.publishes, deliveries, publishMs: NaN, receivableMs: NaN, deliveriesPerSec: NaN, error: (e as Error).message };
  } finally {
    agent.destroy();
  }
}

/** wrk Lua: N Publish requests, each with its own message; wrk stops after N answered. Extra
 *  requests wrk issues after that are cheap STS GetCallerIdentity calls
 *  (both servers answer them), told apart from publishes by their result element. */
export function publishLua(topicArn: string, n: number): string {
  const head = `Action=Publish&Version=2010-03-31&TopicArn=${encodeURIComponent(topicArn)}&Message=`;
  const note = 'x'.repeat(64);
  return `
local n, sent, ok, failed = ${n}, 0, 0, 0
local head = ${luaString(head)}
local headers = { ["Content-Type"] = ${luaString(FORM)}, ["Authorization"] = ${luaString(fakeAuthorization('sns'))}, ["X-Amz-Date"] = "20261127T000000Z" }
local stsHeaders = { ["Content-Type"] = ${luaString(FORM)}, ["Authorization"] = ${luaString(fakeAuthorization('sts'))}, ["X-Amz-Date"] = "20261127T000000Z" }
-- wrk calls request() once per thread to verify the script before the run, so the count of calls
-- is not the count of publishes sent: publish while fewer than n have been answered (up to C-1
-- more can be in flight when the n-th answer arrives; the extra deliveries only add to the count).
request = function()
  sent = sent + 1
  if ok + failed >= n then return wrk.format("POST", "/", stsHeaders, "Action=GetCallerIdentity&Version=2011-06-15") end
  local message = '{"order":' .. sent .. ',"item":"item-' .. sent .. '","note":"${note}"}'
  local encoded = message:gsub('[^%w%-_%.~]', function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format("POST", "/", headers, head .. encoded)
end
response = function(status, hdrs, body)
  if body:find("<PublishResult>", 1, true) then ok = ok + 1
  elseif not body:find("<GetCallerIdentityResult>", 1, true) then failed = failed + 1 end
  -- thread:stop() stops sending but wrk still waits out its duration: the harness ends wrk when
  -- it reads this line.
  if ok + failed == n then io.write("PUBLISH_FAILED " .. failed .. "\\n"); io.flush(); wrk.thread:stop() end
end
`;
}
