// The request context the in-process SQS benches hand the handlers (sqs-depth, sqs-restart,
// restart-fill): what the chain would build for a signed call in the default account.
import { serviceSummaries } from '../src/models/load.js';
import type { Instance } from '../src/server/instance.js';
import type { RequestContext } from '../src/services/context.js';

export function sqsBenchContext(instance: Instance, operation = 'SendMessage'): RequestContext {
  return {
    requestId: 'bench',
    account: '000000000000',
    region: 'us-east-1',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    service: serviceSummaries().find((s) => s.id === 'sqs')!,
    operation,
    host: 'localhost:4566',
    path: '/',
    headers: {},
    rawQuery: '',
    caller: { account: '000000000000' },
    signal: new AbortController().signal,
    clock: instance.clock,
    ids: instance.ids,
    nimbus: instance.host,
  };
}
