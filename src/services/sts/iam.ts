// STS operations in IAM's terms (Service Authorization Reference, "Actions defined by AWS STS").
// GetCallerIdentity needs no permission on AWS (an explicit deny cannot block it); the assume
// actions act on the role.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamOperation, IamTable } from '../service.js';

const onRole: IamOperation = { resource: (input) => String(input.RoleArn ?? '*') };

export const stsIam: IamTable = {
  prefix: 'sts',
  operations: {
    GetCallerIdentity: ANY_RESOURCE,
    AssumeRole: onRole,
    AssumeRoleWithWebIdentity: onRole,
    GetSessionToken: ANY_RESOURCE,
    GetAccessKeyInfo: ANY_RESOURCE,
    DecodeAuthorizationMessage: ANY_RESOURCE,
  },
};
