// The SNS message validators applications use, against Nimbus's envelopes. Both refuse them with
// every documented option, for the reason the README gives: they fetch the signing certificate
// only over https from an AWS host (sns-validator: https and a configurable host pattern, fetched
// with node's https module; sns-payload-validator: a fixed https://sns.<region>.amazonaws.com URL
// pattern), and Nimbus serves its certificate over plain http from itself. The README's recipe
// (node:crypto over AWS's documented canonical string, with the certificate from SigningCertURL)
// verifies the same envelopes, and refuses a tampered one.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createVerify } from 'node:crypto';
import { test } from 'node:test';
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { snsClient, sqsClient } from './support.js';

const require = createRequire(import.meta.url);
const t = useNimbus();

/** The README recipe: verifies an SNS message (Notification or (Un)SubscriptionConfirmation). */
async function verifySnsMessage(m: Record<string, string>): Promise<boolean> {
  const keys =
    m.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const canonical = keys.filter((k) => m[k] !== undefined).map((k) => `${k}\n${m[k]}\n`).join('');
  const certificate = await (await fetch(m.SigningCertURL!)).text();
  const verifier = createVerify(m.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
  verifier.update(canonical, 'utf8');
  return verifier.verify(certificate, m.Signature!, 'base64');
}

async function envelope(signatureVersion: string): Promise<Record<string, string>> {
  const sns = snsClient(t);
  const sqs = sqsClient(t);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('val'), Attributes: { SignatureVersion: signatureVersion } }))).TopicArn!;
  const QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('valq') }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: arn }));
  await sns.send(new PublishCommand({ TopicArn, Message: 'verify me', Subject: 'S' }));
  const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  return JSON.parse(out.Messages![0]!.Body!) as Record<string, string>;
}

test('sns-validator refuses Nimbus envelopes even with hostPattern set to Nimbus\'s host (it requires https)', async () => {
  const m = await envelope('1');
  const MessageValidator = require('sns-validator') as new (hostPattern?: RegExp) => { validate(m: unknown, cb: (e: Error | null) => void): void };
  const host = new URL(m.SigningCertURL!).host;
  assert.match(m.SigningCertURL!, /^http:\/\/.+\/_nimbus\/sns\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
  const validator = new MessageValidator(new RegExp(`^${host.replace(/[.]/g, '\\.')}$`));
  const err = await new Promise<Error | null>((resolve) => validator.validate(m, resolve));
  assert.equal(err?.message, 'The certificate is located on an invalid domain.');
});

test('sns-payload-validator refuses them: its certificate URL pattern is fixed to AWS\'s https hosts', async () => {
  const m = await envelope('2');
  const Validator = require('sns-payload-validator') as new (o?: object) => { validate(m: unknown): Promise<unknown> };
  await assert.rejects(new Validator({ useCache: false }).validate(m), { message: 'Invalid SigningCertURL' });
});

test('the README recipe verifies SignatureVersion 1 and 2 envelopes, and refuses a tampered one', async () => {
  for (const v of ['1', '2']) {
    const m = await envelope(v);
    assert.equal(await verifySnsMessage(m), true, `SignatureVersion ${v}`);
    assert.equal(await verifySnsMessage({ ...m, Message: 'tampered' }), false);
  }
});
