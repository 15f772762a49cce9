// The router on one port: service, protocol and operation for each way real clients send requests
// (docs/PROTOCOL-NOTES.md "Telling the service apart on one port").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HttpRequest } from '../../src/protocol/http.js';
import { route, RoutingError, bucketFromHost } from '../../src/protocol/router.js';

const v4 = (service: string, region = 'us-east-1') =>
  `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function req(method: string, url: string, headers: Record<string, string> = {}, body = ''): HttpRequest {
  const q = url.indexOf('?');
  return {
    method,
    path: q < 0 ? url : url.slice(0, q),
    rawQuery: q < 0 ? '' : url.slice(q + 1),
    headers: { host: '127.0.0.1:4566', ...headers },
    body: Buffer.from(body),
  };
}

function expectRoute(r: HttpRequest, service: string, protocol: string, operation: string) {
  const got = route(r);
  assert.deepEqual([got.service.id, got.protocol, got.operation], [service, protocol, operation]);
  return got;
}

test('awsJson by X-Amz-Target, signed and unsigned', () => {
  expectRoute(req('POST', '/', { 'x-amz-target': 'AmazonSQS.ListQueues', authorization: v4('sqs'), 'content-type': 'application/x-amz-json-1.0' }), 'sqs', 'awsJson1_0', 'ListQueues');
  expectRoute(req('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.ListTables' }), 'dynamodb', 'awsJson1_0', 'ListTables');
  expectRoute(req('POST', '/', { 'x-amz-target': 'TrentService.Encrypt', authorization: v4('kms') }), 'kms', 'awsJson1_1', 'Encrypt');
  // Step Functions StartSyncExecution arrives on the `sync-` host prefix.
  expectRoute(req('POST', '/', { host: 'sync-localhost:4566', 'x-amz-target': 'AWSStepFunctions.StartSyncExecution', authorization: v4('states') }), 'stepfunctions', 'awsJson1_0', 'StartSyncExecution');
});

test('DynamoDB Streams shares the dynamodb signing name and routes by its own target prefix', () => {
  // The target prefix is authoritative: never DynamoDB's handlers.
  expectRoute(req('POST', '/', { 'x-amz-target': 'DynamoDBStreams_20120810.ListStreams', authorization: v4('dynamodb') }), 'dynamodbstreams', 'awsJson1_0', 'ListStreams');
  expectRoute(req('POST', '/', { 'x-amz-target': 'DynamoDBStreams_20120810.GetRecords' }), 'dynamodbstreams', 'awsJson1_0', 'GetRecords');
  // Signed for dynamodb with another service's prefix: an unknown operation, naming the target.
  assert.throws(
    () => route(req('POST', '/', { 'x-amz-target': 'DynamoDBStreamz_20120810.ListStreams', authorization: v4('dynamodb') })),
    (e: unknown) => e instanceof RoutingError && e.error.code === 'UnknownOperationException' && /DynamoDBStreamz_20120810\.ListStreams/.test(e.error.message),
  );
});

test('rpcv2Cbor by smithy-protocol and the /service/.../operation/... path', () => {
  expectRoute(
    req('POST', '/service/GraniteServiceVersion20100801/operation/GetMetricData', { 'smithy-protocol': 'rpc-v2-cbor', authorization: v4('monitoring') }),
    'cloudwatch', 'rpcv2Cbor', 'GetMetricData',
  );
});

test('awsQuery and ec2Query by Action + Version', () => {
  expectRoute(req('POST', '/', { 'content-type': FORM, authorization: v4('monitoring') }, 'Action=ListMetrics&Version=2010-08-01'), 'cloudwatch', 'awsQuery', 'ListMetrics');
  expectRoute(req('POST', '/', { 'content-type': FORM, authorization: v4('ec2') }, 'Action=DescribeRegions&Version=2016-11-15'), 'ec2', 'ec2Query', 'DescribeRegions');
  expectRoute(req('GET', '/?Action=DescribeRegions&Version=2016-11-15'), 'ec2', 'ec2Query', 'DescribeRegions');
  // STS AssumeRoleWithWebIdentity arrives unsigned.
  expectRoute(req('POST', '/', { 'content-type': FORM }, 'Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=x'), 'sts', 'awsQuery', 'AssumeRoleWithWebIdentity');
});

test('query actions shared between services are settled by Version', () => {
  const cases: Array<[string, string]> = [
    ['2010-03-31', 'sns'],
    ['2014-10-31', 'rds'],
    ['2015-02-02', 'elasticache'],
    ['2010-05-15', 'cloudformation'],
  ];
  for (const [version, service] of cases) {
    expectRoute(req('POST', '/', { 'content-type': FORM }, `Action=ListTagsForResource&Version=${version}`), service, 'awsQuery', 'ListTagsForResource');
  }
  expectRoute(req('POST', '/', { 'content-type': FORM }, 'Action=CreateUser&Version=2010-05-08'), 'iam', 'awsQuery', 'CreateUser');
});

test('SQS query posted to a queue URL, signed and unsigned', () => {
  const r = expectRoute(
    req('POST', '/000000000000/orders', { 'content-type': FORM, authorization: v4('sqs', 'eu-west-1') }, 'Action=SendMessage&Version=2012-11-05&MessageBody=hi'),
    'sqs', 'awsQuery', 'SendMessage',
  );
  assert.equal(r.scope?.region, 'eu-west-1');
  assert.equal(r.form?.get('MessageBody'), 'hi');
  expectRoute(req('POST', '/123456789012/orders', { 'content-type': FORM }, 'Action=ReceiveMessage&Version=2012-11-05'), 'sqs', 'awsQuery', 'ReceiveMessage');
});

test('REST routes: most specific first, labels decoded, greedy keys keep slashes', () => {
  const s3 = { authorization: v4('s3') };
  let r = expectRoute(req('GET', '/my-bucket/a/b%20c.txt', s3), 's3', 'restXml', 'GetObject');
  assert.deepEqual(r.labels, { Bucket: 'my-bucket', Key: 'a/b c.txt' });
  expectRoute(req('GET', '/my-bucket/a.txt?acl', s3), 's3', 'restXml', 'GetObjectAcl');
  expectRoute(req('POST', '/my-bucket/a.txt?uploads', s3), 's3', 'restXml', 'CreateMultipartUpload');
  expectRoute(req('GET', '/my-bucket?list-type=2&prefix=a', s3), 's3', 'restXml', 'ListObjectsV2');
  expectRoute(req('GET', '/my-bucket', s3), 's3', 'restXml', 'ListObjects');
  expectRoute(req('GET', '/', s3), 's3', 'restXml', 'ListBuckets');
  // JS v3 appends ?x-id=<Operation>: ignored for matching.
  expectRoute(req('GET', '/my-bucket/k?x-id=GetObject', s3), 's3', 'restXml', 'GetObject');
  r = expectRoute(req('GET', '/2015-03-31/functions/my-fn/aliases/live', { authorization: v4('lambda') }), 'lambda', 'restJson1', 'GetAlias');
  assert.deepEqual(r.labels, { FunctionName: 'my-fn', Name: 'live' });
  expectRoute(req('GET', '/2015-03-31/functions/', { authorization: v4('lambda') }), 'lambda', 'restJson1', 'ListFunctions');
  expectRoute(req('POST', '/TraceSegments', { authorization: v4('xray') }), 'xray', 'restJson1', 'PutTraceSegments');
});

test('S3 virtual-host style takes the bucket from the Host header', () => {
  const r = expectRoute(req('GET', '/photos/cat.png', { host: 'my-bucket.localhost:4566', authorization: v4('s3') }), 's3', 'restXml', 'GetObject');
  assert.deepEqual(r.labels, { Bucket: 'my-bucket', Key: 'photos/cat.png' });
  expectRoute(req('GET', '/?list-type=2', { host: 'my-bucket.s3.localhost.localstack.cloud:4566', authorization: v4('s3') }), 's3', 'restXml', 'ListObjectsV2');
  assert.equal(bucketFromHost('localhost:4566'), undefined);
  assert.equal(bucketFromHost('127.0.0.1:4566'), undefined);
  assert.equal(bucketFromHost('s3.amazonaws.com'), undefined);
  assert.equal(bucketFromHost('b.s3.us-west-2.amazonaws.com'), 'b');
  assert.equal(bucketFromHost('dotted.name.localhost'), 'dotted.name');
});

test('presigned URLs: SigV4 query credentials and SigV2 AWSAccessKeyId', () => {
  const v4q =
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261127%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20261127T000000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=abc';
  const r = expectRoute(req('GET', `/b/k.txt?${v4q}`), 's3', 'restXml', 'GetObject');
  assert.equal(r.scope?.region, 'eu-west-1');
  assert.equal(r.scope?.presigned, true);
  const r2 = expectRoute(req('GET', '/b/k.txt?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Signature=abc&Expires=1900000000'), 's3', 'restXml', 'GetObject');
  assert.equal(r2.scope?.signatureVersion, 'v2');
  const r3 = expectRoute(req('PUT', '/b/k.txt', { authorization: 'AWS AKIAIOSFODNN7EXAMPLE:c2lnbmF0dXJl' }), 's3', 'restXml', 'PutObject');
  assert.equal(r3.scope?.accessKeyId, 'AKIAIOSFODNN7EXAMPLE');
});

test('SigV4a scopes have no region', () => {
  const r = expectRoute(
    req('GET', '/b/k', { authorization: 'AWS4-ECDSA-P256-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261127/s3/aws4_request, SignedHeaders=host, Signature=ab' }),
    's3', 'restXml', 'GetObject',
  );
  assert.equal(r.scope?.region, undefined);
  assert.equal(r.scope?.signatureVersion, 'v4a');
});

test('unsigned REST: other REST roots first, then S3; a signature settles a bucket named like a root', () => {
  expectRoute(req('GET', '/restapis'), 'apigateway', 'restJson1', 'GetRestApis');
  expectRoute(req('GET', '/2015-03-31/functions'), 'lambda', 'restJson1', 'ListFunctions');
  expectRoute(req('GET', '/restapis', { authorization: v4('s3') }), 's3', 'restXml', 'ListObjects');
  expectRoute(req('GET', '/public-bucket/file.txt'), 's3', 'restXml', 'GetObject');
});

test('what Nimbus does not serve is a routing error, never a misroute', () => {
  const notServed = (r: HttpRequest) =>
    assert.throws(() => route(r), (e: unknown) => e instanceof RoutingError);
  // API Gateway v2 shares the apigateway signing name.
  notServed(req('GET', '/v2/apis', { authorization: v4('apigateway') }));
  // S3 Control shares the s3 signing name.
  notServed(req('GET', '/v20180820/configuration/publicAccessBlock', { authorization: v4('s3'), 'x-amz-account-id': '000000000000' }));
  notServed(req('POST', '/', { authorization: v4('frobnicator'), 'content-type': 'application/x-amz-json-1.1' }));
});

test('operations sharing a URI template are told apart by their required headers and query keys', () => {
  const s3 = { authorization: v4('s3') };
  expectRoute(req('PUT', '/b/k', s3), 's3', 'restXml', 'PutObject');
  expectRoute(req('PUT', '/b/k', { ...s3, 'x-amz-copy-source': '/src/key' }), 's3', 'restXml', 'CopyObject');
  expectRoute(req('PUT', '/b/k?partNumber=1&uploadId=u', s3), 's3', 'restXml', 'UploadPart');
  expectRoute(req('PUT', '/b/k?partNumber=1&uploadId=u', { ...s3, 'x-amz-copy-source': '/src/key' }), 's3', 'restXml', 'UploadPartCopy');
  expectRoute(req('POST', '/b/k?uploadId=u', s3), 's3', 'restXml', 'CompleteMultipartUpload');
});

test('an unsigned query without Version is settled by an action only one service has', () => {
  // SNS's SubscribeURL and UnsubscribeURL, as AWS writes them.
  expectRoute(req('GET', '/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:000000000000:t&Token=abc'), 'sns', 'awsQuery', 'ConfirmSubscription');
  expectRoute(req('GET', '/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000:t:1'), 'sns', 'awsQuery', 'Unsubscribe');
  // ListTagsForResource belongs to several query services: without Version it names none.
  assert.throws(() => route(req('GET', '/?Action=ListTagsForResource')), (e: unknown) => e instanceof RoutingError);
});
