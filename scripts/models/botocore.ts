// botocore: locating its data directory and loading a service's JSON model, and the types of the
// parts of that JSON we read. botocore is the source of truth for scalar types
// (integer/long/double/float), constraints (min/max/pattern/enum), names of scalars and of inline
// lists/maps, operation error lists and request checksum requirements; its metadata gives the
// signing name.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface BotoMember {
  shape: string;
  location?: string;
  locationName?: string;
  streaming?: boolean;
  timestampFormat?: string;
  [k: string]: unknown;
}

export interface BotoShape {
  type: string;
  members?: Record<string, BotoMember>;
  member?: BotoMember;
  key?: BotoMember;
  value?: BotoMember;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  streaming?: boolean;
  document?: boolean;
  union?: boolean;
  eventstream?: boolean;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  timestampFormat?: string;
}

export interface BotoOperation {
  name: string;
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
  endpoint?: { hostPrefix?: string };
  httpChecksumRequired?: boolean;
  httpChecksum?: { requestChecksumRequired?: boolean };
}

export interface BotoModel {
  metadata: {
    apiVersion: string;
    endpointPrefix?: string;
    signingName?: string;
    jsonVersion?: string;
    protocol?: string;
    protocols?: string[];
    targetPrefix?: string;
    xmlNamespace?: string;
    awsQueryCompatible?: unknown;
    serviceId?: string;
  };
  operations: Record<string, BotoOperation>;
  shapes: Record<string, BotoShape>;
}

/** botocore's data directory: $BOTOCORE_DATA, else asked from the installed Python botocore. */
export function botocoreDataDir(): string {
  const env = process.env['BOTOCORE_DATA'];
  if (env) return env;
  const script = 'import botocore,os;print(os.path.dirname(botocore.__file__))';
  for (const py of ['python3', 'python']) {
    try {
      const dir = execFileSync(py, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (dir) return join(dir, 'data');
    } catch {
      // try the next interpreter
    }
  }
  throw new Error('botocore not found: install it for python3 (pip install botocore) or set BOTOCORE_DATA');
}

export function loadBotocore(dataDir: string, id: string, apiVersion: string | undefined): BotoModel {
  const base = join(dataDir, id);
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'service-2.json.gz')) || existsSync(join(base, v, 'service-2.json'))).sort();
  const version = apiVersion && versions.includes(apiVersion) ? apiVersion : versions[versions.length - 1];
  if (!version) throw new Error(`botocore has no model for ${id}`);
  const gz = join(base, version, 'service-2.json.gz');
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(base, version, 'service-2.json'), 'utf8');
  return JSON.parse(text) as BotoModel;
}
