// STS: who the caller is. Session credentials (AssumeRole and friends) arrive with the IAM issue;
// until then every key is its account's root.
import type { GetCallerIdentityRequest, GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { defineService } from '../service.js';
import { stsIam } from './iam.js';

export const sts = defineService({
  id: 'sts',
  createState: () => ({}),
  iam: stsIam,
  operations: {
    GetCallerIdentity: (_input: GetCallerIdentityRequest, ctx): GetCallerIdentityResponse => ({
      // Root credentials: AWS answers the account id as UserId and the account's root ARN.
      UserId: ctx.account,
      Account: ctx.account,
      Arn: `arn:aws:iam::${ctx.account}:root`,
    }),
  },
});
