// Mobile push: platform applications and endpoints with AWS's attributes, duplicate-token rules and
// errors; Publish to an endpoint and through `application` subscriptions is recorded and listed by
// GET /_nimbus/sns/deliveries (disabled endpoints refuse). SDK v3 and boto3.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CreatePlatformApplicationCommand,
  CreatePlatformEndpointCommand,
  CreateTopicCommand,
  DeleteEndpointCommand,
  DeletePlatformApplicationCommand,
  GetEndpointAttributesCommand,
  GetPlatformApplicationAttributesCommand,
  ListEndpointsByPlatformApplicationCommand,
  ListPlatformApplicationsCommand,
  PublishCommand,
  SetEndpointAttributesCommand,
  SetPlatformApplicationAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { snsClient } from './support.js';

const t = useNimbus();

async function deliveries(query: Record<string, string>): Promise<any[]> {
  const res = await fetch(`${t.nimbus.endpoint}/_nimbus/sns/deliveries?${new URLSearchParams(query)}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { deliveries: any[] }).deliveries;
}

test('platform applications: create, attributes (the credential never shown), list in pages of 15, delete with endpoints', async () => {
  const sns = snsClient(t);
  const name = uniqueName('app');
  const { PlatformApplicationArn } = await sns.send(new CreatePlatformApplicationCommand({ Name: name, Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } }));
  assert.equal(PlatformApplicationArn, `arn:aws:sns:us-east-1:000000000000:app/GCM/${name}`);
  // Idempotent for the same credentials; refused for others.
  const again = await sns.send(new CreatePlatformApplicationCommand({ Name: name, Platform: 'GCM', Attributes: { PlatformCredential: 'server-key' } }));
  assert.equal(again.PlatformApplicationArn, PlatformApplicationArn);
  await assert.rejects(sns.send(new CreatePlatformApplicationCommand({ Name: name, Platform: 'GCM', Attributes: { PlatformCredential: 'other' } })), { name: 'InvalidParameterException' });
  assert.deepEqual((await sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes, { Enabled: 'true' });
  await sns.send(new SetPlatformApplicationAttributesCommand({ PlatformApplicationArn, Attributes: { EventEndpointCreated: 'arn:aws:sns:us-east-1:000000000000:t', SuccessFeedbackSampleRate: '50' } }));
  assert.deepEqual((await sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes, {
    Enabled: 'true',
    EventEndpointCreated: 'arn:aws:sns:us-east-1:000000000000:t',
    SuccessFeedbackSampleRate: '50',
  });
  // Errors.
  await assert.rejects(sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('x'), Platform: 'PIGEON', Attributes: { PlatformCredential: 'k' } })), { name: 'InvalidParameterException' });
  await assert.rejects(sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('x'), Platform: 'GCM', Attributes: { PlatformPrincipal: 'p' } })), {
    message: 'Invalid parameter: Attributes Reason: PlatformCredential attribute must be specified',
  });
  await assert.rejects(sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('x'), Platform: 'APNS', Attributes: { PlatformCredential: 'k' } })), {
    message: 'Invalid parameter: Attributes Reason: PlatformPrincipal attribute must be specified',
  });
  await assert.rejects(sns.send(new SetPlatformApplicationAttributesCommand({ PlatformApplicationArn, Attributes: { Bogus: '1' } })), {
    message: 'Invalid parameter: Attributes Reason: Invalid attribute name: Bogus',
  });
  await assert.rejects(sns.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn: `${PlatformApplicationArn}-gone` })), {
    name: 'NotFoundException',
    message: 'PlatformApplication does not exist',
  });
  // Pages of 15.
  const more: string[] = [];
  for (let i = 0; i < 16; i++) {
    more.push((await sns.send(new CreatePlatformApplicationCommand({ Name: `${name}-${i}`, Platform: 'APNS', Attributes: { PlatformCredential: 'k', PlatformPrincipal: 'p' } }))).PlatformApplicationArn!);
  }
  const first = await sns.send(new ListPlatformApplicationsCommand({}));
  assert.equal(first.PlatformApplications!.length, 15);
  assert.equal(first.PlatformApplications![0]!.PlatformApplicationArn, PlatformApplicationArn);
  const second = await sns.send(new ListPlatformApplicationsCommand({ NextToken: first.NextToken }));
  assert.equal(second.NextToken, undefined);
  assert.deepEqual([...first.PlatformApplications!, ...second.PlatformApplications!].map((a) => a.PlatformApplicationArn).slice(-2), more.slice(-2));
  // Deleting an application deletes its endpoints; deleting again is fine.
  const { EndpointArn } = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'tok' }));
  await sns.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn }));
  await sns.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn }));
  await assert.rejects(sns.send(new GetEndpointAttributesCommand({ EndpointArn })), { name: 'NotFoundException', message: 'Endpoint does not exist' });
  for (const arn of more) await sns.send(new DeletePlatformApplicationCommand({ PlatformApplicationArn: arn }));
});

test('platform endpoints: AWS\'s duplicate-token rules, attributes, list, delete', async () => {
  const sns = snsClient(t);
  const { PlatformApplicationArn } = await sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('ep'), Platform: 'GCM', Attributes: { PlatformCredential: 'k' } }));
  const a = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'alice' }));
  assert.match(a.EndpointArn!, /^arn:aws:sns:us-east-1:000000000000:endpoint\/GCM\/ep-[^/]+\/[0-9a-f-]{36}$/);
  // The same token and attributes: the same endpoint. Different attributes: refused.
  assert.equal((await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'alice' }))).EndpointArn, a.EndpointArn);
  await assert.rejects(sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-1', CustomUserData: 'bob' })), {
    name: 'InvalidParameterException',
    message: `Invalid parameter: Token Reason: Endpoint ${a.EndpointArn} already exists with the same Token, but different attributes.`,
  });
  const b = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'device-2', Attributes: { Enabled: 'False' } }));
  assert.deepEqual((await sns.send(new GetEndpointAttributesCommand({ EndpointArn: a.EndpointArn }))).Attributes, { Enabled: 'true', CustomUserData: 'alice', Token: 'device-1' });
  assert.deepEqual((await sns.send(new GetEndpointAttributesCommand({ EndpointArn: b.EndpointArn }))).Attributes, { Enabled: 'false', Token: 'device-2' });
  await sns.send(new SetEndpointAttributesCommand({ EndpointArn: a.EndpointArn, Attributes: { CustomUserData: 'alice2', Token: 'device-1b' } }));
  assert.deepEqual((await sns.send(new GetEndpointAttributesCommand({ EndpointArn: a.EndpointArn }))).Attributes, { Enabled: 'true', CustomUserData: 'alice2', Token: 'device-1b' });
  await assert.rejects(sns.send(new SetEndpointAttributesCommand({ EndpointArn: a.EndpointArn, Attributes: { Colour: 'red' } })), { name: 'InvalidParameterException' });
  const listed = await sns.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn }));
  assert.deepEqual(listed.Endpoints!.map((e) => e.EndpointArn), [a.EndpointArn, b.EndpointArn]);
  await assert.rejects(sns.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn: `${PlatformApplicationArn}x` })), { name: 'NotFoundException' });
  await sns.send(new DeleteEndpointCommand({ EndpointArn: b.EndpointArn }));
  await sns.send(new DeleteEndpointCommand({ EndpointArn: b.EndpointArn }));
  assert.deepEqual((await sns.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn }))).Endpoints!.map((e) => e.EndpointArn), [a.EndpointArn]);
});

test('Publish to an endpoint and through application subscriptions is recorded; a disabled endpoint refuses', async () => {
  const sns = snsClient(t);
  const { PlatformApplicationArn } = await sns.send(new CreatePlatformApplicationCommand({ Name: uniqueName('push'), Platform: 'APNS', Attributes: { PlatformCredential: 'k', PlatformPrincipal: 'p' } }));
  const { EndpointArn } = await sns.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: 'apns-token' }));
  const direct = await sns.send(new PublishCommand({ TargetArn: EndpointArn, MessageStructure: 'json', Message: JSON.stringify({ default: 'plain', APNS: '{"aps":{"alert":"hi"}}' }) }));
  const TopicArn = (await sns.send(new CreateTopicCommand({ Name: uniqueName('pusht') }))).TopicArn!;
  const sub = await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'application', Endpoint: EndpointArn }));
  const viaTopic = await sns.send(new PublishCommand({ TopicArn, Message: 'to all devices', Subject: 'S' }));
  const recorded = await deliveries({ endpoint: EndpointArn! });
  assert.deepEqual(
    recorded.map((d) => [d.protocol, d.type, d.status, d.messageId, d.message, d.details.platform, d.details.token]),
    [
      ['application', 'Notification', 'delivered', direct.MessageId, '{"aps":{"alert":"hi"}}', 'APNS', 'apns-token'],
      ['application', 'Notification', 'delivered', viaTopic.MessageId, 'to all devices', 'APNS', 'apns-token'],
    ],
  );
  assert.equal(recorded[1].subscriptionArn, sub.SubscriptionArn);
  assert.equal(recorded[1].topicArn, TopicArn);
  assert.equal(recorded[1].account, '000000000000');
  assert.equal(recorded[1].region, 'us-east-1');

  await sns.send(new SetEndpointAttributesCommand({ EndpointArn, Attributes: { Enabled: 'false' } }));
  await assert.rejects(sns.send(new PublishCommand({ TargetArn: EndpointArn, Message: 'x' })), { name: 'EndpointDisabledException', message: 'Endpoint is disabled' });
  await assert.rejects(sns.send(new PublishCommand({ TargetArn: `${EndpointArn}0`, Message: 'x' })), {
    name: 'InvalidParameterException',
    message: 'Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified',
  });
  // Through the topic, the disabled endpoint's delivery fails (recorded as failed).
  const failed = await sns.send(new PublishCommand({ TopicArn, Message: 'while disabled' }));
  const last = (await deliveries({ endpoint: EndpointArn!, status: 'failed' })).at(-1);
  assert.deepEqual([last.messageId, last.reason], [failed.MessageId, 'Endpoint is disabled']);
});

test('boto3 drives the push operations too', async () => {
  const name = uniqueName('b3');
  const out = await pythonJson(
    `
import boto3, json
sns = boto3.client('sns')
app = sns.create_platform_application(Name=${JSON.stringify(name)}, Platform='GCM', Attributes={'PlatformCredential': 'k'})['PlatformApplicationArn']
ep = sns.create_platform_endpoint(PlatformApplicationArn=app, Token='t1', CustomUserData='u')['EndpointArn']
mid = sns.publish(TargetArn=ep, Message='hello')['MessageId']
attrs = sns.get_endpoint_attributes(EndpointArn=ep)['Attributes']
print(json.dumps({'app': app, 'attrs': attrs, 'mid': mid, 'eps': [e['EndpointArn'] for e in sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)['Endpoints']], 'ep': ep}))
`,
    t.env(),
  );
  assert.equal(out.app, `arn:aws:sns:us-east-1:000000000000:app/GCM/${name}`);
  assert.deepEqual(out.attrs, { Enabled: 'true', CustomUserData: 'u', Token: 't1' });
  assert.deepEqual(out.eps, [out.ep]);
  const recorded = await deliveries({ endpoint: out.ep });
  assert.deepEqual(recorded.map((d) => [d.messageId, d.message]), [[out.mid, 'hello']]);
});
