// Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
// GetServiceLinkedRoleDeletionStatus. The role lives at /aws-service-role/<service>/ with a trust
// policy naming the service, and only these operations may delete it (DeleteRole answers
// UnmodifiableEntity, as on AWS).
//
// Deliberate differences: AWS attaches each service's own managed policy to its role (most are
// not in data/aws-managed-policies.json, so none is attached); services not in ROLE_NAMES get
// AWSServiceRoleFor + their first DNS label, capitalized; deletion is immediate (the task is
// SUCCEEDED as soon as it is asked about).
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { invalidInput, noSuchEntity } from './errors.js';
import { uniqueId } from './ids.js';
import { findRole } from './lookup.js';
import { roleShape } from './shapes.js';
import type { IamState, Role } from './store.js';

type Out<T> = HandlerOutput<T>;

/** AWS's role names for the services applications most often create them for. */
const ROLE_NAMES: Record<string, string> = {
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'elasticache.amazonaws.com': 'AWSServiceRoleForElastiCache',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
  'es.amazonaws.com': 'AWSServiceRoleForAmazonElasticsearchService',
  'opensearchservice.amazonaws.com': 'AWSServiceRoleForAmazonOpenSearchService',
  'rds.amazonaws.com': 'AWSServiceRoleForRDS',
  'spot.amazonaws.com': 'AWSServiceRoleForEC2Spot',
  'replication.dynamodb.amazonaws.com': 'AWSServiceRoleForDynamoDBReplication',
  'dax.amazonaws.com': 'AWSServiceRoleForDAX',
  'lambda.amazonaws.com': 'AWSServiceRoleForLambda',
  'apigateway.amazonaws.com': 'AWSServiceRoleForAPIGateway',
  'events.amazonaws.com': 'AWSServiceRoleForCloudWatchEvents',
  'ssm.amazonaws.com': 'AWSServiceRoleForAmazonSSM',
  'cloudtrail.amazonaws.com': 'AWSServiceRoleForCloudTrail',
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
  'kafka.amazonaws.com': 'AWSServiceRoleForKafka',
  'eks.amazonaws.com': 'AWSServiceRoleForAmazonEKS',
};

const SERVICE_PATH = '/aws-service-role/';

export function isServiceLinked(role: Role): boolean {
  return role.path.startsWith(SERVICE_PATH);
}

export function createServiceLinkedRole(input: sdk.CreateServiceLinkedRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateServiceLinkedRoleResponse> {
  const service = input.AWSServiceName!;
  if (!/^[a-z0-9.-]+\.amazonaws\.com$/.test(service)) throw invalidInput(`Service role name ${service} has not been defined`);
  const label = service.split('.')[0]!;
  const base = ROLE_NAMES[service] ?? `AWSServiceRoleFor${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const name = input.CustomSuffix ? `${base}_${input.CustomSuffix}` : base;
  const a = state.account(ctx.account);
  if (a.roles.has(name.toLowerCase())) throw invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
  const role: Role = {
    account: ctx.account,
    name,
    path: `${SERVICE_PATH}${service}/`,
    id: uniqueId(ctx.ids, 'role'),
    createDate: ctx.clock.now(),
    inline: {},
    attached: [],
    tags: [],
    assumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }] }),
    description: input.Description,
    maxSessionDuration: 3600,
  };
  a.roles.set(name.toLowerCase(), role);
  state.saveRole(role);
  const { RoleLastUsed: _, ...shape } = roleShape(role);
  return { Role: shape };
}

export function deleteServiceLinkedRole(input: sdk.DeleteServiceLinkedRoleRequest, ctx: RequestContext, state: IamState): Out<sdk.DeleteServiceLinkedRoleResponse> {
  const a = state.account(ctx.account);
  const role = findRole(a, input.RoleName!);
  if (!isServiceLinked(role)) throw invalidInput(`Role ${role.name} is not a service-linked role.`);
  a.roles.delete(role.name.toLowerCase());
  state.deleteRole(role);
  return { DeletionTaskId: `task${role.path}${role.name}/${ctx.ids.uuid()}` };
}

export function getServiceLinkedRoleDeletionStatus(
  input: sdk.GetServiceLinkedRoleDeletionStatusRequest,
  ctx: RequestContext,
  state: IamState,
): Out<sdk.GetServiceLinkedRoleDeletionStatusResponse> {
  const m = /^task\/aws-service-role\/[^/]+\/([^/]+)\/[0-9a-f-]{36}$/.exec(input.DeletionTaskId!);
  if (!m) throw noSuchEntity(`Deletion task ${input.DeletionTaskId} cannot be found.`);
  const stillThere = state.existing(ctx.account)?.roles.has(m[1]!.toLowerCase());
  return { Status: stillThere ? 'IN_PROGRESS' : 'SUCCEEDED' };
}
