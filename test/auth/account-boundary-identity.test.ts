// Across accounts both sides must allow (auth/authorize.ts): the resource policy in the owning
// account AND the caller's identity policies in its own account — an IAM user's inline, group and
// attached managed policies, a role session's role policies within its session policies, each
// limited by the permissions boundary; an explicit Deny on either side wins. An account root is
// allowed by its own side.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, EncryptCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateTopicCommand, PublishCommand, SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { uniqueName, useNimbus } from '../support/nimbus.js';

const t = useNimbus();
const A = '111122223333';
const B = '444455556666';
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const root = (account: string): Credentials => ({ accessKeyId: account, secretAccessKey: 'nimbus' });
const cfg = (c: Credentials) => ({ ...t.config(), credentials: c });
const iamB = () => new IAMClient(cfg(root(B)));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** A user of B with an access key. */
async function userOfB(name = uniqueName('u')): Promise<{ name: string; arn: string; keys: Credentials }> {
  const { User } = await iamB().send(new CreateUserCommand({ UserName: name }));
  const { AccessKey } = await iamB().send(new CreateAccessKeyCommand({ UserName: name }));
  return { name, arn: User!.Arn!, keys: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
}

/** A queue of A whose policy allows B's account everything on it. */
async function sharedQueue(): Promise<{ url: string; arn: string }> {
  const name = uniqueName('shared');
  const { QueueUrl: url } = await new SQSClient(cfg(root(A))).send(new CreateQueueCommand({ QueueName: name }));
  const arn = `arn:aws:sqs:us-east-1:${A}:${name}`;
  await new SQSClient(cfg(root(A))).send(
    new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sqs:*', Resource: arn }) } }),
  );
  return { url: url!, arn };
}

const sqsDenied = (url: string) => (e: any) => {
  assert.equal(e.name, 'AccessDenied');
  assert.equal(e.message, `Access to the resource ${url.replace(/^http:\/\/[^/]+/, 'https://sqs.us-east-1.amazonaws.com')} is denied.`);
  assert.equal(e.$metadata.httpStatusCode, 403);
  return true;
};

test('SQS: B\'s user without SQS permissions is refused on A\'s queue although the queue policy allows B; an identity policy allowing sqs:SendMessage lets it send, nothing more', async () => {
  const q = await sharedQueue();
  const u = await userOfB();
  const sqs = new SQSClient(cfg(u.keys));
  await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })), sqsDenied(q.url));
  // B's root is allowed by its own side: the queue policy decides.
  await new SQSClient(cfg(root(B))).send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'from B root' }));

  await iamB().send(new PutUserPolicyCommand({ UserName: u.name, PolicyName: 'send', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: q.arn }) }));
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'from B user' }));
  assert.match(sent.MessageId ?? '', /^[0-9a-f-]{36}$/);
  await assert.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url })), sqsDenied(q.url));
  const got = await new SQSClient(cfg(root(A))).send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }));
  assert.deepEqual(got.Messages?.map((m) => m.Body).sort(), ['from B root', 'from B user']);
});

test('SQS: an explicit Deny in B (a group policy) wins over B\'s allow and A\'s queue policy', async () => {
  const q = await sharedQueue();
  const u = await userOfB();
  const sqs = new SQSClient(cfg(u.keys));
  await iamB().send(new PutUserPolicyCommand({ UserName: u.name, PolicyName: 'all-sqs', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }));
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'allowed' }));
  const group = uniqueName('g');
  await iamB().send(new CreateGroupCommand({ GroupName: group }));
  await iamB().send(new PutGroupPolicyCommand({ GroupName: group, PolicyName: 'deny', PolicyDocument: doc({ Effect: 'Deny', Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:*:${A}:*` }) }));
  await iamB().send(new AddUserToGroupCommand({ GroupName: group, UserName: u.name }));
  await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'denied' })), sqsDenied(q.url));
  // The deny names SendMessage only: receiving is still allowed by both sides.
  const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
  assert.equal(got.Messages?.[0]?.Body, 'allowed');
});

test('SQS: an attached managed policy allows; the permissions boundary limits it', async () => {
  const q = await sharedQueue();
  const u = await userOfB();
  const sqs = new SQSClient(cfg(u.keys));
  const managed = await iamB().send(new CreatePolicyCommand({ PolicyName: uniqueName('sqs-all'), PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }) }));
  await iamB().send(new AttachUserPolicyCommand({ UserName: u.name, PolicyArn: managed.Policy!.Arn! }));
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
  const boundary = await iamB().send(new CreatePolicyCommand({ PolicyName: uniqueName('only-send'), PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }) }));
  await iamB().send(new PutUserPermissionsBoundaryCommand({ UserName: u.name, PermissionsBoundary: boundary.Policy!.Arn! }));
  await sqs.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'within the boundary' }));
  await assert.rejects(sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url })), sqsDenied(q.url));
});

test('SQS: a role session of B acts with its role\'s policies, within its session policy', async () => {
  const q = await sharedQueue();
  const roleName = uniqueName('r');
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' });
  const { Role } = await iamB().send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: trust }));
  const sts = new STSClient(cfg(root(B)));
  const assume = async (Policy?: string) => {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: Role!.Arn!, RoleSessionName: 'worker', ...(Policy && { Policy }) }));
    return new SQSClient(cfg({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }));
  };
  const bare = await assume();
  await assert.rejects(bare.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })), sqsDenied(q.url));
  await iamB().send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'sqs', PolicyDocument: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: q.arn }) }));
  await bare.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'by the role' }));
  const limited = await assume(doc({ Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: '*' }));
  await assert.rejects(limited.send(new SendMessageCommand({ QueueUrl: q.url, MessageBody: 'x' })), sqsDenied(q.url));
  const got = await limited.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
  assert.equal(got.Messages?.[0]?.Body, 'by the role');
});

test('SNS and KMS say which side refused: no identity-based policy, or an explicit deny in one', async () => {
  const u = await userOfB();
  const { TopicArn: topic } = await new SNSClient(cfg(root(A))).send(new CreateTopicCommand({ Name: uniqueName('shared') }));
  await new SNSClient(cfg(root(A))).send(
    new SetTopicAttributesCommand({ TopicArn: topic, AttributeName: 'Policy', AttributeValue: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sns:Publish', Resource: topic }) }),
  );
  await assert.rejects(new SNSClient(cfg(u.keys)).send(new PublishCommand({ TopicArn: topic, Message: 'x' })), (e: any) => {
    assert.equal(e.name, 'AuthorizationErrorException');
    assert.equal(e.message, `User: ${u.arn} is not authorized to perform: SNS:Publish on resource: ${topic} because no identity-based policy allows the SNS:Publish action`);
    return true;
  });
  await iamB().send(new PutUserPolicyCommand({ UserName: u.name, PolicyName: 'sns', PolicyDocument: doc({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }) }));
  await new SNSClient(cfg(u.keys)).send(new PublishCommand({ TopicArn: topic, Message: 'allowed' }));

  const kmsA = new KMSClient(cfg(root(A)));
  const { KeyMetadata } = await kmsA.send(new CreateKeyCommand({}));
  const keyArn = KeyMetadata!.Arn!;
  await kmsA.send(
    new PutKeyPolicyCommand({
      KeyId: keyArn,
      PolicyName: 'default',
      Policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: B }, Action: 'kms:Encrypt', Resource: '*' }),
    }),
  );
  await iamB().send(new PutUserPolicyCommand({ UserName: u.name, PolicyName: 'kms', PolicyDocument: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:Encrypt', Resource: keyArn }) }));
  await assert.rejects(new KMSClient(cfg(u.keys)).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') })), (e: any) => {
    assert.equal(e.name, 'AccessDeniedException');
    assert.equal(e.message, `User: ${u.arn} is not authorized to perform: kms:Encrypt on resource: ${keyArn} with an explicit deny in an identity-based policy`);
    return true;
  });
});
