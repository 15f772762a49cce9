#!/usr/bin/env node
// The `nimbus` command.
import { parseArgs } from 'node:util';

const HELP = `nimbus — a local AWS cloud in one process

Usage:
  nimbus start [--port N] [--host H] [--region R] [--default-account ID] [--persist DIR]
  nimbus coverage          print the operations each service implements (Markdown)
  nimbus --help | --version

start options (each also set by an environment variable):
  --port N               port to listen on (NIMBUS_PORT, default 4566; 0 picks a free port)
  --host H               address to bind (NIMBUS_HOST, default 127.0.0.1)
  --region R             region for requests that name none (NIMBUS_REGION, default us-east-1)
  --default-account ID   account for access keys that are not 12-digit ids
                         (NIMBUS_DEFAULT_ACCOUNT, default 000000000000; moto uses 123456789012)
  --persist DIR          reserved: persistence root (NIMBUS_PERSIST); state is in memory for now

Point clients at it with AWS_ENDPOINT_URL=http://127.0.0.1:4566 (any access key works).
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      region: { type: 'string' },
      'default-account': { type: 'string' },
      persist: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  const command = positionals[0] ?? (values.help || values.version ? '' : 'start');
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    const { VERSION } = await import('../server/version.js');
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'coverage') {
    const { coverageMarkdown } = await import('./coverage.js');
    process.stdout.write(await coverageMarkdown());
    return 0;
  }
  if (command !== 'start') {
    process.stderr.write(`nimbus: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  const { startNimbus } = await import('../index.js');
  const nimbus = await startNimbus({
    ...(values.port !== undefined && { port: Number(values.port) }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.region !== undefined && { region: values.region }),
    ...(values['default-account'] !== undefined && { defaultAccount: values['default-account'] }),
    ...(values.persist !== undefined && { persist: values.persist }),
  });
  const { serviceSummaries } = await import('../models/load.js');
  const ids = serviceSummaries().map((s) => s.id);
  process.stdout.write(`Nimbus listening on ${nimbus.endpoint}\nServices: ${ids.join(', ')}\n`);
  const persist = values.persist ?? process.env.NIMBUS_PERSIST;
  if (persist) {
    // Reserved, not pretended: say plainly that nothing is written there yet.
    process.stderr.write(`nimbus: --persist ${persist} is reserved: this version keeps state in memory only; nothing is written there\n`);
  }
  const stop = () => {
    nimbus.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`nimbus: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
