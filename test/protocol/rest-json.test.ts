// restJson1 against the real SDK v3 clients (Lambda, API Gateway, X-Ray): labels, query, headers,
// payloads and JSON bodies in both directions; errors; malformed bodies; event-stream payloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  ListFunctionsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-lambda';
import { APIGatewayClient, GetExportCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { GetTraceSummariesCommand, PutTraceSegmentsCommand, XRayClient } from '@aws-sdk/client-xray';
import type { OperationModel, ServiceModel } from '../../src/models/types.js';
import { restJson1 } from '../../src/protocol/codecs/rest-json.js';
import { AwsError } from '../../src/protocol/errors.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { answering, awsError, captureRequest, loadTestModel, matchLabels, plain, sdkError } from './sdk-capture.js';

const ec = { requestId: 'req-2' };
const lambda = loadTestModel('lambda');
const apigateway = loadTestModel('apigateway');
const xray = loadTestModel('xray');

function decode(model: ServiceModel, opName: string, req: HttpRequest) {
  const op: OperationModel = model.operations[opName]!;
  assert.equal(req.method, op.http!.method);
  return restJson1.decode(req, model, op, { labels: matchLabels(op.http!.uri, req.path) });
}

describe('restJson1 decode: SDK serializer -> codec', () => {
  it('Lambda CreateFunction: nested body, blob, maps, empty list, numbers', async () => {
    const input = {
      FunctionName: 'fn',
      Runtime: 'nodejs20.x' as const,
      Role: 'arn:aws:iam::000000000000:role/r',
      Handler: 'index.handler',
      Code: { ZipFile: new Uint8Array([80, 75, 3, 4]) },
      Timeout: 30,
      MemorySize: 256,
      Publish: true,
      Environment: { Variables: { A: '1', B: 'two' } },
      VpcConfig: { SubnetIds: [], SecurityGroupIds: ['sg-1'] },
      Tags: { team: 'x' },
      Layers: ['arn:aws:lambda:us-east-1:000000000000:layer:l:1'],
      Architectures: ['arm64' as const],
    };
    const req = await captureRequest((c) => new LambdaClient(c).send(new CreateFunctionCommand(input)).catch(() => undefined));
    const decoded = decode(lambda, 'CreateFunction', req);
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('Lambda Invoke: label, headers, query, raw blob payload', async () => {
    const input = {
      FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:my-fn',
      InvocationType: 'Event' as const,
      LogType: 'Tail' as const,
      ClientContext: Buffer.from('{"custom":1}').toString('base64'),
      Qualifier: '$LATEST',
      Payload: new Uint8Array(Buffer.from('{"hello":"world"}')),
    };
    const req = await captureRequest((c) => new LambdaClient(c).send(new InvokeCommand(input)).catch(() => undefined));
    const decoded = decode(lambda, 'Invoke', req);
    assert.ok(Buffer.isBuffer(decoded.Payload));
    assert.deepEqual(plain(decoded), plain(input));
  });

  it('Lambda ListFunctions: query strings incl. an integer', async () => {
    const input = { MasterRegion: 'ALL', FunctionVersion: 'ALL' as const, Marker: 'a b&c', MaxItems: 50 };
    const req = await captureRequest((c) => new LambdaClient(c).send(new ListFunctionsCommand(input)).catch(() => undefined));
    assert.deepEqual(decode(lambda, 'ListFunctions', req), input);
  });

  it('Lambda TagResource: an ARN label and a body map', async () => {
    const input = { Resource: 'arn:aws:lambda:us-east-1:000000000000:function:fn', Tags: { a: '1', 'b:c': 'd e' } };
    const req = await captureRequest((c) => new LambdaClient(c).send(new TagResourceCommand(input)).catch(() => undefined));
    assert.deepEqual(decode(lambda, 'TagResource', req), input);
  });

  it('API Gateway GetExport: three labels, httpQueryParams, a header', async () => {
    const input = {
      restApiId: 'abc123',
      stageName: 'prod',
      exportType: 'oas30',
      parameters: { extensions: 'integrations', 'x y': 'z' },
      accepts: 'application/yaml',
    };
    const req = await captureRequest((c) => new APIGatewayClient(c).send(new GetExportCommand(input)).catch(() => undefined));
    assert.deepEqual(decode(apigateway, 'GetExport', req), input);
  });

  it('X-Ray GetTraceSummaries: body timestamps -> Date; PutTraceSegments: string list', async () => {
    const input = {
      StartTime: new Date('2026-11-27T10:00:00.250Z'),
      EndTime: new Date('2026-11-27T11:00:00Z'),
      Sampling: false,
      SamplingStrategy: { Name: 'FixedRate' as const, Value: 0.5 },
      FilterExpression: 'service("a")',
    };
    let req = await captureRequest((c) => new XRayClient(c).send(new GetTraceSummariesCommand(input)).catch(() => undefined));
    assert.deepEqual(decode(xray, 'GetTraceSummaries', req), input);
    const segments = { TraceSegmentDocuments: ['{"a":1}', '{}'] };
    req = await captureRequest((c) => new XRayClient(c).send(new PutTraceSegmentsCommand(segments)).catch(() => undefined));
    assert.deepEqual(decode(xray, 'PutTraceSegments', req), segments);
  });
});

describe('restJson1 encode: codec -> SDK deserializer', () => {
  it('Lambda Invoke output: httpResponseCode, headers, raw payload', async () => {
    const res = restJson1.encode(
      { StatusCode: 202, FunctionError: 'Unhandled', ExecutedVersion: '$LATEST', Payload: Buffer.from('{"ok":true}') },
      lambda,
      lambda.operations.Invoke!,
      ec,
    );
    assert.equal(res.status, 202);
    const got = await new LambdaClient(answering(res)).send(new InvokeCommand({ FunctionName: 'fn' }));
    assert.equal(got.StatusCode, 202);
    assert.equal(got.FunctionError, 'Unhandled');
    assert.equal(got.ExecutedVersion, '$LATEST');
    assert.equal(Buffer.from(got.Payload!).toString(), '{"ok":true}');
  });

  it('Lambda GetFunction output: nested structures, maps, empty lists, doubles', async () => {
    const output = {
      Configuration: {
        FunctionName: 'fn',
        MemorySize: 128,
        Timeout: 3,
        LastModified: '2026-11-27T10:00:00.000+0000',
        Environment: { Variables: { A: '1' } },
        Layers: [],
        Architectures: ['x86_64'],
        Undeclared: 'dropped',
      },
      Code: { RepositoryType: 'S3', Location: 'http://x' },
      Tags: { a: 'b' },
    };
    const res = restJson1.encode(output, lambda, lambda.operations.GetFunction!, ec);
    assert.doesNotMatch(String(res.body), /Undeclared/);
    const got = await new LambdaClient(answering(res)).send(new GetFunctionCommand({ FunctionName: 'fn' }));
    const { Undeclared: _u, ...configuration } = output.Configuration;
    assert.deepEqual(got.Configuration, configuration);
    assert.deepEqual(got.Code, output.Code);
    assert.deepEqual(got.Tags, output.Tags);
    assert.equal(got.$metadata.requestId, 'req-2');
  });

  it('X-Ray GetTraceSummaries output: timestamps and integral doubles', async () => {
    const output = {
      TraceSummaries: [{ Id: '1-abc', StartTime: new Date('2026-11-27T10:00:00.5Z'), Duration: 2, ResponseTime: 0.25, HasFault: false }],
      ApproximateTime: new Date('2026-11-27T10:00:00Z'),
      TracesProcessedCount: 1,
    };
    const res = restJson1.encode(output, xray, xray.operations.GetTraceSummaries!, ec);
    assert.match(String(res.body), /"Duration":2\.0/);
    const got = await new XRayClient(answering(res)).send(new GetTraceSummariesCommand({ StartTime: new Date(), EndTime: new Date() }));
    assert.deepEqual(got.TraceSummaries, output.TraceSummaries);
    assert.deepEqual(got.ApproximateTime, output.ApproximateTime);
  });

  it('API Gateway: jsonName members (items -> item) and blob payload with a bound Content-Type', async () => {
    let res = restJson1.encode({ items: [{ id: 'a1', name: 'api' }], position: 'p' }, apigateway, apigateway.operations.GetRestApis!, ec);
    assert.match(String(res.body), /"item":\[/);
    const apis = await new APIGatewayClient(answering(res)).send(new GetRestApisCommand({}));
    assert.deepEqual(apis.items, [{ id: 'a1', name: 'api' }]);
    res = restJson1.encode({ contentType: 'application/yaml', body: Buffer.from('openapi: 3') }, apigateway, apigateway.operations.GetExport!, ec);
    assert.equal(res.headers['content-type'], 'application/yaml');
    const exp = await new APIGatewayClient(answering(res)).send(new GetExportCommand({ restApiId: 'a', stageName: 's', exportType: 'oas30' }));
    assert.equal(exp.contentType, 'application/yaml');
    assert.equal(Buffer.from(exp.body!).toString(), 'openapi: 3');
  });

  it('operation without output: {} and the modeled status code', () => {
    const res = restJson1.encode(undefined, lambda, lambda.operations.TagResource!, ec);
    assert.equal(res.status, 204);
    assert.equal(res.body, '{}');
  });

  it('Lambda InvokeWithResponseStream: event-stream payload frames', async () => {
    const res = restJson1.encode(
      {
        StatusCode: 200,
        ExecutedVersion: '1',
        EventStream: [
          { PayloadChunk: { Payload: Buffer.from('hello ') } },
          { PayloadChunk: { Payload: Buffer.from('world') } },
          { InvokeComplete: { LogResult: 'bG9n' } },
        ],
      },
      lambda,
      lambda.operations.InvokeWithResponseStream!,
      ec,
    );
    assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
    const got = await new LambdaClient(answering(res)).send(new InvokeWithResponseStreamCommand({ FunctionName: 'fn' }));
    assert.equal(got.ExecutedVersion, '1');
    const chunks: string[] = [];
    let complete: unknown;
    for await (const event of got.EventStream!) {
      if (event.PayloadChunk) chunks.push(Buffer.from(event.PayloadChunk.Payload!).toString());
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    assert.deepEqual(chunks, ['hello ', 'world']);
    assert.deepEqual(complete, { LogResult: 'bG9n' });
  });
});

describe('restJson1 errors', () => {
  it('Lambda ResourceNotFoundException (declares Message): name, message, status, Type', async () => {
    const res = restJson1.encodeError(
      new AwsError('ResourceNotFoundException', 'Function not found: fn', { fields: { Type: 'User' } }),
      lambda,
      lambda.operations.GetFunction,
      ec,
    );
    assert.equal(res.headers['x-amzn-errortype'], 'ResourceNotFoundException');
    assert.deepEqual(JSON.parse(String(res.body)), {
      __type: 'ResourceNotFoundException',
      message: 'Function not found: fn',
      Type: 'User',
      Message: 'Function not found: fn',
    });
    await sdkError(new LambdaClient(answering(res)).send(new GetFunctionCommand({ FunctionName: 'fn' })), {
      name: 'ResourceNotFoundException',
      message: 'Function not found: fn',
      status: 404,
      members: { Type: 'User' },
    });
  });

  it('Lambda TooManyRequestsException: bound Retry-After header, 429', async () => {
    const res = restJson1.encodeError(
      new AwsError('TooManyRequestsException', 'Rate exceeded', { fields: { retryAfterSeconds: '2', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' } }),
      lambda,
      lambda.operations.Invoke,
      ec,
    );
    assert.equal(res.headers['retry-after'], '2');
    await sdkError(new LambdaClient(answering(res)).send(new InvokeCommand({ FunctionName: 'fn' })), {
      name: 'TooManyRequestsException',
      message: 'Rate exceeded',
      status: 429,
      members: { retryAfterSeconds: '2', Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' },
    });
  });

  it('API Gateway NotFoundException and an unmodeled error', async () => {
    let res = restJson1.encodeError(new AwsError('NotFoundException', 'Invalid API identifier specified'), apigateway, undefined, ec);
    await sdkError(new APIGatewayClient(answering(res)).send(new GetRestApisCommand({})), {
      name: 'NotFoundException',
      message: 'Invalid API identifier specified',
      status: 404,
    });
    res = restJson1.encodeError(new AwsError('NotImplemented', 'nope', { status: 501, fault: 'server' }), apigateway, undefined, ec);
    await sdkError(new APIGatewayClient(answering(res)).send(new GetRestApisCommand({})), { name: 'NotImplemented', message: 'nope', status: 501 });
  });
});

describe('restJson1 malformed requests', () => {
  const req = (method: string, path: string, body: string, rawQuery = ''): HttpRequest => ({
    method,
    path,
    rawQuery,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
  });
  const isSerialization = awsError('SerializationException', 400);

  it('broken JSON / non-object bodies -> SerializationException', () => {
    for (const body of ['{"FunctionName":', '[]', '42', 'nul']) {
      assert.throws(() => decode(lambda, 'CreateFunction', req('POST', '/2015-03-31/functions', body)), isSerialization);
    }
  });
  it('a non-integer in an integer query member -> SerializationException', () => {
    assert.throws(() => decode(lambda, 'ListFunctions', req('GET', '/2015-03-31/functions', '', 'MaxItems=abc')), isSerialization);
  });
  it('empty body -> only bound members', () => {
    assert.deepEqual(decode(lambda, 'GetFunction', req('GET', '/2015-03-31/functions/fn', '')), { FunctionName: 'fn' });
  });
});
