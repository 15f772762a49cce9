// Tags of parameters: AddTagsToResource, ListTagsForResource, RemoveTagsFromResource with
// ResourceType Parameter (the other resource types are not part of Parameter Store).
import type * as sdk from '@aws-sdk/client-ssm';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { HandlerOutput } from '../service.js';
import type { Parameter } from './entities.js';
import { saveParameter, type SsmState } from './store.js';

const MAX_TAGS = 50;

function tooMany(): AwsError {
  return new AwsError('TooManyTagsError', 'The Tags parameter exceeds the maximum of 50 tags.');
}

export function checkTags(tags: sdk.Tag[]): Array<[string, string]> {
  const map = new Map<string, string>();
  for (const t of tags) {
    if (t.Key!.toLowerCase().startsWith('aws:')) throw new AwsError('ValidationException', 'Tag keys beginning with aws: are reserved for AWS use.');
    map.set(t.Key!, t.Value!);
  }
  if (map.size > MAX_TAGS) throw tooMany();
  return [...map];
}

function taggable(input: { ResourceType?: string; ResourceId?: string }, ctx: RequestContext, state: SsmState): Parameter {
  if (input.ResourceType !== 'Parameter') {
    // DELIBERATE DIFFERENCE: Nimbus has no documents, maintenance windows, ... to tag yet.
    throw new AwsError('InvalidResourceType', `The resource type ${input.ResourceType} is not supported by Nimbus; only Parameter is.`);
  }
  const p = state.regions.for(ctx.account, ctx.region).parameters.get(input.ResourceId!);
  if (!p) throw new AwsError('InvalidResourceId', 'The resource ID is not valid. Verify the ID and try again.');
  return p;
}

export function addTagsToResource(input: sdk.AddTagsToResourceRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.AddTagsToResourceResult> {
  const p = taggable(input, ctx, state);
  const map = new Map(p.tags);
  for (const [k, v] of checkTags(input.Tags ?? [])) map.set(k, v);
  if (map.size > MAX_TAGS) throw tooMany();
  p.tags = [...map];
  saveParameter(state, ctx.account, ctx.region, p);
  return {};
}

export function removeTagsFromResource(input: sdk.RemoveTagsFromResourceRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.RemoveTagsFromResourceResult> {
  const p = taggable(input, ctx, state);
  const drop = new Set(input.TagKeys ?? []);
  p.tags = p.tags.filter(([k]) => !drop.has(k));
  saveParameter(state, ctx.account, ctx.region, p);
  return {};
}

export function listTagsForResource(input: sdk.ListTagsForResourceRequest, ctx: RequestContext, state: SsmState): HandlerOutput<sdk.ListTagsForResourceResult> {
  return { TagList: taggable(input, ctx, state).tags.map(([Key, Value]) => ({ Key, Value })) };
}
