// STS's in-process API: the temporary credentials it issued, for the chain's caller step (an
// ASIA... key acts as its session until it expires). STS is global (not per account or region).
//
// CONTRACT: the STS service implements it (sts/index.ts `api`); src/auth/identity.ts and Lambda
// code against it.
import type { Caller } from '../caller.js';

export interface StsSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms; the credentials are refused with ExpiredToken from this instant on. */
  expiration: number;
  /** The 12-digit account the session acts in (the role's, for AssumeRole). */
  account: string;
  /** The session's principal: arn:aws:sts::<acct>:assumed-role/<role>/<session>, or the IAM user
   *  (or root) ARN for GetSessionToken credentials. */
  arn: string;
  /** aws:userid: <role id>:<session name>, or the user's AIDA id (the account id for the root). */
  userId: string;
  /** The assumed role's ARN (arn:aws:iam::<acct>:role/<path><name>). */
  roleArn?: string;
  /** Session policies (JSON documents) passed when the session was made. */
  sessionPolicies?: string[];
  /** Session tags (aws:PrincipalTag/<key>). */
  tags?: Record<string, string>;
  sourceIdentity?: string;
}

export interface StsApi {
  /** The session with this temporary access key id, expired or not; undefined when STS never
   *  issued it. */
  session(accessKeyId: string): StsSession | undefined;
  /** A service assuming a role for one of its resources (Lambda: its function's execution role),
   *  as `caller` (the service principal, with the resource as aws:SourceArn): a session of
   *  `seconds`, or undefined when no such role exists or its trust policy does not allow the
   *  service. */
  assumeRoleAsService(caller: Caller, roleArn: string, sessionName: string, seconds: number): Promise<StsSession | undefined>;
}
