// SNS test support: a local HTTP endpoint that records what SNS posts to it, a standard SNS message
// validator (AWS's own `sns-validator`) pointed at Nimbus, and SDK clients.
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { TestNimbus } from '../../support/nimbus.js';

const require = createRequire(import.meta.url);

export function snsClient(t: TestNimbus, region?: string): SNSClient {
  return new SNSClient(t.config(region ? { region } : {}));
}

export function sqsClient(t: TestNimbus, region?: string): SQSClient {
  return new SQSClient(t.config(region ? { region } : {}));
}

export interface Posted {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Endpoint {
  url: string;
  posts: Posted[];
  /** Status to answer for each next request (default 200 when the list is empty). */
  statuses: number[];
  /** Holds the answers to posts (recorded as they arrive) until the returned function is called. */
  hold(): () => void;
  /** Resolves when `n` posts have arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<Posted[]>;
  close(): Promise<void>;
}

/** Subscribes the endpoint to the topic over http and confirms it through the SubscribeURL. */
export async function subscribeConfirmed(sns: SNSClient, TopicArn: string, endpoint: Endpoint): Promise<void> {
  const before = endpoint.posts.length;
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url }));
  const confirmation = (await endpoint.waitFor(before + 1))[before]!;
  await fetch(JSON.parse(confirmation.body).SubscribeURL);
}

/** An HTTP server on 127.0.0.1, port 0, recording each POST. */
export async function startEndpoint(): Promise<Endpoint> {
  const posts: Posted[] = [];
  const statuses: number[] = [];
  let waiters: Array<() => void> = [];
  let held: Promise<void> | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      posts.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      const answer = (): void => {
        res.statusCode = status;
        res.end('ok');
      };
      if (held) void held.then(answer);
      else answer();
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sns`,
    posts,
    statuses,
    hold() {
      let release!: () => void;
      held = new Promise((r) => (release = r));
      return () => {
        held = undefined;
        release();
      };
    },
    waitFor(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`expected ${n} posts, got ${posts.length}`)), timeoutMs);
        const check = (): void => {
          if (posts.length >= n) {
            clearTimeout(deadline);
            resolve(posts.slice(0, n));
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Validator = { validate(message: unknown, cb: (err: Error | null, message?: unknown) => void): void };
const MessageValidator = require('sns-validator') as new (hostPattern?: RegExp) => Validator;

/**
 * Verifies an SNS message with `sns-validator`, unmodified, trusting certificates on 127.0.0.1.
 * The validator only fetches certificates over https; Nimbus serves its certificate over plain
 * http, so for the validation the message's SigningCertURL (which is not part of the signed
 * string) is given the https scheme and the validator's https.get is routed to Nimbus over http.
 */
export async function validateWithSnsValidator(message: Record<string, unknown>): Promise<void> {
  const validator = new MessageValidator(/^127\.0\.0\.1:\d+$/);
  const get = https.get;
  (https as { get: unknown }).get = (url: string, cb: (res: http.IncomingMessage) => void) => http.get(url.replace(/^https:/, 'http:'), cb);
  try {
    await new Promise<void>((resolve, reject) =>
      validator.validate({ ...message, SigningCertURL: String(message.SigningCertURL).replace(/^http:/, 'https:') }, (err) => (err ? reject(err) : resolve())),
    );
  } finally {
    (https as { get: unknown }).get = get;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Independent check in Python (`cryptography`): fetches the certificate from SigningCertURL and
 * verifies the signature over the canonical string AWS documents for each message type
 * (UnsubscribeConfirmation included, which sns-validator 0.3.5 signs as a Notification).
 */
export async function verifyInPython(message: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<boolean> {
  const { pythonJson } = await import('../../support/python.js');
  const script = `import json, base64, urllib.request
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
m = json.loads(${JSON.stringify(JSON.stringify(message))})
if m['Type'] == 'Notification':
    keys = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
else:
    keys = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']
canonical = ''.join(f'{k}\\n{m[k]}\\n' for k in keys if k in m)
cert = x509.load_pem_x509_certificate(urllib.request.urlopen(m['SigningCertURL']).read())
digest = hashes.SHA256() if m['SignatureVersion'] == '2' else hashes.SHA1()
try:
    cert.public_key().verify(base64.b64decode(m['Signature']), canonical.encode('utf-8'), padding.PKCS1v15(), digest)
    print('true')
except Exception:
    print('false')`;
  return pythonJson<boolean>(script, env);
}
