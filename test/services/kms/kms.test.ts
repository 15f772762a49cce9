// KMS through the SDK v3: real cryptography checked from outside Nimbus (node:crypto verifies
// signatures made by Sign with the key from GetPublicKey), tamper-evident ciphertexts, encryption
// context as authenticated data, key states and their errors, scheduled deletion on the clock.
import assert from 'node:assert/strict';
import { constants, createHmac, createPublicKey, publicEncrypt, verify as nodeVerify, createHash, createPrivateKey } from 'node:crypto';
import { describe, test } from 'node:test';
import * as k from '@aws-sdk/client-kms';
import { ManualClock } from '../../../src/state/clock.js';
import { useNimbus } from '../../support/nimbus.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const t = useNimbus({ clock });
const client = () => new k.KMSClient(t.config());

async function newKey(input: k.CreateKeyRequest = {}): Promise<k.KeyMetadata> {
  return (await client().send(new k.CreateKeyCommand(input))).KeyMetadata!;
}

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

describe('symmetric keys', () => {
  test('CreateKey answers AWS metadata and the default key policy', async () => {
    const md = await newKey({ Description: 'app key' });
    assert.match(md.KeyId!, /^[0-9a-f-]{36}$/);
    assert.equal(md.Arn, `arn:aws:kms:us-east-1:000000000000:key/${md.KeyId}`.replace('000000000000', md.AWSAccountId!));
    assert.deepEqual(
      [md.KeyState, md.Enabled, md.KeyUsage, md.KeySpec, md.CustomerMasterKeySpec, md.KeyManager, md.Origin, md.EncryptionAlgorithms, md.Description, md.MultiRegion],
      ['Enabled', true, 'ENCRYPT_DECRYPT', 'SYMMETRIC_DEFAULT', 'SYMMETRIC_DEFAULT', 'CUSTOMER', 'AWS_KMS', ['SYMMETRIC_DEFAULT'], 'app key', false],
    );
    const policy = await client().send(new k.GetKeyPolicyCommand({ KeyId: md.KeyId }));
    assert.equal(policy.PolicyName, 'default');
    assert.deepEqual(JSON.parse(policy.Policy!), {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${md.AWSAccountId}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    assert.match(policy.Policy!, /"Version" : "2012-10-17"/);
    assert.deepEqual((await client().send(new k.ListKeyPoliciesCommand({ KeyId: md.KeyId }))).PolicyNames, ['default']);
  });

  test('Encrypt then Decrypt without a KeyId; the encryption context is authenticated', async () => {
    const md = await newKey();
    const context = { tenant: 'a', purpose: 'test' };
    const enc = await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('secret text'), EncryptionContext: context }));
    assert.equal(enc.KeyId, md.Arn);
    assert.equal(enc.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.ok(!Buffer.from(enc.CiphertextBlob!).includes(Buffer.from('secret text')));
    const dec = await client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'test', tenant: 'a' } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'secret text');
    assert.equal(dec.KeyId, md.Arn);
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { tenant: 'b', purpose: 'test' } })), 'InvalidCiphertextException');
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })), 'InvalidCiphertextException');
    // Decrypt with the right KeyId works; with another key it is IncorrectKeyException.
    const again = await client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: md.Arn, EncryptionContext: context }));
    assert.equal(Buffer.from(again.Plaintext!).toString(), 'secret text');
    const other = await newKey();
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId, EncryptionContext: context })), 'IncorrectKeyException');
  });

  test('any flipped byte of a ciphertext blob is InvalidCiphertextException', async () => {
    const md = await newKey();
    const blob = Buffer.from((await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x'.repeat(40)) }))).CiphertextBlob!);
    for (let i = 0; i < blob.length; i += 3) {
      const bad = Buffer.from(blob);
      bad[i]! ^= 0x01;
      await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: bad })), 'InvalidCiphertextException');
    }
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: blob.subarray(0, blob.length - 1) })), 'InvalidCiphertextException');
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: Buffer.from('not a blob at all, clearly not') })), 'InvalidCiphertextException');
  });

  test('aliases name keys for every operation; ReEncrypt moves a ciphertext to another key', async () => {
    const a = await newKey();
    const b = await newKey();
    const name = `alias/app-${Date.now()}`;
    await client().send(new k.CreateAliasCommand({ AliasName: name, TargetKeyId: a.KeyId }));
    await rejects(client().send(new k.CreateAliasCommand({ AliasName: name, TargetKeyId: a.KeyId })), 'AlreadyExistsException', `An alias with the name arn:aws:kms:us-east-1:${a.AWSAccountId}:${name} already exists`);
    await rejects(client().send(new k.CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: a.KeyId })), 'NotAuthorizedException');
    const enc = await client().send(new k.EncryptCommand({ KeyId: name, Plaintext: Buffer.from('via alias') }));
    assert.equal(enc.KeyId, a.Arn);
    assert.equal((await client().send(new k.DescribeKeyCommand({ KeyId: `arn:aws:kms:us-east-1:${a.AWSAccountId}:${name}` }))).KeyMetadata!.KeyId, a.KeyId);
    const listed = (await client().send(new k.ListAliasesCommand({ KeyId: a.KeyId }))).Aliases!;
    assert.deepEqual(listed.map((x) => [x.AliasName, x.TargetKeyId, x.AliasArn]), [[name, a.KeyId, `arn:aws:kms:us-east-1:${a.AWSAccountId}:${name}`]]);
    await client().send(new k.UpdateAliasCommand({ AliasName: name, TargetKeyId: b.KeyId }));
    const re = await client().send(new k.ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: name, DestinationEncryptionContext: { v: '2' } }));
    assert.deepEqual([re.SourceKeyId, re.KeyId], [a.Arn, b.Arn]);
    const dec = await client().send(new k.DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '2' } }));
    assert.deepEqual([Buffer.from(dec.Plaintext!).toString(), dec.KeyId], ['via alias', b.Arn]);
    await client().send(new k.DeleteAliasCommand({ AliasName: name }));
    await rejects(client().send(new k.EncryptCommand({ KeyId: name, Plaintext: Buffer.from('x') })), 'NotFoundException', `Alias arn:aws:kms:us-east-1:${a.AWSAccountId}:${name} is not found.`);
    await rejects(client().send(new k.DescribeKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:${a.AWSAccountId}:key/11111111-2222-3333-4444-555555555555' does not exist`);
  });

  test('data keys: GenerateDataKey(WithoutPlaintext), GenerateDataKeyPair(WithoutPlaintext), GenerateRandom', async () => {
    const md = await newKey();
    const dk = await client().send(new k.GenerateDataKeyCommand({ KeyId: md.KeyId, KeySpec: 'AES_256', EncryptionContext: { f: '1' } }));
    assert.equal(dk.Plaintext!.length, 32);
    const back = await client().send(new k.DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { f: '1' } }));
    assert.deepEqual(Buffer.from(back.Plaintext!), Buffer.from(dk.Plaintext!));
    const dk16 = await client().send(new k.GenerateDataKeyWithoutPlaintextCommand({ KeyId: md.KeyId, NumberOfBytes: 16 }));
    assert.equal((await client().send(new k.DecryptCommand({ CiphertextBlob: dk16.CiphertextBlob }))).Plaintext!.length, 16);
    await rejects(client().send(new k.GenerateDataKeyCommand({ KeyId: md.KeyId })), 'ValidationException', 'Please specify either number of bytes or key spec.');
    const pair = await client().send(new k.GenerateDataKeyPairCommand({ KeyId: md.KeyId, KeyPairSpec: 'ECC_NIST_P256' }));
    const priv = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
    assert.equal(createPublicKey(priv).export({ type: 'spki', format: 'der' }).toString('hex'), Buffer.from(pair.PublicKey!).toString('hex'));
    const privBack = await client().send(new k.DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob }));
    assert.deepEqual(Buffer.from(privBack.Plaintext!), Buffer.from(pair.PrivateKeyPlaintext!));
    const noPlain = await client().send(new k.GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: md.KeyId, KeyPairSpec: 'RSA_2048' }));
    assert.equal(createPublicKey({ key: Buffer.from(noPlain.PublicKey!), format: 'der', type: 'spki' }).asymmetricKeyDetails!.modulusLength, 2048);
    assert.equal((noPlain as unknown as Record<string, unknown>).PrivateKeyPlaintext, undefined);
    const r = await client().send(new k.GenerateRandomCommand({ NumberOfBytes: 64 }));
    assert.equal(r.Plaintext!.length, 64);
  });
});

describe('asymmetric and HMAC keys', () => {
  for (const [spec, algorithm, options] of [
    ['RSA_2048', 'RSASSA_PSS_SHA_256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }],
    ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_512', { padding: constants.RSA_PKCS1_PADDING }],
    ['ECC_NIST_P256', 'ECDSA_SHA_256', { dsaEncoding: 'der' }],
    ['ECC_NIST_P384', 'ECDSA_SHA_384', { dsaEncoding: 'der' }],
    ['ECC_NIST_P521', 'ECDSA_SHA_512', { dsaEncoding: 'der' }],
    ['ECC_SECG_P256K1', 'ECDSA_SHA_256', { dsaEncoding: 'der' }],
  ] as const) {
    test(`${spec} ${algorithm}: a signature from Sign verifies with node:crypto and GetPublicKey`, async () => {
      const md = await newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      assert.ok(md.SigningAlgorithms!.includes(algorithm));
      const pub = await client().send(new k.GetPublicKeyCommand({ KeyId: md.KeyId }));
      assert.deepEqual([pub.KeySpec, pub.KeyUsage], [spec, 'SIGN_VERIFY']);
      const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
      const message = Buffer.from(`signed by ${spec}`);
      const hash = `sha${algorithm.slice(-3)}`;
      const sig = await client().send(new k.SignCommand({ KeyId: md.KeyId, Message: message, SigningAlgorithm: algorithm }));
      assert.equal(sig.KeyId, md.Arn);
      assert.equal(nodeVerify(hash, message, { key: publicKey, ...options }, Buffer.from(sig.Signature!)), true);
      assert.equal(nodeVerify(hash, Buffer.from('another message'), { key: publicKey, ...options }, Buffer.from(sig.Signature!)), false);
      const ok = await client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: message, Signature: sig.Signature, SigningAlgorithm: algorithm }));
      assert.equal(ok.SignatureValid, true);
      await rejects(client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: Buffer.from('tampered'), Signature: sig.Signature, SigningAlgorithm: algorithm })), 'KMSInvalidSignatureException');
      // A precomputed digest (MessageType DIGEST) gives a signature over the same message, and a
      // RAW signature (made by node:crypto inside Nimbus) verifies as DIGEST, and back.
      const digest = createHash(hash).update(message).digest();
      const d = await client().send(new k.SignCommand({ KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
      assert.equal(d.SigningAlgorithm, algorithm);
      assert.equal(nodeVerify(hash, message, { key: publicKey, ...options }, Buffer.from(d.Signature!)), true);
      assert.equal((await client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: digest, MessageType: 'DIGEST', Signature: sig.Signature, SigningAlgorithm: algorithm }))).SignatureValid, true);
      assert.equal((await client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: message, Signature: d.Signature, SigningAlgorithm: algorithm }))).SignatureValid, true);
      const otherDigest = createHash(hash).update('another message').digest();
      await rejects(client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: otherDigest, MessageType: 'DIGEST', Signature: d.Signature, SigningAlgorithm: algorithm })), 'KMSInvalidSignatureException');
      // The digest must be as long as the algorithm's hash.
      const short = createHash('sha1').update(message).digest();
      const invalidLength = `Digest is invalid length for algorithm ${algorithm}.`;
      await rejects(client().send(new k.SignCommand({ KeyId: md.KeyId, Message: short, MessageType: 'DIGEST', SigningAlgorithm: algorithm })), 'ValidationException', invalidLength);
      await rejects(client().send(new k.VerifyCommand({ KeyId: md.KeyId, Message: short, MessageType: 'DIGEST', Signature: d.Signature, SigningAlgorithm: algorithm })), 'ValidationException', invalidLength);
    });
  }

  test('RSA_3072 ENCRYPT_DECRYPT: OAEP ciphertexts from outside Nimbus decrypt; GetPublicKey lists the algorithms', async () => {
    const md = await newKey({ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' });
    assert.deepEqual(md.EncryptionAlgorithms, ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    const pub = await client().send(new k.GetPublicKeyCommand({ KeyId: md.KeyId }));
    const publicKey = createPublicKey({ key: Buffer.from(pub.PublicKey!), format: 'der', type: 'spki' });
    const outside = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('from outside'));
    const dec = await client().send(new k.DecryptCommand({ KeyId: md.KeyId, CiphertextBlob: outside, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'from outside');
    const enc = await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('inside'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    assert.equal(enc.CiphertextBlob!.length, 384);
    const back = await client().send(new k.DecryptCommand({ KeyId: md.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));
    assert.equal(Buffer.from(back.Plaintext!).toString(), 'inside');
    await rejects(client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })), 'InvalidKeyUsageException');
    await rejects(client().send(new k.SignCommand({ KeyId: md.KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })), 'InvalidKeyUsageException');
  });

  test('HMAC keys: GenerateMac matches node:crypto HMAC over the same message only with the key, VerifyMac', async () => {
    const md = await newKey({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC' });
    assert.deepEqual(md.MacAlgorithms, ['HMAC_SHA_384']);
    const mac = await client().send(new k.GenerateMacCommand({ KeyId: md.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_384' }));
    assert.equal(mac.Mac!.length, 48);
    assert.notEqual(Buffer.from(mac.Mac!).toString('hex'), createHmac('sha384', '').update('m').digest('hex'));
    const ok = await client().send(new k.VerifyMacCommand({ KeyId: md.KeyId, Message: Buffer.from('m'), Mac: mac.Mac, MacAlgorithm: 'HMAC_SHA_384' }));
    assert.equal(ok.MacValid, true);
    await rejects(client().send(new k.VerifyMacCommand({ KeyId: md.KeyId, Message: Buffer.from('n'), Mac: mac.Mac, MacAlgorithm: 'HMAC_SHA_384' })), 'KMSInvalidMacException');
    await rejects(client().send(new k.GenerateMacCommand({ KeyId: md.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' })), 'InvalidKeyUsageException');
    await rejects(newKey({ KeySpec: 'HMAC_256' }), 'ValidationException');
    await rejects(newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' }), 'ValidationException');
  });
});

describe('key states, deletion, rotation, tags, grants', () => {
  test('disabled and pending-deletion keys answer AWS errors; deletion happens at the DeletionDate', async () => {
    const md = await newKey();
    const enc = await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') }));
    await client().send(new k.DisableKeyCommand({ KeyId: md.KeyId }));
    assert.equal((await client().send(new k.DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!.KeyState, 'Disabled');
    await rejects(client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })), 'DisabledException', `${md.Arn} is disabled.`);
    await rejects(client().send(new k.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })), 'DisabledException', `${md.Arn} is disabled.`);
    await rejects(client().send(new k.CancelKeyDeletionCommand({ KeyId: md.KeyId })), 'KMSInvalidStateException', `${md.Arn} is not pending deletion.`);
    await rejects(client().send(new k.ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 6 })), 'ValidationException');
    const scheduled = await client().send(new k.ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    assert.equal(scheduled.DeletionDate!.getTime(), clock.now() + 7 * 86_400_000);
    const described = (await client().send(new k.DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!;
    assert.deepEqual([described.KeyState, described.Enabled, described.DeletionDate!.getTime()], ['PendingDeletion', false, scheduled.DeletionDate!.getTime()]);
    await rejects(client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x') })), 'KMSInvalidStateException', `${md.Arn} is pending deletion.`);
    await rejects(client().send(new k.EnableKeyCommand({ KeyId: md.KeyId })), 'KMSInvalidStateException', `${md.Arn} is pending deletion.`);
    // Cancel: Disabled again; schedule anew and let the clock pass the date.
    await client().send(new k.CancelKeyDeletionCommand({ KeyId: md.KeyId }));
    assert.equal((await client().send(new k.DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!.KeyState, 'Disabled');
    await client().send(new k.EnableKeyCommand({ KeyId: md.KeyId }));
    const alias = `alias/doomed-${Date.now()}`;
    await client().send(new k.CreateAliasCommand({ AliasName: alias, TargetKeyId: md.KeyId }));
    await client().send(new k.ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 30 }));
    clock.advance(30 * 86_400_000 - 1000);
    assert.equal((await client().send(new k.DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!.KeyState, 'PendingDeletion');
    clock.advance(1000);
    await rejects(client().send(new k.DescribeKeyCommand({ KeyId: md.KeyId })), 'NotFoundException');
    const aliases = (await client().send(new k.ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName);
    assert.ok(!aliases.includes(alias));
  });

  test('rotation status, on-demand rotation keeps old ciphertexts decryptable', async () => {
    const md = await newKey();
    assert.equal((await client().send(new k.GetKeyRotationStatusCommand({ KeyId: md.KeyId }))).KeyRotationEnabled, false);
    await client().send(new k.EnableKeyRotationCommand({ KeyId: md.KeyId, RotationPeriodInDays: 90 }));
    const status = await client().send(new k.GetKeyRotationStatusCommand({ KeyId: md.KeyId }));
    assert.deepEqual([status.KeyRotationEnabled, status.RotationPeriodInDays, status.NextRotationDate!.getTime()], [true, 90, clock.now() + 90 * 86_400_000]);
    const old = await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('before rotation') }));
    await client().send(new k.RotateKeyOnDemandCommand({ KeyId: md.KeyId }));
    assert.equal((await client().send(new k.ListKeyRotationsCommand({ KeyId: md.KeyId }))).Rotations!.length, 1);
    const fresh = await client().send(new k.EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('after rotation') }));
    assert.equal(Buffer.from((await client().send(new k.DecryptCommand({ CiphertextBlob: old.CiphertextBlob }))).Plaintext!).toString(), 'before rotation');
    assert.equal(Buffer.from((await client().send(new k.DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }))).Plaintext!).toString(), 'after rotation');
    await client().send(new k.DisableKeyRotationCommand({ KeyId: md.KeyId }));
    assert.equal((await client().send(new k.GetKeyRotationStatusCommand({ KeyId: md.KeyId }))).KeyRotationEnabled, false);
    const rsa = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await rejects(client().send(new k.EnableKeyRotationCommand({ KeyId: rsa.KeyId })), 'UnsupportedOperationException');
  });

  test('tags, key policies and grants are stored and returned', async () => {
    const md = await newKey({ Tags: [{ TagKey: 'team', TagValue: 'a' }] });
    await client().send(new k.TagResourceCommand({ KeyId: md.KeyId, Tags: [{ TagKey: 'env', TagValue: 'dev' }, { TagKey: 'team', TagValue: 'b' }] }));
    await client().send(new k.UntagResourceCommand({ KeyId: md.KeyId, TagKeys: ['env'] }));
    assert.deepEqual((await client().send(new k.ListResourceTagsCommand({ KeyId: md.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'b' }]);
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }] });
    await client().send(new k.PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: policy }));
    assert.equal((await client().send(new k.GetKeyPolicyCommand({ KeyId: md.KeyId, PolicyName: 'default' }))).Policy, policy);
    await rejects(client().send(new k.PutKeyPolicyCommand({ KeyId: md.KeyId, Policy: '{not json' })), 'MalformedPolicyDocumentException');
    const grantee = 'arn:aws:iam::111122223333:role/worker';
    const g = await client().send(new k.CreateGrantCommand({ KeyId: md.KeyId, GranteePrincipal: grantee, RetiringPrincipal: grantee, Operations: ['Encrypt', 'Decrypt'], Name: 'g1', Constraints: { EncryptionContextSubset: { app: 'x' } } }));
    assert.match(g.GrantId!, /^[0-9a-f]{64}$/);
    const same = await client().send(new k.CreateGrantCommand({ KeyId: md.KeyId, GranteePrincipal: grantee, RetiringPrincipal: grantee, Operations: ['Decrypt', 'Encrypt'], Name: 'g1', Constraints: { EncryptionContextSubset: { app: 'x' } } }));
    assert.equal(same.GrantId, g.GrantId);
    const g2 = await client().send(new k.CreateGrantCommand({ KeyId: md.KeyId, GranteePrincipal: grantee, Operations: ['GenerateDataKey'] }));
    const grants = (await client().send(new k.ListGrantsCommand({ KeyId: md.KeyId }))).Grants!;
    assert.deepEqual(
      grants.map((x) => [x.GrantId, x.KeyId, x.Name, x.GranteePrincipal, x.Operations, x.IssuingAccount]),
      [
        [g.GrantId, md.Arn, 'g1', grantee, ['Encrypt', 'Decrypt'], `arn:aws:iam::${md.AWSAccountId}:root`],
        [g2.GrantId, md.Arn, undefined, grantee, ['GenerateDataKey'], `arn:aws:iam::${md.AWSAccountId}:root`],
      ],
    );
    assert.deepEqual(grants[0]!.Constraints, { EncryptionContextSubset: { app: 'x' } });
    assert.deepEqual((await client().send(new k.ListRetirableGrantsCommand({ RetiringPrincipal: grantee }))).Grants!.map((x) => x.GrantId), [g.GrantId]);
    await client().send(new k.RetireGrantCommand({ GrantToken: g.GrantToken }));
    await client().send(new k.RevokeGrantCommand({ KeyId: md.KeyId, GrantId: g2.GrantId }));
    assert.deepEqual((await client().send(new k.ListGrantsCommand({ KeyId: md.KeyId }))).Grants, []);
    await rejects(client().send(new k.RevokeGrantCommand({ KeyId: md.KeyId, GrantId: g2.GrantId })), 'NotFoundException');
  });

  test('ListKeys pages with Limit and Marker; DescribeKey on alias/aws/ssm makes the AWS managed key', async () => {
    const c = new k.KMSClient(t.config({ region: 'ap-south-1' }));
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await c.send(new k.CreateKeyCommand({}))).KeyMetadata!.KeyId);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const p = await c.send(new k.ListKeysCommand({ Limit: 2, Marker: marker }));
      assert.ok(p.Keys!.length <= 2);
      seen.push(...p.Keys!.map((x) => x.KeyId!));
      marker = p.Truncated ? p.NextMarker : undefined;
    } while (marker);
    assert.deepEqual(seen, made);
    await rejects(c.send(new k.ListKeysCommand({ Marker: 'garbage' })), 'InvalidMarkerException');
    const managed = (await c.send(new k.DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!;
    assert.deepEqual([managed.KeyManager, managed.KeyState, managed.Description], ['AWS', 'Enabled', 'Default key that protects my SSM parameters when no other key is defined']);
    assert.equal((await c.send(new k.DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!.KeyId, managed.KeyId);
    assert.equal((await c.send(new k.GetKeyRotationStatusCommand({ KeyId: managed.KeyId }))).KeyRotationEnabled, true);
    await rejects(c.send(new k.DisableKeyCommand({ KeyId: managed.KeyId })), 'UnsupportedOperationException');
    await rejects(c.send(new k.ScheduleKeyDeletionCommand({ KeyId: managed.KeyId })), 'UnsupportedOperationException');
    await rejects(c.send(new k.DescribeKeyCommand({ KeyId: 'alias/aws/unknown-service' })), 'NotFoundException');
  });
});
