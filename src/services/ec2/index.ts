// EC2: regions and Availability Zones for now; instances and monitoring arrive with their issue.
import type {
  AvailabilityZone,
  DescribeAvailabilityZonesRequest,
  DescribeAvailabilityZonesResult,
  DescribeRegionsRequest,
  DescribeRegionsResult,
  Region,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { defineService } from '../service.js';
import { ec2Iam } from './iam.js';
import { applyFilters, type FilterTable } from './filters.js';
import { REGIONS, regionInfo } from './regions.js';

const REGION_FILTERS: FilterTable<Region> = {
  endpoint: (r) => r.Endpoint,
  'region-name': (r) => r.RegionName,
  'opt-in-status': (r) => r.OptInStatus,
};

const ZONE_FILTERS: FilterTable<AvailabilityZone> = {
  'group-name': (z) => z.GroupName,
  'message': (z) => z.Messages?.map((m) => m.Message ?? ''),
  'opt-in-status': (z) => z.OptInStatus,
  'region-name': (z) => z.RegionName,
  'state': (z) => z.State,
  'zone-id': (z) => z.ZoneId,
  'zone-name': (z) => z.ZoneName,
  'zone-type': (z) => z.ZoneType,
};

function describeRegions(input: DescribeRegionsRequest): DescribeRegionsResult {
  let regions: Region[] = REGIONS.filter((r) => input.AllRegions || !r.optIn).map((r) => ({
    RegionName: r.name,
    Endpoint: `ec2.${r.name}.amazonaws.com`,
    // Nimbus treats every account as opted in to the optional regions it lists.
    OptInStatus: r.optIn ? 'opted-in' : 'opt-in-not-required',
  }));
  if (input.RegionNames?.length) {
    const unknown = input.RegionNames.find((n) => !regionInfo(n));
    if (unknown) throw new AwsError('InvalidParameterValue', `Invalid region: ${unknown}`);
    regions = regions.filter((r) => input.RegionNames!.includes(r.RegionName!));
  }
  return { Regions: applyFilters(regions, input.Filters, REGION_FILTERS) };
}

function describeAvailabilityZones(
  input: DescribeAvailabilityZonesRequest,
  ctx: RequestContext,
): DescribeAvailabilityZonesResult {
  const region = regionInfo(ctx.region);
  if (!region) throw new AwsError('InvalidParameterValue', `Invalid region: ${ctx.region}`);
  let zones: AvailabilityZone[] = [...region.zones].map((letter, i) => ({
    State: 'available',
    OptInStatus: 'opt-in-not-required',
    Messages: [],
    RegionName: region.name,
    ZoneName: `${region.name}${letter}`,
    ZoneId: `${region.zoneIdPrefix}-az${i + 1}`,
    GroupName: region.name,
    NetworkBorderGroup: region.name,
    ZoneType: 'availability-zone',
    GroupLongName: region.name,
  }));
  const byName = input.ZoneNames?.length ? input.ZoneNames : undefined;
  const byId = input.ZoneIds?.length ? input.ZoneIds : undefined;
  for (const name of byName ?? []) {
    if (!zones.some((z) => z.ZoneName === name)) {
      throw new AwsError('InvalidParameterValue', `The zone '${name}' does not exist in the region '${region.name}'`);
    }
  }
  for (const id of byId ?? []) {
    if (!zones.some((z) => z.ZoneId === id)) {
      throw new AwsError('InvalidParameterValue', `The zone-id '${id}' does not exist in the region '${region.name}'`);
    }
  }
  if (byName || byId) zones = zones.filter((z) => byName?.includes(z.ZoneName!) || byId?.includes(z.ZoneId!));
  return { AvailabilityZones: applyFilters(zones, input.Filters, ZONE_FILTERS) };
}

export const ec2 = defineService({
  id: 'ec2',
  createState: () => ({}),
  iam: ec2Iam,
  operations: {
    DescribeRegions: describeRegions,
    DescribeAvailabilityZones: describeAvailabilityZones,
  },
});
