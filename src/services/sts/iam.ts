// STS operations in IAM's terms. GetCallerIdentity needs no permission on AWS (an explicit deny
// cannot block it); its resource is '*'.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamTable } from '../service.js';

export const stsIam: IamTable = {
  prefix: 'sts',
  operations: {
    GetCallerIdentity: ANY_RESOURCE,
  },
};
