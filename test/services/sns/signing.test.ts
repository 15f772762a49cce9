// The signing pieces on their own: the hand-built certificate parses with node's X509 parser and
// carries the signing key; canonical strings follow AWS's documented field lists; the certificate
// is served at SigningCertURL and nowhere else.
import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, verify } from 'node:crypto';
import { test } from 'node:test';
import { canonicalString, signMessage, signerFor, signingCertUrl } from '../../../src/services/sns/signing.js';
import { useNimbus } from '../../support/nimbus.js';

const t = useNimbus();

test('the self-signed certificate parses, is valid now, and holds the signing key', async () => {
  const signer = await signerFor(t.nimbus.instance.host);
  const cert = new X509Certificate(signer.pem);
  assert.match(cert.subject, /CN=sns\.nimbus\.local/);
  assert.equal(cert.subject, cert.issuer);
  assert.ok(new Date(cert.validFrom).getTime() < Date.now() && new Date(cert.validTo).getTime() > Date.now() + 365 * 86_400_000);
  assert.equal(cert.verify(cert.publicKey), true, 'self-signature verifies');
  // 1024 bits by default: see keyBits() in src/services/sns/signing.ts.
  assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
  assert.equal(cert.checkPrivateKey(signer.privateKey), true);
  const message = { Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'hi', Timestamp: '2026-01-01T00:00:00.000Z' };
  for (const [version, hash] of [['1', 'sha1'], ['2', 'sha256']] as const) {
    const signature = Buffer.from(signMessage(signer, message, version), 'base64');
    assert.equal(verify(hash, Buffer.from(canonicalString(message)), createPublicKey(signer.pem), signature), true);
  }
  // One signer per instance: asking again gives the same key.
  assert.equal(await signerFor(t.nimbus.instance.host), signer);
});

test('canonical strings: Subject only when present; confirmations sign SubscribeURL and Token', () => {
  const base = { Message: 'M', MessageId: 'I', Timestamp: 'T', TopicArn: 'A', Type: 'Notification', UnsubscribeURL: 'U', MessageAttributes: {} };
  assert.equal(canonicalString(base), 'Message\nM\nMessageId\nI\nTimestamp\nT\nTopicArn\nA\nType\nNotification\n');
  assert.equal(canonicalString({ ...base, Subject: 'S' }), 'Message\nM\nMessageId\nI\nSubject\nS\nTimestamp\nT\nTopicArn\nA\nType\nNotification\n');
  const confirmation = { Type: 'SubscriptionConfirmation', MessageId: 'I', Token: 'K', TopicArn: 'A', Message: 'M', SubscribeURL: 'S', Timestamp: 'T' };
  assert.equal(canonicalString(confirmation), 'Message\nM\nMessageId\nI\nSubscribeURL\nS\nTimestamp\nT\nToken\nK\nTopicArn\nA\nType\nSubscriptionConfirmation\n');
  assert.equal(canonicalString({ ...confirmation, Type: 'UnsubscribeConfirmation' }).includes('Token\nK\n'), true);
});

test('the certificate is served at SigningCertURL; other names under /_nimbus/sns/ are 404', async () => {
  const signer = await signerFor(t.nimbus.instance.host);
  const url = signingCertUrl(new URL(t.nimbus.endpoint).host, signer);
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), signer.pem);
  assert.equal((await fetch(`${t.nimbus.endpoint}/_nimbus/sns/SimpleNotificationService-0000.pem`)).status, 404);
  // A reset keeps the key (consumers cache certificates by URL).
  await t.nimbus.reset();
  assert.equal((await fetch(url)).status, 200);
});
