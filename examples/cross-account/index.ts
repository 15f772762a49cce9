// Cross-account access through a role: account A owns the queues; account B's developer reaches
// them only by assuming A's role.
//
//   1. A creates the role "queue-operator": its permissions policy allows SQS, its trust policy
//      names account B.
//   2. B's admin creates the user "developer" with an access key, and lets it assume A's role.
//   3. The developer assumes the role (STS AssumeRole) and, with the session credentials, creates
//      and uses a queue in account A.
//   4. The developer's own keys are refused on A's queue (AccessDenied): A's queue policy does not
//      name B.
//
// Run it:  npm run build && node dist/examples/cross-account/index.js          (starts Nimbus in-process)
//          AWS_ENDPOINT_URL=http://127.0.0.1:4566 node dist/examples/cross-account/index.js   (a running Nimbus)
import { fileURLToPath } from 'node:url';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// In your own project: `import { startNimbus } from 'nimbus'`.
import { startNimbus } from '../../src/index.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface CrossAccountOptions {
  /** An IAM/STS/SQS endpoint; default AWS_ENDPOINT_URL, else an in-process Nimbus. */
  endpoint?: string;
  /** Account A (owns the role and the queue) and account B (owns the developer). In Nimbus a
   *  12-digit access key id is that account's root credentials. */
  accountA?: string;
  accountB?: string;
  /** Resource name prefix (tests pass a unique one). */
  prefix?: string;
}

export interface CrossAccountResult {
  roleArn: string;
  /** The developer's identity in B, and the assumed-role session's in A. */
  developerArn: string;
  sessionArn: string;
  sessionAccount: string;
  /** The session credentials (the example's persistence test uses them after a restart). */
  session: Credentials;
  queueUrl: string;
  received: string[];
  /** What the developer's own keys got on A's queue. */
  directAttempt: { code: string; message: string };
}

const region = () => process.env.AWS_REGION ?? 'us-east-1';
const config = (endpoint: string, credentials: Credentials) => ({ endpoint, region: region(), credentials });
const rootOf = (account: string): Credentials => ({ accessKeyId: account, secretAccessKey: 'nimbus' });

export async function runCrossAccount(options: CrossAccountOptions = {}): Promise<CrossAccountResult> {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  const nimbus = endpoint ? undefined : await startNimbus({ port: 0 });
  try {
    const url = endpoint ?? nimbus!.endpoint;
    const A = options.accountA ?? '111111111111';
    const B = options.accountB ?? '222222222222';
    const prefix = options.prefix ?? 'xacct';

    // 1. Account A: the role, trusted by account B, allowed to use SQS.
    const iamA = new IAMClient(config(url, rootOf(A)));
    const roleName = `${prefix}-queue-operator`;
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'sts:AssumeRole' }] };
    const { Role } = await iamA.send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    const permissions = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: `arn:aws:sqs:*:${A}:${prefix}-*` }] };
    await iamA.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: 'sqs-access', PolicyDocument: JSON.stringify(permissions) }));

    // 2. Account B's admin: a developer with keys, allowed to assume A's role.
    const iamB = new IAMClient(config(url, rootOf(B)));
    const userName = `${prefix}-developer`;
    await iamB.send(new CreateUserCommand({ UserName: userName }));
    const allowAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: Role!.Arn }] };
    await iamB.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'assume-queue-operator', PolicyDocument: JSON.stringify(allowAssume) }));
    const { AccessKey } = await iamB.send(new CreateAccessKeyCommand({ UserName: userName }));
    const developer: Credentials = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    const developerArn = (await new STSClient(config(url, developer)).send(new GetCallerIdentityCommand({}))).Arn!;

    // 3. The developer assumes the role and works in account A.
    const assumed = await new STSClient(config(url, developer)).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'developer-session' }));
    const session: Credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const who = await new STSClient(config(url, session)).send(new GetCallerIdentityCommand({}));
    const sqsAsRole = new SQSClient(config(url, session));
    const { QueueUrl } = await sqsAsRole.send(new CreateQueueCommand({ QueueName: `${prefix}-jobs` }));
    for (const job of ['build', 'test', 'deploy']) await sqsAsRole.send(new SendMessageCommand({ QueueUrl, MessageBody: job }));
    const received: string[] = [];
    while (received.length < 3) {
      const { Messages } = await sqsAsRole.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of Messages ?? []) {
        received.push(m.Body!);
        await sqsAsRole.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
      }
    }

    // 4. The developer's own keys on A's queue: refused.
    let directAttempt = { code: '', message: '' };
    try {
      await new SQSClient(config(url, developer)).send(new SendMessageCommand({ QueueUrl, MessageBody: 'sneaking in' }));
    } catch (e) {
      directAttempt = { code: (e as Error).name, message: (e as Error).message };
    }
    return { roleArn: Role!.Arn!, developerArn, sessionArn: who.Arn!, sessionAccount: who.Account!, session, queueUrl: QueueUrl!, received: received.sort(), directAttempt };
  } finally {
    await nimbus?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runCrossAccount();
  console.log(`${r.developerArn} assumed ${r.roleArn}`);
  console.log(`  as ${r.sessionArn} (account ${r.sessionAccount}) created ${r.queueUrl} and received: ${r.received.join(', ')}`);
  console.log(`  with its own keys on that queue: ${r.directAttempt.code}: ${r.directAttempt.message}`);
}
