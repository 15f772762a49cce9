// SNS over awsQuery, every operation: topics, subscriptions, Publish(Batch) with delivery to SQS /
// HTTP(S) / Lambda, platform applications and endpoints (platform.ts), SMS (sms.ts). Pushes, texts
// and emails are recorded rather than sent, and listed by GET /_nimbus/sns/deliveries
// (deliveries.ts).
import { defineService } from '../service.js';
import { snsIam } from './iam.js';
import { createSnsApi } from './in-process-api.js';
import { publish, publishBatch } from './publish.js';
import { DELIVERIES_PATH, deliveriesEndpoint } from './deliveries.js';
import {
  createPlatformApplication,
  createPlatformEndpoint,
  deleteEndpoint,
  deletePlatformApplication,
  getEndpointAttributes,
  getPlatformApplicationAttributes,
  listEndpointsByPlatformApplication,
  listPlatformApplications,
  setEndpointAttributes,
  setPlatformApplicationAttributes,
} from './platform.js';
import { signingCertificate } from './signing.js';
import {
  checkIfPhoneNumberIsOptedOut,
  createSMSSandboxPhoneNumber,
  deleteSMSSandboxPhoneNumber,
  getSMSAttributes,
  getSMSSandboxAccountStatus,
  listOriginationNumbers,
  listPhoneNumbersOptedOut,
  listSMSSandboxPhoneNumbers,
  optInPhoneNumber,
  setSMSAttributes,
  verifySMSSandboxPhoneNumber,
} from './sms.js';
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
import { snsResourcePolicies } from './resource-policy.js';

export const sns = defineService({
  id: 'sns',
  createState: createSnsState,
  dispose: disposeSnsState,
  // /_nimbus/sns/deliveries (recorded pushes, texts, emails) and the signing certificate.
  internalEndpoint: (state, req) => (req.path === DELIVERIES_PATH ? deliveriesEndpoint(state, req) : signingCertificate(state, req)),
  iam: snsIam,
  resourcePolicies: snsResourcePolicies,
  api: createSnsApi,
  // Requests that break the model's constraints get awsQuery's ValidationError ("1 validation
  // error detected: ..."), as AWS answers them; SNS's own checks answer InvalidParameter.
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
    CreatePlatformApplication: createPlatformApplication,
    GetPlatformApplicationAttributes: getPlatformApplicationAttributes,
    SetPlatformApplicationAttributes: setPlatformApplicationAttributes,
    ListPlatformApplications: listPlatformApplications,
    DeletePlatformApplication: deletePlatformApplication,
    CreatePlatformEndpoint: createPlatformEndpoint,
    ListEndpointsByPlatformApplication: listEndpointsByPlatformApplication,
    GetEndpointAttributes: getEndpointAttributes,
    SetEndpointAttributes: setEndpointAttributes,
    DeleteEndpoint: deleteEndpoint,
    SetSMSAttributes: setSMSAttributes,
    GetSMSAttributes: getSMSAttributes,
    CheckIfPhoneNumberIsOptedOut: checkIfPhoneNumberIsOptedOut,
    ListPhoneNumbersOptedOut: listPhoneNumbersOptedOut,
    OptInPhoneNumber: optInPhoneNumber,
    GetSMSSandboxAccountStatus: getSMSSandboxAccountStatus,
    CreateSMSSandboxPhoneNumber: createSMSSandboxPhoneNumber,
    VerifySMSSandboxPhoneNumber: verifySMSSandboxPhoneNumber,
    ListSMSSandboxPhoneNumbers: listSMSSandboxPhoneNumbers,
    DeleteSMSSandboxPhoneNumber: deleteSMSSandboxPhoneNumber,
    ListOriginationNumbers: listOriginationNumbers,
  },
});
