// IAM over awsQuery, per account (not per region): users, groups, roles, managed policies with
// versions, inline policies, attachments, access keys, instance profiles, tags, account aliases and
// the account-wide reports. Simulate* are answered by the policy engine (simulate.ts).
import { defineService } from '../service.js';
import * as account from './account.js';
import * as keys from './access-keys.js';
import * as attach from './attach.js';
import { iamTableFor } from './iam.js';
import * as groups from './groups.js';
import * as inline from './inline.js';
import * as profiles from './instance-profiles.js';
import * as oidc from './oidc-providers.js';
import * as policies from './policies.js';
import { iamApi } from './principals.js';
import * as roles from './roles.js';
import * as linked from './service-linked-roles.js';
import { simulateCustomPolicy, simulatePrincipalPolicy } from './simulate.js';
import { createIamState, type IamState } from './store.js';
import type { RequestContext } from '../context.js';
import type { IamApi } from './api.js';
import * as users from './users.js';

/** Simulate* take IAM's own in-process API (what STS and the chain read), not its state. */
const withApi =
  <I, O>(f: (input: I, ctx: RequestContext, iam: IamApi) => O) =>
  (input: I, ctx: RequestContext, state: IamState): O =>
    f(input, ctx, iamApi(state));

const operations = {
  CreateUser: users.createUser,
  GetUser: users.getUser,
  ListUsers: users.listUsers,
  UpdateUser: users.updateUser,
  DeleteUser: users.deleteUser,
  TagUser: users.tagUser,
  UntagUser: users.untagUser,
  ListUserTags: users.listUserTags,
  PutUserPermissionsBoundary: users.putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: users.deleteUserPermissionsBoundary,
  CreateLoginProfile: users.createLoginProfile,
  GetLoginProfile: users.getLoginProfile,
  UpdateLoginProfile: users.updateLoginProfile,
  DeleteLoginProfile: users.deleteLoginProfile,

  CreateAccessKey: keys.createAccessKey,
  ListAccessKeys: keys.listAccessKeys,
  UpdateAccessKey: keys.updateAccessKey,
  DeleteAccessKey: keys.deleteAccessKey,
  GetAccessKeyLastUsed: keys.getAccessKeyLastUsed,

  CreateRole: roles.createRole,
  GetRole: roles.getRole,
  ListRoles: roles.listRoles,
  UpdateRole: roles.updateRole,
  UpdateRoleDescription: roles.updateRoleDescription,
  UpdateAssumeRolePolicy: roles.updateAssumeRolePolicy,
  DeleteRole: roles.deleteRole,
  TagRole: roles.tagRole,
  UntagRole: roles.untagRole,
  ListRoleTags: roles.listRoleTags,
  PutRolePermissionsBoundary: roles.putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: roles.deleteRolePermissionsBoundary,
  CreateServiceLinkedRole: linked.createServiceLinkedRole,
  DeleteServiceLinkedRole: linked.deleteServiceLinkedRole,
  GetServiceLinkedRoleDeletionStatus: linked.getServiceLinkedRoleDeletionStatus,

  PutUserPolicy: inline.putUserPolicy,
  GetUserPolicy: inline.getUserPolicy,
  DeleteUserPolicy: inline.deleteUserPolicy,
  ListUserPolicies: inline.listUserPolicies,
  PutGroupPolicy: inline.putGroupPolicy,
  GetGroupPolicy: inline.getGroupPolicy,
  DeleteGroupPolicy: inline.deleteGroupPolicy,
  ListGroupPolicies: inline.listGroupPolicies,
  PutRolePolicy: inline.putRolePolicy,
  GetRolePolicy: inline.getRolePolicy,
  DeleteRolePolicy: inline.deleteRolePolicy,
  ListRolePolicies: inline.listRolePolicies,

  AttachUserPolicy: attach.attachUserPolicy,
  DetachUserPolicy: attach.detachUserPolicy,
  ListAttachedUserPolicies: attach.listAttachedUserPolicies,
  AttachGroupPolicy: attach.attachGroupPolicy,
  DetachGroupPolicy: attach.detachGroupPolicy,
  ListAttachedGroupPolicies: attach.listAttachedGroupPolicies,
  AttachRolePolicy: attach.attachRolePolicy,
  DetachRolePolicy: attach.detachRolePolicy,
  ListAttachedRolePolicies: attach.listAttachedRolePolicies,

  CreateGroup: groups.createGroup,
  GetGroup: groups.getGroup,
  ListGroups: groups.listGroups,
  UpdateGroup: groups.updateGroup,
  DeleteGroup: groups.deleteGroup,
  AddUserToGroup: groups.addUserToGroup,
  RemoveUserFromGroup: groups.removeUserFromGroup,
  ListGroupsForUser: groups.listGroupsForUser,

  CreatePolicy: policies.createPolicy,
  GetPolicy: policies.getPolicy,
  ListPolicies: policies.listPolicies,
  DeletePolicy: policies.deletePolicy,
  CreatePolicyVersion: policies.createPolicyVersion,
  GetPolicyVersion: policies.getPolicyVersion,
  ListPolicyVersions: policies.listPolicyVersions,
  DeletePolicyVersion: policies.deletePolicyVersion,
  SetDefaultPolicyVersion: policies.setDefaultPolicyVersion,
  TagPolicy: policies.tagPolicy,
  UntagPolicy: policies.untagPolicy,
  ListPolicyTags: policies.listPolicyTags,

  CreateInstanceProfile: profiles.createInstanceProfile,
  GetInstanceProfile: profiles.getInstanceProfile,
  ListInstanceProfiles: profiles.listInstanceProfiles,
  ListInstanceProfilesForRole: profiles.listInstanceProfilesForRole,
  DeleteInstanceProfile: profiles.deleteInstanceProfile,
  AddRoleToInstanceProfile: profiles.addRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile: profiles.removeRoleFromInstanceProfile,
  TagInstanceProfile: profiles.tagInstanceProfile,
  UntagInstanceProfile: profiles.untagInstanceProfile,
  ListInstanceProfileTags: profiles.listInstanceProfileTags,

  CreateAccountAlias: account.createAccountAlias,
  DeleteAccountAlias: account.deleteAccountAlias,
  ListAccountAliases: account.listAccountAliases,
  GetAccountSummary: account.getAccountSummary,
  GetAccountAuthorizationDetails: account.getAccountAuthorizationDetails,
  ListEntitiesForPolicy: account.listEntitiesForPolicy,
  UpdateAccountPasswordPolicy: account.updateAccountPasswordPolicy,
  GetAccountPasswordPolicy: account.getAccountPasswordPolicy,
  DeleteAccountPasswordPolicy: account.deleteAccountPasswordPolicy,

  CreateOpenIDConnectProvider: oidc.createOpenIDConnectProvider,
  GetOpenIDConnectProvider: oidc.getOpenIDConnectProvider,
  ListOpenIDConnectProviders: oidc.listOpenIDConnectProviders,
  DeleteOpenIDConnectProvider: oidc.deleteOpenIDConnectProvider,
  AddClientIDToOpenIDConnectProvider: oidc.addClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider: oidc.removeClientIDFromOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint: oidc.updateOpenIDConnectProviderThumbprint,
  TagOpenIDConnectProvider: oidc.tagOpenIDConnectProvider,
  UntagOpenIDConnectProvider: oidc.untagOpenIDConnectProvider,
  ListOpenIDConnectProviderTags: oidc.listOpenIDConnectProviderTags,

  SimulatePrincipalPolicy: withApi(simulatePrincipalPolicy),
  SimulateCustomPolicy: withApi(simulateCustomPolicy),
};

export const iam = defineService({
  id: 'iam',
  createState: createIamState,
  api: (state) => iamApi(state),
  iam: iamTableFor(Object.keys(operations)),
  operations,
});
