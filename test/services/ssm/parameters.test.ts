// SSM Parameter Store through the SDK v3: versions, selectors, SecureString through KMS, tiers,
// data types, hierarchies, filters and pagination, labels, tags, expiration on the clock, and the
// public parameters.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as k from '@aws-sdk/client-kms';
import * as s from '@aws-sdk/client-ssm';
import { ManualClock } from '../../../src/state/clock.js';
import { uniqueName, useNimbus } from '../../support/nimbus.js';

const clock = new ManualClock(Date.UTC(2026, 0, 1));
const t = useNimbus({ clock });
const ssm = (region?: string) => new s.SSMClient(t.config({ region }));
const kms = () => new k.KMSClient(t.config());
const ACCOUNT_ROOT = /^arn:aws:iam::\d{12}:root$/;

async function rejects(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

const put = (input: s.PutParameterRequest) => ssm().send(new s.PutParameterCommand(input));
const get = (Name: string, WithDecryption?: boolean) => ssm().send(new s.GetParameterCommand({ Name, WithDecryption })).then((r) => r.Parameter!);

describe('parameters and versions', () => {
  test('PutParameter, Overwrite, versions, selectors and history', async () => {
    const name = `/${uniqueName('app')}/db/host`;
    assert.deepEqual(await put({ Name: name, Value: 'one', Type: 'String', Description: 'the host' }).then((r) => [r.Version, r.Tier]), [1, 'Standard']);
    await rejects(put({ Name: name, Value: 'two', Type: 'String' }), 'ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
    assert.equal((await put({ Name: name, Value: 'two', Overwrite: true })).Version, 2);
    await rejects(put({ Name: name, Value: 'x', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }), 'ValidationException', /tags and overwrite can't be used together/);
    const p = await get(name);
    assert.deepEqual([p.Name, p.Value, p.Version, p.Type, p.DataType], [name, 'two', 2, 'String', 'text']);
    assert.match(p.ARN!, new RegExp(`^arn:aws:ssm:us-east-1:\\d{12}:parameter${name}$`));
    const v1 = await get(`${name}:1`);
    assert.deepEqual([v1.Value, v1.Version, v1.Selector, v1.Name], ['one', 1, ':1', name]);
    await rejects(get(`${name}:9`), 'ParameterVersionNotFound', `Systems Manager could not find version 9 of ${name}. Verify the version and try again.`);
    await rejects(get(`${name}-missing`), 'ParameterNotFound');
    const history = (await ssm().send(new s.GetParameterHistoryCommand({ Name: name }))).Parameters!;
    assert.deepEqual(history.map((h) => [h.Version, h.Value, h.Description, h.Labels]), [[1, 'one', 'the host', []], [2, 'two', 'the host', []]]);
    assert.match(history[0]!.LastModifiedUser!, ACCOUNT_ROOT);
    const many = await ssm().send(new s.GetParametersCommand({ Names: [name, `${name}:1`, `${name}-nope`] }));
    assert.deepEqual(many.Parameters!.map((x) => [x.Name, x.Value, x.Selector]), [[name, 'two', undefined], [name, 'one', ':1']]);
    assert.deepEqual(many.InvalidParameters, [`${name}-nope`]);
  });

  test('StringList, names, hierarchy depth, reserved prefixes', async () => {
    const base = `/${uniqueName('n')}`;
    await put({ Name: `${base}/list`, Value: 'a,b,c', Type: 'StringList' });
    assert.deepEqual([(await get(`${base}/list`)).Type, (await get(`${base}/list`)).Value], ['StringList', 'a,b,c']);
    const deep = base + '/l'.repeat(14);
    await put({ Name: deep, Value: 'ok', Type: 'String' });
    await rejects(put({ Name: `${deep}/x`, Value: 'no', Type: 'String' }), 'HierarchyLevelLimitExceededException', /maximum of 15 levels/);
    await rejects(put({ Name: '/aws/mine', Value: 'x', Type: 'String' }), 'ValidationException', /can't be prefixed with "aws" or "ssm"/);
    await rejects(put({ Name: 'SSMthing', Value: 'x', Type: 'String' }), 'ValidationException', /can't be prefixed with "aws" or "ssm"/);
    await rejects(put({ Name: `${base}/bad name`, Value: 'x', Type: 'String' }), 'ValidationException');
    await rejects(put({ Name: 'a/b', Value: 'x', Type: 'String' }), 'ValidationException', 'Parameter name must be a fully qualified name.');
    await rejects(put({ Name: `${base}/untyped`, Value: 'x' }), 'ValidationException', 'A parameter type is required when you create a parameter.');
  });

  test('tiers: Standard 4 KB, Advanced 8 KB, Intelligent-Tiering, no downgrade', async () => {
    const base = `/${uniqueName('tier')}`;
    const big = 'x'.repeat(5000);
    await rejects(put({ Name: `${base}/a`, Value: big, Type: 'String' }), 'ValidationException', /Standard tier parameters support a maximum parameter value of 4096 characters/);
    assert.equal((await put({ Name: `${base}/a`, Value: big, Type: 'String', Tier: 'Advanced' })).Tier, 'Advanced');
    await rejects(put({ Name: `${base}/a`, Value: 'small', Overwrite: true, Tier: 'Standard' }), 'ValidationException', /can't downgrade a parameter from the advanced-parameter tier/);
    assert.equal((await put({ Name: `${base}/a`, Value: 'small', Overwrite: true })).Tier, 'Advanced');
    await rejects(put({ Name: `${base}/b`, Value: 'y'.repeat(8193), Type: 'String', Tier: 'Advanced' }), 'ValidationException');
    assert.equal((await put({ Name: `${base}/c`, Value: 'small', Type: 'String', Tier: 'Intelligent-Tiering' })).Tier, 'Standard');
    assert.equal((await put({ Name: `${base}/d`, Value: big, Type: 'String', Tier: 'Intelligent-Tiering' })).Tier, 'Advanced');
  });

  test('DataType aws:ec2:image and AllowedPattern', async () => {
    const base = `/${uniqueName('dt')}`;
    await put({ Name: `${base}/ami`, Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' });
    assert.equal((await get(`${base}/ami`)).DataType, 'aws:ec2:image');
    await rejects(put({ Name: `${base}/ami2`, Value: 'not-an-ami', Type: 'String', DataType: 'aws:ec2:image' }), 'ValidationException', /not a valid AMI ID/);
    await rejects(put({ Name: `${base}/x`, Value: 'v', Type: 'String', DataType: 'Text' }), 'ValidationException', 'The following data type is not supported: Text (Data type names are all lowercase.)');
    await put({ Name: `${base}/port`, Value: '8080', Type: 'String', AllowedPattern: '^\\d+$' });
    await rejects(put({ Name: `${base}/port`, Value: 'eighty', Overwrite: true }), 'ParameterPatternMismatchException', 'Parameter value, cannot be validated against allowedPattern: ^\\d+$');
    assert.equal((await put({ Name: `${base}/port`, Value: '9090', Overwrite: true })).Version, 2);
  });
});

describe('SecureString through KMS', () => {
  test('readable only WithDecryption; stored encrypted under alias/aws/ssm, made on first use', async () => {
    const name = `/${uniqueName('sec')}/password`;
    await put({ Name: name, Value: 'hunter2', Type: 'SecureString' });
    const raw = await get(name);
    assert.equal(raw.Type, 'SecureString');
    assert.notEqual(raw.Value, 'hunter2');
    assert.ok(!Buffer.from(raw.Value!, 'base64').includes(Buffer.from('hunter2')));
    assert.equal((await get(name, true)).Value, 'hunter2');
    const meta = (await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters!;
    assert.deepEqual(meta.map((m) => [m.Name, m.Type, m.KeyId]), [[name, 'SecureString', 'alias/aws/ssm']]);
    const managed = (await kms().send(new k.DescribeKeyCommand({ KeyId: 'alias/aws/ssm' }))).KeyMetadata!;
    assert.equal(managed.KeyManager, 'AWS');
    // The stored value is a KMS ciphertext bound to the parameter's ARN.
    const arn = raw.ARN!;
    const dec = await kms().send(new k.DecryptCommand({ CiphertextBlob: Buffer.from(raw.Value!, 'base64'), EncryptionContext: { PARAMETER_ARN: arn } }));
    assert.equal(Buffer.from(dec.Plaintext!).toString(), 'hunter2');
    assert.equal(dec.KeyId, managed.Arn);
    const both = await ssm().send(new s.GetParametersCommand({ Names: [name], WithDecryption: true }));
    assert.equal(both.Parameters![0]!.Value, 'hunter2');
    const history = await ssm().send(new s.GetParameterHistoryCommand({ Name: name, WithDecryption: true }));
    assert.equal(history.Parameters![0]!.Value, 'hunter2');
  });

  test('a customer key by alias; a disabled key refuses decryption; an unknown key is InvalidKeyId', async () => {
    const key = (await kms().send(new k.CreateKeyCommand({}))).KeyMetadata!;
    const alias = `alias/${uniqueName('ssmkey')}`;
    await kms().send(new k.CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
    const name = `/${uniqueName('sec')}/token`;
    await put({ Name: name, Value: 'tok', Type: 'SecureString', KeyId: alias });
    assert.equal((await get(name, true)).Value, 'tok');
    const meta = (await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'KeyId', Values: [alias] }] }))).Parameters!;
    assert.deepEqual(meta.map((m) => m.Name), [name]);
    await kms().send(new k.DisableKeyCommand({ KeyId: key.KeyId }));
    await rejects(get(name, true), 'DisabledException');
    assert.notEqual((await get(name)).Value, 'tok');
    await rejects(put({ Name: `${name}2`, Value: 'x', Type: 'SecureString', KeyId: 'alias/does-not-exist' }), 'InvalidKeyId');
  });
});

describe('paths, filters, labels, tags, deletion, expiration', () => {
  test('GetParametersByPath: one level or recursive, filters, NextToken pages', async () => {
    const base = `/${uniqueName('path')}`;
    for (const n of ['a', 'b', 'c', 'd/e', 'd/f/g']) await put({ Name: `${base}/${n}`, Value: n, Type: n === 'b' ? 'SecureString' : 'String' });
    const one = (await ssm().send(new s.GetParametersByPathCommand({ Path: base }))).Parameters!;
    assert.deepEqual(one.map((p) => p.Name), ['a', 'b', 'c'].map((n) => `${base}/${n}`));
    const all: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ssm().send(new s.GetParametersByPathCommand({ Path: `${base}/`, Recursive: true, MaxResults: 2, NextToken: token, WithDecryption: true }));
      all.push(...r.Parameters!.map((p) => `${p.Name}=${p.Value}`));
      token = r.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(all, ['a', 'b', 'c', 'd/e', 'd/f/g'].map((n) => `${base}/${n}=${n}`));
    const secure = await ssm().send(new s.GetParametersByPathCommand({ Path: base, Recursive: true, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }));
    assert.deepEqual(secure.Parameters!.map((p) => p.Name), [`${base}/b`]);
    await rejects(ssm().send(new s.GetParametersByPathCommand({ Path: base, ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })), 'InvalidFilterKey');
    const described = await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: [`${base}/d`] }] }));
    assert.deepEqual(described.Parameters!.map((p) => p.Name), [`${base}/d/e`, `${base}/d/f/g`]);
    const begins = await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: [`${base}/d`] }] }));
    assert.equal(begins.Parameters!.length, 2);
    const legacy = await ssm().send(new s.DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: [`${base}/`] }, { Key: 'Type', Values: ['SecureString'] }] }));
    assert.deepEqual(legacy.Parameters!.map((p) => p.Name), [`${base}/b`]);
    await rejects(
      ssm().send(new s.DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['x'] }], ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })),
      'ValidationException',
      'You can use either Filters or ParameterFilters in a single request.',
    );
    await rejects(ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['String'] }] })), 'InvalidFilterOption');
  });

  test('labels: AWS rules, moving, 10 per version, label selectors, unlabel', async () => {
    const name = `/${uniqueName('lbl')}/x`;
    for (let i = 1; i <= 3; i++) await put({ Name: name, Value: `v${i}`, Type: 'String', Overwrite: i > 1 });
    const r = await ssm().send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 1, Labels: ['prod', '1bad', 'awsx', 'ok.label-1_'] }));
    assert.deepEqual([r.ParameterVersion, r.InvalidLabels], [1, ['1bad', 'awsx']]);
    assert.equal((await get(`${name}:prod`)).Value, 'v1');
    // Labelling version 2 moves "prod" there.
    await ssm().send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ['prod'] }));
    const labelled = await get(`${name}:prod`);
    assert.deepEqual([labelled.Value, labelled.Selector], ['v2', ':prod']);
    const history = (await ssm().send(new s.GetParameterHistoryCommand({ Name: name }))).Parameters!;
    assert.deepEqual(history.map((h) => h.Labels), [['ok.label-1_'], ['prod'], []]);
    const latest = await ssm().send(new s.LabelParameterVersionCommand({ Name: name, Labels: ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9', 'l10'] }));
    assert.equal(latest.ParameterVersion, 3);
    await rejects(ssm().send(new s.LabelParameterVersionCommand({ Name: name, Labels: ['l11'] })), 'ParameterVersionLabelLimitExceeded');
    await rejects(ssm().send(new s.LabelParameterVersionCommand({ Name: name, ParameterVersion: 7, Labels: ['x'] })), 'ParameterVersionNotFound');
    const un = await ssm().send(new s.UnlabelParameterVersionCommand({ Name: name, ParameterVersion: 2, Labels: ['prod', 'nope'] }));
    assert.deepEqual([un.RemovedLabels, un.InvalidLabels], [['prod'], ['nope']]);
    await rejects(get(`${name}:prod`), 'ParameterNotFound');
    const byLabel = await ssm().send(new s.GetParametersByPathCommand({ Path: name.slice(0, name.lastIndexOf('/')), ParameterFilters: [{ Key: 'Label', Values: ['l5'] }] }));
    assert.deepEqual(byLabel.Parameters!.map((p) => p.Name), [name]);
  });

  test('tags and deletion', async () => {
    const name = `/${uniqueName('tag')}/x`;
    await put({ Name: name, Value: 'v', Type: 'String', Tags: [{ Key: 'team', Value: 'a' }] });
    await ssm().send(new s.AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'b' }] }));
    await ssm().send(new s.RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: ['env'] }));
    assert.deepEqual((await ssm().send(new s.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList, [{ Key: 'team', Value: 'b' }]);
    const tagged = await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'tag:team', Values: ['b'] }] }));
    assert.ok(tagged.Parameters!.some((p) => p.Name === name));
    await rejects(ssm().send(new s.ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: `${name}-none` })), 'InvalidResourceId');
    const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await rejects(ssm().send(new s.AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: tooMany })), 'TooManyTagsError');
    const other = `${name}-2`;
    await put({ Name: other, Value: 'v', Type: 'String' });
    const del = await ssm().send(new s.DeleteParametersCommand({ Names: [other, `${name}-missing`] }));
    assert.deepEqual([del.DeletedParameters, del.InvalidParameters], [[other], [`${name}-missing`]]);
    await ssm().send(new s.DeleteParameterCommand({ Name: name }));
    await rejects(ssm().send(new s.DeleteParameterCommand({ Name: name })), 'ParameterNotFound');
    await rejects(get(name), 'ParameterNotFound');
  });

  test('an Expiration policy deletes the parameter when the clock reaches it', async () => {
    const name = `/${uniqueName('exp')}/x`;
    const at = new Date(clock.now() + 3_600_000).toISOString();
    const policies = JSON.stringify([{ Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: at } }]);
    await rejects(put({ Name: name, Value: 'v', Type: 'String', Tier: 'Standard', Policies: policies }), 'ValidationException', /Standard tier parameters don't support parameter policies/);
    assert.equal((await put({ Name: name, Value: 'v', Type: 'String', Tier: 'Intelligent-Tiering', Policies: policies })).Tier, 'Advanced');
    const meta = (await ssm().send(new s.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }))).Parameters![0]!;
    assert.deepEqual(meta.Policies!.map((p) => [p.PolicyType, p.PolicyStatus, JSON.parse(p.PolicyText!).Attributes.Timestamp]), [['Expiration', 'Pending', at]]);
    await rejects(put({ Name: `${name}2`, Value: 'v', Type: 'String', Tier: 'Advanced', Policies: JSON.stringify([{ Type: 'Expiration', Attributes: { Timestamp: '2000-01-01T00:00:00Z' } }]) }), 'InvalidPolicyAttributeException');
    await rejects(put({ Name: `${name}2`, Value: 'v', Type: 'String', Tier: 'Advanced', Policies: JSON.stringify([{ Type: 'Explode' }]) }), 'InvalidPolicyTypeException');
    clock.advance(3_599_000);
    assert.equal((await get(name)).Value, 'v');
    clock.advance(1_000);
    await rejects(get(name), 'ParameterNotFound');
  });

  test('public parameters under /aws/service/ resolve in every account and region', async () => {
    const other = new s.SSMClient(t.config({ region: 'eu-west-1', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }));
    const ami = (await other.send(new s.GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64' }))).Parameter!;
    assert.match(ami.Value!, /^ami-[0-9a-f]{17}$/);
    assert.equal(ami.ARN, 'arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64');
    const al2 = (await ssm().send(new s.GetParameterCommand({ Name: '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2' }))).Parameter!;
    assert.match(al2.Value!, /^ami-[0-9a-f]{17}$/);
    const regions: string[] = [];
    let token: string | undefined;
    do {
      const r = await ssm().send(new s.GetParametersByPathCommand({ Path: '/aws/service/global-infrastructure/regions', NextToken: token }));
      regions.push(...r.Parameters!.map((p) => p.Value!));
      token = r.NextToken;
    } while (token);
    assert.ok(regions.includes('us-east-1') && regions.includes('eu-west-1') && regions.length >= 25);
    assert.equal((await get('/aws/service/global-infrastructure/regions/us-east-1/longName')).Value, 'US East (N. Virginia)');
    await rejects(get('/aws/service/does-not-exist'), 'ParameterNotFound');
    await rejects(put({ Name: '/aws/service/mine', Value: 'x', Type: 'String' }), 'ValidationException');
  });
});
