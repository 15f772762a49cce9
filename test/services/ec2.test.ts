import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DescribeAvailabilityZonesCommand, DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { useNimbus } from '../support/nimbus.js';
import { awsJson, pythonJson, runAws } from '../support/python.js';

const t = useNimbus();

test('DescribeRegions lists the standard regions with endpoints (SDK v3, ec2Query)', async () => {
  const ec2 = new EC2Client(t.config());
  const { Regions } = await ec2.send(new DescribeRegionsCommand({}));
  const names = Regions!.map((r) => r.RegionName);
  assert.ok(names.includes('us-east-1') && names.includes('eu-west-1'));
  assert.ok(!names.includes('af-south-1'), 'opt-in regions only with AllRegions');
  const use1 = Regions!.find((r) => r.RegionName === 'us-east-1')!;
  assert.equal(use1.Endpoint, 'ec2.us-east-1.amazonaws.com');
  assert.equal(use1.OptInStatus, 'opt-in-not-required');
  const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  assert.ok(all.Regions!.some((r) => r.RegionName === 'af-south-1'));
});

test('DescribeRegions with RegionNames and Filters', async () => {
  const ec2 = new EC2Client(t.config());
  const byName = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1', 'us-west-2'] }));
  assert.deepEqual(byName.Regions!.map((r) => r.RegionName).sort(), ['eu-west-1', 'us-west-2']);
  const filtered = await ec2.send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['us-*'] }] }));
  assert.deepEqual(filtered.Regions!.map((r) => r.RegionName).sort(), ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']);
  await assert.rejects(ec2.send(new DescribeRegionsCommand({ RegionNames: ['mars-1'] })), (e: any) => {
    assert.equal(e.name, 'InvalidParameterValue');
    assert.equal(e.$metadata.httpStatusCode, 400);
    return true;
  });
});

test('DescribeAvailabilityZones answers the zones of the signing region', async () => {
  const ec2 = new EC2Client(t.config({ region: 'eu-west-1' }));
  const { AvailabilityZones } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
  assert.deepEqual(AvailabilityZones!.map((z) => z.ZoneName), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  assert.deepEqual(AvailabilityZones!.map((z) => z.ZoneId), ['euw1-az1', 'euw1-az2', 'euw1-az3']);
  assert.ok(AvailabilityZones!.every((z) => z.State === 'available' && z.RegionName === 'eu-west-1'));
  const one = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'zone-id', Values: ['euw1-az2'] }] }));
  assert.deepEqual(one.AvailabilityZones!.map((z) => z.ZoneName), ['eu-west-1b']);
});

test('DescribeRegions and DescribeAvailabilityZones with boto3', async () => {
  const out = await pythonJson(
    `import boto3, json
ec2 = boto3.client('ec2')
r = ec2.describe_regions(RegionNames=['us-east-1'])['Regions']
z = ec2.describe_availability_zones(ZoneNames=['us-west-2b'])['AvailabilityZones']
print(json.dumps({'regions': r, 'zones': [x['ZoneId'] for x in z]}))`,
    t.env({ region: 'us-west-2' }),
  );
  assert.deepEqual(out.regions, [{ Endpoint: 'ec2.us-east-1.amazonaws.com', RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }]);
  assert.deepEqual(out.zones, ['usw2-az2']);
});

test('AWS CLI: describe-availability-zones and an ec2Query error', async () => {
  const out = await awsJson(['ec2', 'describe-availability-zones', '--zone-names', 'us-east-1f'], t.env());
  assert.equal(out.AvailabilityZones[0].ZoneId, 'use1-az6');
  const bad = await runAws(['ec2', 'describe-availability-zones', '--filters', 'Name=colour,Values=blue'], t.env());
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /InvalidParameterValue/);
});
