// The account boundary for KMS keys: account B uses account A's key (by key ARN or alias ARN) only
// when the key policy allows B; otherwise KMS's AccessDeniedException.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
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
