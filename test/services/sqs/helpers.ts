// Shared by the SQS test files: SDK clients over both protocols, and small wrappers.
import { Agent } from 'node:http';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AwsQueryProtocol } from '@aws-sdk/core/protocols';
import type { TestNimbus } from '../../support/nimbus.js';
import { uniqueName } from '../../support/nimbus.js';
import type { Queue } from '../../../src/services/sqs/queue-engine.js';
import type { SqsState } from '../../../src/services/sqs/store.js';

export const PROTOCOLS = [
  { name: 'json', protocol: undefined },
  { name: 'query', protocol: AwsQueryProtocol },
] as const;

export type ProtocolName = (typeof PROTOCOLS)[number]['name'];

/** An SQS client over awsJson1_0 (default) or awsQuery. */
export function client(t: TestNimbus, protocol: ProtocolName = 'json', overrides: { accessKeyId?: string; region?: string } = {}): SQSClient {
  const p = PROTOCOLS.find((x) => x.name === protocol)!.protocol;
  return new SQSClient({
    ...t.config(overrides),
    ...(p && { protocol: p as any }),
    // Keep-alive sockets, enough for the 32-consumer test.
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) },
  });
}

export async function createQueue(sqs: SQSClient, prefix: string, attributes: Record<string, string> = {}, fifo = false): Promise<string> {
  const name = uniqueName(prefix).slice(0, 70) + (fifo ? '.fifo' : '');
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { ...attributes, ...(fifo && { FifoQueue: 'true' }) } }));
  return out.QueueUrl!;
}

export function nameOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export function arnOf(url: string, region = 'us-east-1'): string {
  const [account, name] = new URL(url).pathname.split('/').slice(1);
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

/** Asserts a promise rejects with an AWS error of this name (and optionally a message matching). */
export async function rejectsWith(p: Promise<unknown>, name: string, message?: RegExp): Promise<any> {
  try {
    await p;
  } catch (e: any) {
    if (e.name !== name) throw new Error(`expected ${name}, got ${e.name}: ${e.message}`);
    if (message && !message.test(e.message)) throw new Error(`expected message ${message}, got: ${e.message}`);
    return e;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

/** The engine's queue behind a queue URL (tests look at its waiting long polls). */
export async function queueOf(t: TestNimbus, url: string, region = 'us-east-1'): Promise<Queue> {
  const [account, name] = new URL(url).pathname.split('/').slice(1) as [string, string];
  const state = (await t.nimbus.instance.serviceState<SqsState>('sqs'))!;
  return state.regions.for(account, region).queues.get(name)!;
}

/** Resolves once `condition` holds, checked on each turn of the event loop (no deadline of its
 *  own: the test runner's timeout bounds it). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}
