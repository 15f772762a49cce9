// The account boundary for KMS keys: account B uses account A's key (by key ARN or alias ARN, or
// through a ciphertext of A's key without KeyId) only when the key policy allows B; otherwise
// KMS's AccessDeniedException.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand, ReEncryptCommand } from '@aws-sdk/client-kms';
import { uniqueName, useNimbus } from '../support/nimbus.js';

const t = useNimbus();
const A = '111122223333';
const B = '444455556666';
const kms = (account: string) => new KMSClient(t.config({ accessKeyId: account }));

test('KMS: B is refused on A\'s key until the key policy allows B; then encrypts by key ARN and alias ARN', async () => {
  const { KeyMetadata } = await kms(A).send(new CreateKeyCommand({}));
  const keyArn = KeyMetadata!.Arn!;
  const alias = `alias/${uniqueName('boundary')}`;
  await kms(A).send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId }));
  const aliasArn = `arn:aws:kms:us-east-1:${A}:${alias}`;
  const plaintext = Buffer.from('for A only');
  const refused = (p: Promise<unknown>, resource: string, action: string) =>
    assert.rejects(p, (e: any) => {
      assert.equal(e.name, 'AccessDeniedException');
      assert.equal(e.message, `User: arn:aws:iam::${B}:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`);
      return true;
    });
  await refused(kms(B).send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext })), keyArn, 'kms:Encrypt');
  await refused(kms(B).send(new EncryptCommand({ KeyId: aliasArn, Plaintext: plaintext })), aliasArn, 'kms:Encrypt');

  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'B', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
    ],
  };
  await kms(A).send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  const byKey = await kms(B).send(new EncryptCommand({ KeyId: keyArn, Plaintext: plaintext }));
  const byAlias = await kms(B).send(new EncryptCommand({ KeyId: aliasArn, Plaintext: plaintext }));
  assert.equal(byKey.KeyId, keyArn);
  assert.equal(byAlias.KeyId, keyArn);
  // A decrypts what B encrypted with A's key; B may too (the policy allows kms:Decrypt).
  const back = await kms(A).send(new DecryptCommand({ CiphertextBlob: byAlias.CiphertextBlob }));
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'for A only');
});

const denied = (resource: string, action: string) => (e: any) => {
  assert.equal(e.name, 'AccessDeniedException');
  assert.equal(e.message, `User: arn:aws:iam::${B}:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`);
  return true;
};

test('KMS: B decrypting A\'s ciphertext without KeyId is refused on the key the blob names until A\'s key policy allows B', async () => {
  const { KeyMetadata } = await kms(A).send(new CreateKeyCommand({}));
  const keyArn = KeyMetadata!.Arn!;
  const { CiphertextBlob: blob } = await kms(A).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('secret of A'), EncryptionContext: { app: 'x' } }));
  await assert.rejects(kms(B).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'x' } })), denied(keyArn, 'kms:Decrypt'));
  // B's own key cannot stand in: ReEncrypt from A's ciphertext needs kms:ReEncryptFrom on A's key.
  const { KeyMetadata: mine } = await kms(B).send(new CreateKeyCommand({}));
  await assert.rejects(
    kms(B).send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { app: 'x' }, DestinationKeyId: mine!.KeyId })),
    denied(keyArn, 'kms:ReEncryptFrom'),
  );

  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Owner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'B', Effect: 'Allow', Principal: { AWS: B }, Action: ['kms:Decrypt', 'kms:ReEncryptFrom'], Resource: '*' },
    ],
  };
  await kms(A).send(new PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  const back = await kms(B).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'x' } }));
  assert.equal(Buffer.from(back.Plaintext!).toString(), 'secret of A');
  assert.equal(back.KeyId, keyArn);
  // The context is still authenticated across accounts.
  await assert.rejects(kms(B).send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { app: 'y' } })), { name: 'InvalidCiphertextException' });

  const moved = await kms(B).send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: { app: 'x' }, DestinationKeyId: mine!.KeyId }));
  assert.equal(moved.SourceKeyId, keyArn);
  assert.equal(moved.KeyId, mine!.Arn);
  const mineBack = await kms(B).send(new DecryptCommand({ CiphertextBlob: moved.CiphertextBlob }));
  assert.equal(Buffer.from(mineBack.Plaintext!).toString(), 'secret of A');
  // And the other way: kms:ReEncryptTo on A's key is not allowed to B.
  await assert.rejects(kms(B).send(new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob, DestinationKeyId: keyArn })), denied(keyArn, 'kms:ReEncryptTo'));
});
