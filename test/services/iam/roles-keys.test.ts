// IAM through the SDK v3: users and access keys, roles with trust policies, inline and attached
// policies, and the in-process IamApi that STS and the policy engine read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  UpdateAccessKeyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import type { IamApi } from '../../../src/services/iam/api.js';
import { useNimbus } from '../../support/nimbus.js';

const t = useNimbus();
const ACCOUNT = '111122223333';
const iamIn = (account = ACCOUNT) => new IAMClient(t.config({ accessKeyId: account }));
const api = () => t.nimbus.instance.api('iam') as Promise<IamApi>;

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'x-1' } } }],
});
const SQS_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] });

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp, status?: number): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    if (status) assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}

test('CreateUser and CreateAccessKey: AWS ids, a 20-character AKIA key and a 40-character secret, resolvable by id', async () => {
  const iam = iamIn();
  const { User } = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/dev/team/' }));
  assert.equal(User!.UserName, 'alice');
  assert.equal(User!.Path, '/dev/team/');
  assert.equal(User!.Arn, `arn:aws:iam::${ACCOUNT}:user/dev/team/alice`);
  assert.match(User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
  assert.ok(User!.CreateDate instanceof Date);

  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  assert.match(AccessKey!.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(AccessKey!.AccessKeyId!.length, 20);
  assert.equal(AccessKey!.SecretAccessKey!.length, 40);
  assert.equal(AccessKey!.Status, 'Active');
  assert.equal(AccessKey!.UserName, 'alice');

  const key = (await api()).accessKey(AccessKey!.AccessKeyId!);
  assert.deepEqual(key, {
    accessKeyId: AccessKey!.AccessKeyId,
    secretAccessKey: AccessKey!.SecretAccessKey,
    status: 'Active',
    account: ACCOUNT,
    userName: 'alice',
    userArn: `arn:aws:iam::${ACCOUNT}:user/dev/team/alice`,
    userId: User!.UserId,
  });

  await iam.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: AccessKey!.AccessKeyId, Status: 'Inactive' }));
  assert.equal((await api()).accessKey(AccessKey!.AccessKeyId!)!.status, 'Inactive');
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
  assert.deepEqual(listed.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.Status]), [[AccessKey!.AccessKeyId, 'Inactive']]);

  await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  await rejects(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })), 'LimitExceededException', 'Cannot exceed quota for AccessKeysPerUser: 2', 409);
  await rejects(iam.send(new DeleteUserCommand({ UserName: 'alice' })), 'DeleteConflictException', 'Cannot delete entity, must delete access keys first.', 409);
  await iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: AccessKey!.AccessKeyId }));
  assert.equal((await api()).accessKey(AccessKey!.AccessKeyId!), undefined);
  await rejects(
    iam.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: AccessKey!.AccessKeyId })),
    'NoSuchEntityException',
    `The Access Key with id ${AccessKey!.AccessKeyId} cannot be found.`,
    404,
  );
});

test('users: names unique regardless of case, found regardless of case; other accounts are separate', async () => {
  const iam = iamIn('222233334444');
  await iam.send(new CreateUserCommand({ UserName: 'Bob' }));
  await rejects(iam.send(new CreateUserCommand({ UserName: 'bob' })), 'EntityAlreadyExistsException', 'User with name bob already exists.', 409);
  const got = await iam.send(new GetUserCommand({ UserName: 'BOB' }));
  assert.equal(got.User!.UserName, 'Bob');
  await rejects(iamIn('333344445555').send(new GetUserCommand({ UserName: 'Bob' })), 'NoSuchEntityException', 'The user with name Bob cannot be found.', 404);
  const listed = await iamIn('333344445555').send(new ListUsersCommand({}));
  assert.deepEqual(listed.Users, []);
  assert.equal(listed.IsTruncated, false);
});

test('CreateRole / GetRole: path in the ARN, AROA id, trust policy URL-encoded, MaxSessionDuration', async () => {
  const iam = iamIn();
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'queue-worker', Path: '/app/', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 7200, Description: 'works queues' }));
  assert.equal(Role!.Arn, `arn:aws:iam::${ACCOUNT}:role/app/queue-worker`);
  assert.match(Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
  assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!), TRUST);
  const got = (await iam.send(new GetRoleCommand({ RoleName: 'queue-worker' }))).Role!;
  assert.equal(got.MaxSessionDuration, 7200);
  assert.equal(got.Description, 'works queues');
  assert.equal(got.RoleId, Role!.RoleId);
  assert.equal(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!)).Statement[0].Principal.AWS, 'arn:aws:iam::444455556666:root');

  await iam.send(new UpdateRoleCommand({ RoleName: 'queue-worker', MaxSessionDuration: 43200 }));
  const role = (await api()).role(ACCOUNT, 'queue-worker');
  assert.deepEqual(role, {
    account: ACCOUNT,
    roleName: 'queue-worker',
    roleId: Role!.RoleId,
    arn: `arn:aws:iam::${ACCOUNT}:role/app/queue-worker`,
    path: '/app/',
    assumeRolePolicyDocument: TRUST,
    maxSessionDuration: 43200,
  });
  assert.equal((await api()).role('999999999999', 'queue-worker'), undefined);

  await rejects(iam.send(new CreateRoleCommand({ RoleName: 'QUEUE-WORKER', AssumeRolePolicyDocument: TRUST })), 'EntityAlreadyExistsException', 'Role with name QUEUE-WORKER already exists.');
  await rejects(iam.send(new GetRoleCommand({ RoleName: 'nope' })), 'NoSuchEntityException', 'The role with name nope cannot be found.', 404);
  await rejects(iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 60 })), 'ValidationError', /maxSessionDuration|MaxSessionDuration/);
  const roles = await iam.send(new ListRolesCommand({ PathPrefix: '/app/' }));
  assert.deepEqual(roles.Roles!.map((r) => r.RoleName), ['queue-worker']);
});

test('trust and permission policies are validated as AWS does', async () => {
  const iam = iamIn();
  const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] });
  await rejects(iam.send(new CreateRoleCommand({ RoleName: 'bad1', AssumeRolePolicyDocument: withResource })), 'MalformedPolicyDocumentException', 'Has prohibited field Resource.', 400);
  await rejects(iam.send(new CreateRoleCommand({ RoleName: 'bad2', AssumeRolePolicyDocument: '{"Version":' })), 'MalformedPolicyDocumentException', 'Syntax errors in policy.');
  await iam.send(new CreateRoleCommand({ RoleName: 'validated', AssumeRolePolicyDocument: TRUST }));
  const withPrincipal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*' }] });
  await rejects(iam.send(new PutRolePolicyCommand({ RoleName: 'validated', PolicyName: 'p', PolicyDocument: withPrincipal })), 'MalformedPolicyDocumentException', 'Policy document should not specify a principal.');
  const badAction = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sendmessage', Resource: '*' }] });
  await rejects(
    iam.send(new PutRolePolicyCommand({ RoleName: 'validated', PolicyName: 'p', PolicyDocument: badAction })),
    'MalformedPolicyDocumentException',
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  );
});

test('PutRolePolicy / AttachRolePolicy: the role\'s policies through the API, then detached and deleted', async () => {
  const iam = iamIn();
  await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'sqs', PolicyDocument: SQS_POLICY }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  await rejects(
    iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
    'NoSuchEntityException',
    'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
  );

  const inline = await iam.send(new GetRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'sqs' }));
  assert.equal(decodeURIComponent(inline.PolicyDocument!), SQS_POLICY);
  assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'app-role' }))).PolicyNames, ['sqs']);
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app-role' }));
  assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }]);
  const got = (await iam.send(new GetRoleCommand({ RoleName: 'app-role' }))).Role!;
  assert.deepEqual(got.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });

  const policies = (await api()).policies(`arn:aws:iam::${ACCOUNT}:role/app-role`)!;
  assert.equal(policies.identity.length, 2);
  assert.equal(policies.identity[0], SQS_POLICY);
  assert.deepEqual(JSON.parse(policies.identity[1]!).Statement[0].Action, ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.deepEqual(JSON.parse(policies.boundary!).Statement[0].NotAction, ['iam:*', 'organizations:*', 'account:*']);
  // A session of the role acts with the role's policies.
  assert.equal((await api()).policies(`arn:aws:sts::${ACCOUNT}:assumed-role/app-role/s1`)!.identity.length, 2);
  assert.equal((await api()).policies(`arn:aws:iam::${ACCOUNT}:role/other/app-role`), undefined);

  await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'app-role' })), 'DeleteConflictException', 'Cannot delete entity, must delete policies first.');
  await iam.send(new DeleteRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'sqs' }));
  await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'app-role' })), 'DeleteConflictException', 'Cannot delete entity, must detach all policies first.');
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }));
  await rejects(
    iam.send(new DetachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' })),
    'NoSuchEntityException',
    'Policy arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole was not found.',
  );
  await iam.send(new DeleteRoleCommand({ RoleName: 'app-role' }));
  assert.equal((await api()).role(ACCOUNT, 'app-role'), undefined);
});
