// Hashing a large streamed payload (MD5 for the ETag, S3's default CRC64NVME, the requested
// checksums) on a worker thread (hash-worker.ts) while the main thread moves the bytes from the
// socket to the blob file. On the main thread the hashes were most of an 8 MiB PUT's CPU (MD5 alone
// ~11 ms), so uploads were bound by one core with the other partly idle.
//
// The bytes are copied in 1 MiB batches and the batch's memory transferred (the chunks themselves
// still go to the file), then handed back to be reused. At most MAX_IN_FLIGHT bytes wait unhashed:
// beyond that update() returns a promise and the upload is held back until the worker catches up,
// so memory stays flat however fast the client sends. One worker serves the process and keeps it
// alive only while a payload is pending; if it dies, the payloads it held fail (InternalError) and
// the next one starts a new worker.
import { Transform, type TransformCallback } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ChecksumAlgorithm, PayloadHasher } from './checksums.js';
import type { FromWorker, ToWorker } from './hash-worker.js';

/** What a payload's hashing yields: a complete PayloadHasher's results. */
export type PayloadHashes = Pick<PayloadHasher, 'size' | 'md5Digest' | 'checksums'>;

const BATCH = 1024 * 1024;
const MAX_IN_FLIGHT = 4 * BATCH;
/** Batches kept for reuse across payloads (16 MiB at most): allocating them per payload was ~5 MiB
 *  of external memory per upload, and external memory is what drives this process's full GCs
 *  under a stream of uploads. */
const SPARES_KEPT = 16;
const spares: ArrayBuffer[] = [];

function batchBuffer(): Buffer {
  const spare = spares.pop();
  return spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(BATCH);
}

interface Pending {
  acked(length: number, bytes: ArrayBuffer): void;
  result(r: PayloadHashes): void;
  failed(e: Error): void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function post(m: ToWorker, transfer?: ArrayBuffer[]): void {
  if (!worker) {
    // None of the process's flags (a --cpu-prof, an --input-type of a script run with -e) apply.
    const w = new Worker(new URL('./hash-worker.js', import.meta.url), { execArgv: [] });
    w.on('message', (r: FromWorker) => {
      const p = pending.get(r.id);
      if (!p) return;
      if (r.op === 'ack') p.acked(r.length, r.bytes);
      else {
        untrack(r.id);
        p.result({ size: r.size, md5Digest: Buffer.from(r.md5), checksums: r.checksums });
      }
    });
    const lost = (e: Error) => {
      if (worker !== w) return;
      worker = undefined;
      const failed = [...pending.values()];
      pending.clear();
      for (const p of failed) p.failed(e);
      refWhileBusy();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`hash worker exited (${code})`)));
    worker = w;
    refWhileBusy();
  }
  worker.postMessage(m, transfer);
}

/** The worker keeps the process alive only while a payload is being hashed (a caller awaits it). */
function refWhileBusy(): void {
  if (pending.size > 0) worker?.ref();
  else worker?.unref();
}

function track(id: number, p: Pending): void {
  pending.set(id, p);
  if (pending.size === 1) refWhileBusy();
}

function untrack(id: number): boolean {
  const had = pending.delete(id);
  if (had && pending.size === 0) refWhileBusy();
  return had;
}

export class OffThreadHasher {
  size = 0;
  private readonly id = nextId++;
  private batch = batchBuffer();
  private batched = 0;
  private inFlight = 0;
  private resume: (() => void) | undefined;
  private error: Error | undefined;
  private readonly done: Promise<PayloadHashes>;

  constructor(algorithms: readonly ChecksumAlgorithm[]) {
    let result!: (r: PayloadHashes) => void;
    let failed!: (e: Error) => void;
    this.done = new Promise<PayloadHashes>((res, rej) => ((result = res), (failed = rej)));
    // Nobody may be waiting yet when the worker fails; the failure is reported by finish().
    this.done.catch(() => {});
    track(this.id, {
      acked: (length, bytes) => {
        this.inFlight -= length;
        if (spares.length < SPARES_KEPT) spares.push(bytes);
        if (this.inFlight <= MAX_IN_FLIGHT) this.wake();
      },
      result,
      failed: (e) => {
        this.error = e;
        this.wake();
        failed(e);
      },
    });
    post({ op: 'open', id: this.id, algorithms: [...algorithms] });
  }

  /** Takes a chunk; returns a promise when the caller should wait before sending more. */
  update(chunk: Uint8Array): Promise<void> | undefined {
    if (this.error) return Promise.reject(this.error);
    this.size += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(chunk.length - at, BATCH - this.batched);
      this.batch.set(chunk.subarray(at, at + n), this.batched);
      this.batched += n;
      at += n;
      if (this.batched === BATCH) this.flush();
    }
    if (this.inFlight <= MAX_IN_FLIGHT) return undefined;
    return new Promise<void>((resolve, reject) => {
      this.resume = () => (this.error ? reject(this.error) : resolve());
    });
  }

  /** The hashes, after the last chunk. */
  finish(): Promise<PayloadHashes> {
    if (!this.error) {
      this.flush();
      post({ op: 'close', id: this.id });
    }
    this.release();
    return this.done;
  }

  /** The payload will not be finished (the upload failed): the worker drops its state. */
  abandon(): void {
    if (!untrack(this.id)) return;
    if (worker) post({ op: 'abandon', id: this.id });
    this.release();
  }

  /** The batch being filled goes back to the spares (it holds nothing once flushed or dropped). */
  private release(): void {
    if (this.batch.length === BATCH && spares.length < SPARES_KEPT) spares.push(this.batch.buffer as ArrayBuffer);
    this.batch = Buffer.alloc(0);
    this.batched = 0;
  }

  private flush(): void {
    if (this.batched === 0) return;
    const bytes = this.batch.buffer as ArrayBuffer;
    const length = this.batched;
    this.inFlight += length;
    // The batch's memory moves to the worker, which hands it back with its ack; a spare one takes
    // the next bytes.
    post({ op: 'data', id: this.id, bytes, length }, [bytes]);
    this.batch = batchBuffer();
    this.batched = 0;
  }

  private wake(): void {
    const r = this.resume;
    this.resume = undefined;
    r?.();
  }
}

/** A pass-through that hashes what flows through it off the main thread: a large payload on its
 *  way to its blob file. It holds the flow back while the worker is MAX_IN_FLIGHT behind. */
export class OffThreadHashingStream extends Transform {
  readonly hasher: OffThreadHasher;

  constructor(algorithms: readonly ChecksumAlgorithm[]) {
    super();
    this.hasher = new OffThreadHasher(algorithms);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const wait = this.hasher.update(chunk);
    if (wait === undefined) return done(null, chunk);
    wait.then(() => done(null, chunk), done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    if (err) this.hasher.abandon();
    done(err);
  }
}
