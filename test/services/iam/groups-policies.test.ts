// IAM through the SDK v3: groups, customer and AWS managed policies with versions, instance
// profiles, tags, aliases, pagination, and the account-wide reports.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRoleTagsCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { IamApi } from '../../../src/services/iam/api.js';
import { useNimbus } from '../../support/nimbus.js';

const t = useNimbus();
const iamIn = (account: string) => new IAMClient(t.config({ accessKeyId: account }));
const api = () => t.nimbus.instance.api('iam') as Promise<IamApi>;
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

async function rejects(p: Promise<unknown>, name: string, message?: string, status?: number): Promise<void> {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    if (message !== undefined) assert.equal(e.message, message);
    if (status) assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}

test('managed policies: versions (default, 5-version limit, ids never reused), deletion rules', async () => {
  const iam = iamIn('100000000001');
  const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'queues', Path: '/app/', PolicyDocument: doc('sqs:SendMessage'), Description: 'send' }));
  assert.equal(Policy!.Arn, 'arn:aws:iam::100000000001:policy/app/queues');
  assert.match(Policy!.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
  assert.equal(Policy!.DefaultVersionId, 'v1');
  assert.equal(Policy!.AttachmentCount, 0);
  await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Queues', PolicyDocument: doc('sqs:*') })), 'EntityAlreadyExistsException', 'A policy called Queues already exists. Duplicate names are not allowed.', 409);
  await rejects(
    iam.send(new CreatePolicyCommand({ PolicyName: 'old', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) })),
    'MalformedPolicyDocumentException',
    'Policy document must be version 2012-10-17 or greater.',
  );

  const arn = Policy!.Arn!;
  for (let i = 2; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(`sqs:Action${i}`), SetAsDefault: i === 3 }));
  await rejects(
    iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:Six') })),
    'LimitExceededException',
    'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    409,
  );
  const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
  assert.deepEqual(versions.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v5', false], ['v4', false], ['v3', true], ['v2', false], ['v1', false]]);
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v3');
  await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' })), 'DeleteConflictException', 'Cannot delete the default version of a policy.', 409);
  await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  const v6 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('sqs:Six') }));
  assert.equal(v6.PolicyVersion!.VersionId, 'v6');
  await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
  const got = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v6' }));
  assert.equal(decodeURIComponent(got.PolicyVersion!.Document!), doc('sqs:Six'));
  assert.equal(got.PolicyVersion!.IsDefaultVersion, true);
  await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })), 'NoSuchEntityException', `Policy ${arn} version v1 does not exist or is not attachable.`);

  // The user's policies through the API: attached policy's default version, its group's inline policy.
  await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'logs', PolicyDocument: doc('logs:*') }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn }));
  assert.deepEqual((await api()).policies('arn:aws:iam::100000000001:user/dev'), { identity: [doc('sqs:Six'), doc('logs:*')] });
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 1);
  await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 'Cannot delete a policy attached to entities.');
  await iam.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: arn }));
  await rejects(
    iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
    'DeleteConflictException',
    "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
  );
  for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  await rejects(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException', `Policy ${arn} was not found.`, 404);
});

test('AWS managed policies exist with their real documents and cannot be changed', async () => {
  const iam = iamIn('100000000002');
  const admin = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  assert.equal(admin.Policy!.PolicyName, 'AdministratorAccess');
  assert.equal(admin.Policy!.Path, '/');
  const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: admin.Policy!.DefaultVersionId }));
  assert.deepEqual(JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!)), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const sqs = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' }));
  const sqsDoc = await iam.send(new GetPolicyVersionCommand({ PolicyArn: sqs.Policy!.Arn, VersionId: sqs.Policy!.DefaultVersionId }));
  assert.deepEqual(JSON.parse(decodeURIComponent(sqsDoc.PolicyVersion!.Document!)).Statement[0].Action, ['sqs:*']);
  const ro = await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  const roDoc = JSON.parse(decodeURIComponent((await iam.send(new GetPolicyVersionCommand({ PolicyArn: ro.Policy!.Arn, VersionId: ro.Policy!.DefaultVersionId }))).PolicyVersion!.Document!));
  assert.ok(roDoc.Statement.flatMap((s: any) => s.Action).length > 1000, 'ReadOnlyAccess is the full document');

  const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/' }));
  assert.ok(aws.Policies!.some((p) => p.Arn === 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'));
  assert.ok(aws.Policies!.every((p) => p.Path === '/service-role/'));
  await rejects(
    iam.send(new CreatePolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', PolicyDocument: doc('s3:*') })),
    'AccessDenied',
    'User: arn:aws:iam::100000000002:root is not authorized to perform: iam:CreatePolicyVersion on resource: policy arn:aws:iam::aws:policy/AdministratorAccess',
    403,
  );
  assert.deepEqual((await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies, []);
  await iam.send(new CreateUserCommand({ UserName: 'reader' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  const attached = await iam.send(new ListPoliciesCommand({ OnlyAttached: true }));
  assert.deepEqual(attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount]), [['ReadOnlyAccess', 1]]);
});

test('groups: members, ListGroupsForUser, rename, DeleteConflict until emptied', async () => {
  const iam = iamIn('100000000003');
  const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }));
  assert.match(Group!.GroupId!, /^AGPA[A-Z2-7]{17}$/);
  assert.equal(Group!.Arn, 'arn:aws:iam::100000000003:group/ops/admins');
  await rejects(iam.send(new CreateGroupCommand({ GroupName: 'Admins' })), 'EntityAlreadyExistsException', 'Group with name Admins already exists.');
  for (const u of ['zed', 'amy']) {
    await iam.send(new CreateUserCommand({ UserName: u }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: u }));
  }
  const g = await iam.send(new GetGroupCommand({ GroupName: 'admins' }));
  assert.deepEqual(g.Users!.map((u) => u.UserName), ['amy', 'zed']);
  assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'amy' }))).Groups!.map((x) => x.GroupName), ['admins']);
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })), 'DeleteConflictException', 'Cannot delete entity, must remove users from group first.');
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'amy' }));
  await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'zed' }));
  await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })), 'DeleteConflictException', 'Cannot delete entity, must detach all policies first.');

  await iam.send(new UpdateUserCommand({ UserName: 'amy', NewUserName: 'amelia', NewPath: '/people/' }));
  const users = await iam.send(new ListUsersCommand({ PathPrefix: '/people/' }));
  assert.deepEqual(users.Users!.map((u) => [u.UserName, u.Arn]), [['amelia', 'arn:aws:iam::100000000003:user/people/amelia']]);
});

test('pagination: Marker, MaxItems and IsTruncated (and the SDK paginator) walk every user once', async () => {
  const iam = iamIn('100000000004');
  const names = Array.from({ length: 7 }, (_, i) => `user-${i}`);
  for (const n of names) await iam.send(new CreateUserCommand({ UserName: n }));
  const first = await iam.send(new ListUsersCommand({ MaxItems: 3 }));
  assert.deepEqual(first.Users!.map((u) => u.UserName), ['user-0', 'user-1', 'user-2']);
  assert.equal(first.IsTruncated, true);
  assert.ok(first.Marker);
  const second = await iam.send(new ListUsersCommand({ MaxItems: 3, Marker: first.Marker }));
  assert.deepEqual(second.Users!.map((u) => u.UserName), ['user-3', 'user-4', 'user-5']);
  const seen: string[] = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 2 }, {})) seen.push(...page.Users!.map((u) => u.UserName!));
  assert.deepEqual(seen, names);
  const last = await iam.send(new ListUsersCommand({ MaxItems: 100 }));
  assert.equal(last.IsTruncated, false);
  assert.equal(last.Marker, undefined);
  await rejects(iam.send(new ListUsersCommand({ MaxItems: 0 })), 'ValidationError');
});

test('instance profiles: AIPA id, one role at most, DeleteConflict while they hold it', async () => {
  const iam = iamIn('100000000005');
  await iam.send(new CreateRoleCommand({ RoleName: 'web', AssumeRolePolicyDocument: TRUST }));
  await iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: TRUST }));
  const { InstanceProfile } = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile', Path: '/ec2/' }));
  assert.match(InstanceProfile!.InstanceProfileId!, /^AIPA[A-Z2-7]{17}$/);
  assert.equal(InstanceProfile!.Arn, 'arn:aws:iam::100000000005:instance-profile/ec2/web-profile');
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }));
  await rejects(
    iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'other' })),
    'LimitExceededException',
    'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
  );
  const got = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  assert.deepEqual(got.InstanceProfile!.Roles!.map((r) => r.RoleName), ['web']);
  assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web' }))).InstanceProfiles!.map((p) => p.InstanceProfileName), ['web-profile']);
  await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'web' })), 'DeleteConflictException', 'Cannot delete entity, must remove roles from instance profile first.');
  await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web-profile' })), 'DeleteConflictException', 'Cannot delete entity, must remove roles from instance profile first.');
  await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }));
  await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web-profile' })), 'NoSuchEntityException', 'Instance Profile web-profile cannot be found.', 404);
});

test('tags, account aliases and GetAccountSummary', async () => {
  const iam = iamIn('100000000006');
  await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'a' }] }));
  await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }] }));
  assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'team', Value: 'b' }, { Key: 'env', Value: 'dev' }]);
  await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['team'] }));
  assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags, [{ Key: 'env', Value: 'dev' }]);
  await iam.send(new CreateRoleCommand({ RoleName: 'tagged-role', AssumeRolePolicyDocument: TRUST }));
  await iam.send(new TagRoleCommand({ RoleName: 'tagged-role', Tags: [{ Key: 'k', Value: 'v' }] }));
  assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged-role' }))).Tags, [{ Key: 'k', Value: 'v' }]);

  await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'nimbus-test-one' }));
  assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['nimbus-test-one']);
  await rejects(iamIn('100000000007').send(new CreateAccountAliasCommand({ AccountAlias: 'nimbus-test-one' })), 'EntityAlreadyExistsException', 'The account alias nimbus-test-one already exists.');
  await rejects(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'nope' })), 'NoSuchEntityException', 'The account alias nope cannot be found.');
  await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'nimbus-test-one' }));
  assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);

  const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
  assert.equal(summary.Users, 1);
  assert.equal(summary.Roles, 1);
  assert.equal(summary.AccessKeysPerUserQuota, 2);
});

test('ListEntitiesForPolicy and GetAccountAuthorizationDetails', async () => {
  const iam = iamIn('100000000008');
  const policy = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
  await iam.send(new CreateUserCommand({ UserName: 'u1' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'g1' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: policy }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'u1', PolicyArn: policy }));
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'g1', PolicyArn: policy }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'g1', UserName: 'u1' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'g1', PolicyName: 'inline', PolicyDocument: doc('s3:GetObject') }));
  const { Policy: local } = await iam.send(new CreatePolicyCommand({ PolicyName: 'local', PolicyDocument: doc('sns:Publish') }));

  const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy }));
  assert.deepEqual(all.PolicyUsers!.map((u) => u.UserName), ['u1']);
  assert.deepEqual(all.PolicyGroups!.map((g) => g.GroupName), ['g1']);
  assert.deepEqual(all.PolicyRoles!.map((r) => r.RoleName), ['r1']);
  const permissions = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy, PolicyUsageFilter: 'PermissionsPolicy' }));
  assert.deepEqual(permissions.PolicyRoles, []);
  const groupsOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policy, EntityFilter: 'Group' }));
  assert.deepEqual([groupsOnly.PolicyUsers, groupsOnly.PolicyGroups!.length, groupsOnly.PolicyRoles], [[], 1, []]);

  const details = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
  assert.deepEqual(details.UserDetailList!.map((u) => [u.UserName, u.GroupList, u.AttachedManagedPolicies!.map((p) => p.PolicyArn)]), [['u1', ['g1'], [policy]]]);
  assert.deepEqual(details.GroupDetailList![0]!.GroupPolicyList!.map((p) => [p.PolicyName, decodeURIComponent(p.PolicyDocument!)]), [['inline', doc('s3:GetObject')]]);
  assert.equal(details.RoleDetailList![0]!.PermissionsBoundary!.PermissionsBoundaryArn, policy);
  assert.deepEqual(details.Policies!.map((p) => p.Arn).sort(), [policy, local!.Arn].sort());
  const s3ro = details.Policies!.find((p) => p.Arn === policy)!;
  assert.equal(s3ro.AttachmentCount, 2);
  assert.equal(s3ro.PermissionsBoundaryUsageCount, 1);
  assert.equal(s3ro.PolicyVersionList![0]!.IsDefaultVersion, true);
  const rolesOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  assert.deepEqual([rolesOnly.UserDetailList, rolesOnly.RoleDetailList!.length, rolesOnly.Policies], [[], 1, []]);
  const paged = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2 }));
  assert.equal(paged.IsTruncated, true);
  assert.equal(paged.UserDetailList!.length + paged.GroupDetailList!.length, 2);
});
