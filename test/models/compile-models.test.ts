// The model compiler: regenerating gives byte-identical files, and the committed models carry the
// facts the protocol layer relies on.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListShape, MapShape, MemberModel, ScalarShape, ServiceModel, ServiceSummary, Shape, StructureShape } from '../../src/models/types.js';
import { botocoreDataDir, loadBotocore } from '../../scripts/compile-models.js';

// dist/test/models/ -> repository root
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MODELS = join(ROOT, 'src', 'models');
const COMPILER = join(ROOT, 'dist', 'scripts', 'compile-models.js');

const jsonFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

function model(id: string): ServiceModel {
  return JSON.parse(readFileSync(join(MODELS, `${id}.json`), 'utf8')) as ServiceModel;
}

function struct(m: ServiceModel, name: string): StructureShape {
  const s = m.shapes[name];
  assert.ok(s, `${m.id}: shape ${name} exists`);
  assert.equal(s.type, 'structure', `${m.id}: ${name} is a structure`);
  return s as StructureShape;
}

function inputMember(m: ServiceModel, op: string, member: string): MemberModel {
  const o = m.operations[op];
  assert.ok(o?.input, `${m.id}: ${op} has an input`);
  const mm = struct(m, o.input).members[member];
  assert.ok(mm, `${m.id}: ${op} input has ${member}`);
  return mm;
}

test('regenerating the models gives byte-identical files', () => {
  const out = mkdtempSync(join(tmpdir(), 'nimbus-models-'));
  try {
    execFileSync(process.execPath, [COMPILER, out], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed = jsonFiles(MODELS);
    assert.deepEqual(jsonFiles(out), committed);
    assert.equal(committed.length, 22);
    for (const f of committed) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(MODELS, f))), `${f} is byte-identical (run \`npm run models\`)`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('index.json lists the 21 services sorted by id, matching each model', () => {
  const index = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')) as ServiceSummary[];
  const ids = index.map((s) => s.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual(
    [...ids].sort(),
    ['apigateway', 'cloudformation', 'cloudwatch', 'codebuild', 'dynamodb', 'dynamodbstreams', 'ec2', 'ecs', 'elasticache', 'iam', 'kms', 'lambda', 'logs', 'rds', 's3', 'sns', 'sqs', 'ssm', 'stepfunctions', 'sts', 'xray'],
  );
  for (const s of index) {
    const { operations, shapes, ...summary } = model(s.id);
    assert.deepEqual(summary, s);
    assert.ok(Object.keys(operations).length > 0 && Object.keys(shapes).length > 0);
  }
  const by = (id: string): ServiceSummary => index.find((s) => s.id === id)!;
  assert.equal(by('stepfunctions').signingName, 'states');
  assert.equal(by('cloudwatch').signingName, 'monitoring');
  assert.deepEqual(by('sqs').protocols, ['awsJson1_0', 'awsQuery']);
  assert.equal(by('sqs').xmlNamespace, 'http://queue.amazonaws.com/doc/2012-11-05/');
  assert.equal(by('sqs').targetPrefix, 'AmazonSQS');
  assert.equal(by('sqs').awsQueryCompatible, true);
  assert.equal(by('cloudwatch').protocols[0], 'awsJson1_0');
  for (const p of ['awsJson1_0', 'awsQuery', 'rpcv2Cbor'] as const) assert.ok(by('cloudwatch').protocols.includes(p));
  assert.equal(by('cloudwatch').xmlNamespace, 'http://monitoring.amazonaws.com/doc/2010-08-01/');
  assert.equal(by('cloudwatch').shapeName, 'GraniteServiceVersion20100801');
  assert.equal(by('cloudwatch').awsQueryCompatible, true);
  assert.deepEqual(by('ec2').protocols, ['ec2Query']);
  assert.deepEqual(by('s3').protocols, ['restXml']);
  assert.equal(by('s3').xmlNamespace, 'http://s3.amazonaws.com/doc/2006-03-01/');
  for (const s of index) {
    if (s.protocols.some((p) => p === 'awsQuery' || p === 'ec2Query' || p === 'restXml')) assert.ok(s.xmlNamespace, `${s.id} has an xmlNamespace`);
    if (s.protocols.some((p) => p === 'awsJson1_0' || p === 'awsJson1_1')) assert.ok(s.targetPrefix, `${s.id} has a target prefix`);
  }
});

test('every reference resolves; every declared error is an error structure', () => {
  const index = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8')) as ServiceSummary[];
  for (const { id } of index) {
    const m = model(id);
    const has = (n: string, where: string): void => assert.ok(m.shapes[n], `${id}: ${where} -> ${n} exists`);
    for (const [name, op] of Object.entries(m.operations)) {
      assert.equal(op.name, name);
      if (op.input) assert.equal(struct(m, op.input).type, 'structure');
      if (op.output) assert.equal(struct(m, op.output).type, 'structure');
      for (const e of op.errors ?? []) assert.ok(struct(m, e).error, `${id}: ${name} error ${e} has error traits`);
    }
    for (const [name, s] of Object.entries(m.shapes) as [string, Shape][]) {
      if (s.type === 'structure' || s.type === 'union') for (const [k, mm] of Object.entries(s.members)) has(mm.target, `${name}.${k}`);
      else if (s.type === 'list') has((s as ListShape).member.target, `${name}.member`);
      else if (s.type === 'map') {
        has((s as MapShape).key.target, `${name}.key`);
        has((s as MapShape).value.target, `${name}.value`);
      }
    }
  }
});

test('SQS: required members, query error codes, botocore constraints', () => {
  const sqs = model('sqs');
  assert.equal(inputMember(sqs, 'SendMessage', 'QueueUrl').required, true);
  assert.equal(inputMember(sqs, 'SendMessage', 'MessageBody').required, true);
  assert.equal(inputMember(sqs, 'SendMessage', 'DelaySeconds').required, undefined);
  const qdne = struct(sqs, 'QueueDoesNotExist');
  assert.deepEqual(qdne.error?.queryError, { code: 'AWS.SimpleQueueService.NonExistentQueue', httpStatus: 400 });
  assert.equal(qdne.error?.fault, 'client');
  assert.ok(sqs.operations['SendMessage']?.errors?.includes('QueueDoesNotExist'));

  // Constraints and scalar types are botocore's, whatever it currently defines for these members.
  const boto = loadBotocore(botocoreDataDir(), 'sqs', sqs.apiVersion);
  for (const [op, member] of [['SendMessage', 'DelaySeconds'], ['CreateQueue', 'QueueName'], ['ReceiveMessage', 'MaxNumberOfMessages']] as const) {
    const mm = inputMember(sqs, op, member);
    const bop = boto.operations[op]!;
    const bm = boto.shapes[bop.input!.shape]!.members![member]!;
    const bs = boto.shapes[bm.shape]!;
    assert.equal(mm.target, bm.shape, `${op}.${member} keeps botocore's shape name`);
    const s = sqs.shapes[mm.target] as ScalarShape;
    assert.equal(s.type, bs.type);
    for (const k of ['min', 'max', 'pattern', 'enum'] as const) assert.deepEqual(s[k], bs[k], `${op}.${member} ${k}`);
  }
  assert.equal((sqs.shapes[inputMember(sqs, 'SendMessage', 'DelaySeconds').target] as ScalarShape).type, 'integer');
  // A list keeps its xmlFlattened/xmlName on the member, as the SDK has it.
  const urls = struct(sqs, sqs.operations['ListQueues']!.output!).members['QueueUrls']!;
  assert.equal(urls.xmlFlattened, true);
  assert.equal(urls.xmlName, 'QueueUrl');
});

test('constraints from botocore: DynamoDB TableName, Lambda FunctionName', () => {
  const ddb = model('dynamodb');
  // CreateTable's TableName accepts an ARN (botocore: TableArn, length 1-1024, no pattern).
  const tn = ddb.shapes[inputMember(ddb, 'CreateTable', 'TableName').target] as ScalarShape;
  assert.equal(tn.type, 'string');
  assert.equal(typeof tn.min, 'number');
  assert.equal(typeof tn.max, 'number');
  const plain = ddb.shapes[inputMember(ddb, 'ListTables', 'ExclusiveStartTableName').target] as ScalarShape;
  assert.deepEqual([plain.min, plain.max, typeof plain.pattern], [3, 255, 'string']);
  const billing = ddb.shapes[inputMember(ddb, 'CreateTable', 'BillingMode').target] as ScalarShape;
  assert.ok(billing.enum?.includes('PAY_PER_REQUEST'));
  const lambda = model('lambda');
  const fn = lambda.shapes[inputMember(lambda, 'GetFunction', 'FunctionName').target] as ScalarShape;
  assert.equal(typeof fn.pattern, 'string');
});

test('S3: bucket label restored, x-id removed, checksum requirement', () => {
  const s3 = model('s3');
  assert.deepEqual(s3.operations['GetObject']?.http, { method: 'GET', uri: '/{Bucket}/{Key+}', code: 200 });
  assert.equal(s3.operations['PutObject']?.http?.uri, '/{Bucket}/{Key+}');
  assert.equal(s3.operations['CreateBucket']?.http?.uri, '/{Bucket}');
  assert.equal(s3.operations['ListObjectsV2']?.http?.uri, '/{Bucket}?list-type=2');
  assert.equal(s3.operations['GetObjectAcl']?.http?.uri, '/{Bucket}/{Key+}?acl');
  assert.equal(s3.operations['ListBuckets']?.http?.uri, '/');
  assert.equal(s3.operations['DeleteObjects']?.httpChecksumRequired, true);
  assert.equal(s3.operations['WriteGetObjectResponse']?.hostPrefix, '{RequestRoute}.');
  for (const [name, op] of Object.entries(s3.operations)) {
    assert.ok(op.http && !op.http.uri.includes('x-id'), `${name}: no x-id`);
    const bucket = op.input ? struct(s3, op.input).members['Bucket'] : undefined;
    if (bucket) {
      assert.equal(bucket.httpLabel, true, `${name}: Bucket is a label`);
      assert.ok(op.http.uri.startsWith('/{Bucket}'), `${name}: ${op.http.uri}`);
    }
  }
  const getObjectOut = struct(s3, 'GetObjectOutput');
  const body = s3.shapes[getObjectOut.members['Body']!.target] as ScalarShape;
  assert.equal(body.type, 'blob');
  assert.equal(body.streaming, true);
  assert.equal(inputMember(s3, 'GetObject', 'IfModifiedSince').httpHeader, 'If-Modified-Since');
  assert.equal(inputMember(s3, 'GetObject', 'ResponseExpires').timestampFormat, 'http-date');
  assert.equal(s3.operations['SelectObjectContent']?.output !== undefined, true);
  const stream = struct(s3, 'SelectObjectContentOutput').members['Payload']!;
  assert.equal(s3.shapes[stream.target]?.type, 'union');
  assert.equal((s3.shapes[stream.target] as { streaming?: true }).streaming, true);
});

test('REST routes, host prefixes, EC2 query names, STS', () => {
  const lambda = model('lambda');
  // The pinned SDK and botocore both have no trailing slash here (older botocore had one).
  assert.deepEqual(lambda.operations['ListFunctions']?.http, { method: 'GET', uri: '/2015-03-31/functions', code: 200 });
  assert.equal(lambda.operations['Invoke']?.http?.uri, '/2015-03-31/functions/{FunctionName}/invocations');
  assert.equal(inputMember(lambda, 'Invoke', 'FunctionName').httpLabel, true);
  assert.equal(inputMember(lambda, 'Invoke', 'Payload').httpPayload, true);
  assert.equal(model('stepfunctions').operations['StartSyncExecution']?.hostPrefix, 'sync-');
  assert.equal(model('logs').operations['StartLiveTail']?.hostPrefix, 'stream-');

  const sts = model('sts');
  const gci = sts.operations['GetCallerIdentity'];
  assert.ok(gci?.output);
  assert.ok(struct(sts, gci.output).members['Account']);

  const ec2 = model('ec2');
  const dr = ec2.operations['DescribeRegions'];
  assert.ok(dr?.input && dr.output);
  assert.equal(struct(ec2, dr.input).members['DryRun']?.ec2QueryName, 'DryRun');
  assert.equal(struct(ec2, dr.output).members['Regions']?.ec2QueryName, 'RegionInfo');

  const cw = model('cloudwatch');
  const pmd = cw.operations['PutMetricData'];
  assert.ok(pmd?.errors?.length);
  const numbers = new Set(Object.values(cw.shapes).map((s) => s.type));
  assert.ok(numbers.has('double') && numbers.has('integer'), 'botocore number types are kept');
});
