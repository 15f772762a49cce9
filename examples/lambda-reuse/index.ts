// Lambda's seed pattern: clients and connections created outside the handler, once per execution
// environment, and reused by every invocation it serves.
//
//   counter server   a tiny TCP "database" the example starts: each connection gets an id; INCR
//                    answers "<connection id> <total>"
//   function         index.mjs (function.ts): an SQS client and a TCP connection made at init; the
//                    handler increments the counter and sends the order to a queue
//
// Run it:  npm run build && node dist/examples/lambda-reuse/index.js     (starts Nimbus in-process)
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CreateFunctionCommand, DeleteFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { strToU8, zipSync } from 'fflate';
// In your own project: `import { startNimbus } from 'nimbus'`.
import { startNimbus } from '../../src/index.js';
import { FUNCTION_SOURCE } from './function.js';

export interface ReuseResult {
  /** TCP connections the counter server accepted (1: the environment's one connection, reused). */
  connections: number;
  /** What each invocation returned, in order. */
  results: Array<{ invocations: number; connection: number; total: number }>;
  /** Orders the function sent to the queue. */
  queued: number[];
}

function counterServer(): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  let total = 0;
  const server = createServer((socket) => {
    const id = ++connections;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line === 'INCR') socket.write(`${id} ${++total}\n`);
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port, connections: () => connections })));
}

export async function runReuse(options: { endpoint?: string; invocations?: number; prefix?: string } = {}): Promise<ReuseResult> {
  const nimbus = options.endpoint ? undefined : await startNimbus({ port: 0 });
  const config = { endpoint: options.endpoint ?? nimbus!.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' } };
  const db = await counterServer();
  const lambda = new LambdaClient(config);
  const sqs = new SQSClient(config);
  const name = `${options.prefix ?? 'reuse'}-orders`;
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/example',
        Environment: { Variables: { DB_PORT: String(db.port), QUEUE_URL: QueueUrl! } },
        Code: { ZipFile: zipSync({ 'index.mjs': strToU8(FUNCTION_SOURCE) }) },
      }),
    );
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: name });
    const results: ReuseResult['results'] = [];
    for (let order = 1; order <= (options.invocations ?? 5); order++) {
      const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ order })) }));
      if (out.FunctionError) throw new Error(`the function failed: ${Buffer.from(out.Payload!).toString()}`);
      results.push(JSON.parse(Buffer.from(out.Payload!).toString()));
    }
    const queued: number[] = [];
    while (queued.length < results.length) {
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
      if (!got.Messages) break;
      queued.push(...got.Messages.map((m) => JSON.parse(m.Body!).order as number));
    }
    await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
    return { connections: db.connections(), results, queued: queued.sort((a, b) => a - b) };
  } finally {
    db.server.close();
    await nimbus?.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runReuse({ endpoint: process.env.AWS_ENDPOINT_URL });
  for (const x of r.results) console.log(`invocation ${x.invocations}: connection #${x.connection}, counter ${x.total}`);
  console.log(`the counter server accepted ${r.connections} connection(s) for ${r.results.length} invocations; orders queued: ${r.queued.join(', ')}`);
}
