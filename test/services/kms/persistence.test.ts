// KMS keys and SSM parameters under --persist: Nimbus as a child process, killed with SIGKILL and
// started again on the same directory. A ciphertext made before the restart decrypts after it (the
// key material is persisted with the key), a SecureString still decrypts, the parameter history
// and labels are intact, and a key pending deletion keeps its date.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import * as k from '@aws-sdk/client-kms';
import * as s from '@aws-sdk/client-ssm';
import { usePersistedChildren, type ChildNimbus } from '../../support/child-nimbus.js';

const children = usePersistedChildren('nimbus-kms');

const start = (dir: string): Promise<ChildNimbus> => children.start(dir);

function config(child: ChildNimbus) {
  return { endpoint: child.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'nimbus-secret' } };
}

test('KMS ciphertexts, signatures and SSM parameter history survive kill -9', { timeout: 60_000 }, async () => {
  const dir = children.dir();
  let child = await start(dir);
  let kms = new k.KMSClient(config(child));
  let ssm = new s.SSMClient(config(child));
  const key = (await kms.send(new k.CreateKeyCommand({ Description: 'durable', Tags: [{ TagKey: 't', TagValue: 'v' }] }))).KeyMetadata!;
  await kms.send(new k.CreateAliasCommand({ AliasName: 'alias/durable', TargetKeyId: key.KeyId }));
  const enc = await kms.send(new k.EncryptCommand({ KeyId: 'alias/durable', Plaintext: Buffer.from('before restart'), EncryptionContext: { c: '1' } }));
  const signer = (await kms.send(new k.CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
  const sig = await kms.send(new k.SignCommand({ KeyId: signer.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
  const doomed = (await kms.send(new k.CreateKeyCommand({}))).KeyMetadata!;
  const scheduled = await kms.send(new k.ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/secret', Value: 'p1', Type: 'SecureString' }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/secret', Value: 'p2', Overwrite: true }));
  await ssm.send(new s.LabelParameterVersionCommand({ Name: '/app/secret', ParameterVersion: 1, Labels: ['old'] }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/plain', Value: 'v', Type: 'String', Tags: [{ Key: 'k', Value: 'v' }] }));
  const historyBefore = (await ssm.send(new s.GetParameterHistoryCommand({ Name: '/app/secret', WithDecryption: true }))).Parameters;

  await child.kill();
  child = await start(dir);
  kms = new k.KMSClient(config(child));
  ssm = new s.SSMClient(config(child));
  const dec = await kms.send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { c: '1' } }));
  assert.deepEqual([Buffer.from(dec.Plaintext!).toString(), dec.KeyId], ['before restart', key.Arn]);
  assert.equal((await kms.send(new k.VerifyCommand({ KeyId: signer.KeyId, Message: Buffer.from('m'), Signature: sig.Signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid, true);
  assert.equal((await kms.send(new k.DescribeKeyCommand({ KeyId: 'alias/durable' }))).KeyMetadata!.KeyId, key.KeyId);
  assert.deepEqual((await kms.send(new k.ListResourceTagsCommand({ KeyId: key.KeyId }))).Tags, [{ TagKey: 't', TagValue: 'v' }]);
  const d = (await kms.send(new k.DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata!;
  assert.deepEqual([d.KeyState, d.DeletionDate!.getTime()], ['PendingDeletion', scheduled.DeletionDate!.getTime()]);
  assert.deepEqual((await ssm.send(new s.GetParameterHistoryCommand({ Name: '/app/secret', WithDecryption: true }))).Parameters, historyBefore);
  assert.deepEqual(historyBefore!.map((h) => [h.Version, h.Value, h.Labels]), [[1, 'p1', ['old']], [2, 'p2', []]]);
  assert.equal((await ssm.send(new s.GetParameterCommand({ Name: '/app/secret:old', WithDecryption: true }))).Parameter!.Value, 'p1');
  assert.deepEqual((await ssm.send(new s.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/app/plain' }))).TagList, [{ Key: 'k', Value: 'v' }]);
  // New writes after the restart go on from the restored state.
  assert.equal((await ssm.send(new s.PutParameterCommand({ Name: '/app/secret', Value: 'p3', Overwrite: true }))).Version, 3);
});

test('SSM: a history past 100 versions, moved labels and a re-created parameter survive kill -9; a format-1 parameters store is split on load', { timeout: 60_000 }, async () => {
  const dir = children.dir();
  let child = await start(dir);
  let ssm = new s.SSMClient(config(child));
  const name = '/app/busy';
  for (let i = 1; i <= 103; i++) await ssm.send(new s.PutParameterCommand({ Name: name, Value: `v${i}`, Type: 'String', Overwrite: i > 1 }));
  await ssm.send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 50, Labels: ['cur', 'keep'] }));
  // 'cur' moves to 60 (and off 50); 'keep' stays on 50; 'gone' is put on 70 and taken off again.
  await ssm.send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 60, Labels: ['cur'] }));
  await ssm.send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 70, Labels: ['gone'] }));
  await ssm.send(new s.UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 70, Labels: ['gone'] }));
  await ssm.send(new s.AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: [{ Key: 'team', Value: 'a' }] }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/again', Value: 'first life', Type: 'String' }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/again', Value: 'first life 2', Type: 'String', Overwrite: true }));
  await ssm.send(new s.DeleteParameterCommand({ Name: '/app/again' }));
  await ssm.send(new s.PutParameterCommand({ Name: '/app/again', Value: 'second life', Type: 'String' }));

  const history = async (n: string) => {
    const out: s.ParameterHistory[] = [];
    let NextToken: string | undefined;
    do {
      const page = await ssm.send(new s.GetParameterHistoryCommand({ Name: n, MaxResults: 50, NextToken }));
      out.push(...page.Parameters!);
      NextToken = page.NextToken;
    } while (NextToken);
    return out.map((h) => [h.Version, h.Value, h.Labels]);
  };
  const busy = await history(name);
  assert.equal(busy.length, 100);
  assert.deepEqual(busy[0], [4, 'v4', []]);
  assert.deepEqual(busy.find((h) => h[0] === 50), [50, 'v50', ['keep']]);
  assert.deepEqual(busy.find((h) => h[0] === 60), [60, 'v60', ['cur']]);
  assert.deepEqual(busy.find((h) => h[0] === 70), [70, 'v70', []]);

  await child.kill();
  child = await start(dir);
  ssm = new s.SSMClient(config(child));
  assert.deepEqual(await history(name), busy);
  assert.deepEqual(await history('/app/again'), [[1, 'second life', []]]);
  assert.equal((await ssm.send(new s.GetParameterCommand({ Name: `${name}:cur` }))).Parameter!.Value, 'v60');
  assert.deepEqual((await ssm.send(new s.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList, [{ Key: 'team', Value: 'a' }]);
  assert.equal((await ssm.send(new s.PutParameterCommand({ Name: name, Value: 'v104', Overwrite: true }))).Version, 104);
  assert.deepEqual((await history(name))[0], [5, 'v5', []]);
  await child.kill();

  // Format 1 of the parameters store kept the whole history in the parameter's row: rewrite the
  // directory that way, and a start must split it into version rows and serve the same history.
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const db = new Database(join(dir, 'nimbus.db'));
  const before = (db.prepare('SELECT scope, key, row FROM "store:ssm/versions"').all() as { scope: string; key: string; row: string }[]).map((r) => ({ ...r, row: JSON.parse(r.row) }));
  const params = db.prepare('SELECT scope, key, row FROM "store:ssm/parameters"').all() as { scope: string; key: string; row: string }[];
  db.transaction(() => {
    for (const p of params) {
      const row = JSON.parse(p.row);
      const versions = before.filter((v) => v.scope === p.scope && v.row.name === row.name).map((v) => v.row.version).sort((a, b) => a.version - b.version);
      db.prepare('UPDATE "store:ssm/parameters" SET row = ? WHERE scope = ? AND key = ?').run(JSON.stringify({ name: row.name, versions, tags: row.tags }), p.scope, p.key);
    }
    db.exec('DELETE FROM "store:ssm/versions"');
    db.prepare("UPDATE stores SET version = 1 WHERE service = 'ssm' AND name = 'parameters'").run();
  })();
  db.close();
  const expected = [[5, 'v5', []], ...busy.slice(2), [104, 'v104', []]];
  child = await start(dir);
  ssm = new s.SSMClient(config(child));
  assert.deepEqual(await history(name), expected);
  await child.kill();
  // The split was written back: a second start reads version rows only.
  child = await start(dir);
  ssm = new s.SSMClient(config(child));
  assert.deepEqual(await history(name), expected);
  await child.kill();
  const db2 = new Database(join(dir, 'nimbus.db'), { readonly: true });
  // 100 versions of /app/busy and 1 of /app/again.
  assert.equal((db2.prepare('SELECT count(*) AS n FROM "store:ssm/versions"').get() as { n: number }).n, 101);
  assert.ok((db2.prepare('SELECT row FROM "store:ssm/parameters"').all() as { row: string }[]).every((r) => !('versions' in JSON.parse(r.row))));
  db2.close();
});
