// Function code: where a deployment package comes from (code sources), how it is checked and kept
// (a blob holding the zip), and how an execution environment gets it (unpacked once per CodeSha256
// into a directory on disk).
//
// Code sources are a table: `ZipFile` bytes, or an S3 object (S3Bucket/S3Key/S3ObjectVersion) read
// through S3's in-process API (s3/api.ts) as the caller, from the function's region; S3's errors
// come back as Lambda words them ("Error occurred while GetObject. S3 Error Code: ...").
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { unzipSync } from 'fflate';
import type { FunctionCode } from '@aws-sdk/client-lambda';
import { AwsError } from '../../protocol/errors.js';
import type { Caller } from '../caller.js';
import type { Host } from '../host.js';
import { invalidParameter } from './arns.js';

/** AWS's limits: 50 MB zipped (direct upload), 250 MB unzipped. */
export const MAX_ZIP_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

type CodeInput = Pick<FunctionCode, 'ZipFile' | 'S3Bucket' | 'S3Key' | 'S3ObjectVersion' | 'ImageUri'>;

/** Who stores the code, and for which function's region (an S3 source is read as this caller). */
export interface CodeRequest {
  host: Host;
  caller: Caller;
  region: string;
}

interface CodeSource {
  /** True when the input names this source. */
  given(code: CodeInput): boolean;
  bytes(code: CodeInput, request: CodeRequest): Promise<Buffer>;
  /** The largest zip this source takes: 50 MB uploaded directly; from S3 only the unzipped
   *  limit applies. */
  maxZipBytes: number;
}

const CODE_SOURCES: CodeSource[] = [
  { given: (c) => c.ZipFile !== undefined, bytes: async (c) => Buffer.from(c.ZipFile!), maxZipBytes: MAX_ZIP_BYTES },
  { given: (c) => c.S3Bucket !== undefined || c.S3Key !== undefined, bytes: fromS3, maxZipBytes: MAX_UNZIPPED_BYTES },
  {
    given: (c) => c.ImageUri !== undefined,
    bytes: async () => {
      throw invalidParameter('Nimbus runs Zip packages only: container images (ImageUri) are not supported.');
    },
    maxZipBytes: 0,
  },
];

export interface StoredCode {
  blob: string;
  sha256: string;
  size: number;
}

/** Reads the package from its source, checks it is a zip Lambda can unpack, and stores it. */
export async function storeCode(code: CodeInput | undefined, request: CodeRequest): Promise<StoredCode> {
  const { host } = request;
  const source = code && CODE_SOURCES.find((s) => s.given(code));
  if (!code || !source) throw invalidParameter('Please provide a source for function code.');
  const zip = await source.bytes(code, request);
  if (zip.length > source.maxZipBytes) {
    throw new AwsError('RequestEntityTooLargeException', `Zipped file size exceeds the maximum of ${source.maxZipBytes} bytes.`, { status: 413 });
  }
  unpack(zip); // refuses what cannot be unzipped before anything is stored
  const ref = await host.blobs.put(zip);
  return { blob: ref.id, sha256: createHash('sha256').update(zip).digest('base64'), size: zip.length };
}

/** The zip an S3 object holds, read as the caller. Both S3Bucket and S3Key are needed. */
async function fromS3(code: CodeInput, { host, caller, region }: CodeRequest): Promise<Buffer> {
  if (!code.S3Bucket || !code.S3Key) throw invalidParameter('Please provide both S3Bucket and S3Key for function code from S3.');
  const s3 = await host.api('s3');
  let object;
  try {
    object = s3.getObject(caller, region, code.S3Bucket, code.S3Key, code.S3ObjectVersion);
  } catch (e) {
    if (e instanceof AwsError) throw invalidParameter(`Error occurred while GetObject. S3 Error Code: ${e.code}. S3 Error Message: ${e.message}`);
    throw e;
  }
  if (object.size > MAX_UNZIPPED_BYTES) {
    throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of object.read()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function unpack(zip: Buffer): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    throw invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
  }
  let total = 0;
  for (const name in files) total += files[name]!.length;
  if (total > MAX_UNZIPPED_BYTES) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
  return files;
}

/**
 * The directory holding the unpacked code of this CodeSha256 under `root`, unpacked on first use:
 * `<root>/<hash>/task` is LAMBDA_TASK_ROOT. Entries escaping the directory are skipped. Zip file
 * modes are not carried by the unzip library, so `bootstrap` (provided.* runtimes) and files under
 * bin/ are made executable, everything else readable.
 */
export async function codeDirectory(host: Host, root: string, blob: string, sha256: string): Promise<string> {
  const base = join(root, createHash('sha256').update(sha256).digest('hex').slice(0, 32));
  const task = join(base, 'task');
  if (existsSync(task)) return task;
  const chunks: Buffer[] = [];
  for await (const chunk of host.blobs.read(blob)) chunks.push(chunk as Buffer);
  const files = unpack(Buffer.concat(chunks));
  const partial = `${task}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  mkdirSync(partial, { recursive: true });
  for (const name in files) {
    const path = normalize(join(partial, name));
    if (!path.startsWith(partial + '/')) continue;
    if (name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, files[name]!);
    if (name === 'bootstrap' || name.startsWith('bin/')) chmodSync(path, 0o755);
  }
  if (existsSync(task)) rmSync(partial, { recursive: true, force: true });
  else renameSync(partial, task);
  return task;
}
