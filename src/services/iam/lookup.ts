// Finding IAM entities by name or ARN, with AWS's NoSuchEntity answers.
import { awsManagedPolicies } from './aws-managed.js';
import { noSuch, noSuchEntity } from './errors.js';
import { parseIamArn } from './ids.js';
import type { AccountIam, Group, InstanceProfile, ManagedPolicy, Role, User } from './store.js';

export function findUser(a: AccountIam, name: string): User {
  const u = a.users.get(name.toLowerCase());
  if (!u) throw noSuch('user', name);
  return u;
}

export function findGroup(a: AccountIam, name: string): Group {
  const g = a.groups.get(name.toLowerCase());
  if (!g) throw noSuch('group', name);
  return g;
}

export function findRole(a: AccountIam, name: string): Role {
  const r = a.roles.get(name.toLowerCase());
  if (!r) throw noSuch('role', name);
  return r;
}

export function findInstanceProfile(a: AccountIam, name: string): InstanceProfile {
  const p = a.instanceProfiles.get(name.toLowerCase());
  if (!p) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
  return p;
}

/** The managed policy an ARN names: an AWS managed one, or a customer managed one of `a`'s. */
export function policyByArn(a: AccountIam | undefined, arn: string): ManagedPolicy | undefined {
  const aws = awsManagedPolicies().get(arn);
  if (aws) return aws;
  const parts = parseIamArn(arn, 'policy');
  if (!parts || !a || parts.account !== a.id) return undefined;
  const p = a.policies.get(parts.name.toLowerCase());
  return p && p.arn === arn ? p : undefined;
}

/** GetPolicy's answer for an ARN that names no policy. */
export function findPolicy(a: AccountIam | undefined, arn: string): ManagedPolicy {
  const p = policyByArn(a, arn);
  if (!p) throw noSuchEntity(`Policy ${arn} was not found.`);
  return p;
}

/** Attach's answer for an ARN that names no policy. */
export function findAttachable(a: AccountIam, arn: string): ManagedPolicy {
  const p = policyByArn(a, arn);
  if (!p) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return p;
}

export function defaultDocument(p: ManagedPolicy): string {
  return p.versions.find((v) => v.versionId === p.defaultVersionId)!.document;
}
