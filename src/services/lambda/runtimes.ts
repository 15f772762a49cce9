// The runtimes Nimbus runs, and how an execution environment of each starts: nodejs on the host's
// node with Nimbus's runtime client (src/lambda-runtimes/node-runtime.ts), python on the host's
// python3 with Nimbus's Python runtime client (src/lambda-runtimes/python-runtime.ts), provided.*
// with the function's own
// `bootstrap`. Every one speaks the Runtime API Nimbus serves (environment.ts, on runtime-api.ts).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON_RUNTIME } from '../../lambda-runtimes/python-runtime.js';

export interface Launch {
  command: string;
  args: string[];
}

type Launcher = (taskRoot: string, memoryMb: number) => Launch;

const NODE_RUNTIME = fileURLToPath(new URL('../../lambda-runtimes/node-runtime.js', import.meta.url));

const node: Launcher = (_root, memoryMb) => ({
  // The heap limit makes an out-of-memory function fail as on AWS (V8 ends the process).
  command: process.execPath,
  args: [`--max-old-space-size=${Math.max(16, Math.floor(memoryMb * 0.9))}`, NODE_RUNTIME],
});
const python: Launcher = () => ({ command: 'python3', args: ['-u', '-c', PYTHON_RUNTIME] });
const provided: Launcher = (root) => ({ command: join(root, 'bootstrap'), args: [] });

/** Runtime id -> launcher. Deliberate difference: java, dotnet and ruby runtimes are refused. */
export const RUNTIMES: Record<string, Launcher> = {
  'nodejs18.x': node,
  'nodejs20.x': node,
  'nodejs22.x': node,
  'nodejs24.x': node,
  'python3.9': python,
  'python3.10': python,
  'python3.11': python,
  'python3.12': python,
  'python3.13': python,
  'python3.14': python,
  provided: provided,
  'provided.al2': provided,
  'provided.al2023': provided,
};

export function isSupportedRuntime(runtime: string): boolean {
  return Object.hasOwn(RUNTIMES, runtime);
}
