// The hand-encoded certificate parses for every serial number: a serial whose first byte is zero
// must not be DER-encoded with a redundant leading zero (node refuses it as "illegal padding"; it
// happened once in 256 keys and made SNS signature checks fail at random).
import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { selfSignedCertificate } from '../../../src/services/sns/certificate.js';

test('2,000 certificates (2,000 serial numbers) all parse, with the key they were made for', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  for (let i = 0; i < 2000; i++) {
    // The serial is derived from the key and `now`: each `now` gives another serial.
    const pem = selfSignedCertificate({ commonName: 'sns.nimbus.local', organization: 'Nimbus', publicKey, privateKey, now: 1_800_000_000_000 + i, validDays: 10 });
    const cert = new X509Certificate(pem);
    assert.deepEqual(cert.publicKey.export({ type: 'spki', format: 'der' }), spki, `certificate ${i}`);
    assert.ok(cert.verify(publicKey), `certificate ${i} is self-signed`);
  }
});
