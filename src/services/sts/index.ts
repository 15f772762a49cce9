// STS: who the caller is, and temporary credentials. AssumeRole's trust decisions use the policy
// engine (auth/policy/); sessions are durable rows (credentials.ts) that the chain's caller step
// resolves through STS's in-process API (api.ts).
import { defineService } from '../service.js';
import type { StsApi } from './api.js';
import { assumeRole, assumeRoleAsService, assumeRoleWithWebIdentity } from './assume-role.js';
import { createStsState, type StsState } from './credentials.js';
import { stsIam } from './iam.js';
import { decodeAuthorizationMessage, getAccessKeyInfo, getCallerIdentity, getSessionToken } from './tokens.js';

export const sts = defineService({
  id: 'sts',
  createState: createStsState,
  iam: stsIam,
  api: (state: StsState): StsApi => ({
    session: (accessKeyId) => state.sessions.get(accessKeyId),
    assumeRoleAsService: (caller, roleArn, sessionName, seconds) => assumeRoleAsService(state, caller, roleArn, sessionName, seconds),
  }),
  operations: {
    GetCallerIdentity: getCallerIdentity,
    AssumeRole: assumeRole,
    AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
    GetSessionToken: getSessionToken,
    GetAccessKeyInfo: getAccessKeyInfo,
    DecodeAuthorizationMessage: decodeAuthorizationMessage,
  },
});
