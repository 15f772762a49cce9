// The services that have handlers, loaded on first use so that startup stays small. A service
// without an entry still routes: every operation answers 501 NotImplemented in its protocol.
import type { ServiceDefinition } from './service.js';

type Loader = () => Promise<ServiceDefinition<any>>;

export const serviceLoaders: Record<string, Loader> = {
  cloudwatch: async () => (await import('./cloudwatch/index.js')).cloudwatch,
  dynamodb: async () => (await import('./dynamodb/index.js')).dynamodb,
  dynamodbstreams: async () => (await import('./dynamodbstreams/index.js')).dynamodbstreams,
  ec2: async () => (await import('./ec2/index.js')).ec2,
  iam: async () => (await import('./iam/index.js')).iam,
  kms: async () => (await import('./kms/index.js')).kms,
  lambda: async () => (await import('./lambda/index.js')).lambda,
  logs: async () => (await import('./logs/index.js')).logs,
  s3: async () => (await import('./s3/index.js')).s3,
  sns: async () => (await import('./sns/index.js')).sns,
  sqs: async () => (await import('./sqs/index.js')).sqs,
  ssm: async () => (await import('./ssm/index.js')).ssm,
  sts: async () => (await import('./sts/index.js')).sts,
};
