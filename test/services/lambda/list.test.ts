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
