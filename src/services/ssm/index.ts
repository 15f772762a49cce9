// AWS Systems Manager Parameter Store over awsJson1_1: String, StringList and SecureString
// parameters (encrypted through KMS's in-process API), versions and labels, tiers, data types,
// allowed patterns, parameter policies (Expiration deletes on host.scheduler), tags, hierarchies,
// and the public parameters under /aws/service/. The rest of Systems Manager (documents, Run
// Command, sessions, inventory, ...) is routed but not implemented (501).
import { defineService } from '../service.js';
import { describeParameters } from './describe.js';
import { ssmIam } from './iam.js';
import { labelParameterVersion, unlabelParameterVersion } from './labels.js';
import { putParameter } from './put.js';
import { deleteParameter, deleteParameters, getParameter, getParameterHistory, getParameters, getParametersByPath } from './read.js';
import { createSsmState, disposeSsmState } from './store.js';
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js';

export const ssm = defineService({
  id: 'ssm',
  createState: createSsmState,
  dispose: disposeSsmState,
  iam: ssmIam,
  operations: {
    PutParameter: putParameter,
    GetParameter: getParameter,
    GetParameters: getParameters,
    GetParametersByPath: getParametersByPath,
    GetParameterHistory: getParameterHistory,
    DescribeParameters: describeParameters,
    LabelParameterVersion: labelParameterVersion,
    UnlabelParameterVersion: unlabelParameterVersion,
    DeleteParameter: deleteParameter,
    DeleteParameters: deleteParameters,
    AddTagsToResource: addTagsToResource,
    RemoveTagsFromResource: removeTagsFromResource,
    ListTagsForResource: listTagsForResource,
  },
});
