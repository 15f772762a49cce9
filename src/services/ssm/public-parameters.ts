// Public parameters: what AWS publishes under /aws/service/ and every account can read. Nimbus
// serves those applications commonly read, as a table:
//   /aws/service/ami-amazon-linux-latest/<image name>           the latest Amazon Linux AMI id
//   /aws/service/global-infrastructure/regions/<region>         the region list (its code)
//   /aws/service/global-infrastructure/regions/<region>/longName|domain|partition
//   /aws/service/global-infrastructure/services/<service>/longName
// DELIBERATE DIFFERENCE: AMI ids are Nimbus's own, stable per region and image (AWS's change with
// every release and could not be known offline); they are well-formed ami- ids.
import { createHash } from 'node:crypto';
import { REGIONS } from '../ec2/regions.js';

export interface PublicParameter {
  name: string;
  value: string;
  dataType: string;
}

const LONG_NAMES: Readonly<Record<string, string>> = {
  'af-south-1': 'Africa (Cape Town)',
  'ap-east-1': 'Asia Pacific (Hong Kong)',
  'ap-northeast-1': 'Asia Pacific (Tokyo)',
  'ap-northeast-2': 'Asia Pacific (Seoul)',
  'ap-northeast-3': 'Asia Pacific (Osaka)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
  'ap-south-2': 'Asia Pacific (Hyderabad)',
  'ap-southeast-1': 'Asia Pacific (Singapore)',
  'ap-southeast-2': 'Asia Pacific (Sydney)',
  'ap-southeast-3': 'Asia Pacific (Jakarta)',
  'ap-southeast-4': 'Asia Pacific (Melbourne)',
  'ca-central-1': 'Canada (Central)',
  'ca-west-1': 'Canada West (Calgary)',
  'eu-central-1': 'Europe (Frankfurt)',
  'eu-central-2': 'Europe (Zurich)',
  'eu-north-1': 'Europe (Stockholm)',
  'eu-south-1': 'Europe (Milan)',
  'eu-south-2': 'Europe (Spain)',
  'eu-west-1': 'Europe (Ireland)',
  'eu-west-2': 'Europe (London)',
  'eu-west-3': 'Europe (Paris)',
  'il-central-1': 'Israel (Tel Aviv)',
  'me-central-1': 'Middle East (UAE)',
  'me-south-1': 'Middle East (Bahrain)',
  'sa-east-1': 'South America (Sao Paulo)',
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-1': 'US West (N. California)',
  'us-west-2': 'US West (Oregon)',
};

/** The image names under /aws/service/ami-amazon-linux-latest/ (AL2023 and Amazon Linux 2). */
const AMAZON_LINUX_IMAGES = [
  'al2023-ami-kernel-default-x86_64',
  'al2023-ami-kernel-default-arm64',
  'al2023-ami-minimal-kernel-default-x86_64',
  'al2023-ami-minimal-kernel-default-arm64',
  'al2023-ami-kernel-6.1-x86_64',
  'al2023-ami-kernel-6.1-arm64',
  'amzn2-ami-hvm-x86_64-gp2',
  'amzn2-ami-hvm-arm64-gp2',
  'amzn2-ami-kernel-5.10-hvm-x86_64-gp2',
  'amzn2-ami-kernel-5.10-hvm-arm64-gp2',
  'amzn2-ami-hvm-x86_64-ebs',
];

const SERVICES: Readonly<Record<string, string>> = {
  ec2: 'Amazon Elastic Compute Cloud (EC2)',
  kms: 'AWS Key Management Service',
  lambda: 'AWS Lambda',
  s3: 'Amazon Simple Storage Service (S3)',
  sns: 'Amazon Simple Notification Service (SNS)',
  sqs: 'Amazon Simple Queue Service (SQS)',
  ssm: 'AWS Systems Manager',
  sts: 'AWS Security Token Service (STS)',
};

function amiId(region: string, image: string): string {
  return `ami-0${createHash('sha256').update(`${region}/${image}`).digest('hex').slice(0, 16)}`;
}

const byRegion = new Map<string, Map<string, PublicParameter>>();

/** Every public parameter as the given region serves it, by name. */
export function publicParameters(region: string): Map<string, PublicParameter> {
  let table = byRegion.get(region);
  if (table) return table;
  table = new Map();
  const add = (name: string, value: string, dataType = 'text') => table!.set(name, { name, value, dataType });
  for (const image of AMAZON_LINUX_IMAGES) add(`/aws/service/ami-amazon-linux-latest/${image}`, amiId(region, image), 'aws:ec2:image');
  for (const r of REGIONS) {
    const base = `/aws/service/global-infrastructure/regions/${r.name}`;
    add(base, r.name);
    add(`${base}/longName`, LONG_NAMES[r.name] ?? r.name);
    add(`${base}/domain`, 'amazonaws.com');
    add(`${base}/partition`, 'aws');
  }
  for (const [id, longName] of Object.entries(SERVICES)) {
    add(`/aws/service/global-infrastructure/services/${id}`, id);
    add(`/aws/service/global-infrastructure/services/${id}/longName`, longName);
  }
  byRegion.set(region, table);
  return table;
}

export function isPublicName(name: string): boolean {
  return name.startsWith('/aws/service/') || name === '/aws/service';
}

export function publicArn(region: string, name: string): string {
  return `arn:aws:ssm:${region}::parameter${name}`;
}
