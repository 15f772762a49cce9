// Test support: boto3 and the AWS CLI, run as subprocesses against a test Nimbus. Asynchronous on
// purpose: Nimbus runs in the test's own process, so a blocking spawnSync would starve it.
import { spawn } from 'node:child_process';

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs a Python script (boto3 available). */
export function runPython(script: string, env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  return run('python3', ['-c', script], env);
}

/** Runs the Python script and parses the JSON it prints; throws with stderr when it fails. */
export async function pythonJson<T = any>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  const r = await runPython(script, env);
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Runs `aws <args>` (the AWS CLI) with JSON output. */
export function runAws(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  // The endpoint is passed explicitly too: CLI v1 ignores AWS_ENDPOINT_URL for some services (SQS).
  const endpoint = env.AWS_ENDPOINT_URL ? ['--endpoint-url', env.AWS_ENDPOINT_URL] : [];
  return run('aws', [...args, ...endpoint, '--output', 'json'], env);
}

export async function awsJson<T = any>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const r = await runAws(args, env);
  if (r.status !== 0) throw new Error(`aws ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return (r.stdout.trim() ? JSON.parse(r.stdout) : {}) as T;
}
