#!/usr/bin/env node
// The `nimbus` command.
import { parseArgs } from 'node:util';

const HELP = `nimbus — a local AWS cloud in one process

Usage:
  nimbus start [--port N] [--host H] [--region R] [--default-account ID] [--persist DIR [--persist-fsync]]
  nimbus coverage          print the operations each service implements (Markdown)
  nimbus --help | --version

start options (each also set by an environment variable):
  --port N               port to listen on (NIMBUS_PORT, default 4566; 0 picks a free port)
  --host H               address to bind (NIMBUS_HOST, default 127.0.0.1)
  --region R             region for requests that name none (NIMBUS_REGION, default us-east-1)
  --default-account ID   account for access keys that are not 12-digit ids
                         (NIMBUS_DEFAULT_ACCOUNT, default 000000000000; moto uses 123456789012)
  --persist DIR          keep every acknowledged write in DIR, through restarts and kill -9
                         (NIMBUS_PERSIST; default: state in memory only)
  --persist-fsync        with --persist: wait for the disk on every commit, so commits also
                         survive a power loss (NIMBUS_PERSIST_FSYNC=1)

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
      'persist-fsync': { type: 'boolean' },
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
  if (values.port !== undefined && !/^\d+$/.test(values.port)) {
    process.stderr.write(`nimbus: --port must be a number from 0 to 65535, not '${values.port}'\n`);
    return 2;
  }
  const nimbus = await startNimbus({
    ...(values.port !== undefined && { port: Number(values.port) }),
    ...(values.host !== undefined && { host: values.host }),
    ...(values.region !== undefined && { region: values.region }),
    ...(values['default-account'] !== undefined && { defaultAccount: values['default-account'] }),
    ...(values.persist !== undefined && { persist: values.persist }),
    ...(values['persist-fsync'] && { persistFsync: true }),
  });
  const { serviceSummaries } = await import('../models/load.js');
  const ids = serviceSummaries().map((s) => s.id);
  process.stdout.write(`Nimbus listening on ${nimbus.endpoint}\nServices: ${ids.join(', ')}\n`);
  const durable = nimbus.instance.durable;
  process.stdout.write(durable.persistent ? `State persisted in ${durable.journal.location}\n` : 'State in memory (use --persist DIR to keep it)\n');
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
