// Real SNS message signatures. Each Nimbus instance generates one RSA key pair and a
// self-signed certificate at first use (kept across resets, so that consumers which cache the
// certificate by URL stay valid; under --persist kept across restarts too, as the row 'key' of
// the global store sns/signing), serves the certificate at SigningCertURL, and signs
// Notification, SubscriptionConfirmation and UnsubscribeConfirmation messages exactly as AWS does:
//   SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA, over "Key\nValue\n" pairs of
//   Notification:       Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type
//   (Un)SubscriptionConfirmation: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type
// Deliberate difference: the certificate is self-signed and served over plain HTTP from Nimbus,
// so validators must be told to trust Nimbus's host (they trust *.amazonaws.com over https).
import { createHash, createPrivateKey, generateKeyPair, sign, type KeyObject } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../../protocol/http.js';
import type { Store } from '../../state/durable/stores.js';
import type { Host } from '../host.js';
import { selfSignedCertificate } from './certificate.js';

export interface Signer {
  privateKey: KeyObject;
  /** Identifies the key to the signing worker. */
  keyId: string;
  pem: string;
  /** File name under CERT_PATH_PREFIX, with a fingerprint so that a new key gets a new URL. */
  fileName: string;
}

export const CERT_PATH_PREFIX = '/_nimbus/sns/';

// Keyed by the host, which lives as long as the Nimbus instance: the key survives resets.
const signers = new WeakMap<Host, Promise<Signer>>();
const ready = new WeakMap<Host, Signer>();

/** The persisted key: PKCS#8 private key and the certificate, both PEM. */
interface SigningKeyRow {
  privateKey: string;
  certificate: string;
}

const KEY_ROW = 'key';
const keyStores = new WeakMap<Host, Store<SigningKeyRow>>();

/** The host's signing-key store, opened (and its key, if one was persisted, adopted) on first use. */
function keyStore(host: Host): Store<SigningKeyRow> {
  let store = keyStores.get(host);
  if (!store) {
    store = host.stores.open<SigningKeyRow>('sns', { name: 'signing', scope: 'global', version: 1 });
    keyStores.set(host, store);
    for (const { row } of store.load()) {
      // The persisted key wins over settings.sns.signingKeyBits: signatures made before the
      // restart must keep verifying against the certificate served after it.
      const signer = signerOf(createPrivateKey(row.privateKey), row.certificate);
      ready.set(host, signer);
      signers.set(host, Promise.resolve(signer));
    }
  }
  return store;
}

/** Called whenever SNS state is created (at start, and anew after each reset). At start it loads
 *  the persisted key; after a reset, which wiped every row, it writes the instance's key again, so
 *  the key the instance keeps across the reset is also the one it restarts with. */
export function attachSigningStore(host: Host): void {
  const known = keyStores.has(host);
  const store = keyStore(host);
  const signer = ready.get(host);
  if (known && signer) store.put('', '', KEY_ROW, rowOf(signer));
}

function rowOf(signer: Signer): SigningKeyRow {
  return { privateKey: signer.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, certificate: signer.pem };
}

/** The instance's signer, created on first use (RSA key generation runs off the event loop). The
 *  promise resolves only once the key's row is committed: nothing is signed with a key (and
 *  acknowledged, or delivered) that a restart could lose. */
export function signerFor(host: Host): Promise<Signer> {
  let s = signers.get(host);
  if (!s) {
    keyStore(host);
    s = signers.get(host);
  }
  if (!s) {
    s = createSigner(host.settings.sns.signingKeyBits).then((signer) => {
      keyStore(host).put('', '', KEY_ROW, rowOf(signer));
      host.stores.commit();
      ready.set(host, signer);
      return signer;
    });
    signers.set(host, s);
  }
  return s;
}

/** The signer when it already exists (no await on the hot path). */
export function readySigner(host: Host): Signer | undefined {
  return ready.get(host);
}

// RSA modulus (settings.sns.signingKeyBits). Deliberate difference from AWS: 1024 bits by default,
// where AWS's certificates have 2048. Signing is most of a signed Publish's cost (RSA-2048 ~0.25 ms
// per signature, 1024 ~3x less), so fanout-heavy tests run about twice as fast; SNS message
// validators check the signature against the certificate, not the key size.
// NIMBUS_SNS_SIGNING_KEY_BITS=2048 (or 3072, 4096) gives AWS's size.
async function createSigner(keyBits: number): Promise<Signer> {
  const { publicKey, privateKey } = await new Promise<{ publicKey: KeyObject; privateKey: KeyObject }>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: keyBits }, (err, publicKey, privateKey) => (err ? reject(err) : resolve({ publicKey, privateKey }))),
  );
  // Certificate validity is wall-clock time (not ctx.clock): validators compare it with theirs.
  const pem = selfSignedCertificate({
    commonName: 'sns.nimbus.local',
    organization: 'Nimbus (local AWS emulator)',
    publicKey,
    privateKey,
    now: Date.now(),
    validDays: 3650,
  });
  return signerOf(privateKey, pem);
}

function signerOf(privateKey: KeyObject, pem: string): Signer {
  const fingerprint = createHash('md5').update(pem).digest('hex');
  return { privateKey, keyId: fingerprint, pem, fileName: `SimpleNotificationService-${fingerprint}.pem` };
}

/** GET /_nimbus/sns/<fileName>: the certificate that verifies this instance's signatures. */
export async function signingCertificate(state: { host: Host }, req: HttpRequest): Promise<HttpResponse | undefined> {
  const signer = await signerFor(state.host);
  if (req.path !== `${CERT_PATH_PREFIX}${signer.fileName}`) return undefined;
  return { status: 200, headers: { 'content-type': 'application/x-pem-file' }, body: signer.pem };
}

export function signingCertUrl(host: string, signer: Signer): string {
  return `http://${host}${CERT_PATH_PREFIX}${signer.fileName}`;
}

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const;
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'] as const;

/** The string AWS signs for a message (fields absent from the message are skipped). */
export function canonicalString(message: Record<string, unknown>): string {
  const keys = message.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  let s = '';
  for (const k of keys) {
    const v = message[k];
    if (v !== undefined && v !== null) s += `${k}\n${v as string}\n`;
  }
  return s;
}

/** Base64 signature of the message's canonical string; version '2' signs with SHA-256. */
export function signMessage(signer: Signer, message: Record<string, unknown>, version: string): string {
  return sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(canonicalString(message), 'utf8'), signer.privateKey).toString('base64');
}

