// SNS operations in IAM's terms (Service Authorization Reference, "Actions defined by Amazon SNS").
// Subscription operations act on the subscription's topic, as AWS authorizes them (a subscription
// ARN is its topic's ARN plus an id). PublishBatch is authorized as sns:Publish, as on AWS.
import { ANY_RESOURCE, named } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';

type Input = Record<string, any>;

const onTopic: IamOperation = { resource: (input) => input.TopicArn ?? '*' };
/** Tags and data protection policies name their topic as ResourceArn. */
const onResource: IamOperation = { resource: (input) => input.ResourceArn ?? '*' };
/** Platform applications and endpoints are named by their ARNs. */
const onApplication: IamOperation = { resource: (input) => input.PlatformApplicationArn ?? '*' };
const onEndpoint: IamOperation = { resource: (input) => input.EndpointArn ?? '*' };
/** arn:aws:sns:region:account:topic:id -> arn:aws:sns:region:account:topic */
const onSubscriptionTopic: IamOperation = {
  resource: (input: Input) => {
    const arn = String(input.SubscriptionArn ?? '');
    return arn.split(':').length === 7 ? arn.slice(0, arn.lastIndexOf(':')) : '*';
  },
};

export const snsIam: IamTable = {
  prefix: 'sns',
  operations: {
    CreateTopic: { resource: (input, ctx) => `arn:aws:sns:${ctx.region}:${ctx.account}:${input.Name ?? ''}` },
    DeleteTopic: onTopic,
    GetTopicAttributes: onTopic,
    SetTopicAttributes: onTopic,
    ListTopics: ANY_RESOURCE,
    AddPermission: onTopic,
    RemovePermission: onTopic,
    TagResource: onResource,
    UntagResource: onResource,
    ListTagsForResource: onResource,
    GetDataProtectionPolicy: onResource,
    PutDataProtectionPolicy: onResource,
    Subscribe: onTopic,
    ConfirmSubscription: onTopic,
    Unsubscribe: onSubscriptionTopic,
    GetSubscriptionAttributes: onSubscriptionTopic,
    SetSubscriptionAttributes: onSubscriptionTopic,
    ListSubscriptions: ANY_RESOURCE,
    ListSubscriptionsByTopic: onTopic,
    // A direct publish to a phone number acts on no resource.
    Publish: { resource: (input) => input.TopicArn ?? input.TargetArn ?? '*' },
    PublishBatch: named('sns:Publish', (input) => input.TopicArn ?? '*'),
    CreatePlatformApplication: ANY_RESOURCE,
    GetPlatformApplicationAttributes: onApplication,
    SetPlatformApplicationAttributes: onApplication,
    ListPlatformApplications: ANY_RESOURCE,
    DeletePlatformApplication: onApplication,
    CreatePlatformEndpoint: onApplication,
    ListEndpointsByPlatformApplication: onApplication,
    GetEndpointAttributes: onEndpoint,
    SetEndpointAttributes: onEndpoint,
    DeleteEndpoint: onEndpoint,
    // SMS and sandbox actions act on no resource.
    SetSMSAttributes: ANY_RESOURCE,
    GetSMSAttributes: ANY_RESOURCE,
    CheckIfPhoneNumberIsOptedOut: ANY_RESOURCE,
    ListPhoneNumbersOptedOut: ANY_RESOURCE,
    OptInPhoneNumber: ANY_RESOURCE,
    GetSMSSandboxAccountStatus: ANY_RESOURCE,
    CreateSMSSandboxPhoneNumber: ANY_RESOURCE,
    VerifySMSSandboxPhoneNumber: ANY_RESOURCE,
    ListSMSSandboxPhoneNumbers: ANY_RESOURCE,
    DeleteSMSSandboxPhoneNumber: ANY_RESOURCE,
    ListOriginationNumbers: ANY_RESOURCE,
  },
};
