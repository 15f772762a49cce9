// SMS (attributes, opt-outs, the sandbox and its one-time passwords, texts to phone numbers and sms
// subscriptions) and email / email-json subscriptions (pending until confirmed with the token of
// the recorded confirmation email, then recorded deliveries). Read back through
// GET /_nimbus/sns/deliveries. SDK v3 and the AWS CLI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CheckIfPhoneNumberIsOptedOutCommand,
  ConfirmSubscriptionCommand,
  CreateSMSSandboxPhoneNumberCommand,
  CreateTopicCommand,
  DeleteSMSSandboxPhoneNumberCommand,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  GetSubscriptionAttributesCommand,
  ListOriginationNumbersCommand,
  ListPhoneNumbersOptedOutCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListSubscriptionsByTopicCommand,
  OptInPhoneNumberCommand,
  PublishCommand,
  SetSMSAttributesCommand,
  SubscribeCommand,
  VerifySMSSandboxPhoneNumberCommand,
} from '@aws-sdk/client-sns';
import { optOutPhoneNumber } from '../../../src/services/sns/sms.js';
import type { SnsState } from '../../../src/services/sns/store.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { awsJson } from '../../support/python.js';
import { snsClient } from './support.js';

const t = useNimbus();

async function deliveries(query: Record<string, string>): Promise<any[]> {
  const res = await fetch(`${t.nimbus.endpoint}/_nimbus/sns/deliveries?${new URLSearchParams(query)}`);
  return ((await res.json()) as { deliveries: any[] }).deliveries;
}

test('SMS attributes: set, get all or some, bad names and values refused', async () => {
  const sns = snsClient(t, 'eu-west-1');
  await sns.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Transactional', DefaultSenderID: 'Nimbus', MonthlySpendLimit: '5' } }));
  assert.deepEqual((await sns.send(new GetSMSAttributesCommand({}))).attributes, { DefaultSMSType: 'Transactional', DefaultSenderID: 'Nimbus', MonthlySpendLimit: '5' });
  assert.deepEqual((await sns.send(new GetSMSAttributesCommand({ attributes: ['DefaultSMSType'] }))).attributes, { DefaultSMSType: 'Transactional' });
  await assert.rejects(sns.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'Loud' } })), { name: 'InvalidParameterException' });
  await assert.rejects(sns.send(new SetSMSAttributesCommand({ attributes: { Colour: 'red' } })), { name: 'InvalidParameterException' });
  // Texts carry the defaults unless the message says otherwise.
  const a = await sns.send(new PublishCommand({ PhoneNumber: '+447700900001', Message: 'code 1234' }));
  const b = await sns.send(new PublishCommand({ PhoneNumber: '+447700900001', Message: 'sale!', MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' } } }));
  const texts = await deliveries({ endpoint: '+447700900001', region: 'eu-west-1' });
  assert.deepEqual(
    texts.map((d) => [d.messageId, d.protocol, d.message, d.details]),
    [
      [a.MessageId, 'sms', 'code 1234', { smsType: 'Transactional', senderId: 'Nimbus' }],
      [b.MessageId, 'sms', 'sale!', { smsType: 'Promotional', senderId: 'Nimbus' }],
    ],
  );
});

test('opt-outs: checked, listed, opted in again; an opted-out number gets no texts', async () => {
  const sns = snsClient(t);
  const state = (await t.nimbus.instance.serviceState<SnsState>('sns'))!;
  optOutPhoneNumber(state, '000000000000', 'us-east-1', '+15555550111', Date.now());
  optOutPhoneNumber(state, '000000000000', 'us-east-1', '+15555550112', Date.now());
  assert.equal((await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: '+15555550111' }))).isOptedOut, true);
  assert.equal((await sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: '+15555550199' }))).isOptedOut, false);
  await assert.rejects(sns.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: 'call me' })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: phoneNumber Reason: input incorrectly formatted',
  });
  assert.deepEqual((await sns.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers, ['+15555550111', '+15555550112']);
  const out = await sns.send(new PublishCommand({ PhoneNumber: '+15555550111', Message: 'hello?' }));
  const [rec] = await deliveries({ endpoint: '+15555550111' });
  assert.deepEqual([rec.messageId, rec.status, rec.reason], [out.MessageId, 'failed', 'The phone number has opted out']);
  await sns.send(new OptInPhoneNumberCommand({ phoneNumber: '+15555550111' }));
  assert.deepEqual((await sns.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers, ['+15555550112']);
  // An sms subscription: texts recorded per subscription.
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('smst') }))).TopicArn!;
  const { SubscriptionArn } = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sms', Endpoint: '+15555550111' }));
  const published = await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ default: 'long form', sms: 'short' }), MessageStructure: 'json' }));
  const viaTopic = (await deliveries({ endpoint: '+15555550111' })).at(-1);
  assert.deepEqual([viaTopic.messageId, viaTopic.message, viaTopic.status, viaTopic.subscriptionArn], [published.MessageId, 'short', 'delivered', SubscriptionArn]);
});

test('the SMS sandbox: numbers added with a texted one-time password, verified, listed, deleted', async () => {
  const sns = snsClient(t);
  assert.equal((await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox, false);
  await sns.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550123', LanguageCode: 'en-GB' }));
  assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [{ PhoneNumber: '+15555550123', Status: 'Pending' }]);
  const [otp] = await deliveries({ endpoint: '+15555550123', type: 'SandboxVerification' });
  assert.match(otp.details.oneTimePassword, /^\d{6}$/);
  assert.equal(otp.message, `Your verification code is ${otp.details.oneTimePassword}`);
  await assert.rejects(sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550123', OneTimePassword: otp.details.oneTimePassword === '000000' ? '111111' : '000000' })), {
    name: 'VerificationException',
  });
  await sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550123', OneTimePassword: otp.details.oneTimePassword }));
  assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [{ PhoneNumber: '+15555550123', Status: 'Verified' }]);
  await assert.rejects(sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550124', OneTimePassword: '123456' })), { name: 'ResourceNotFoundException' });
  await sns.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550123' }));
  assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, []);
  await assert.rejects(sns.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: '+15555550123' })), { name: 'ResourceNotFoundException' });
  assert.deepEqual((await sns.send(new ListOriginationNumbersCommand({}))).PhoneNumbers, []);
});

test('email and email-json subscriptions stay pending until confirmed with the recorded token, then get recorded deliveries', async () => {
  const sns = snsClient(t);
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('mail'), Attributes: { DisplayName: 'Alerts' } }))).TopicArn!;
  const address = `${uniqueName('u')}@example.com`;
  const jsonAddress = `${uniqueName('j')}@example.com`;
  assert.equal((await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: address }))).SubscriptionArn, 'pending confirmation');
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'email-json', Endpoint: jsonAddress }));
  const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
  assert.deepEqual(listed.Subscriptions!.map((s) => s.SubscriptionArn), ['PendingConfirmation', 'PendingConfirmation']);
  // Nothing is delivered while pending.
  await sns.send(new PublishCommand({ TopicArn, Message: 'too early' }));
  assert.deepEqual((await deliveries({ endpoint: address })).map((d) => d.type), ['SubscriptionConfirmation']);
  const [mail] = await deliveries({ endpoint: address });
  assert.equal(mail.subject, 'Alerts - Subscription Confirmation');
  assert.ok(mail.message.includes(mail.details.subscribeURL));
  const [jsonMail] = await deliveries({ endpoint: jsonAddress });
  const confirmation = JSON.parse(jsonMail.message);
  assert.equal(confirmation.Type, 'SubscriptionConfirmation');
  assert.equal(confirmation.Token, jsonMail.details.token);
  // Confirm one with the token through the API, the other through its SubscribeURL.
  const { SubscriptionArn } = await sns.send(new ConfirmSubscriptionCommand({ TopicArn, Token: mail.details.token }));
  assert.equal((await fetch(confirmation.SubscribeURL)).status, 200);
  assert.equal((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes!.PendingConfirmation, 'false');
  const out = await sns.send(new PublishCommand({ TopicArn, Message: 'disk full', Subject: 'Alarm' }));
  const plain = (await deliveries({ endpoint: address })).at(-1);
  assert.deepEqual([plain.type, plain.messageId, plain.message, plain.subject, plain.details.from], ['Notification', out.MessageId, 'disk full', 'Alarm', 'Alerts <no-reply@sns.amazonaws.com>']);
  const json = (await deliveries({ endpoint: jsonAddress })).at(-1);
  const envelope = JSON.parse(json.message);
  assert.deepEqual([envelope.Type, envelope.MessageId, envelope.Message, envelope.Subject], ['Notification', out.MessageId, 'disk full', 'Alarm']);
  // The AWS CLI sees the same subscriptions.
  const cli = await awsJson(['sns', 'list-subscriptions-by-topic', '--topic-arn', TopicArn], t.env());
  assert.deepEqual(cli.Subscriptions.map((s: { Protocol: string }) => s.Protocol), ['email', 'email-json']);
});
