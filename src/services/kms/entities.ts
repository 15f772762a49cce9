// KMS's live structures: keys (with their material as Buffers, ready to use) and aliases, per
// account and region. Built from the rows (rows.ts) when the state is created.
import type { Timer } from '../../state/scheduler.js';
import type { GrantRow, KeyRow } from './rows.js';

export interface Key {
  id: string;
  arn: string;
  account: string;
  region: string;
  creationDate: number;
  description: string;
  keyUsage: string;
  keySpec: string;
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyRow['state'];
  deletionDate?: number;
  policy: string;
  tags: Map<string, string>;
  rotation: KeyRow['rotation'];
  material: Buffer[];
  materialDates: number[];
  grants: Map<string, GrantRow>;
  /** The pending deletion (ScheduleKeyDeletion), on host.scheduler. */
  deletion?: Timer;
}

export interface Alias {
  name: string;
  targetKeyId: string;
  creationDate: number;
  lastUpdatedDate: number;
}

export interface KmsRegion {
  keys: Map<string, Key>;
  aliases: Map<string, Alias>;
}

export function keyRow(k: Key): KeyRow {
  return {
    id: k.id,
    creationDate: k.creationDate,
    description: k.description,
    keyUsage: k.keyUsage,
    keySpec: k.keySpec,
    keyManager: k.keyManager,
    state: k.state,
    ...(k.deletionDate !== undefined && { deletionDate: k.deletionDate }),
    policy: k.policy,
    tags: [...k.tags],
    rotation: k.rotation,
    material: k.material.map((m) => m.toString('base64')),
    materialDates: k.materialDates,
    grants: [...k.grants.values()],
  };
}

export function keyFromRow(row: KeyRow, account: string, region: string): Key {
  return {
    id: row.id,
    arn: keyArn(account, region, row.id),
    account,
    region,
    creationDate: row.creationDate,
    description: row.description,
    keyUsage: row.keyUsage,
    keySpec: row.keySpec,
    keyManager: row.keyManager,
    state: row.state,
    ...(row.deletionDate !== undefined && { deletionDate: row.deletionDate }),
    policy: row.policy,
    tags: new Map(row.tags),
    rotation: row.rotation,
    material: row.material.map((m) => Buffer.from(m, 'base64')),
    materialDates: row.materialDates,
    grants: new Map(row.grants.map((g) => [g.grantId, g])),
  };
}

export function keyArn(account: string, region: string, id: string): string {
  return `arn:aws:kms:${region}:${account}:key/${id}`;
}

export function aliasArn(account: string, region: string, name: string): string {
  return `arn:aws:kms:${region}:${account}:${name}`;
}
