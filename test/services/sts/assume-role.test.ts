// STS AssumeRole, GetSessionToken, GetAccessKeyInfo, AssumeRoleWithWebIdentity and
// DecodeAuthorizationMessage through the SDK v3 and boto3, with IAM users, keys and roles made
// through IAM. Time is a ManualClock: session credentials expire when the test moves it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateAccessKeyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials,
} from '@aws-sdk/client-sts';
import { ManualClock } from '../../../src/index.js';
import { encodeAuthorizationMessage } from '../../../src/services/sts/tokens.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';

const clock = new ManualClock(Date.parse('2026-06-15T12:00:00Z'));
const t = useNimbus({ clock });
const A = '111122223333';
const B = '444455556666';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const cfg = (credentials: Creds | string) => ({
  endpoint: t.nimbus.endpoint,
  region: 'us-east-1',
  credentials: typeof credentials === 'string' ? { accessKeyId: credentials, secretAccessKey: 'x' } : credentials,
});
const iam = (who: Creds | string) => new IAMClient(cfg(who));
const sts = (who: Creds | string) => new STSClient(cfg(who));
const session = (c: Credentials): Creds => ({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });

/** A user with an access key; `assume` gives it an identity policy allowing sts:AssumeRole (and
 *  sts:TagSession, sts:SetSourceIdentity) on every role, which assuming another account's role needs. */
async function userWithKey(account: string, name: string, assume = account !== A): Promise<Creds> {
  await iam(account).send(new CreateUserCommand({ UserName: name }));
  if (assume) {
    const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }] };
    await iam(account).send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'assume-any', PolicyDocument: JSON.stringify(allow) }));
  }
  const { AccessKey } = await iam(account).send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}

async function role(account: string, name: string, trustPolicy: string, maxSessionDuration?: number) {
  const { Role } = await iam(account).send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, ...(maxSessionDuration && { MaxSessionDuration: maxSessionDuration }) }));
  return Role!;
}

async function deniedWith(p: Promise<unknown>, name: string, message: string | RegExp, status = 403) {
  await assert.rejects(p, (e: any) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.equal(e.$metadata.httpStatusCode, status);
    return true;
  });
}

test('GetCallerIdentity for the root, an IAM user and an assumed role', async () => {
  const root = await sts(A).send(new GetCallerIdentityCommand({}));
  assert.deepEqual([root.UserId, root.Account, root.Arn], [A, A, `arn:aws:iam::${A}:root`]);
  const name = uniqueName('u');
  const key = await userWithKey(A, name);
  assert.match(key.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
  const user = await sts(key).send(new GetCallerIdentityCommand({}));
  assert.equal(user.Account, A);
  assert.equal(user.Arn, `arn:aws:iam::${A}:user/${name}`);
  assert.match(user.UserId!, /^AIDA[A-Z2-7]{17}$/);
  const r = await role(A, uniqueName('r'), trust({ Principal: { AWS: `arn:aws:iam::${A}:root` } }));
  const { Credentials, AssumedRoleUser } = await sts(key).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'who-am-i' }));
  const assumed = await sts(session(Credentials!)).send(new GetCallerIdentityCommand({}));
  assert.equal(assumed.Account, A);
  assert.equal(assumed.Arn, `arn:aws:sts::${A}:assumed-role/${r.RoleName}/who-am-i`);
  assert.equal(assumed.UserId, `${r.RoleId}:who-am-i`);
  assert.deepEqual(AssumedRoleUser, { AssumedRoleId: `${r.RoleId}:who-am-i`, Arn: assumed.Arn });
});

test('AssumeRole across accounts: credentials in the role\'s account, expiring with the clock', async () => {
  const r = await role(A, uniqueName('xacct'), trust({ Principal: { AWS: `arn:aws:iam::${B}:root` } }), 7200);
  const bob = await userWithKey(B, uniqueName('bob'));
  const out = await sts(bob).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'bob-session', DurationSeconds: 900 }));
  const c = out.Credentials!;
  assert.match(c.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
  assert.equal(c.SecretAccessKey!.length, 40);
  assert.ok(c.SessionToken!.length > 100);
  assert.equal(c.Expiration!.getTime(), clock.now() + 900_000);
  // The session acts in A: a queue it creates is A's.
  const sqs = new SQSClient(cfg(session(c)));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('made-by-session') }));
  assert.match(QueueUrl!, new RegExp(`/${A}/`));
  // A wrong session token is refused.
  await deniedWith(sts({ ...session(c), sessionToken: 'not-the-token' }).send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 'The security token included in the request is invalid.');
  clock.advance(899_000);
  assert.equal((await sts(session(c)).send(new GetCallerIdentityCommand({}))).Account, A);
  clock.advance(1_000);
  await deniedWith(sts(session(c)).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 'The security token included in the request is expired');
  await deniedWith(sqs.send(new ListQueuesCommand({})), 'ExpiredToken', 'The security token included in the request is expired');
});

test('AssumeRole refused when the trust policy does not name the caller', async () => {
  const bobName = uniqueName('bob');
  const bob = await userWithKey(B, bobName);
  const mallory = await userWithKey(B, uniqueName('mallory'));
  const r = await role(A, uniqueName('only-bob'), trust({ Principal: { AWS: `arn:aws:iam::${B}:user/${bobName}` } }));
  await sts(bob).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' }));
  const malloryArn = (await sts(mallory).send(new GetCallerIdentityCommand({}))).Arn;
  await deniedWith(sts(mallory).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' })), 'AccessDenied', `User: ${malloryArn} is not authorized to perform: sts:AssumeRole on resource: ${r.Arn}`);
  // Another account's root is not named either; a role that does not exist answers the same.
  await deniedWith(sts('999999999999').send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' })), 'AccessDenied', `User: arn:aws:iam::999999999999:root is not authorized to perform: sts:AssumeRole on resource: ${r.Arn}`);
  await deniedWith(sts(bob).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/nope`, RoleSessionName: 'sx' })), 'AccessDenied', /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/nope$/);
});

test('AssumeRole across accounts needs the caller\'s identity policy too: none, or an explicit Deny, refuses although the trust policy names B', async () => {
  const r = await role(A, uniqueName('needs-both'), trust({ Principal: { AWS: B } }));
  const dave = uniqueName('dave');
  const d = await userWithKey(B, dave, false);
  const daveArn = `arn:aws:iam::${B}:user/${dave}`;
  await deniedWith(sts(d).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' })), 'AccessDenied', `User: ${daveArn} is not authorized to perform: sts:AssumeRole on resource: ${r.Arn}`);
  const allow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: r.Arn }] };
  await iam(B).send(new PutUserPolicyCommand({ UserName: dave, PolicyName: 'assume', PolicyDocument: JSON.stringify(allow) }));
  assert.ok((await sts(d).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' }))).Credentials);
  const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/*` }] };
  await iam(B).send(new PutUserPolicyCommand({ UserName: dave, PolicyName: 'deny', PolicyDocument: JSON.stringify(deny) }));
  await deniedWith(sts(d).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' })), 'AccessDenied', `User: ${daveArn} is not authorized to perform: sts:AssumeRole on resource: ${r.Arn}`);
  // B's root is allowed by its own side; within A the trust policy alone decides (until enforcement).
  assert.ok((await sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' }))).Credentials);
  const inA = await role(A, uniqueName('same-account'), trust({ Principal: { AWS: A } }));
  assert.ok((await sts(await userWithKey(A, uniqueName('erin'))).send(new AssumeRoleCommand({ RoleArn: inA.Arn, RoleSessionName: 'sx' }))).Credentials);
});

test('trust conditions: sts:ExternalId and aws:PrincipalArn; service principals', async () => {
  const r = await role(A, uniqueName('ext'), trust({ Principal: { AWS: B }, Condition: { StringEquals: { 'sts:ExternalId': 'Unique-42' } } }));
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx' })), 'AccessDenied', /sts:AssumeRole/);
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx', ExternalId: 'wrong-id' })), 'AccessDenied', /sts:AssumeRole/);
  assert.ok((await sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx', ExternalId: 'Unique-42' }))).Credentials);

  const worker = uniqueName('worker');
  const w = await userWithKey(B, worker);
  const byArn = await role(A, uniqueName('by-arn'), trust({ Principal: { AWS: '*' }, Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${B}:user/${worker}` } } }));
  assert.ok((await sts(w).send(new AssumeRoleCommand({ RoleArn: byArn.Arn, RoleSessionName: 'sx' }))).Credentials);
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: byArn.Arn, RoleSessionName: 'sx' })), 'AccessDenied', /sts:AssumeRole/);

  // A role only a service may assume (lambda.amazonaws.com) refuses every account.
  const svc = await role(A, uniqueName('svc'), trust({ Principal: { Service: 'lambda.amazonaws.com' } }));
  await deniedWith(sts(A).send(new AssumeRoleCommand({ RoleArn: svc.Arn, RoleSessionName: 'sx' })), 'AccessDenied', /sts:AssumeRole/);
});

test('DurationSeconds, RoleSessionName, session policies, tags and SourceIdentity', async () => {
  const r = await role(A, uniqueName('limits'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }] }));
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx', DurationSeconds: 3601 })), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400);
  await assert.rejects(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'bad name!' })), (e: any) => e.name === 'ValidationError' && e.$metadata.httpStatusCode === 400);
  await assert.rejects(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx', DurationSeconds: 899 })), (e: any) => e.name === 'ValidationError');
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: r.Arn, RoleSessionName: 'sx', Policy: '{"Statement":' })), 'MalformedPolicyDocumentException', /.+/, 400);
  const out = await sts(B).send(
    new AssumeRoleCommand({
      RoleArn: r.Arn,
      RoleSessionName: 'tagged',
      Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }),
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'team', Value: 'payments' }],
      SourceIdentity: 'bob@example.com',
    }),
  );
  assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! <= 100);
  assert.equal(out.SourceIdentity, 'bob@example.com');
  // Role chaining: at most one hour, and the source identity cannot change.
  const chained = sts(session(out.Credentials!));
  const again = await role(A, uniqueName('chain'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] }] }), 43200);
  await deniedWith(chained.send(new AssumeRoleCommand({ RoleArn: again.Arn, RoleSessionName: 'cx', DurationSeconds: 7200 })), 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.', 400);
  const c2 = await chained.send(new AssumeRoleCommand({ RoleArn: again.Arn, RoleSessionName: 'cx' }));
  assert.equal(c2.SourceIdentity, 'bob@example.com', 'the source identity carries over');
  await deniedWith(chained.send(new AssumeRoleCommand({ RoleArn: again.Arn, RoleSessionName: 'cx', SourceIdentity: 'someone-else' })), 'AccessDenied', 'Source identity cannot be changed once it is set on a role session.');
  // Tags need sts:TagSession in the trust policy.
  const noTags = await role(A, uniqueName('notags'), trust({ Principal: { AWS: B } }));
  await deniedWith(sts(B).send(new AssumeRoleCommand({ RoleArn: noTags.Arn, RoleSessionName: 'sx', Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied', new RegExp(`is not authorized to perform: sts:TagSession on resource: ${noTags.Arn}$`));
});

test('GetSessionToken acts as the calling user; GetAccessKeyInfo names the key\'s account', async () => {
  const name = uniqueName('carol');
  const carol = await userWithKey(B, name);
  const { Credentials } = await sts(carol).send(new GetSessionTokenCommand({ DurationSeconds: 1800 }));
  assert.equal(Credentials!.Expiration!.getTime(), clock.now() + 1_800_000);
  const id = await sts(session(Credentials!)).send(new GetCallerIdentityCommand({}));
  assert.deepEqual([id.Account, id.Arn], [B, `arn:aws:iam::${B}:user/${name}`]);
  await deniedWith(sts(session(Credentials!)).send(new GetSessionTokenCommand({})), 'AccessDenied', 'Cannot call GetSessionToken with session credentials');
  const info = async (key: string) => (await sts(A).send(new GetAccessKeyInfoCommand({ AccessKeyId: key }))).Account;
  assert.equal(await info(carol.accessKeyId), B);
  assert.equal(await info(Credentials!.AccessKeyId!), B);
  assert.equal(await info('AKIAIOSFODNN7EXAMPLE'), '000000000000');
});

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

test('AssumeRoleWithWebIdentity: a well-formed token from the trusted provider', async () => {
  const issuer = 'token.actions.githubusercontent.com';
  const r = await role(
    A,
    uniqueName('gha'),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuer}:aud`]: 'sts.amazonaws.com' }, StringLike: { [`${issuer}:sub`]: 'repo:acme/*' } } }],
    }),
  );
  const exp = Math.floor(clock.now() / 1000) + 600;
  const anon = new STSClient({ endpoint: t.nimbus.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const token = jwt({ iss: `https://${issuer}`, sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp });
  // Without the account's OIDC provider for the issuer, STS refuses the token.
  await deniedWith(anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: token })), 'InvalidIdentityTokenException', `No OpenIDConnect provider found in your account for https://${issuer}`, 400);
  await iam(A).send(new CreateOpenIDConnectProviderCommand({ Url: `https://${issuer}`, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'] }));
  await deniedWith(anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: jwt({ iss: `https://${issuer}`, sub: 'repo:acme/app', aud: 'someone-else', exp }) })), 'InvalidIdentityTokenException', 'Incorrect token audience', 400);
  const out = await anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: jwt({ iss: `https://${issuer}`, sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com', exp }) }));
  assert.equal(out.SubjectFromWebIdentityToken, 'repo:acme/app:ref:refs/heads/main');
  assert.equal(out.Audience, 'sts.amazonaws.com');
  assert.equal(out.Provider, `arn:aws:iam::${A}:oidc-provider/${issuer}`);
  assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${A}:assumed-role/${r.RoleName}/ci`);
  const who = await sts(session(out.Credentials!)).send(new GetCallerIdentityCommand({}));
  assert.equal(who.Arn, out.AssumedRoleUser!.Arn);
  // Another repository, a malformed token, an expired token.
  await deniedWith(anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: jwt({ iss: `https://${issuer}`, sub: 'repo:evil/app', aud: 'sts.amazonaws.com', exp }) })), 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
  await deniedWith(anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: 'not.a.jwt' })), 'InvalidIdentityTokenException', /not a valid JWT/, 400);
  await deniedWith(anon.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: r.Arn, RoleSessionName: 'ci', WebIdentityToken: jwt({ iss: `https://${issuer}`, sub: 'repo:acme/app', aud: 'sts.amazonaws.com', exp: exp - 1200 }) })), 'ExpiredTokenException', /^Token expired/, 400);
});

test('DecodeAuthorizationMessage', async () => {
  const message = { allowed: false, context: { action: 'ec2:RunInstances', principal: { arn: `arn:aws:iam::${A}:user/u` } } };
  const out = await sts(A).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encodeAuthorizationMessage(message) }));
  assert.deepEqual(JSON.parse(out.DecodedMessage!), message);
  await deniedWith(sts(A).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'bm9wZQ==' })), 'InvalidAuthorizationMessageException', 'The encoded authorization message is invalid.', 400);
});

test('boto3: assume a role across accounts, then expire', async () => {
  const r = await role(A, uniqueName('py'), trust({ Principal: { AWS: `arn:aws:iam::${B}:root` } }));
  const out = await pythonJson(
    `import boto3, json
c = boto3.client('sts').assume_role(RoleArn='${r.Arn}', RoleSessionName='py', DurationSeconds=900)['Credentials']
s = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'])
print(json.dumps({'key': c['AccessKeyId'], 'secret': c['SecretAccessKey'], 'token': c['SessionToken'], 'who': s.get_caller_identity()['Arn']}))`,
    t.env({ accessKeyId: B }),
  );
  assert.match(out.key, /^ASIA/);
  assert.equal(out.who, `arn:aws:sts::${A}:assumed-role/${r.RoleName}/py`);
  clock.advance(900_000);
  const expired = await pythonJson(
    `import boto3, json, botocore
s = boto3.client('sts', aws_access_key_id='${out.key}', aws_secret_access_key='${out.secret}', aws_session_token='${out.token}')
try:
    s.get_caller_identity()
    print(json.dumps(None))
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]))`,
    t.env(),
  );
  assert.deepEqual(expired, ['ExpiredToken', 'The security token included in the request is expired', 403]);
});
