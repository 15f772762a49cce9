import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { useNimbus } from '../../support/nimbus.js';
import { awsJson, pythonJson } from '../../support/python.js';

const t = useNimbus();

test('ListFunctions answers an empty list over restJson1 (SDK v3, boto3, CLI)', async () => {
  const lambda = new LambdaClient(t.config());
  const out = await lambda.send(new ListFunctionsCommand({ MaxItems: 10 }));
  assert.deepEqual(out.Functions, []);
  assert.equal(out.$metadata.httpStatusCode, 200);
  const py = await pythonJson(`import boto3, json; print(json.dumps(boto3.client('lambda').list_functions()['Functions']))`, t.env());
  assert.deepEqual(py, []);
  assert.deepEqual((await awsJson(['lambda', 'list-functions'], t.env())).Functions, []);
});

test('boto3: create a function from a zip, invoke it with LogType=Tail, read the error shape', async () => {
  const out = await pythonJson(
    `import boto3, json, io, zipfile, base64, time
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    z.writestr('app.py', 'def handler(event, context):\\n    print("got", event["n"])\\n    if event["n"] < 0:\\n        raise KeyError("negative")\\n    return event["n"] * 2\\n')
c = boto3.client('lambda')
c.create_function(FunctionName='py-boto3', Runtime='python3.12', Handler='app.handler', Role='arn:aws:iam::000000000000:role/r', Code={'ZipFile': buf.getvalue()})
c.get_waiter('function_active_v2').wait(FunctionName='py-boto3', WaiterConfig={'Delay': 1})
ok = c.invoke(FunctionName='py-boto3', Payload=json.dumps({'n': 21}), LogType='Tail')
bad = c.invoke(FunctionName='py-boto3', Payload=json.dumps({'n': -1}))
err = json.loads(bad['Payload'].read())
print(json.dumps([ok['StatusCode'], json.loads(ok['Payload'].read()), 'got 21' in base64.b64decode(ok['LogResult']).decode(), bad.get('FunctionError'), err['errorType'], err['errorMessage']]))`,
    t.env(),
  );
  assert.deepEqual(out, [200, 42, true, 'Unhandled', 'KeyError', "'negative'"]);
});
