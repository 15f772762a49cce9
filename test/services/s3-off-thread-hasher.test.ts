// The worker-thread hasher of large S3 payloads gives exactly the main-thread PayloadHasher's
// results, across batch boundaries and with the flow held back (more than MAX_IN_FLIGHT sent).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PayloadHasher, type ChecksumAlgorithm } from '../../src/services/s3/checksums.js';
import { OffThreadHasher } from '../../src/services/s3/off-thread-hasher.js';

const ALL: ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

function payload(size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
}

test('off-thread hashes equal the main-thread ones, for any chunking and with backpressure', async () => {
  const data = payload(20 * 1024 * 1024 + 12_345);
  const reference = new PayloadHasher(ALL);
  reference.update(data);
  for (const step of [65_536, 1_000_003, 4 * 1024 * 1024 + 1]) {
    const h = new OffThreadHasher(ALL);
    let held = 0;
    for (let o = 0; o < data.length; o += step) {
      const wait = h.update(data.subarray(o, o + step));
      if (wait) {
        held++;
        await wait;
      }
    }
    const r = await h.finish();
    assert.equal(r.size, data.length, `size, chunks of ${step}`);
    assert.equal(r.md5Digest.toString('hex'), reference.md5Digest.toString('hex'), `MD5, chunks of ${step}`);
    assert.deepEqual(r.checksums, reference.checksums, `checksums, chunks of ${step}`);
    // 20 MiB sent without waiting for the worker outruns it: the sender is held back at least once.
    if (step >= 1_000_003) assert.ok(held > 0, `held back, chunks of ${step}`);
  }
});

test('an empty payload and an abandoned one', async () => {
  const empty = await new OffThreadHasher(['CRC64NVME']).finish();
  const reference = new PayloadHasher(['CRC64NVME']);
  assert.equal(empty.size, 0);
  assert.equal(empty.md5Digest.toString('hex'), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.deepEqual(empty.checksums, reference.checksums);
  const dropped = new OffThreadHasher(['CRC32']);
  dropped.update(payload(3 * 1024 * 1024));
  dropped.abandon();
  // The worker still serves the next payload.
  const next = new OffThreadHasher(['CRC32']);
  next.update(Buffer.from('hello'));
  assert.equal((await next.finish()).checksums.CRC32, 'NhCmhg==');
});
