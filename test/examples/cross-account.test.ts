// The cross-account example (examples/cross-account/) end to end: in-process, and against a
// --persist child whose assumed-role credentials still act in account A after a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { runCrossAccount } from '../../examples/cross-account/index.js';
import { startChild } from '../support/child-nimbus.js';
import { uniqueName } from '../support/nimbus.js';

test('cross-account example: B\'s developer works in A only through A\'s role', async () => {
  const prefix = uniqueName('xa');
  const r = await runCrossAccount({ prefix, accountA: '111111111111', accountB: '222222222222' });
  assert.equal(r.developerArn, `arn:aws:iam::222222222222:user/${prefix}-developer`);
  assert.equal(r.roleArn, `arn:aws:iam::111111111111:role/${prefix}-queue-operator`);
  assert.equal(r.sessionArn, `arn:aws:sts::111111111111:assumed-role/${prefix}-queue-operator/developer-session`);
  assert.equal(r.sessionAccount, '111111111111');
  assert.match(r.queueUrl, new RegExp(`/111111111111/${prefix}-jobs$`));
  assert.deepEqual(r.received, ['build', 'deploy', 'test']);
  assert.deepEqual(r.directAttempt, { code: 'AccessDenied', message: `Access to the resource https://sqs.us-east-1.amazonaws.com/111111111111/${prefix}-jobs is denied.` });
});

test('cross-account example under --persist: the session credentials act in A after a restart', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-xacct-'));
  let child = await startChild(['--persist', dir]);
  try {
    const r = await runCrossAccount({ endpoint: child.endpoint, prefix: 'persisted', accountA: '333333333333', accountB: '444444444444' });
    assert.equal(r.directAttempt.code, 'AccessDenied');
    await child.kill();
    child = await startChild(['--persist', dir]);
    const cfg = { endpoint: child.endpoint, region: 'us-east-1', credentials: r.session };
    const who = await new STSClient(cfg).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:sts::333333333333:assumed-role/persisted-queue-operator/developer-session');
    const sqs = new SQSClient(cfg);
    await sqs.send(new SendMessageCommand({ QueueUrl: r.queueUrl, MessageBody: 'after the restart' }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: r.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '1');
  } finally {
    await child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
