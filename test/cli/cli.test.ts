import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { coverageMarkdown } from '../../src/cli/coverage.js';

const MAIN = new URL('../../src/cli/main.js', import.meta.url).pathname;
const README = new URL('../../../README.md', import.meta.url);

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('nimbus --help lists the commands and settings', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.status, 0);
  for (const word of ['start', 'coverage', '--port', '--host', '--region', '--persist', 'NIMBUS_DEFAULT_ACCOUNT']) {
    assert.ok(r.stdout.includes(word), word);
  }
});

test('nimbus start honours NIMBUS_* variables, flags win, and prints endpoint and services', async () => {
  const child = spawn(process.execPath, [MAIN, 'start', '--port', '0', '--region', 'eu-west-2'], {
    env: { ...process.env, NIMBUS_DEFAULT_ACCOUNT: '123456789012', NIMBUS_REGION: 'us-west-1' },
  });
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('Services:') && out.endsWith('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const endpoint = /listening on (http:\/\/\S+)/.exec(banner)![1]!;
    assert.match(banner, /Services: .*sqs.*sts/);
    // Region from --region (flag beats NIMBUS_REGION), account from NIMBUS_DEFAULT_ACCOUNT.
    const res = await fetch(`${endpoint}/?Action=DescribeAvailabilityZones&Version=2016-11-15`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<zoneName>eu-west-2a<\/zoneName>/);
    const id = await fetch(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.match(await id.text(), /<Account>123456789012<\/Account>/);
  } finally {
    child.kill('SIGTERM');
  }
});

test('the README carries the current coverage table (nimbus coverage)', async () => {
  const readme = readFileSync(README, 'utf8');
  const table = await coverageMarkdown();
  const r = await runCli(['coverage']);
  assert.equal(r.stdout, table);
  assert.ok(
    readme.includes(`<!-- coverage:start -->\n${table}<!-- coverage:end -->`),
    'README coverage table is stale: run `node dist/scripts/update-readme.js`',
  );
});
