// Mobile push: platform applications (the push credentials of one app on APNS, FCM/GCM, ADM, ...)
// and their device endpoints. Stored with AWS's attributes and errors; a Publish to an endpoint
// (TargetArn) or through an `application` subscription is recorded (deliveries.ts), as Nimbus
// pushes to no device. Deliberate difference: credentials are stored, not checked with the
// platform (AWS verifies them with APNS/FCM at creation).
import type {
  CreateEndpointResponse,
  CreatePlatformApplicationInput,
  CreatePlatformApplicationResponse,
  CreatePlatformEndpointInput,
  DeleteEndpointInput,
  DeletePlatformApplicationInput,
  GetEndpointAttributesInput,
  GetEndpointAttributesResponse,
  GetPlatformApplicationAttributesInput,
  GetPlatformApplicationAttributesResponse,
  ListEndpointsByPlatformApplicationInput,
  ListEndpointsByPlatformApplicationResponse,
  ListPlatformApplicationsInput,
  ListPlatformApplicationsResponse,
  SetEndpointAttributesInput,
  SetPlatformApplicationAttributesInput,
} from '@aws-sdk/client-sns';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { parseBoolean } from './booleans.js';
import { invalidParameter, paginate, parseArn, type PlatformApplication, type PlatformEndpoint, type SnsRegionState, type SnsState } from './store.js';

const PLATFORMS = new Set(['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'MACOS', 'MACOS_SANDBOX', 'BAIDU', 'GCM', 'MPNS', 'WNS']);
const APPLICATION_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
/** ListPlatformApplications answers 15 per page, ListEndpointsByPlatformApplication 100 (AWS). */
const APPLICATIONS_PAGE = 15;

/** Attributes a platform application may have; the credential is write-only. */
const APPLICATION_ATTRIBUTES = new Set([
  'PlatformCredential',
  'PlatformPrincipal',
  'EventEndpointCreated',
  'EventEndpointDeleted',
  'EventEndpointUpdated',
  'EventDeliveryFailure',
  'SuccessFeedbackRoleArn',
  'FailureFeedbackRoleArn',
  'SuccessFeedbackSampleRate',
  'ApplePlatformTeamID',
  'ApplePlatformBundleID',
  'AuthenticationMethod',
  'Enabled',
]);
const WRITE_ONLY = new Set(['PlatformCredential', 'PlatformPrincipal']);
const ENDPOINT_ATTRIBUTES = new Set(['CustomUserData', 'Enabled', 'Token']);

function scopeOf(state: SnsState, ctx: RequestContext, arn: string, what: string): SnsRegionState {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'sns' || parsed.region !== ctx.region) throw invalidParameter(what);
  return state.regions.for(parsed.account, parsed.region);
}

function applicationOf(state: SnsState, ctx: RequestContext, arn: string): { app: PlatformApplication; scope: SnsRegionState } {
  const scope = scopeOf(state, ctx, arn, 'PlatformApplicationArn');
  const app = scope.applications.get(arn);
  if (!app) throw new AwsError('NotFoundException', 'PlatformApplication does not exist');
  return { app, scope };
}

function endpointOf(state: SnsState, ctx: RequestContext, arn: string): { endpoint: PlatformEndpoint; scope: SnsRegionState } {
  const scope = scopeOf(state, ctx, arn, 'EndpointArn');
  const endpoint = scope.endpoints.get(arn);
  if (!endpoint) throw new AwsError('NotFoundException', 'Endpoint does not exist');
  return { endpoint, scope };
}

function checkApplicationAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (!APPLICATION_ATTRIBUTES.has(k)) throw invalidParameter(`Attributes Reason: Invalid attribute name: ${k}`);
    if (k === 'Enabled') out[k] = String(parseBoolean(v, () => invalidParameter('Attributes Reason: Enabled must be true or false')));
    else if (k === 'SuccessFeedbackSampleRate' && !(/^\d{1,3}$/.test(v) && Number(v) <= 100)) throw invalidParameter('Attributes Reason: SuccessFeedbackSampleRate must be an integer between 0 and 100');
    else out[k] = v;
  }
  return out;
}

export function createPlatformApplication(input: CreatePlatformApplicationInput, ctx: RequestContext, state: SnsState): CreatePlatformApplicationResponse {
  const name = input.Name!;
  const platform = input.Platform!;
  if (!APPLICATION_NAME.test(name)) throw invalidParameter('Invalid platform application name');
  if (!PLATFORMS.has(platform)) throw invalidParameter('Platform Reason: Platform must be one of ' + [...PLATFORMS].join(', '));
  const attributes = checkApplicationAttributes(input.Attributes ?? {});
  if (!attributes.PlatformCredential) throw invalidParameter('Attributes Reason: PlatformCredential attribute must be specified');
  if (platform.startsWith('APNS') && !attributes.PlatformPrincipal) throw invalidParameter('Attributes Reason: PlatformPrincipal attribute must be specified');
  const scope = state.regions.for(ctx.account, ctx.region);
  const arn = `arn:aws:sns:${ctx.region}:${ctx.account}:app/${platform}/${name}`;
  const existing = scope.applications.get(arn);
  if (existing) {
    // Idempotent for the same credentials (Nimbus's wording of the conflict).
    const same = Object.entries(attributes).every(([k, v]) => existing.attributes[k] === v);
    if (!same) throw invalidParameter('Name Reason: An application with the same name but different properties already exists');
    return { PlatformApplicationArn: arn };
  }
  const app: PlatformApplication = { arn, name, platform, seq: scope.nextSeq++, attributes: { Enabled: 'true', ...attributes } };
  scope.applications.set(arn, app);
  state.rows.application(ctx.account, ctx.region, app);
  state.rows.counters(ctx.account, ctx.region, scope);
  return { PlatformApplicationArn: arn };
}

function visibleApplicationAttributes(app: PlatformApplication): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(app.attributes)) if (!WRITE_ONLY.has(k)) out[k] = v;
  return out;
}

export function getPlatformApplicationAttributes(input: GetPlatformApplicationAttributesInput, ctx: RequestContext, state: SnsState): GetPlatformApplicationAttributesResponse {
  return { Attributes: visibleApplicationAttributes(applicationOf(state, ctx, input.PlatformApplicationArn!).app) };
}

export function setPlatformApplicationAttributes(input: SetPlatformApplicationAttributesInput, ctx: RequestContext, state: SnsState): void {
  const { app } = applicationOf(state, ctx, input.PlatformApplicationArn!);
  const changes = checkApplicationAttributes(input.Attributes ?? {});
  for (const [k, v] of Object.entries(changes)) {
    if (v === '' && k !== 'PlatformCredential') delete app.attributes[k];
    else app.attributes[k] = v;
  }
  state.rows.application(ctx.account, ctx.region, app);
}

export function listPlatformApplications(input: ListPlatformApplicationsInput, ctx: RequestContext, state: SnsState): ListPlatformApplicationsResponse {
  const { page, next } = paginate(state.regions.for(ctx.account, ctx.region).applications.values(), input.NextToken, APPLICATIONS_PAGE);
  return {
    PlatformApplications: page.map((a) => ({ PlatformApplicationArn: a.arn, Attributes: visibleApplicationAttributes(a) })),
    ...(next && { NextToken: next }),
  };
}

export function deletePlatformApplication(input: DeletePlatformApplicationInput, ctx: RequestContext, state: SnsState): void {
  const arn = input.PlatformApplicationArn!;
  const scope = scopeOf(state, ctx, arn, 'PlatformApplicationArn');
  const app = scope.applications.get(arn);
  if (!app) return; // idempotent, as on AWS
  // Its endpoints go with it.
  for (const e of [...scope.endpoints.values()]) {
    if (e.applicationArn !== arn) continue;
    scope.endpoints.delete(e.arn);
    state.rows.endpoint(ctx.account, ctx.region, e, true);
  }
  scope.applications.delete(arn);
  state.rows.application(ctx.account, ctx.region, app, true);
}

// ---------------------------------------------------------------- endpoints

function checkEndpointAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (!ENDPOINT_ATTRIBUTES.has(k)) throw invalidParameter(`Attributes Reason: Invalid attribute name: ${k}`);
    if (k === 'Enabled') out[k] = String(parseBoolean(v, () => invalidParameter('Attributes Reason: Enabled must be true or false')));
    else if (k === 'Token' && v === '') throw invalidParameter('Attributes Reason: Token must not be empty');
    else if (k === 'CustomUserData' && Buffer.byteLength(v) > 2048) throw invalidParameter('Attributes Reason: CustomUserData must be at most 2048 bytes');
    else out[k] = v;
  }
  return out;
}

/** CreatePlatformEndpoint. AWS's duplicate-token rule: the same token again with the same
 *  attributes answers the existing endpoint's ARN; with different ones it is refused. */
export function createPlatformEndpoint(input: CreatePlatformEndpointInput, ctx: RequestContext, state: SnsState): CreateEndpointResponse {
  const { app, scope } = applicationOf(state, ctx, input.PlatformApplicationArn!);
  const token = input.Token!;
  if (token === '') throw invalidParameter('Token Reason: cannot be empty');
  const attributes = checkEndpointAttributes(input.Attributes ?? {});
  if (input.CustomUserData !== undefined) attributes.CustomUserData = checkEndpointAttributes({ CustomUserData: input.CustomUserData }).CustomUserData!;
  delete attributes.Token;
  const wanted: Record<string, string> = { Enabled: 'true', ...attributes, Token: token };
  for (const e of scope.endpoints.values()) {
    if (e.applicationArn !== app.arn || e.attributes.Token !== token) continue;
    const keys = new Set([...Object.keys(e.attributes), ...Object.keys(wanted)]);
    if ([...keys].every((k) => e.attributes[k] === wanted[k])) return { EndpointArn: e.arn };
    throw invalidParameter(`Token Reason: Endpoint ${e.arn} already exists with the same Token, but different attributes.`);
  }
  const endpoint: PlatformEndpoint = {
    arn: `arn:aws:sns:${ctx.region}:${ctx.account}:endpoint/${app.platform}/${app.name}/${ctx.ids.uuid()}`,
    applicationArn: app.arn,
    seq: scope.nextSeq++,
    attributes: wanted,
  };
  scope.endpoints.set(endpoint.arn, endpoint);
  state.rows.endpoint(ctx.account, ctx.region, endpoint);
  state.rows.counters(ctx.account, ctx.region, scope);
  return { EndpointArn: endpoint.arn };
}

export function listEndpointsByPlatformApplication(input: ListEndpointsByPlatformApplicationInput, ctx: RequestContext, state: SnsState): ListEndpointsByPlatformApplicationResponse {
  const { app, scope } = applicationOf(state, ctx, input.PlatformApplicationArn!);
  const mine = [...scope.endpoints.values()].filter((e) => e.applicationArn === app.arn);
  const { page, next } = paginate(mine, input.NextToken);
  return { Endpoints: page.map((e) => ({ EndpointArn: e.arn, Attributes: { ...e.attributes } })), ...(next && { NextToken: next }) };
}

export function getEndpointAttributes(input: GetEndpointAttributesInput, ctx: RequestContext, state: SnsState): GetEndpointAttributesResponse {
  return { Attributes: { ...endpointOf(state, ctx, input.EndpointArn!).endpoint.attributes } };
}

export function setEndpointAttributes(input: SetEndpointAttributesInput, ctx: RequestContext, state: SnsState): void {
  const { endpoint } = endpointOf(state, ctx, input.EndpointArn!);
  Object.assign(endpoint.attributes, checkEndpointAttributes(input.Attributes ?? {}));
  state.rows.endpoint(ctx.account, ctx.region, endpoint);
}

export function deleteEndpoint(input: DeleteEndpointInput, ctx: RequestContext, state: SnsState): void {
  const arn = input.EndpointArn!;
  const scope = scopeOf(state, ctx, arn, 'EndpointArn');
  const endpoint = scope.endpoints.get(arn);
  if (!endpoint) return; // idempotent, as on AWS
  scope.endpoints.delete(arn);
  state.rows.endpoint(ctx.account, ctx.region, endpoint, true);
}

/** The endpoint a Publish's TargetArn names, refusing a missing or disabled one as AWS does. */
export function publishableEndpoint(state: SnsState, ctx: RequestContext, arn: string): { endpoint: PlatformEndpoint; platform: string } {
  const scope = scopeOf(state, ctx, arn, 'TargetArn');
  const endpoint = scope.endpoints.get(arn);
  if (!endpoint) throw invalidParameter('TargetArn Reason: No endpoint found for the target arn specified');
  if (endpoint.attributes.Enabled === 'false') throw new AwsError('EndpointDisabledException', 'Endpoint is disabled');
  return { endpoint, platform: scope.applications.get(endpoint.applicationArn)?.platform ?? '' };
}
