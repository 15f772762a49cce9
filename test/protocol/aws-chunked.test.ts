// aws-chunked decoding: the exact bytes JS v3 streams for a PutObject (unsigned, checksum trailer),
// signed chunks as other SDKs send them, and malformed framing -> AwsError, never a crash.
import { strict as assert } from 'node:assert';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { decodeAwsChunked, decodeAwsChunkedRequest, isAwsChunked } from '../../src/protocol/aws-chunked.js';
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
  assert.deepEqual(decoded.trailers, { 'x-amz-checksum-crc32': 'DUoRhQ==' });
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
  assert.deepEqual(d.trailers, { 'x-amz-checksum-crc32c': 'sOO8/Q==', 'x-amz-trailer-signature': sig1 });
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

test('decodeAwsChunkedRequest rewrites the request in place for the codecs', async () => {
  const captured = await capturePutObject(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
  const req: HttpRequest = { method: 'PUT', path: '/bucket/key', rawQuery: '', headers: { ...captured.headers }, body: captured.body };
  decodeAwsChunkedRequest(req);
  assert.equal(req.body.toString(), 'hello world');
  assert.equal(req.headers['x-amz-checksum-crc32'], 'DUoRhQ==');
  assert.equal(req.headers['content-encoding'], undefined);
  assert.equal(req.headers['content-length'], '11');
  const gz: HttpRequest = { method: 'PUT', path: '/b/k', rawQuery: '', headers: { 'content-encoding': 'aws-chunked, gzip', 'x-amz-checksum-crc32': 'sent' }, body: Buffer.from('1\r\nx\r\n0\r\nx-amz-checksum-crc32:trailer\r\n\r\n') };
  decodeAwsChunkedRequest(gz);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers['x-amz-checksum-crc32'], 'sent'); // a header sent up front wins
});
