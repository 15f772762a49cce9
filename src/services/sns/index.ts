// SNS over awsQuery: topics, subscriptions, Publish(Batch), delivery to SQS / HTTP(S) / Lambda.
// Platform applications, SMS sandbox and phone-number operations are routed but not implemented
// (501): Nimbus sends no pushes or texts.
import { defineService } from '../service.js';
import { snsIam } from './iam.js';
import { createSnsApi } from './in-process-api.js';
import { publish, publishBatch } from './publish.js';
import { signingCertificate } from './signing.js';
import { createSnsState, disposeSnsState } from './store.js';
import {
  confirmSubscription,
  getSubscriptionAttributes,
  listSubscriptions,
  listSubscriptionsByTopic,
  setSubscriptionAttributes,
  subscribe,
  unsubscribe,
} from './subscriptions.js';
import {
  addPermission,
  createTopic,
  deleteTopic,
  getDataProtectionPolicy,
  getTopicAttributes,
  listTagsForResource,
  listTopics,
  putDataProtectionPolicy,
  removePermission,
  setTopicAttributes,
  tagResource,
  untagResource,
} from './topics.js';

export const sns = defineService({
  id: 'sns',
  createState: createSnsState,
  dispose: disposeSnsState,
  internalEndpoint: signingCertificate,
  iam: snsIam,
  api: createSnsApi,
  // SNS answers both a missing and an invalid parameter with InvalidParameter (its common error).
  validation: { missing: 'InvalidParameterException', invalid: 'InvalidParameterException' },
  operations: {
    CreateTopic: createTopic,
    DeleteTopic: deleteTopic,
    GetTopicAttributes: getTopicAttributes,
    SetTopicAttributes: setTopicAttributes,
    ListTopics: listTopics,
    AddPermission: addPermission,
    RemovePermission: removePermission,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
    GetDataProtectionPolicy: getDataProtectionPolicy,
    PutDataProtectionPolicy: putDataProtectionPolicy,
    Subscribe: subscribe,
    ConfirmSubscription: confirmSubscription,
    Unsubscribe: unsubscribe,
    GetSubscriptionAttributes: getSubscriptionAttributes,
    SetSubscriptionAttributes: setSubscriptionAttributes,
    ListSubscriptions: listSubscriptions,
    ListSubscriptionsByTopic: listSubscriptionsByTopic,
    Publish: publish,
    PublishBatch: publishBatch,
  },
});
