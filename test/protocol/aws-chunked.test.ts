// aws-chunked decoding: the exact bytes JS v3 streams for a PutObject (unsigned, checksum trailer),
// signed chunks as other SDKs send them, and malformed framing -> AwsError, never a crash. The
// streaming decoder gives the same answers as the buffered API whatever the input chunk boundaries.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AwsChunkedDecoder,
  ChunkedParser,
  decodeAwsChunked,
  decodedContentLength,
  decodedRequestHeaders,
  isAwsChunked,
  MAX_HEADER_LINE,
  MAX_TRAILER_BYTES,
  type DecodedChunkedBody,
} from '../../src/protocol/aws-chunked.js';
import type { HttpRequest } from '../../src/protocol/http.js';
import { awsError, captureRequest } from './sdk-capture.js';

/** Run a PutObject through the real client and capture what it puts on the wire. */
function capturePutObject(body: Readable | Buffer | string): Promise<HttpRequest> {
  const ContentLength = typeof body === 'string' || Buffer.isBuffer(body) ? undefined : 11;
  return captureRequest(
    (c) => new S3Client({ ...c, forcePathStyle: true }).send(new PutObjectCommand({ Bucket: 'bucket', Key: 'key', Body: body, ContentLength })),
    { status: 200, headers: { etag: '"e"' }, body: '' },
  );
}

test('decodes the JS v3 unsigned streaming body with its checksum trailer', async () => {
  const captured = await capturePutObject(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
  assert.equal(isAwsChunked(captured.headers), true);
  assert.equal(captured.headers['x-amz-content-sha256'], 'STREAMING-UNSIGNED-PAYLOAD-TRAILER');
  const decoded = decodeAwsChunked(captured.body, Number(captured.headers['x-amz-decoded-content-length']));
  assert.equal(decoded.body.toString(), 'hello world');
  assert.deepEqual({ ...decoded.trailers }, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
  assert.deepEqual(decoded.signatures, []);
});

test('a plain (non-streaming) PutObject is not aws-chunked', async () => {
  const captured = await capturePutObject(Buffer.from('plain'));
  assert.equal(isAwsChunked(captured.headers), false);
  assert.equal(captured.body.toString(), 'plain');
});

test('decodes signed chunks with a trailer signature', () => {
  const sig1 = 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648';
  const raw = Buffer.from(
    `5;chunk-signature=${sig1}\r\nhello\r\n` +
      `1;chunk-signature=${sig1}\r\n\n\r\n` + // a chunk whose data is a lone LF
      `0;chunk-signature=${sig1}\r\n` +
      `x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${sig1}\r\n\r\n`,
  );
  const d = decodeAwsChunked(raw, 6);
  assert.equal(d.body.toString(), 'hello\n');
  assert.deepEqual(d.signatures, [sig1, sig1, sig1]);
  assert.deepEqual({ ...d.trailers }, { 'x-amz-checksum-crc32c': 'sOO8/Q==', 'x-amz-trailer-signature': sig1 });
});

test('accepts a body that ends right after the last chunk and binary data containing CRLF', () => {
  assert.equal(decodeAwsChunked(Buffer.from('0\r\n')).body.length, 0);
  const data = Buffer.from([0, 13, 10, 255, 13, 10]);
  const raw = Buffer.concat([Buffer.from('6\r\n'), data, Buffer.from('\r\n0\r\n\r\n')]);
  assert.deepEqual(decodeAwsChunked(raw).body, data);
  assert.equal(isAwsChunked({ 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }), true);
  assert.equal(isAwsChunked({ 'content-encoding': 'gzip' }), false);
});

test('malformed framing is an AwsError, never a crash', () => {
  for (const [raw, decodedLength, code] of [
    ['', undefined, 'IncompleteBody'],
    ['5\r\nhel', undefined, 'IncompleteBody'], // truncated data
    ['5\r\nhello\r\n', undefined, 'IncompleteBody'], // no last chunk
    ['zz\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'],
    ['5 x\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'],
    ['3\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'], // size lies
    ['ffffffffffffffff\r\nx', undefined, 'InvalidRequest'],
    ['0\r\nno-colon-here\r\n\r\n', undefined, 'InvalidRequest'],
    ['5\r\nhello\r\n0\r\n', 6, 'IncompleteBody'],
    ['5\r\nhello\r\n0\r\n', 4, 'InvalidRequest'],
  ] as const) {
    assert.throws(() => decodeAwsChunked(Buffer.from(raw), decodedLength), awsError(code, 400), JSON.stringify([raw, decodedLength]));
  }
});

const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
const SIG = (n: number): string => String(n).repeat(64).slice(0, 64);

/** The same body through the Transform, fed in the given pieces. */
async function viaStream(parts: Buffer[], decodedLength?: number): Promise<DecodedChunkedBody & { decodedLength: number }> {
  const decoder = new AwsChunkedDecoder(decodedLength);
  const out: Buffer[] = [];
  decoder.on('data', (b: Buffer) => void out.push(b));
  await pipeline(Readable.from(parts), decoder);
  return { body: Buffer.concat(out), trailers: decoder.trailers, signatures: decoder.signatures, chunks: decoder.chunks, decodedLength: decoder.decodedLength };
}

/** The same body through the state machine directly, split at the given positions. */
function viaParser(raw: Buffer, splits: number[], decodedLength?: number): DecodedChunkedBody {
  const p = new ChunkedParser(decodedLength);
  const out: Buffer[] = [];
  let at = 0;
  for (const s of [...splits, raw.length]) {
    // A fresh copy per piece, overwritten afterwards: the parser must not keep references to input
    // it has not handed on as data.
    const piece = Buffer.from(raw.subarray(at, s));
    p.write(piece, (d) => void out.push(Buffer.from(d)));
    piece.fill(0x7e);
    at = s;
  }
  p.end();
  return { body: Buffer.concat(out), trailers: p.trailers, signatures: p.signatures, chunks: p.chunks };
}

function same(got: DecodedChunkedBody, want: DecodedChunkedBody, what: string): void {
  assert.deepEqual(got.body, want.body, what);
  assert.deepEqual({ ...got.trailers }, { ...want.trailers }, what);
  assert.deepEqual(got.signatures, want.signatures, what);
  assert.deepEqual(got.chunks, want.chunks, what);
}

const UNSIGNED = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
const SIGNED = Buffer.from(
  `5;chunk-signature=${SIG(1)}\r\nhello\r\n` +
    `2;chunk-signature=${SIG(2)}\r\n\r\n\r\n` + // data that is itself CRLF
    `0;chunk-signature=${SIG(3)}\r\n` +
    `x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:${SIG(4)}\r\n\r\n`,
);

test('signed chunks: signatures in order with each chunk length and data SHA-256', () => {
  const d = decodeAwsChunked(SIGNED, 7);
  assert.equal(d.body.toString(), 'hello\r\n');
  assert.deepEqual(d.chunks, [
    { signature: SIG(1), length: 5, sha256: sha('hello') },
    { signature: SIG(2), length: 2, sha256: sha('\r\n') },
    { signature: SIG(3), length: 0, sha256: sha('') },
  ]);
  assert.deepEqual(d.signatures, [SIG(1), SIG(2), SIG(3)]);
  assert.equal(d.trailers['x-amz-trailer-signature'], SIG(4));
  assert.equal(Object.getPrototypeOf(d.trailers), null);
  // Unsigned bodies carry no chunk list (and are not hashed).
  assert.deepEqual(decodeAwsChunked(UNSIGNED).chunks, []);
});

test('the stream gives the buffered answer for every split point (signed and unsigned)', async () => {
  const shortSigned = Buffer.from('5;chunk-signature=a1\r\nhello\r\n2;chunk-signature=b2\r\n\r\n\r\n0;chunk-signature=c3\r\nx-amz-checksum-crc32c:sOO8/Q==\r\n\r\n');
  for (const [raw, len] of [[UNSIGNED, 11], [SIGNED, 7], [shortSigned, 7], [Buffer.from('3\r\nabc\r\n0\r\n'), 3]] as const) {
    const want = decodeAwsChunked(raw, len);
    for (let i = 0; i <= raw.length; i++) {
      const got = await viaStream([raw.subarray(0, i), raw.subarray(i)], len);
      same(got, want, `split at ${i}`);
      assert.equal(got.decodedLength, len);
    }
    same(await viaStream([...raw].map((b) => Buffer.from([b])), len), want, 'one byte at a time');
    // Every pair of split points, through the state machine itself (bodies short enough for n^2 runs).
    if (raw.length > 120) continue;
    const key = (d: DecodedChunkedBody): string => JSON.stringify([d.body.toString('latin1'), { ...d.trailers }, d.chunks]);
    const wanted = key(want);
    for (let i = 0; i <= raw.length; i++) {
      for (let j = i; j <= raw.length; j++) {
        const got = key(viaParser(raw, [i, j], len));
        if (got !== wanted) assert.equal(got, wanted, `splits at ${i}, ${j}`);
      }
    }
  }
});

test('multi-chunk bodies: binary data, many frames, large frames split anywhere', async () => {
  const data = createHash('sha512').update('seed').digest();
  const payload = Buffer.concat(Array.from({ length: 300 }, (_, i) => data.subarray(0, (i * 7) % 64))); // includes CR/LF bytes
  const frame = (size: number, signed: boolean): Buffer => {
    const parts: Buffer[] = [];
    let n = 0;
    for (let at = 0; at < payload.length; at += size, n++) {
      const d = payload.subarray(at, at + size);
      parts.push(Buffer.from(`${d.length.toString(16)}${signed ? `;chunk-signature=${SIG(n % 10)}` : ''}\r\n`), d, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`0${signed ? `;chunk-signature=${SIG(9)}` : ''}\r\nx-amz-checksum-sha256:abc=\r\n\r\n`));
    return Buffer.concat(parts);
  };
  for (const signed of [false, true]) {
    for (const size of [1, 100, 8192, payload.length]) {
      const raw = frame(size, signed);
      const want = decodeAwsChunked(raw, payload.length);
      assert.deepEqual(want.body, payload);
      assert.equal(want.chunks.length, signed ? Math.ceil(payload.length / size) + 1 : 0);
      if (signed) assert.equal(want.chunks[0]!.sha256, sha(payload.subarray(0, size)));
      for (const piece of [1000, 4093]) {
        const parts: Buffer[] = [];
        for (let at = 0; at < raw.length; at += piece) parts.push(raw.subarray(at, at + piece));
        same(await viaStream(parts, payload.length), want, `frames of ${size}, pieces of ${piece}, signed ${signed}`);
      }
    }
  }
});

test('stream errors are the buffered AwsErrors, wherever the input is split', async () => {
  const cases: [string, number | undefined, string][] = [
    ['', undefined, 'IncompleteBody'],
    ['5\r\nhel', undefined, 'IncompleteBody'], // truncated data
    ['5\r\nhello', undefined, 'IncompleteBody'], // truncated before the data's CRLF
    ['5\r\nhello\r\n', undefined, 'IncompleteBody'], // no last chunk
    ['5\r\nhello\r\n0', undefined, 'IncompleteBody'], // truncated last chunk header
    ['zz\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'], // bad hex
    ['\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'], // no size at all
    ['5 x\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'],
    ['5\nhello\r\n0\r\n', undefined, 'InvalidRequest'], // header ends in a bare LF
    ['3\r\nhello\r\n0\r\n', undefined, 'InvalidRequest'], // size lies: no CRLF after the data
    ['5\r\nhelloXY0\r\n', undefined, 'InvalidRequest'], // missing CRLF
    ['5\r\nhello\rX0\r\n', undefined, 'InvalidRequest'], // half a CRLF
    ['ffffffffffffffff\r\nx', undefined, 'InvalidRequest'],
    ['0\r\nno-colon-here\r\n\r\n', undefined, 'InvalidRequest'],
    ['0\r\n__proto__:x\r\n\r\n', undefined, 'InvalidRequest'],
    ['0\r\nConstructor:x\r\n\r\n', undefined, 'InvalidRequest'],
    ['0\r\n:x\r\n\r\n', undefined, 'InvalidRequest'],
    ['0\r\nx-a:1\nx-b:2\r\n\r\n', undefined, 'InvalidRequest'], // trailer ends in a bare LF
    ['5\r\nhello\r\n0\r\n', 6, 'IncompleteBody'], // shorter than x-amz-decoded-content-length
    ['5\r\nhello\r\n0\r\n', 4, 'InvalidRequest'], // longer
    [`5;chunk-signature=${SIG(1)}\r\nhello\r\n0\r\n`, undefined, 'InvalidRequest'], // signed, then not
    [`${'0'.repeat(MAX_HEADER_LINE + 1)}`, undefined, 'InvalidRequest'], // oversized header line, even unterminated
    [`1;${'x'.repeat(MAX_HEADER_LINE)}\r\nx\r\n0\r\n`, undefined, 'InvalidRequest'],
    [`0\r\nx-a:${'v'.repeat(MAX_HEADER_LINE)}\r\n\r\n`, undefined, 'InvalidRequest'], // oversized trailer line
    [`0\r\n${`x-a:${'v'.repeat(4000)}\r\n`.repeat(MAX_TRAILER_BYTES / 4000 + 1)}\r\n`, undefined, 'InvalidRequest'], // too many trailers
  ];
  for (const [text, decodedLength, code] of cases) {
    const raw = Buffer.from(text);
    const what = JSON.stringify([text.slice(0, 40), decodedLength]);
    assert.throws(() => decodeAwsChunked(raw, decodedLength), awsError(code, 400), what);
    const step = raw.length > 200 ? 997 : 1;
    for (let i = 0; i <= raw.length; i += step) {
      await assert.rejects(viaStream([raw.subarray(0, i), raw.subarray(i)], decodedLength), awsError(code, 400), `${what} split at ${i}`);
    }
  }
});

test('a body longer than x-amz-decoded-content-length fails at the chunk header, before its data', async () => {
  const decoder = new AwsChunkedDecoder(4);
  let data = 0;
  decoder.on('data', (b: Buffer) => (data += b.length));
  const failed = new Promise((_, reject) => decoder.on('error', reject));
  decoder.write(Buffer.from('400000\r\nhello'));
  await assert.rejects(failed, awsError('InvalidRequest', 400, 'x-amz-decoded-content-length says 4'));
  assert.equal(data, 0);
});

test('trailers: tolerated without their final CRLF, absent after a bare 0 chunk, later bytes ignored', async () => {
  assert.deepEqual({ ...decodeAwsChunked(Buffer.from('1\r\nx\r\n0\r\nX-Amz-Checksum-CRC32: abc= ')).trailers }, { 'x-amz-checksum-crc32': 'abc=' });
  assert.deepEqual({ ...(await viaStream([Buffer.from('1\r\nx\r\n0\r\n')], 1)).trailers }, {});
  assert.equal(decodeAwsChunked(Buffer.from('1\r\nx\r\n0\r\n\r\nanything')).body.toString(), 'x');
});

test('decodedRequestHeaders: the headers a decoded body goes with; the originals stay intact', async () => {
  const captured = await capturePutObject(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
  const original = { ...captured.headers };
  const len = decodedContentLength(captured.headers);
  assert.equal(len, 11);
  const d = decodeAwsChunked(captured.body, len);
  const h = decodedRequestHeaders(captured.headers, d.body.length, d.trailers);
  assert.equal(h['x-amz-checksum-crc32'], 'DUoRhQ==');
  assert.equal(h['content-encoding'], undefined);
  assert.equal(h['content-length'], '11');
  assert.deepEqual(captured.headers, original);
  const gz = { 'content-encoding': 'aws-chunked, gzip', 'x-amz-checksum-crc32': 'sent' };
  const t = decodeAwsChunked(Buffer.from(`1\r\nx\r\n0\r\nx-amz-checksum-crc32:trailer\r\nx-amz-trailer-signature:${SIG(1)}\r\n\r\n`)).trailers;
  const g = decodedRequestHeaders(gz, 1, t);
  assert.equal(g['content-encoding'], 'gzip');
  assert.equal(g['x-amz-checksum-crc32'], 'sent'); // a header sent up front wins
  assert.equal(g['x-amz-trailer-signature'], undefined); // framing, not a header
  assert.equal(decodedContentLength({ 'x-amz-decoded-content-length': 'abc' }), undefined);
  assert.equal(decodedContentLength({}), undefined);
});
