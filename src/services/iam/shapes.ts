// IAM entities as the API returns them (the SDK's shapes). Documents are URL-encoded, as on AWS.
import type { AttachedPolicy, Group, InstanceProfile, Policy, Role, User } from '@aws-sdk/client-iam';
import type { HandlerOutput } from '../service.js';
import { encodeDocument } from './common.js';
import type * as live from './store.js';
import { groupArn, instanceProfileArn, roleArn, userArn } from './store.js';

type Out<T> = HandlerOutput<T>;

function boundary(arn: string | undefined) {
  return arn ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: arn } } : {};
}

function tags(t: live.User['tags']) {
  return t.length ? { Tags: t.map((x) => ({ Key: x.Key, Value: x.Value })) } : {};
}

/** `withDetails`: GetUser answers tags and boundary; ListUsers answers neither (as on AWS). */
export function userShape(u: live.User, withDetails = true): Out<User> {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: userArn(u),
    CreateDate: new Date(u.createDate),
    ...(withDetails ? { ...boundary(u.permissionsBoundary), ...tags(u.tags) } : {}),
  };
}

export function groupShape(g: live.Group): Out<Group> {
  return { Path: g.path, GroupName: g.name, GroupId: g.id, Arn: groupArn(g), CreateDate: new Date(g.createDate) };
}

/** `withDetails`: GetRole answers tags, boundary and RoleLastUsed; ListRoles leaves them out. */
export function roleShape(r: live.Role, withDetails = true): Out<Role> {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: roleArn(r),
    CreateDate: new Date(r.createDate),
    AssumeRolePolicyDocument: encodeDocument(r.assumeRolePolicyDocument),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...(withDetails ? { ...boundary(r.permissionsBoundary), ...tags(r.tags), RoleLastUsed: {} } : {}),
  };
}

export function policyShape(p: live.ManagedPolicy, attachments: { count: number; boundaryCount: number }, withDetails = true): Out<Policy> {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: attachments.count,
    PermissionsBoundaryUsageCount: attachments.boundaryCount,
    IsAttachable: true,
    ...(withDetails && p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: new Date(p.createDate),
    UpdateDate: new Date(p.updateDate),
    ...(withDetails ? tags(p.tags) : {}),
  };
}

export function instanceProfileShape(p: live.InstanceProfile, roles: live.Role[]): Out<InstanceProfile> {
  return {
    Path: p.path,
    InstanceProfileName: p.name,
    InstanceProfileId: p.id,
    Arn: instanceProfileArn(p),
    CreateDate: new Date(p.createDate),
    Roles: roles.map((r) => roleShape(r, false)),
    ...tags(p.tags),
  };
}

export function attachedShape(arn: string): AttachedPolicy {
  return { PolicyArn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1) };
}
