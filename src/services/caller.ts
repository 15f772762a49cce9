// Who makes a call. Requests carry the signing access key's account (and, once IAM exists, its
// principal); in-process calls between services carry the calling service's principal and the
// resource on whose behalf it calls, as AWS presents them to resource policies (aws:SourceArn,
// aws:SourceAccount). A queue policy that allows only sns.amazonaws.com for one topic can tell
// SNS's deliveries from anyone else's sends.

export interface Caller {
  /** The 12-digit account the caller acts in. */
  account: string;
  /** The caller's principal ARN (arn:aws:iam::123456789012:root for a plain access key), when the
   *  caller is an identity. */
  principal?: string;
  /** The calling service's principal (sns.amazonaws.com), when a service calls on a resource's behalf. */
  servicePrincipal?: string;
  /** The resource the service calls for (the SNS topic's ARN): aws:SourceArn. */
  sourceArn?: string;
  /** The account owning sourceArn: aws:SourceAccount. */
  sourceAccount?: string;
  /** The access key id of a signed request ('' for unsigned requests and service calls). */
  accessKeyId?: string;
  /** The principal's unique id as aws:userid (AIDA... for a user, AROA...:session for a role
   *  session, the account id for the root). */
  userId?: string;
  /** For an assumed-role session: the role's ARN (arn:aws:iam::A:role/path/name). */
  roleArn?: string;
  /** The session's SourceIdentity (sts:SourceIdentity / aws:SourceIdentity). */
  sourceIdentity?: string;
  /** Session tags (aws:PrincipalTag/<key>). */
  principalTags?: Record<string, string>;
  /** Session policies passed to AssumeRole (JSON documents), which limit the session. */
  sessionPolicies?: readonly string[];
}

/** The caller a service presents when it acts for one of its resources. */
export function serviceCaller(servicePrincipal: string, sourceArn: string, sourceAccount: string): Caller {
  return { account: sourceAccount, servicePrincipal, sourceArn, sourceAccount };
}
