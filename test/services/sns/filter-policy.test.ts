// Every filter operator, table-driven against the matcher, then the same policies end to end
// (a subscription's filter decides what an HTTP endpoint receives), and AWS's validation errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CreateTopicCommand, PublishCommand, SetSubscriptionAttributesCommand, SubscribeCommand, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { compileFilterPolicy, matchesFilterPolicy } from '../../../src/services/sns/filter-policy.js';
import { validateFilterPolicy, type FilterScope } from '../../../src/services/sns/filter-policy-validate.js';
import { useNimbus, uniqueName } from '../../support/nimbus.js';
import { pythonJson } from '../../support/python.js';
import { snsClient, startEndpoint } from './support.js';

const t = useNimbus();

type Attrs = Record<string, MessageAttributeValue>;
const S = (v: string): MessageAttributeValue => ({ DataType: 'String', StringValue: v });
const N = (v: string): MessageAttributeValue => ({ DataType: 'Number', StringValue: v });
const A = (v: unknown[]): MessageAttributeValue => ({ DataType: 'String.Array', StringValue: JSON.stringify(v) });
const B = (v: string): MessageAttributeValue => ({ DataType: 'Binary', BinaryValue: Buffer.from(v) });

interface Case {
  name: string;
  policy: Record<string, unknown>;
  match: Attrs[];
  noMatch: Attrs[];
}

const ATTRIBUTE_CASES: Case[] = [
  { name: 'exact string', policy: { c: ['rugby', 'tennis'] }, match: [{ c: S('rugby') }, { c: A(['golf', 'tennis']) }], noMatch: [{ c: S('Rugby') }, {}, { c: A(['golf']) }] },
  { name: 'exact number', policy: { p: [100, 2.5] }, match: [{ p: N('100') }, { p: N('100.0') }, { p: N('2.50000') }, { p: A([1, 100]) }], noMatch: [{ p: N('101') }, { p: S('100') }] },
  { name: 'true / false / null in String.Array', policy: { f: [true, null] }, match: [{ f: A([false, true]) }, { f: A([null]) }], noMatch: [{ f: A([false]) }, { f: S('true') }] },
  { name: 'prefix', policy: { c: [{ prefix: 'bas' }] }, match: [{ c: S('baseball') }, { c: S('basketball') }], noMatch: [{ c: S('rugby') }, { c: N('1') }] },
  { name: 'suffix', policy: { c: [{ suffix: 'ball' }] }, match: [{ c: S('baseball') }, { c: A(['x', 'football']) }], noMatch: [{ c: S('rugby') }] },
  { name: 'equals-ignore-case', policy: { c: [{ 'equals-ignore-case': 'TeNNis' }] }, match: [{ c: S('tennis') }, { c: S('TENNIS') }], noMatch: [{ c: S('tennis2') }] },
  { name: 'anything-but list', policy: { c: [{ 'anything-but': ['rugby', 'tennis'] }] }, match: [{ c: S('baseball') }, { c: A(['golf']) }], noMatch: [{ c: S('rugby') }, {}, { c: A(['rugby', 'golf']) }] },
  { name: 'anything-but single value', policy: { c: [{ 'anything-but': 'rugby' }] }, match: [{ c: S('golf') }], noMatch: [{ c: S('rugby') }] },
  { name: 'anything-but numbers', policy: { p: [{ 'anything-but': [100, 200] }] }, match: [{ p: N('150') }], noMatch: [{ p: N('100') }, { p: N('200.0') }] },
  { name: 'anything-but prefix', policy: { c: [{ 'anything-but': { prefix: 'bas' } }] }, match: [{ c: S('rugby') }], noMatch: [{ c: S('baseball') }] },
  { name: 'anything-but suffix', policy: { c: [{ 'anything-but': { suffix: 'ball' } }] }, match: [{ c: S('rugby') }], noMatch: [{ c: S('football') }] },
  { name: 'numeric =', policy: { p: [{ numeric: ['=', 301.5] }] }, match: [{ p: N('301.5') }], noMatch: [{ p: N('301') }, { p: S('301.5') }] },
  { name: 'numeric <', policy: { p: [{ numeric: ['<', 0] }] }, match: [{ p: N('-1') }], noMatch: [{ p: N('0') }] },
  { name: 'numeric <=', policy: { p: [{ numeric: ['<=', 0] }] }, match: [{ p: N('0') }, { p: N('-3') }], noMatch: [{ p: N('0.1') }] },
  { name: 'numeric >', policy: { p: [{ numeric: ['>', 10] }] }, match: [{ p: N('10.5') }], noMatch: [{ p: N('10') }] },
  { name: 'numeric >=', policy: { p: [{ numeric: ['>=', 10] }] }, match: [{ p: N('10') }], noMatch: [{ p: N('9.99') }] },
  { name: 'numeric range', policy: { p: [{ numeric: ['>', 0, '<=', 150] }] }, match: [{ p: N('150') }, { p: N('0.001') }], noMatch: [{ p: N('0') }, { p: N('150.5') }, { p: S('abc') }] },
  { name: 'exists true', policy: { k: [{ exists: true }] }, match: [{ k: S('x') }, { k: N('1') }], noMatch: [{}, { k: B('bin') }] },
  { name: 'exists false', policy: { k: [{ exists: false }] }, match: [{}, { other: S('x') }], noMatch: [{ k: S('x') }] },
  { name: 'anything-but or exists false', policy: { k: [{ 'anything-but': 'x' }, { exists: false }] }, match: [{}, { k: S('y') }], noMatch: [{ k: S('x') }] },
  { name: 'cidr IPv4', policy: { ip: [{ cidr: '10.0.0.0/24' }] }, match: [{ ip: S('10.0.0.255') }], noMatch: [{ ip: S('10.0.1.0') }, { ip: S('not-an-ip') }, { ip: S('::1') }] },
  { name: 'cidr IPv6', policy: { ip: [{ cidr: '2001:db8::/32' }] }, match: [{ ip: S('2001:db8:1::5') }], noMatch: [{ ip: S('2001:db9::1') }, { ip: S('10.0.0.1') }] },
  { name: 'AND across keys', policy: { a: ['1'], b: [{ prefix: 'x' }] }, match: [{ a: S('1'), b: S('xy') }], noMatch: [{ a: S('1') }, { a: S('2'), b: S('xy') }] },
  {
    name: '$or',
    policy: { source: ['aws.cloudwatch'], $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }] },
    match: [{ source: S('aws.cloudwatch'), metricName: S('CPUUtilization') }, { source: S('aws.cloudwatch'), namespace: S('AWS/EC2') }],
    noMatch: [{ source: S('aws.cloudwatch') }, { metricName: S('CPUUtilization') }],
  },
  { name: 'custom String.x and Number.x types', policy: { a: ['v'], n: [{ numeric: ['>', 1] }] }, match: [{ a: { DataType: 'String.custom', StringValue: 'v' }, n: { DataType: 'Number.int', StringValue: '2' } }], noMatch: [] },
];

for (const c of ATTRIBUTE_CASES) {
  test(`filter (MessageAttributes): ${c.name}`, () => {
    const compiled = compileFilterPolicy(validateFilterPolicy(JSON.stringify(c.policy), 'MessageAttributes', false), 'MessageAttributes');
    for (const attributes of c.match) assert.equal(matchesFilterPolicy(compiled, { attributes, body: 'x' }), true, `should match ${JSON.stringify(attributes)}`);
    for (const attributes of c.noMatch) assert.equal(matchesFilterPolicy(compiled, { attributes, body: 'x' }), false, `should not match ${JSON.stringify(attributes)}`);
  });
}

const BODY_CASES: Array<{ name: string; policy: Record<string, unknown>; match: unknown[]; noMatch: unknown[] }> = [
  {
    name: 'nested keys',
    policy: { order: { customer: { tier: ['gold'] }, total: [{ numeric: ['>=', 100] }] } },
    match: [{ order: { customer: { tier: 'gold' }, total: 100 } }],
    noMatch: [{ order: { customer: { tier: 'silver' }, total: 100 } }, { order: { total: 100 } }, { tier: 'gold' }],
  },
  {
    name: 'arrays match when any element matches (at any level)',
    policy: { items: { sku: [{ prefix: 'A-' }] } },
    match: [{ items: [{ sku: 'B-1' }, { sku: 'A-2' }] }, { items: { sku: ['Z', 'A-9'] } }],
    noMatch: [{ items: [{ sku: 'B-1' }] }, { items: [] }],
  },
  { name: 'booleans and null', policy: { paid: [true], note: [null] }, match: [{ paid: true, note: null }], noMatch: [{ paid: 'true', note: null }, { paid: true }] },
  { name: 'exists on nested leaf', policy: { a: { b: [{ exists: true }] } }, match: [{ a: { b: 0 } }], noMatch: [{ a: {} }, { a: { b: { c: 1 } } }] },
  { name: 'exists false on nested key', policy: { a: { b: [{ exists: false }] } }, match: [{ a: {} }, {}], noMatch: [{ a: { b: 'x' } }] },
  { name: '$or with nesting', policy: { $or: [{ a: { b: ['1'] } }, { c: [{ numeric: ['<', 0] }] }] }, match: [{ a: { b: '1' } }, { c: -1 }], noMatch: [{ a: { b: '2' }, c: 1 }] },
  { name: 'cidr and equals-ignore-case in the body', policy: { ip: [{ cidr: '192.168.0.0/16' }], s: [{ 'equals-ignore-case': 'OK' }] }, match: [{ ip: '192.168.4.4', s: 'ok' }], noMatch: [{ ip: '192.169.0.1', s: 'ok' }] },
];

for (const c of BODY_CASES) {
  test(`filter (MessageBody): ${c.name}`, () => {
    const compiled = compileFilterPolicy(validateFilterPolicy(JSON.stringify(c.policy), 'MessageBody', false), 'MessageBody');
    for (const body of c.match) assert.equal(matchesFilterPolicy(compiled, { body: JSON.stringify(body) }), true, `should match ${JSON.stringify(body)}`);
    for (const body of c.noMatch) assert.equal(matchesFilterPolicy(compiled, { body: JSON.stringify(body) }), false, `should not match ${JSON.stringify(body)}`);
  });
}

test('filter (MessageBody): a body that is not a JSON object matches nothing', () => {
  const compiled = compileFilterPolicy({ a: [{ exists: false }] }, 'MessageBody');
  for (const body of ['plain text', '[1,2]', '"s"', '']) assert.equal(matchesFilterPolicy(compiled, { body }), false);
});

const INVALID: Array<[string, FilterScope, string]> = [
  ['{not json', 'MessageAttributes', 'FilterPolicy: failed to parse JSON.'],
  [JSON.stringify({ a: [1], b: [1], c: [1], d: [1], e: [1], f: [1] }), 'MessageAttributes', 'FilterPolicy: Filter policy can not have more than 5 keys'],
  [JSON.stringify({ a: Array.from({ length: 151 }, (_, i) => i) }), 'MessageAttributes', 'FilterPolicy: Filter policy is too complex'],
  [JSON.stringify({ a: Array.from({ length: 13 }, (_, i) => i), b: Array.from({ length: 12 }, (_, i) => i) }), 'MessageAttributes', 'FilterPolicy: Filter policy is too complex'],
  [JSON.stringify({ a: [] }), 'MessageAttributes', 'FilterPolicy: Empty arrays are not allowed'],
  [JSON.stringify({ a: 'x' }), 'MessageAttributes', 'FilterPolicy: "a" must be an object or an array'],
  [JSON.stringify({ a: { b: ['x'] } }), 'MessageAttributes', 'Filter policy scope MessageAttributes does not support nested filter policy'],
  [JSON.stringify({ a: [{ prefix: 'x', suffix: 'y' }] }), 'MessageAttributes', 'FilterPolicy: Only one key allowed in match expression'],
  [JSON.stringify({ a: [{ prefix: 1 }] }), 'MessageAttributes', 'FilterPolicy: prefix match pattern must be a string'],
  [JSON.stringify({ a: [{ suffix: true }] }), 'MessageAttributes', 'FilterPolicy: suffix match pattern must be a string'],
  [JSON.stringify({ a: [{ 'equals-ignore-case': 5 }] }), 'MessageAttributes', 'FilterPolicy: equals-ignore-case match pattern must be a string'],
  [JSON.stringify({ a: [{ exists: 'yes' }] }), 'MessageAttributes', 'FilterPolicy: exists match pattern must be either true or false.'],
  [JSON.stringify({ a: [{ wildcard: 'x*' }] }), 'MessageAttributes', 'FilterPolicy: Unrecognized match type wildcard'],
  [JSON.stringify({ a: [['nested']] }), 'MessageAttributes', 'FilterPolicy: Match value must be String, number, true, false, or null'],
  [JSON.stringify({ a: [{ 'anything-but': { 'equals-ignore-case': 'x' } }] }), 'MessageAttributes', 'FilterPolicy: Unsupported anything-but pattern: equals-ignore-case'],
  [JSON.stringify({ a: [{ 'anything-but': [true] }] }), 'MessageAttributes', 'FilterPolicy: Inside anything but list, start|null|boolean is not supported.'],
  [JSON.stringify({ a: [{ numeric: [] }] }), 'MessageAttributes', 'FilterPolicy: Invalid member in numeric match: ]'],
  [JSON.stringify({ a: [{ numeric: ['!', 1] }] }), 'MessageAttributes', 'FilterPolicy: Unrecognized numeric range operator: !'],
  [JSON.stringify({ a: [{ numeric: ['=', 'x'] }] }), 'MessageAttributes', 'FilterPolicy: Value of equals must be numeric'],
  [JSON.stringify({ a: [{ numeric: ['<', 1, '>', 0] }] }), 'MessageAttributes', 'FilterPolicy: Too many elements in numeric expression'],
  [JSON.stringify({ a: [{ numeric: ['>', 1, '>', 5] }] }), 'MessageAttributes', 'FilterPolicy: Bad numeric range operator: >'],
  [JSON.stringify({ a: [{ numeric: ['>', 5, '<', 1] }] }), 'MessageAttributes', 'FilterPolicy: Bottom must be less than top'],
  [JSON.stringify({ a: [{ numeric: ['>', 0, '<', 5, '=', 3] }] }), 'MessageAttributes', 'FilterPolicy: Too many terms in numeric range expression'],
  [JSON.stringify({ a: [{ cidr: 'x' }] }), 'MessageAttributes', "FilterPolicy: Malformed CIDR, one '/' required"],
  [JSON.stringify({ a: [{ cidr: '10.0.0.0/x' }] }), 'MessageAttributes', 'FilterPolicy: Malformed CIDR, mask bits must be an integer'],
  [JSON.stringify({ a: [{ cidr: '10.0.0.300/8' }] }), 'MessageAttributes', 'FilterPolicy: Nonstandard IP address: 10.0.0.300'],
];

for (const [policy, scope, reason] of INVALID) {
  test(`filter validation: ${reason}`, () => {
    assert.throws(() => validateFilterPolicy(policy, scope, false), { name: 'InvalidParameterException', message: `Invalid parameter: ${reason}` });
    assert.throws(() => validateFilterPolicy(policy, scope, true), { message: `Invalid parameter: Attributes Reason: ${reason}` });
  });
}

test('filter validation: nested policies count depth into the combinations (AWS example = 72)', () => {
  const policy = { key_a: { key_b: { key_c: ['1', '2', '3', '4'] } }, key_d: { key_e: ['1', '2', '3'] } };
  assert.doesNotThrow(() => validateFilterPolicy(JSON.stringify(policy), 'MessageBody', false));
});

test('filter policies decide deliveries end to end, both scopes; errors through the SDK and boto3', async () => {
  const sns = snsClient(t);
  const endpoint = await startEndpoint();
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: uniqueName('filter') }));
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn, Protocol: 'http', Endpoint: endpoint.url, ReturnSubscriptionArn: true, Attributes: { FilterPolicy: JSON.stringify({ color: ['red'] }) } }),
    );
    const confirmation = JSON.parse((await endpoint.waitFor(1))[0]!.body);
    await fetch(confirmation.SubscribeURL);
    await sns.send(new PublishCommand({ TopicArn, Message: 'blue', MessageAttributes: { color: S('blue') } }));
    await sns.send(new PublishCommand({ TopicArn, Message: 'red', MessageAttributes: { color: S('red') } }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageBody' }));
    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicy', AttributeValue: JSON.stringify({ order: { status: ['paid'] } }) }));
    await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: 'open' } }) }));
    await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ order: { status: 'paid' } }) }));
    const posts = await endpoint.waitFor(3);
    assert.deepEqual(posts.slice(1).map((p) => JSON.parse(p.body).Message), ['red', JSON.stringify({ order: { status: 'paid' } })]);

    await assert.rejects(
      sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: 'FilterPolicyScope', AttributeValue: 'MessageAttributes' })),
      { name: 'InvalidParameterException', message: 'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy' },
    );
    await assert.rejects(
      sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q', Attributes: { FilterPolicy: '{"a": []}' } })),
      { name: 'InvalidParameterException', message: 'Invalid parameter: Attributes Reason: FilterPolicy: Empty arrays are not allowed' },
    );
    const py = await pythonJson(
      `import boto3, json
sns = boto3.client('sns')
try:
    sns.set_subscription_attributes(SubscriptionArn='${SubscriptionArn}', AttributeName='FilterPolicy', AttributeValue='{"a": [{"numeric": [">", 5, "<", 1]}]}')
except sns.exceptions.InvalidParameterException as e:
    print(json.dumps([e.response['Error']['Code'], e.response['Error']['Message']]))`,
      t.env(),
    );
    assert.deepEqual(py, ['InvalidParameter', 'Invalid parameter: FilterPolicy: Bottom must be less than top']);
  } finally {
    await endpoint.close();
  }
});
