// KMS keys and SSM parameters under --persist: Nimbus as a child process, killed with SIGKILL and
// started again on the same directory. A ciphertext made before the restart decrypts after it (the
// key material is persisted with the key), a SecureString still decrypts, the parameter history
// and labels are intact, and a key pending deletion keeps its date.
import assert from 'node:assert/strict';
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
