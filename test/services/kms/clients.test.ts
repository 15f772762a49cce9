// KMS and Parameter Store through boto3 and the AWS CLI: the same values the SDK tests assert, as
// Python and the CLI send and read them.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { awsJson, pythonJson, runAws } from '../../support/python.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';

const t = useNimbus();

test('boto3: KMS encrypt/decrypt with context, tampering refused, RSA signature verified outside Nimbus', { timeout: 120_000 }, async () => {
  const out = await pythonJson(
    `
import base64, json, boto3
from botocore.exceptions import ClientError
kms = boto3.client('kms')
key = kms.create_key(Description='py')['KeyMetadata']
blob = kms.encrypt(KeyId=key['KeyId'], Plaintext=b'py secret', EncryptionContext={'app': 'py'})['CiphertextBlob']
plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={'app': 'py'})['Plaintext'].decode()
errors = []
try:
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={'app': 'other'})
except ClientError as e:
    errors.append(e.response['Error']['Code'])
bad = bytearray(blob); bad[-1] ^= 1
try:
    kms.decrypt(CiphertextBlob=bytes(bad), EncryptionContext={'app': 'py'})
except ClientError as e:
    errors.append(e.response['Error']['Code'])
kms.disable_key(KeyId=key['KeyId'])
try:
    kms.encrypt(KeyId=key['KeyId'], Plaintext=b'x')
except ClientError as e:
    errors.append([e.response['Error']['Code'], e.response['Error']['Message']])
rsa = kms.create_key(KeySpec='RSA_2048', KeyUsage='SIGN_VERIFY')['KeyMetadata']
sig = kms.sign(KeyId=rsa['KeyId'], Message=b'from python', SigningAlgorithm='RSASSA_PKCS1_V1_5_SHA_256')['Signature']
pub = kms.get_public_key(KeyId=rsa['KeyId'])['PublicKey']
print(json.dumps({'plain': plain, 'errors': errors, 'arn': key['Arn'], 'sig': base64.b64encode(sig).decode(), 'pub': base64.b64encode(pub).decode()}))
`,
    t.env(),
  );
  assert.equal(out.plain, 'py secret');
  assert.deepEqual(out.errors, ['InvalidCiphertextException', 'InvalidCiphertextException', ['DisabledException', `${out.arn} is disabled.`]]);
  const key = createPublicKey({ key: Buffer.from(out.pub, 'base64'), format: 'der', type: 'spki' });
  assert.equal(verify('sha256', Buffer.from('from python'), key, Buffer.from(out.sig, 'base64')), true);
});

test('boto3: SecureString readable only with decryption; history, labels and paths', { timeout: 120_000 }, async () => {
  const base = `/${uniqueName('py')}`;
  const out = await pythonJson(
    `
import json, boto3
from botocore.exceptions import ClientError
ssm = boto3.client('ssm')
base = ${JSON.stringify(base)}
ssm.put_parameter(Name=base + '/secret', Value='s3cr3t', Type='SecureString')
ssm.put_parameter(Name=base + '/plain', Value='one', Type='String')
ssm.put_parameter(Name=base + '/plain', Value='two', Type='String', Overwrite=True)
ssm.label_parameter_version(Name=base + '/plain', ParameterVersion=1, Labels=['first'])
raw = ssm.get_parameter(Name=base + '/secret')['Parameter']['Value']
dec = ssm.get_parameter(Name=base + '/secret', WithDecryption=True)['Parameter']['Value']
first = ssm.get_parameter(Name=base + '/plain:first')['Parameter']['Value']
paths = [p['Name'] for p in ssm.get_parameters_by_path(Path=base)['Parameters']]
history = [[h['Version'], h['Value'], h['Labels']] for h in ssm.get_parameter_history(Name=base + '/plain')['Parameters']]
code = None
try:
    ssm.get_parameter(Name=base + '/none')
except ClientError as e:
    code = e.response['Error']['Code']
print(json.dumps({'raw': raw, 'dec': dec, 'first': first, 'paths': paths, 'history': history, 'code': code}))
`,
    t.env(),
  );
  assert.notEqual(out.raw, 's3cr3t');
  assert.equal(out.dec, 's3cr3t');
  assert.equal(out.first, 'one');
  assert.deepEqual(out.paths, [`${base}/plain`, `${base}/secret`]);
  assert.deepEqual(out.history, [[1, 'one', ['first']], [2, 'two', []]]);
  assert.equal(out.code, 'ParameterNotFound');
});

// Each CLI call starts a Python process: generous timeouts for a loaded machine.
test('AWS CLI: ssm put-parameter / get-parameter with and without decryption', { timeout: 180_000 }, async () => {
  const name = `/${uniqueName('cli')}/db/password`;
  const put = await awsJson(['ssm', 'put-parameter', '--name', name, '--value', 'cli-pass', '--type', 'SecureString'], t.env());
  assert.deepEqual(put, { Version: 1, Tier: 'Standard' });
  const raw = await awsJson(['ssm', 'get-parameter', '--name', name], t.env());
  assert.notEqual(raw.Parameter.Value, 'cli-pass');
  const dec = await awsJson(['ssm', 'get-parameter', '--name', name, '--with-decryption'], t.env());
  assert.equal(dec.Parameter.Value, 'cli-pass');
  const missing = await runAws(['ssm', 'get-parameter', '--name', `${name}-x`], t.env());
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /ParameterNotFound/);
});

test('AWS CLI: kms encrypt / decrypt with an encryption context', { timeout: 180_000 }, async () => {
  const key = await awsJson(['kms', 'create-key', '--description', 'cli'], t.env());
  // Blobs through files (fileb://), which CLI v1 and v2 read the same way.
  const dir = mkdtempSync(join(tmpdir(), 'nimbus-cli-'));
  try {
    writeFileSync(join(dir, 'plain'), 'cli text');
    const enc = await awsJson(['kms', 'encrypt', '--key-id', key.KeyMetadata.KeyId, '--plaintext', `fileb://${join(dir, 'plain')}`, '--encryption-context', 'purpose=cli'], t.env());
    writeFileSync(join(dir, 'blob'), Buffer.from(enc.CiphertextBlob, 'base64'));
    const back = await awsJson(['kms', 'decrypt', '--ciphertext-blob', `fileb://${join(dir, 'blob')}`, '--encryption-context', 'purpose=cli'], t.env());
    assert.equal(Buffer.from(back.Plaintext, 'base64').toString(), 'cli text');
    assert.equal(back.KeyId, key.KeyMetadata.Arn);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
