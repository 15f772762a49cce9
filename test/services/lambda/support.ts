// Lambda test support: zips made in memory (fflate), functions created and waited for (Active).
import { CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2, type CreateFunctionCommandInput } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';

export function zip(files: Record<string, string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text);
  return zipSync(entries);
}

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** Creates a function and waits until it is Active. */
export async function createFunction(lambda: LambdaClient, input: Partial<CreateFunctionCommandInput> & { FunctionName: string; files: Record<string, string> }) {
  const { files, ...rest } = input;
  const out = await lambda.send(
    new CreateFunctionCommand({ Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, ...rest, Code: { ZipFile: zip(files) } }),
  );
  await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: input.FunctionName });
  return out;
}

export function json(payload: Uint8Array | undefined): unknown {
  return JSON.parse(Buffer.from(payload ?? new Uint8Array()).toString('utf8'));
}
