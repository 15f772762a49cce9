// The regions and Availability Zones Nimbus reports, as AWS lists them in the standard partition.
// Zone ids follow AWS's per-region prefixes (use1-az1 ...). Which physical zone a letter maps to
// differs per account on AWS; here it is the identity mapping for every account (a deliberate
// simplification).

export interface RegionInfo {
  name: string;
  /** Zone letters, in order. */
  zones: string;
  /** Zone id prefix, e.g. "use1". */
  zoneIdPrefix: string;
  /** Regions launched after March 2019 must be enabled per account. */
  optIn: boolean;
}

export const REGIONS: RegionInfo[] = [
  { name: 'af-south-1', zones: 'abc', zoneIdPrefix: 'afs1', optIn: true },
  { name: 'ap-east-1', zones: 'abc', zoneIdPrefix: 'ape1', optIn: true },
  { name: 'ap-northeast-1', zones: 'acd', zoneIdPrefix: 'apne1', optIn: false },
  { name: 'ap-northeast-2', zones: 'abcd', zoneIdPrefix: 'apne2', optIn: false },
  { name: 'ap-northeast-3', zones: 'abc', zoneIdPrefix: 'apne3', optIn: false },
  { name: 'ap-south-1', zones: 'abc', zoneIdPrefix: 'aps1', optIn: false },
  { name: 'ap-south-2', zones: 'abc', zoneIdPrefix: 'aps2', optIn: true },
  { name: 'ap-southeast-1', zones: 'abc', zoneIdPrefix: 'apse1', optIn: false },
  { name: 'ap-southeast-2', zones: 'abc', zoneIdPrefix: 'apse2', optIn: false },
  { name: 'ap-southeast-3', zones: 'abc', zoneIdPrefix: 'apse3', optIn: true },
  { name: 'ap-southeast-4', zones: 'abc', zoneIdPrefix: 'apse4', optIn: true },
  { name: 'ca-central-1', zones: 'abd', zoneIdPrefix: 'cac1', optIn: false },
  { name: 'ca-west-1', zones: 'abc', zoneIdPrefix: 'caw1', optIn: true },
  { name: 'eu-central-1', zones: 'abc', zoneIdPrefix: 'euc1', optIn: false },
  { name: 'eu-central-2', zones: 'abc', zoneIdPrefix: 'euc2', optIn: true },
  { name: 'eu-north-1', zones: 'abc', zoneIdPrefix: 'eun1', optIn: false },
  { name: 'eu-south-1', zones: 'abc', zoneIdPrefix: 'eus1', optIn: true },
  { name: 'eu-south-2', zones: 'abc', zoneIdPrefix: 'eus2', optIn: true },
  { name: 'eu-west-1', zones: 'abc', zoneIdPrefix: 'euw1', optIn: false },
  { name: 'eu-west-2', zones: 'abc', zoneIdPrefix: 'euw2', optIn: false },
  { name: 'eu-west-3', zones: 'abc', zoneIdPrefix: 'euw3', optIn: false },
  { name: 'il-central-1', zones: 'abc', zoneIdPrefix: 'ilc1', optIn: true },
  { name: 'me-central-1', zones: 'abc', zoneIdPrefix: 'mec1', optIn: true },
  { name: 'me-south-1', zones: 'abc', zoneIdPrefix: 'mes1', optIn: true },
  { name: 'sa-east-1', zones: 'abc', zoneIdPrefix: 'sae1', optIn: false },
  { name: 'us-east-1', zones: 'abcdef', zoneIdPrefix: 'use1', optIn: false },
  { name: 'us-east-2', zones: 'abc', zoneIdPrefix: 'use2', optIn: false },
  { name: 'us-west-1', zones: 'ac', zoneIdPrefix: 'usw1', optIn: false },
  { name: 'us-west-2', zones: 'abcd', zoneIdPrefix: 'usw2', optIn: false },
];

export function regionInfo(name: string): RegionInfo | undefined {
  return REGIONS.find((r) => r.name === name);
}
