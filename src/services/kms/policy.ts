// Key policies as AWS writes them: the default policy CreateKey gives a key without one (AWS KMS
// Developer Guide, "Default key policy"), and the policy of an AWS managed key (here: the one
// Systems Manager's alias/aws/ssm key has). AWS returns policies pretty-printed with " : ".
import { AwsError } from '../../protocol/errors.js';

/** AWS's layout of a policy document: two-space indent, a space on both sides of each colon. */
export function awsPolicyText(doc: unknown): string {
  return JSON.stringify(doc, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');
}

export function defaultKeyPolicy(account: string): string {
  return awsPolicyText({
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  });
}

/** The policy of the AWS managed key for `service` (alias/aws/<service>). */
export function awsManagedKeyPolicy(service: string, account: string, region: string): string {
  return awsPolicyText({
    Version: '2012-10-17',
    Id: `auto-${service}-1`,
    Statement: [
      {
        Sid: `Allow access through ${AWS_MANAGED_KEYS[service]?.serviceName ?? service} for all principals in the account that are authorized to use ${AWS_MANAGED_KEYS[service]?.serviceName ?? service}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': `${service}.${region}.amazonaws.com`, 'kms:CallerAccount': account } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  });
}

/** The AWS managed keys Nimbus makes on first use, by the service in their alias/aws/<service>. */
export const AWS_MANAGED_KEYS: Readonly<Record<string, { serviceName: string; description: string }>> = Object.assign(Object.create(null), {
  ssm: { serviceName: 'AWS Systems Manager', description: 'Default key that protects my SSM parameters when no other key is defined' },
  secretsmanager: { serviceName: 'AWS Secrets Manager', description: 'Default key that protects my Secrets Manager data when no other key is defined' },
  s3: { serviceName: 'Amazon S3', description: 'Default key that protects my S3 objects when no other key is defined' },
  sqs: { serviceName: 'Amazon SQS', description: 'Default key that protects my SQS messages when no other key is defined' },
  sns: { serviceName: 'Amazon SNS', description: 'Default key that protects my SNS data when no other key is defined' },
  lambda: { serviceName: 'AWS Lambda', description: 'Default key that protects my Lambda functions when no other key is defined' },
  dynamodb: { serviceName: 'Amazon DynamoDB', description: 'Default key that protects my DynamoDB data when no other key is defined' },
  ebs: { serviceName: 'Amazon EBS', description: 'Default key that protects my EBS volumes when no other key is defined' },
  logs: { serviceName: 'Amazon CloudWatch Logs', description: 'Default key that protects my CloudWatch Logs data when no other key is defined' },
});

/** A key policy as PutKeyPolicy / CreateKey accept it: a JSON object with a Statement. */
export function checkKeyPolicy(policy: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw new AwsError('MalformedPolicyDocumentException', 'The key policy is not in a valid JSON format.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) {
    throw new AwsError('MalformedPolicyDocumentException', 'The key policy must be a JSON object with a Statement.');
  }
}
