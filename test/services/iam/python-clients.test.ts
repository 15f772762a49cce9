// IAM through boto3 and the AWS CLI: both decode the URL-encoded policy documents themselves, so
// these check the encoding as well as the query protocol's lists and errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson, runAws } from '../../support/python.js';

const t = useNimbus();

test('boto3: role with trust policy, inline policy, managed policy, access key, errors', async () => {
  const out = await pythonJson(
    `
import boto3, json
iam = boto3.client('iam')
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
role = iam.create_role(RoleName='fn-role', Path='/service/', AssumeRolePolicyDocument=json.dumps(trust))['Role']
iam.put_role_policy(RoleName='fn-role', PolicyName='q', PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sqs:ReceiveMessage", "sqs:DeleteMessage"], "Resource": "arn:aws:sqs:*:*:jobs"}]}))
iam.attach_role_policy(RoleName='fn-role', PolicyArn='arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole')
got = iam.get_role(RoleName='fn-role')['Role']
inline = iam.get_role_policy(RoleName='fn-role', PolicyName='q')
aws = iam.get_policy_version(PolicyArn='arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole', VersionId='v1')['PolicyVersion']
iam.create_user(UserName='svc')
key = iam.create_access_key(UserName='svc')['AccessKey']
try:
    iam.get_user(UserName='missing')
    err = None
except iam.exceptions.NoSuchEntityException as e:
    err = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
try:
    iam.create_role(RoleName='bad', AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    bad = None
except iam.exceptions.MalformedPolicyDocumentException as e:
    bad = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps({
  "arn": role['Arn'], "trust": got['AssumeRolePolicyDocument'], "inline": inline['PolicyDocument'],
  "aws": aws['Document'], "key": [len(key['AccessKeyId']), key['AccessKeyId'][:4], len(key['SecretAccessKey'])],
  "err": err, "bad": bad,
}))
`,
    t.env({ accessKeyId: '555566667777' }),
  );
  assert.equal(out.arn, 'arn:aws:iam::555566667777:role/service/fn-role');
  // boto3 decodes the documents into dicts.
  assert.deepEqual(out.trust.Statement[0].Principal, { Service: 'lambda.amazonaws.com' });
  assert.deepEqual(out.inline.Statement[0].Action, ['sqs:ReceiveMessage', 'sqs:DeleteMessage']);
  assert.deepEqual(out.aws.Statement[0].Action, ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.deepEqual(out.key, [20, 'AKIA', 40]);
  assert.deepEqual(out.err, ['NoSuchEntity', 'The user with name missing cannot be found.', 404]);
  assert.deepEqual(out.bad, ['MalformedPolicyDocument', 'Has prohibited field Resource.']);
});

test('AWS CLI: users and groups, list output, an EntityAlreadyExists error', async () => {
  const env = t.env({ accessKeyId: '888899990000' });
  const created = await awsJson(['iam', 'create-user', '--user-name', 'cli-user', '--path', '/cli/'], env);
  assert.equal(created.User.Arn, 'arn:aws:iam::888899990000:user/cli/cli-user');
  await awsJson(['iam', 'create-group', '--group-name', 'cli-group'], env);
  await awsJson(['iam', 'add-user-to-group', '--group-name', 'cli-group', '--user-name', 'cli-user'], env);
  await awsJson(['iam', 'put-user-policy', '--user-name', 'cli-user', '--policy-name', 'p', '--policy-document', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'], env);
  const group = await awsJson(['iam', 'get-group', '--group-name', 'cli-group'], env);
  assert.deepEqual(group.Users.map((u: any) => u.UserName), ['cli-user']);
  const policy = await awsJson(['iam', 'get-user-policy', '--user-name', 'cli-user', '--policy-name', 'p'], env);
  assert.deepEqual(policy.PolicyDocument, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
  const dup = await runAws(['iam', 'create-user', '--user-name', 'CLI-USER'], env);
  assert.notEqual(dup.status, 0);
  assert.match(dup.stderr, /EntityAlreadyExists.*User with name CLI-USER already exists\./);
});
