// A self-signed X.509 v3 certificate for an RSA public key, DER-encoded by hand. node:crypto
// generates keys and parses certificates (X509Certificate) but cannot create one; the structure is
// small and fixed (RFC 5280), so a few lines of DER replace a dependency. The result is checked
// by node's own X509Certificate parser in the tests.
import { createHash, sign, type KeyObject } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
}

const seq = (...c: Buffer[]): Buffer => tlv(0x30, ...c);
const set = (...c: Buffer[]): Buffer => tlv(0x31, ...c);
const NULL = Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [a * 40 + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let x = n >>> 7; x > 0; x >>>= 7) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(bytes: Buffer): Buffer {
  // DER integers are minimal: no leading zero byte unless the next byte's top bit is set
  // (a parser refuses anything else as "illegal padding")...
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0 && !(bytes[start + 1]! & 0x80)) start++;
  const minimal = bytes.subarray(start);
  // ...and signed: a leading 1 bit needs a zero byte in front.
  return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function utcTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // 2026-11-27T00:00:00.000Z
  const s = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function name(commonName: string, organization: string): Buffer {
  return seq(
    set(seq(oid('2.5.4.6'), tlv(0x13, Buffer.from('US')))),
    set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from(organization, 'utf8')))),
    set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))),
  );
}

export interface CertificateOptions {
  commonName: string;
  organization: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** Epoch ms; the certificate is valid from one day before to `validDays` after. */
  now: number;
  validDays: number;
}

/** A PEM certificate signed with sha256WithRSAEncryption by its own key. */
export function selfSignedCertificate(o: CertificateOptions): string {
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), NULL);
  const spki = o.publicKey.export({ type: 'spki', format: 'der' });
  const serial = createHash('sha256').update(spki).update(String(o.now)).digest().subarray(0, 16);
  serial[0] = serial[0]! & 0x7f; // positive
  const subject = name(o.commonName, o.organization);
  const basicConstraints = seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff])))));
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    sha256WithRsa,
    subject,
    seq(utcTime(o.now - 86_400_000), utcTime(o.now + o.validDays * 86_400_000)),
    subject,
    spki,
    tlv(0xa3, seq(basicConstraints)),
  );
  const signature = sign('sha256', tbs, o.privateKey);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
