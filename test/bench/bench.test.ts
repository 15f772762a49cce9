// Unit tests for the bench harness pieces that do not need wrk: request building, success checks,
// Lua literal escaping, wrk output parsing, spawning/stopping the bare ceiling server and Nimbus on a
// fresh --persist directory, and the restart measurement (small, end to end) with its target.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OPERATIONS, buildRequest, checkResponse } from '../../bench/operations.js';
import { restartTarget, runRestart, type RestartResult } from '../../bench/restart.js';
import { freePort, logDir, removeLogDir, request, serverDefs, startServer } from '../../bench/servers.js';
import { luaString, parseWrkOutput, wrkLuaScript } from '../../bench/wrk.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ctx = { endpoint: 'http://127.0.0.1:1' };
after(() => removeLogDir());

test('operations have unique names and carry a fake SigV4 header for their signing name', () => {
  const names = OPERATIONS.map((o) => o.name);
  assert.equal(new Set(names).size, names.length);
  for (const op of OPERATIONS) {
    const req = buildRequest(op, ctx);
    assert.match(req.headers.authorization!, new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/\\d{8}/us-east-1/${op.signingName}/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    assert.ok(req.headers['x-amz-date']);
  }
  const cbor = buildRequest(OPERATIONS.find((o) => o.name === 'cw-cbor')!, ctx);
  assert.deepEqual([...cbor.body], [0xa0]);
});

test('checkResponse rejects errors and missing markers, bare servers are checked on status only', () => {
  const sts = OPERATIONS.find((o) => o.name === 'sts')!;
  const ok = Buffer.from('<GetCallerIdentityResponse><GetCallerIdentityResult></GetCallerIdentityResult></GetCallerIdentityResponse>');
  assert.equal(checkResponse(sts.expect, 200, {}, ok, false), null);
  assert.match(checkResponse(sts.expect, 400, {}, ok, false)!, /status 400/);
  assert.match(checkResponse(sts.expect, 200, {}, Buffer.from('<ErrorResponse/>'), false)!, /lacks/);
  assert.equal(checkResponse(sts.expect, 200, {}, Buffer.from('anything'), true), null);
  assert.match(checkResponse(sts.expect, 500, {}, ok, true)!, /status 500/);
  const cw = OPERATIONS.find((o) => o.name === 'cw-cbor')!;
  const h = { 'content-type': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor' };
  assert.equal(checkResponse(cw.expect, 200, h, Buffer.from([0xa0]), false), null);
  assert.match(checkResponse(cw.expect, 200, { 'content-type': 'application/cbor' }, Buffer.from([0xa0]), false)!, /smithy-protocol/);
});

test('luaString escapes quotes, backslashes, control and non-ASCII bytes', () => {
  assert.equal(luaString('a"b\\c\n'), '"a\\034b\\092c\\010"');
  assert.equal(luaString(Buffer.from([0xa0])), '"\\160"');
  const script = wrkLuaScript(buildRequest(OPERATIONS[0]!, ctx), { status: 200, bodyIncludes: '<X>' });
  assert.match(script, /wrk\.method = "POST"/);
  assert.match(script, /status ~= 200/);
  assert.match(script, /local marker = "<X>"/);
});

test('wrk gets a response() hook (which makes it copy every body into Lua) only for checks that read the body or headers', () => {
  const req = buildRequest(OPERATIONS[0]!, ctx);
  assert.doesNotMatch(wrkLuaScript(req, { status: 200 }), /function response/);
  assert.doesNotMatch(wrkLuaScript(req, {}), /function response/);
  assert.match(wrkLuaScript(req, { status: 404 }), /function response/);
  assert.match(wrkLuaScript(req, { header: { name: 'x-amz-crc32', includes: '' } }), /function response/);
  // The summary line is written either way: parseWrkOutput reads non-2xx answers from it.
  assert.match(wrkLuaScript(req, { status: 200 }), /function done/);
});

test('parseWrkOutput counts check failures, non-2xx and socket errors as failures', () => {
  const good = parseWrkOutput(
    'Requests/sec: 100\nBENCH requests=300 duration_us=3000000 failed=0 status=0 connect=0 read=0 write=0 timeout=0 p50=100 p90=200 p99=900 mean=120.5 max=2000\n',
    32,
    3,
  );
  assert.equal(good.ok, true);
  assert.equal(good.rps, 100);
  assert.equal(good.latencyUs.p99, 900);
  const bad = parseWrkOutput(
    '  Non-2xx or 3xx responses: 7\nBENCH requests=300 duration_us=3000000 failed=7 status=7 connect=0 read=0 write=0 timeout=0 p50=1 p90=2 p99=3 mean=1.0 max=4\nBENCH_FAIL_SAMPLE 400 <Error/>\n',
    1,
    3,
  );
  assert.equal(bad.ok, false);
  assert.equal(bad.failed, 7);
  assert.equal(bad.non2xx, 7);
  assert.equal(bad.rps, 293 / 3);
  assert.equal(bad.failSample, '400 <Error/>');
  const sock = parseWrkOutput('BENCH requests=3 duration_us=1000000 failed=0 status=0 connect=0 read=2 write=0 timeout=0 p50=1 p90=2 p99=3 mean=1.0 max=4\n', 1, 1);
  assert.equal(sock.ok, false);
});

test('bare ceiling server starts, serves, reports RSS and stops', { skip: !existsSync(resolve(ROOT, 'dist/bench/bare-server.js')) }, async () => {
  const def = serverDefs(ROOT).bare;
  const port = await freePort();
  const launch = def.resolve(port);
  assert.ok(!('unavailable' in launch));
  const sts = OPERATIONS.find((o) => o.name === 'sts')!;
  const probe = buildRequest(sts, ctx);
  const { server, startupMs } = await startServer(launch, 'bare', port, probe, (r) => r.status === 200);
  try {
    assert.ok(startupMs > 0);
    const r = await request(port, probe);
    assert.equal(checkResponse(sts.expect, r.status, r.headers, r.body, false), null);
    assert.ok(server.rssKb() > 1000);
  } finally {
    await server.stop();
  }
  assert.ok(server.exited);
});

const NIMBUS_BUILT = existsSync(resolve(ROOT, 'dist/src/cli/main.js'));
const persistLeftovers = (): string[] => readdirSync(logDir()).filter((f) => f.startsWith('persist-'));

test('nimbus-persist starts on a fresh empty --persist directory per spawn and removes it after', { skip: !NIMBUS_BUILT }, async () => {
  const def = serverDefs(ROOT)['nimbus-persist'];
  const sts = OPERATIONS.find((o) => o.name === 'sts')!;
  const dirs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const launch = def.resolve(port);
    assert.ok(!('unavailable' in launch));
    assert.ok(launch.freshDir && launch.args.includes(launch.freshDir));
    assert.ok(!existsSync(launch.freshDir), 'created at spawn, not at resolve');
    dirs.push(launch.freshDir);
    const { server } = await startServer(launch, 'nimbus-persist', port, buildRequest(sts, ctx), (r) => r.status === 200);
    try {
      assert.ok(existsSync(resolve(launch.freshDir, 'nimbus.db')));
    } finally {
      await server.stop();
    }
    assert.ok(!existsSync(launch.freshDir));
  }
  assert.notEqual(dirs[0], dirs[1]);
  assert.deepEqual(persistLeftovers(), []);
});

const restartResult = (over: Partial<RestartResult>): RestartResult => ({
  messages: 1_000_000,
  queues: 4,
  samples: [1, 2, 3].map(() => ({ listQueuesMs: 400, queuesListed: 4, allMessagesMs: 900, found: 1_000_000 })),
  median: { listQueuesMs: 400, allMessagesMs: 900 },
  found: 1_000_000,
  ...over,
});

test('restart target: passes on the full count in time, misses a short count whatever the time', () => {
  const pass = restartTarget(restartResult({}));
  assert.equal(pass.name, 'restart with 1,000,000 persisted messages');
  assert.equal(pass.verdict, 'PASS');
  assert.equal(pass.measured, 900);
  assert.equal(restartTarget(restartResult({ median: { listQueuesMs: 400, allMessagesMs: 6000 } })).verdict, 'MISS');
  const short = restartTarget(restartResult({ found: 0, median: { listQueuesMs: 400 } }));
  assert.equal(short.verdict, 'MISS');
  assert.equal(short.measured, undefined);
  assert.equal(short.note, 'restored 0 of 1,000,000');
  assert.equal(restartTarget(restartResult({ samples: [{ found: 0, error: 'exited' }] })).verdict, 'MISS');
  assert.equal(restartTarget(restartResult({ error: 'fill: boom' })).verdict, 'n/a');
  assert.equal(restartTarget(undefined).verdict, 'n/a');
});

test('restart measurement end to end: fills a directory, restarts on it, reports the count it found', { skip: !NIMBUS_BUILT }, async () => {
  const r = await runRestart(ROOT, { messages: 2000, queues: 2, samples: 1, deadlineMs: 1500 });
  assert.equal(r.error, undefined);
  assert.equal(r.fill?.counted, 2000);
  assert.equal(r.samples.length, 1);
  const s = r.samples[0]!;
  assert.equal(s.error, undefined);
  assert.ok(s.listQueuesMs! > 0);
  assert.ok(s.found >= 0 && s.found <= 2000);
  const t = restartTarget(r);
  if (s.found === 2000) {
    // SQS persists: every message back, timed.
    assert.ok(s.allMessagesMs! >= s.listQueuesMs!);
    assert.equal(t.measured, r.median?.allMessagesMs);
  } else {
    assert.equal(s.allMessagesMs, undefined);
    assert.equal(t.verdict, 'MISS');
    assert.equal(t.note, `restored ${s.found.toLocaleString('en-US')} of 2,000`);
  }
  assert.deepEqual(persistLeftovers(), [], 'the filled directory is removed');
});
