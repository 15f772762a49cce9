// IAM under --persist: users, access keys, groups, roles, inline and managed policies (with their
// versions), instance profiles and aliases survive kill -9 and a restart on the same directory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateOpenIDConnectProviderCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  GetOpenIDConnectProviderCommand,
  UpdateAccountPasswordPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { usePersistedChildren, type ChildNimbus } from '../../support/child-nimbus.js';

const children = usePersistedChildren('nimbus-iam');

const start = (dir: string): Promise<ChildNimbus> => children.start(dir);

const iam = (c: ChildNimbus) => new IAMClient({ endpoint: c.endpoint, region: 'us-east-1', credentials: { accessKeyId: '123456789012', secretAccessKey: 'nimbus-secret' } });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: 'sts:AssumeRole' }] });
const INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] });
const doc = (a: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: a, Resource: '*' }] });

test('users, keys, roles, policies and profiles survive kill -9', { timeout: 60_000 }, async () => {
  const dir = children.dir();
  let child = await start(dir);
  const user = (await iam(child).send(new CreateUserCommand({ UserName: 'deployer', Path: '/ci/', Tags: [{ Key: 'team', Value: 'infra' }] }))).User!;
  const key1 = (await iam(child).send(new CreateAccessKeyCommand({ UserName: 'deployer' }))).AccessKey!;
  const key2 = (await iam(child).send(new CreateAccessKeyCommand({ UserName: 'deployer' }))).AccessKey!;
  await iam(child).send(new UpdateAccessKeyCommand({ UserName: 'deployer', AccessKeyId: key2.AccessKeyId, Status: 'Inactive' }));
  await iam(child).send(new CreateGroupCommand({ GroupName: 'ci' }));
  await iam(child).send(new AddUserToGroupCommand({ GroupName: 'ci', UserName: 'deployer' }));
  const role = (await iam(child).send(new CreateRoleCommand({ RoleName: 'cross', Path: '/x/', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200 }))).Role!;
  await iam(child).send(new PutRolePolicyCommand({ RoleName: 'cross', PolicyName: 'sqs', PolicyDocument: INLINE }));
  const policy = (await iam(child).send(new CreatePolicyCommand({ PolicyName: 'p', PolicyDocument: doc('sns:Publish') }))).Policy!;
  await iam(child).send(new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: doc('sns:*'), SetAsDefault: true }));
  await iam(child).send(new AttachRolePolicyCommand({ RoleName: 'cross', PolicyArn: policy.Arn }));
  await iam(child).send(new AttachRolePolicyCommand({ RoleName: 'cross', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }));
  await iam(child).send(new CreateInstanceProfileCommand({ InstanceProfileName: 'prof' }));
  await iam(child).send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'prof', RoleName: 'cross' }));
  await iam(child).send(new CreateAccountAliasCommand({ AccountAlias: 'durable-alias' }));
  await iam(child).send(new CreateLoginProfileCommand({ UserName: 'deployer', Password: 'Passw0rd-Passw0rd', PasswordResetRequired: true }));
  const oidc = (await iam(child).send(new CreateOpenIDConnectProviderCommand({ Url: 'https://issuer.example.com/realm', ClientIDList: ['app'] }))).OpenIDConnectProviderArn!;
  await iam(child).send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12 }));

  await child.kill();
  child = await start(dir);

  const got = (await iam(child).send(new GetUserCommand({ UserName: 'deployer' }))).User!;
  assert.deepEqual([got.UserId, got.Arn, got.Path, got.Tags], [user.UserId, 'arn:aws:iam::123456789012:user/ci/deployer', '/ci/', [{ Key: 'team', Value: 'infra' }]]);
  assert.equal(got.CreateDate!.getTime(), user.CreateDate!.getTime());
  const keys = (await iam(child).send(new ListAccessKeysCommand({ UserName: 'deployer' }))).AccessKeyMetadata!;
  assert.deepEqual(keys.map((k) => [k.AccessKeyId, k.Status]), [[key1.AccessKeyId, 'Active'], [key2.AccessKeyId, 'Inactive']]);
  // The global key index is rebuilt: a key is found by its id alone.
  assert.equal((await iam(child).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key1.AccessKeyId }))).UserName, 'deployer');
  assert.deepEqual((await iam(child).send(new ListGroupsForUserCommand({ UserName: 'deployer' }))).Groups!.map((g) => g.GroupName), ['ci']);
  const r = (await iam(child).send(new GetRoleCommand({ RoleName: 'cross' }))).Role!;
  assert.deepEqual([r.RoleId, r.Arn, r.MaxSessionDuration, decodeURIComponent(r.AssumeRolePolicyDocument!)], [role.RoleId, 'arn:aws:iam::123456789012:role/x/cross', 7200, TRUST]);
  assert.equal(decodeURIComponent((await iam(child).send(new GetRolePolicyCommand({ RoleName: 'cross', PolicyName: 'sqs' }))).PolicyDocument!), INLINE);
  assert.deepEqual((await iam(child).send(new ListAttachedRolePoliciesCommand({ RoleName: 'cross' }))).AttachedPolicies!.map((p) => p.PolicyArn), [
    policy.Arn,
    'arn:aws:iam::aws:policy/AmazonSQSFullAccess',
  ]);
  const versions = (await iam(child).send(new ListPolicyVersionsCommand({ PolicyArn: policy.Arn }))).Versions!;
  assert.deepEqual(versions.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v2', true], ['v1', false]]);
  assert.deepEqual((await iam(child).send(new GetInstanceProfileCommand({ InstanceProfileName: 'prof' }))).InstanceProfile!.Roles!.map((x) => x.RoleName), ['cross']);
  assert.deepEqual((await iam(child).send(new ListAccountAliasesCommand({}))).AccountAliases, ['durable-alias']);
  assert.equal((await iam(child).send(new GetLoginProfileCommand({ UserName: 'deployer' }))).LoginProfile!.PasswordResetRequired, true);
  const provider = await iam(child).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidc }));
  assert.deepEqual([provider.Url, provider.ClientIDList], ['issuer.example.com/realm', ['app']]);
  assert.equal((await iam(child).send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!.MinimumPasswordLength, 12);

  // A deletion is durable too; a new version after restart continues the numbering.
  await iam(child).send(new DeleteAccessKeyCommand({ UserName: 'deployer', AccessKeyId: key2.AccessKeyId }));
  assert.equal((await iam(child).send(new CreatePolicyVersionCommand({ PolicyArn: policy.Arn, PolicyDocument: doc('sns:List*') }))).PolicyVersion!.VersionId, 'v3');
  await child.kill();
  child = await start(dir);
  assert.deepEqual((await iam(child).send(new ListAccessKeysCommand({ UserName: 'deployer' }))).AccessKeyMetadata!.map((k) => k.AccessKeyId), [key1.AccessKeyId]);
  assert.equal((await iam(child).send(new ListPolicyVersionsCommand({ PolicyArn: policy.Arn }))).Versions!.length, 3);
});
