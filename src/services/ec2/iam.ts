// EC2 operations in IAM's terms: Describe* actions support no resource-level permissions, so they
// act on '*'.
import { ANY_RESOURCE } from '../iam-table.js';
import type { IamTable } from '../service.js';

export const ec2Iam: IamTable = {
  prefix: 'ec2',
  operations: {
    DescribeRegions: ANY_RESOURCE,
    DescribeAvailabilityZones: ANY_RESOURCE,
  },
};
