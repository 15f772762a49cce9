// Versions, aliases with weighted routing, qualified invocation, resource policies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  GetAliasCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { uniqueName, useNimbus } from '../../support/nimbus.js';
import { createFunction, json, zip } from './support.js';

const t = useNimbus();

const code = (v: number) => ({ 'index.js': `exports.handler = async () => ${v};` });

async function twoVersions(lambda: LambdaClient, FunctionName: string): Promise<void> {
  await createFunction(lambda, { FunctionName, files: code(1) });
  assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName, Description: 'first' }))).Version, '1');
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: zip(code(2)) }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 20, minDelay: 1 }, { FunctionName });
  assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName }))).Version, '2');
}

test('PublishVersion snapshots code; qualified invocation by version, alias and every ARN form', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('versions');
  await twoVersions(lambda, FunctionName);
  assert.equal((await lambda.send(new PublishVersionCommand({ FunctionName }))).Version, '2', 'nothing changed: the same version');
  const versions = (await lambda.send(new ListVersionsByFunctionCommand({ FunctionName }))).Versions!.map((v) => [v.Version, v.Description]);
  assert.deepEqual(versions, [['$LATEST', ''], ['1', 'first'], ['2', '']]);
  const alias = await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '1' }));
  assert.equal(alias.AliasArn, `arn:aws:lambda:us-east-1:000000000000:function:${FunctionName}:live`);
  const arn = `arn:aws:lambda:us-east-1:000000000000:function:${FunctionName}`;
  const cases: [string, string | undefined, number, string][] = [
    [FunctionName, undefined, 2, '$LATEST'],
    [FunctionName, '1', 1, '1'],
    [`${FunctionName}:1`, undefined, 1, '1'],
    [`${arn}:2`, undefined, 2, '2'],
    [`000000000000:function:${FunctionName}:live`, undefined, 1, '1'],
    [arn, 'live', 1, '1'],
  ];
  for (const [name, Qualifier, value, version] of cases) {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Qualifier }));
    assert.deepEqual([json(out.Payload), out.ExecutedVersion], [value, version], `${name} ${Qualifier ?? ''}`);
  }
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: `${FunctionName}:1`, Qualifier: '2' })), { name: 'InvalidParameterValueException' });
  await assert.rejects(lambda.send(new InvokeCommand({ FunctionName, Qualifier: 'nope' })), { name: 'ResourceNotFoundException' });
  await lambda.send(new UpdateAliasCommand({ FunctionName, Name: 'live', FunctionVersion: '2', Description: 'now 2' }));
  assert.deepEqual([(await lambda.send(new GetAliasCommand({ FunctionName, Name: 'live' }))).FunctionVersion, json((await lambda.send(new InvokeCommand({ FunctionName: `${FunctionName}:live` }))).Payload)], ['2', 2]);
  assert.deepEqual((await lambda.send(new ListAliasesCommand({ FunctionName }))).Aliases!.map((a) => [a.Name, a.Description]), [['live', 'now 2']]);
  await lambda.send(new DeleteAliasCommand({ FunctionName, Name: 'live' }));
  assert.deepEqual((await lambda.send(new ListAliasesCommand({ FunctionName }))).Aliases, []);
});

test('an alias with 90/10 RoutingConfig splits 1,000 invocations within statistical bounds', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('weights');
  await twoVersions(lambda, FunctionName);
  await lambda.send(new CreateAliasCommand({ FunctionName, Name: 'canary', FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } }));
  const counts: Record<string, number> = {};
  for (let batch = 0; batch < 250; batch++) {
    const outs = await Promise.all(Array.from({ length: 4 }, () => lambda.send(new InvokeCommand({ FunctionName, Qualifier: "canary" }))));
    for (const o of outs) {
      assert.equal(String(json(o.Payload)), o.ExecutedVersion, 'the version that ran is the one reported');
      counts[o.ExecutedVersion!] = (counts[o.ExecutedVersion!] ?? 0) + 1;
    }
  }
  assert.equal(counts['1']! + counts['2']!, 1000);
  // Binomial(1000, 0.1): mean 100, sd 9.5; +-5 sd.
  assert.ok(counts['2']! >= 52 && counts['2']! <= 148, `version 2 ran ${counts['2']} times`);
});

test('AddPermission / GetPolicy / RemovePermission', async () => {
  const lambda = new LambdaClient(t.config());
  const FunctionName = uniqueName('policy');
  await createFunction(lambda, { FunctionName, files: code(1) });
  await assert.rejects(lambda.send(new GetPolicyCommand({ FunctionName })), { name: 'ResourceNotFoundException' });
  const added = await lambda.send(new AddPermissionCommand({ FunctionName, StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 'sns.amazonaws.com', SourceArn: 'arn:aws:sns:us-east-1:000000000000:t' }));
  const statement = {
    Sid: 'sns',
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: `arn:aws:lambda:us-east-1:000000000000:function:${FunctionName}`,
    Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:000000000000:t' } },
  };
  assert.deepEqual(JSON.parse(added.Statement!), statement);
  await assert.rejects(lambda.send(new AddPermissionCommand({ FunctionName, StatementId: 'sns', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' })), { name: 'ResourceConflictException' });
  const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName }))).Policy!);
  assert.deepEqual(policy, { Version: '2012-10-17', Id: 'default', Statement: [statement] });
  await lambda.send(new RemovePermissionCommand({ FunctionName, StatementId: 'sns' }));
  await assert.rejects(lambda.send(new RemovePermissionCommand({ FunctionName, StatementId: 'sns' })), { name: 'ResourceNotFoundException', message: 'Statement sns is not found in resource policy.' });
});
