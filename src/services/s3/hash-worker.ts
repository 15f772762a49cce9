// The worker thread that hashes large streamed payloads for off-thread-hasher.ts: one
// PayloadHasher per open payload, fed the batches the main thread transfers, each handed back with
// an acknowledgement so the sender can reuse it and hold the upload back when hashing falls behind.
import { parentPort } from 'node:worker_threads';
import { PayloadHasher, type ChecksumAlgorithm } from './checksums.js';

export type ToWorker =
  | { op: 'open'; id: number; algorithms: ChecksumAlgorithm[] }
  | { op: 'data'; id: number; bytes: ArrayBuffer; length: number }
  | { op: 'close'; id: number }
  | { op: 'abandon'; id: number };

export type FromWorker =
  | { op: 'ack'; id: number; length: number; bytes: ArrayBuffer }
  | { op: 'result'; id: number; size: number; md5: Uint8Array; checksums: Partial<Record<ChecksumAlgorithm, string>> };

const open = new Map<number, PayloadHasher>();
const port = parentPort!;

port.on('message', (m: ToWorker) => {
  switch (m.op) {
    case 'open':
      open.set(m.id, new PayloadHasher(m.algorithms));
      return;
    case 'data':
      open.get(m.id)?.update(new Uint8Array(m.bytes, 0, m.length));
      // The batch's memory goes back with the ack, for the sender to reuse.
      port.postMessage({ op: 'ack', id: m.id, length: m.length, bytes: m.bytes } satisfies FromWorker, [m.bytes]);
      return;
    case 'close': {
      const h = open.get(m.id);
      if (!h) return;
      open.delete(m.id);
      port.postMessage({ op: 'result', id: m.id, size: h.size, md5: h.md5Digest, checksums: h.checksums } satisfies FromWorker);
      return;
    }
    case 'abandon':
      open.delete(m.id);
      return;
  }
});
