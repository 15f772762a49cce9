// Lambda operations in IAM's terms. ListFunctions supports no resource-level permissions: '*'.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamTable } from '../service.js';

export const lambdaIam: IamTable = {
  prefix: 'lambda',
  operations: {
    ListFunctions: ANY_RESOURCE,
  },
};
