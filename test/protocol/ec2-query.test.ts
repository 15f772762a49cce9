// ec2Query codec against the real JS v3 EC2 client: SDK-built requests decode back to the input,
// our responses (no Result wrapper, <requestId>, <item> lists) and errors parse back as expected.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import {
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeRegionsCommand,
  EC2Client,
  RunInstancesCommand,
  type DescribeInstancesCommandInput,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { ec2Query } from '../../src/protocol/codecs/ec2-query.js';
import { AwsError } from '../../src/protocol/errors.js';
import { answering, awsError, captureRequest, loadTestModel, op, sdkError } from './sdk-capture.js';

const model = loadTestModel('ec2');
const ec = { requestId: 'ec2-req-1' };

async function decodeSent(opName: string, send: (c: EC2Client) => Promise<unknown>): Promise<Record<string, unknown>> {
  const req = await captureRequest((config) => send(new EC2Client(config)), ec2Query.encode({}, model, op('ec2', opName), ec));
  const form = new URLSearchParams(req.body.toString('utf8'));
  assert.equal(form.get('Action'), opName);
  return ec2Query.decode(req, model, op('ec2', opName), { form });
}

test('RunInstances: ec2QueryName / capitalized names, flattened lists, nested structures', async () => {
  const input: RunInstancesCommandInput = {
    ImageId: 'ami-12345678',
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 3,
    KeyName: 'key',
    SecurityGroupIds: ['sg-1', 'sg-2'],
    UserData: Buffer.from('#!/bin/sh\necho hi').toString('base64'),
    Monitoring: { Enabled: true },
    Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
    BlockDeviceMappings: [
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3', DeleteOnTermination: true, Encrypted: false } },
      { DeviceName: '/dev/sdb', NoDevice: '' },
    ],
    TagSpecifications: [
      { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'env', Value: 'dev' }] },
      { ResourceType: 'volume', Tags: [{ Key: 'k', Value: 'v' }] },
    ],
    DryRun: false,
    ClientToken: 'token-1', // else the SDK fills in a random idempotency token
  };
  assert.deepEqual(await decodeSent('RunInstances', (c) => c.send(new RunInstancesCommand(input))), input);
});

test('DescribeInstances with Filters (Filter.N.Value.M), ids and paging', async () => {
  const input: DescribeInstancesCommandInput = {
    Filters: [
      { Name: 'instance-state-name', Values: ['running', 'pending'] },
      { Name: 'tag:Name', Values: ['web & api'] },
    ],
    InstanceIds: ['i-1', 'i-2'],
    MaxResults: 10,
    NextToken: 'tok',
  };
  assert.deepEqual(await decodeSent('DescribeInstances', (c) => c.send(new DescribeInstancesCommand(input))), input);
  // Clients omit empty lists in ec2Query.
  assert.deepEqual(await decodeSent('DescribeInstances', (c) => c.send(new DescribeInstancesCommand({ Filters: [] }))), {});
});

test('DescribeRegions and DescribeAvailabilityZones: <requestId>, xmlName members, <item> lists', async () => {
  const regions = [
    { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
    { RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
  ];
  const res = ec2Query.encode({ Regions: regions }, model, op('ec2', 'DescribeRegions'), ec);
  const body = String(res.body);
  assert.ok(body.startsWith('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>ec2-req-1</requestId><regionInfo><item>'), body);
  assert.ok(!body.includes('DescribeRegionsResult'));
  const got = await new EC2Client(answering(res)).send(new DescribeRegionsCommand({}));
  assert.deepEqual(got.Regions, regions);
  assert.equal(got.$metadata.requestId, 'ec2-req-1');

  const zones = [
    { ZoneName: 'us-east-1a', ZoneId: 'use1-az1', RegionName: 'us-east-1', State: 'available', ZoneType: 'availability-zone', Messages: [] },
    { ZoneName: 'us-east-1b', ZoneId: 'use1-az2', RegionName: 'us-east-1', State: 'available', ZoneType: 'availability-zone', Messages: [{ Message: 'ok' }] },
  ];
  const zonesRes = ec2Query.encode({ AvailabilityZones: zones }, model, op('ec2', 'DescribeAvailabilityZones'), ec);
  const gotZones = await new EC2Client(answering(zonesRes)).send(new DescribeAvailabilityZonesCommand({}));
  assert.deepEqual(gotZones.AvailabilityZones, zones);
});

test('DescribeInstances output: nested reservations, timestamps, integers, booleans', async () => {
  const launched = new Date('2026-11-27T09:00:00.000Z');
  const reservations = [
    {
      ReservationId: 'r-1',
      OwnerId: '000000000000',
      Groups: [],
      Instances: [
        {
          InstanceId: 'i-1',
          ImageId: 'ami-1',
          State: { Code: 16, Name: 'running' },
          LaunchTime: launched,
          EbsOptimized: false,
          Tags: [{ Key: 'Name', Value: 'web' }],
          Placement: { AvailabilityZone: 'us-east-1a' },
        },
      ],
    },
  ];
  const res = ec2Query.encode({ Reservations: reservations, NextToken: 'n' }, model, op('ec2', 'DescribeInstances'), ec);
  const got = await new EC2Client(answering(res)).send(new DescribeInstancesCommand({}));
  assert.deepEqual(got.Reservations, reservations);
  assert.equal(got.NextToken, 'n');
});

test('errors: <Response><Errors><Error>, code kept as the SDK error name, status', async () => {
  const res = ec2Query.encodeError(
    new AwsError('InvalidInstanceID.NotFound', "The instance ID 'i-404' does not exist"),
    model,
    op('ec2', 'DescribeInstances'),
    ec,
  );
  assert.equal(res.status, 400);
  assert.ok(String(res.body).includes('<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>'));
  assert.ok(String(res.body).includes('<RequestID>ec2-req-1</RequestID>'));
  await sdkError(new EC2Client(answering(res)).send(new DescribeInstancesCommand({ InstanceIds: ['i-404'] })), {
    name: 'InvalidInstanceID.NotFound',
    message: "The instance ID 'i-404' does not exist",
    status: 400,
  });
  const server = ec2Query.encodeError(new AwsError('InternalError', 'An internal error has occurred', { status: 500 }), model, undefined, ec);
  assert.equal(server.status, 500);
});

test('malformed forms: a non-number in an integer member is InvalidParameterValue', () => {
  const decode = (form: string) =>
    ec2Query.decode({ method: 'POST', path: '/', rawQuery: '', headers: {}, body: Buffer.from(form) }, model, op('ec2', 'RunInstances'), {});
  assert.throws(() => decode('Action=RunInstances&MinCount=1&MaxCount=many'), awsError('InvalidParameterValue', 400, 'MaxCount'));
  assert.throws(() => decode('MinCount=1&MaxCount=1&Monitoring.Enabled=maybe'), awsError('InvalidParameterValue'));
  // Query-style names (wrapped lists, lower-case member names) are not ec2Query's and are ignored.
  assert.deepEqual(decode('MinCount=1&MaxCount=2&SecurityGroupId.member.1=sg&imageId=x&SecurityGroupId.2=sg-2'), {
    MinCount: 1,
    MaxCount: 2,
    SecurityGroupIds: ['sg-2'],
  });
});
