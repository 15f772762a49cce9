// OpenID Connect identity providers: Create/Get/List/DeleteOpenIDConnectProvider, client ids,
// thumbprints, tags. STS's AssumeRoleWithWebIdentity trusts tokens whose issuer is a provider of
// the role's account (IamApi.openIdConnectProvider).
import type * as sdk from '@aws-sdk/client-iam';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import { initialTags, mergeTags, paginate, removeTags } from './common.js';
import { alreadyExists, invalidInput, limitExceeded, noSuchEntity, quota } from './errors.js';
import type { AccountIam, IamState, OidcProvider } from './store.js';

type Out<T> = HandlerOutput<T>;

const MAX_CLIENT_IDS = 100;
const MAX_THUMBPRINTS = 5;
const PROVIDERS_PER_ACCOUNT = 100;
const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

export function oidcProviderArn(p: { account: string; url: string }): string {
  return `arn:aws:iam::${p.account}:oidc-provider/${p.url}`;
}

/** The provider's key: the URL without https://, its host lower-cased, no trailing slash. */
export function oidcProviderKey(url: string): string | undefined {
  const m = /^https:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(url);
  if (!m) return undefined;
  return m[1]!.toLowerCase() + (m[2] ?? '').replace(/\/+$/, '');
}

function find(a: AccountIam, arn: string): OidcProvider {
  const prefix = `arn:aws:iam::${a.id}:oidc-provider/`;
  const p = arn.startsWith(prefix) ? a.oidcProviders.get(arn.slice(prefix.length)) : undefined;
  if (!p) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
  return p;
}

function checkThumbprints(list: readonly string[]): void {
  if (list.length > MAX_THUMBPRINTS) throw limitExceeded(`Thumbprint list must contain fewer than ${MAX_THUMBPRINTS + 1} entries.`);
  for (const t of list) if (!THUMBPRINT.test(t)) throw invalidInput(`Thumbprint ${t} is not a 40-character hexadecimal SHA-1 fingerprint.`);
}

export function createOpenIDConnectProvider(input: sdk.CreateOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): Out<sdk.CreateOpenIDConnectProviderResponse> {
  const key = oidcProviderKey(input.Url!);
  if (!key) throw invalidInput('The URL must begin with https:// and name a host.');
  const a = state.account(ctx.account);
  if (a.oidcProviders.has(key)) throw alreadyExists(`Provider with url ${input.Url} already exists.`);
  if (a.oidcProviders.size >= PROVIDERS_PER_ACCOUNT) throw quota('OpenIdProviders', PROVIDERS_PER_ACCOUNT);
  const clientIds = [...new Set(input.ClientIDList ?? [])];
  if (clientIds.length > MAX_CLIENT_IDS) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  const thumbprints = [...(input.ThumbprintList ?? [])];
  checkThumbprints(thumbprints);
  const p: OidcProvider = { account: ctx.account, url: key, clientIds, thumbprints, createDate: ctx.clock.now(), tags: initialTags(input.Tags) };
  a.oidcProviders.set(key, p);
  state.saveOidcProvider(p);
  return { OpenIDConnectProviderArn: oidcProviderArn(p), ...(p.tags.length ? { Tags: p.tags } : {}) };
}

export function getOpenIDConnectProvider(input: sdk.GetOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): Out<sdk.GetOpenIDConnectProviderResponse> {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  return { Url: p.url, ClientIDList: p.clientIds, ThumbprintList: p.thumbprints, CreateDate: new Date(p.createDate), ...(p.tags.length ? { Tags: p.tags } : {}) };
}

export function listOpenIDConnectProviders(_input: sdk.ListOpenIDConnectProvidersRequest, ctx: RequestContext, state: IamState): Out<sdk.ListOpenIDConnectProvidersResponse> {
  const providers = [...(state.existing(ctx.account)?.oidcProviders.values() ?? [])].map(oidcProviderArn).sort();
  return { OpenIDConnectProviderList: providers.map((Arn) => ({ Arn })) };
}

export function deleteOpenIDConnectProvider(input: sdk.DeleteOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): void {
  const a = state.account(ctx.account);
  const p = find(a, input.OpenIDConnectProviderArn!);
  a.oidcProviders.delete(p.url);
  state.deleteOidcProvider(p);
}

export function addClientIDToOpenIDConnectProvider(input: sdk.AddClientIDToOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): void {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  if (p.clientIds.includes(input.ClientID!)) return;
  if (p.clientIds.length >= MAX_CLIENT_IDS) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS}`);
  p.clientIds = [...p.clientIds, input.ClientID!];
  state.saveOidcProvider(p);
}

export function removeClientIDFromOpenIDConnectProvider(input: sdk.RemoveClientIDFromOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): void {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  p.clientIds = p.clientIds.filter((c) => c !== input.ClientID);
  state.saveOidcProvider(p);
}

export function updateOpenIDConnectProviderThumbprint(input: sdk.UpdateOpenIDConnectProviderThumbprintRequest, ctx: RequestContext, state: IamState): void {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  checkThumbprints(input.ThumbprintList ?? []);
  p.thumbprints = [...(input.ThumbprintList ?? [])];
  state.saveOidcProvider(p);
}

export function tagOpenIDConnectProvider(input: sdk.TagOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): void {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  p.tags = mergeTags(p.tags, input.Tags, 'OpenIDConnectProvider');
  state.saveOidcProvider(p);
}

export function untagOpenIDConnectProvider(input: sdk.UntagOpenIDConnectProviderRequest, ctx: RequestContext, state: IamState): void {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  p.tags = removeTags(p.tags, input.TagKeys);
  state.saveOidcProvider(p);
}

export function listOpenIDConnectProviderTags(input: sdk.ListOpenIDConnectProviderTagsRequest, ctx: RequestContext, state: IamState): Out<sdk.ListOpenIDConnectProviderTagsResponse> {
  const p = find(state.account(ctx.account), input.OpenIDConnectProviderArn!);
  const page = paginate(p.tags, input);
  return { Tags: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
