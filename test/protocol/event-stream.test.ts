// Event-stream framing: frames round-trip, corrupt frames are clean errors, and an awsJson event
// stream (Logs StartLiveTail) reads back through the real SDK client, exceptions included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudWatchLogsClient, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { awsJson1_1 } from '../../src/protocol/codecs/aws-json.js';
import {
  decodeFrames,
  encodeErrorFrame,
  encodeEventFrame,
  encodeExceptionFrame,
  encodeFrame,
} from '../../src/protocol/event-stream.js';
import { answering, awsError, loadTestModel, sdkError } from './sdk-capture.js';

describe('event-stream frames', () => {
  it('encode -> decode round trip (several frames, binary and empty payloads)', () => {
    const bytes = Buffer.concat([
      encodeEventFrame('Records', Buffer.from([0, 1, 2, 255]), 'application/octet-stream'),
      encodeExceptionFrame('SessionTimeoutException', '{"message":"late"}'),
      encodeErrorFrame('InternalError', 'boom'),
      encodeFrame({ 'x-custom': 'v' }, ''),
    ]);
    const frames = decodeFrames(bytes);
    assert.equal(frames.length, 4);
    assert.deepEqual(frames[0]!.headers, { ':event-type': 'Records', ':message-type': 'event', ':content-type': 'application/octet-stream' });
    assert.deepEqual(frames[0]!.body, Buffer.from([0, 1, 2, 255]));
    assert.equal(frames[1]!.headers[':exception-type'], 'SessionTimeoutException');
    assert.equal(frames[1]!.body.toString(), '{"message":"late"}');
    assert.deepEqual(frames[2]!.headers, { ':error-code': 'InternalError', ':error-message': 'boom', ':message-type': 'error' });
    assert.equal(frames[3]!.body.length, 0);
  });

  it('a corrupt CRC, a truncated frame or a bad length -> SerializationException', () => {
    const good = encodeEventFrame('e', '{}');
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 1]! ^= 0xff;
    const badPrelude = Buffer.from(good);
    badPrelude[9]! ^= 0xff;
    const badLength = Buffer.from(good);
    badLength.writeUInt32BE(5, 0);
    for (const bytes of [badCrc, badPrelude, good.subarray(0, good.length - 3), good.subarray(0, 10), badLength]) {
      assert.throws(() => decodeFrames(bytes), awsError('SerializationException'));
    }
  });
});

describe('awsJson event stream through the SDK (Logs StartLiveTail)', () => {
  const logs = loadTestModel('logs');
  it('events and a modeled exception event', async () => {
    const res = awsJson1_1.encode(
      {
        responseStream: [
          { sessionStart: { requestId: 'r1', sessionId: 's1', logGroupIdentifiers: ['g'] } },
          {
            sessionUpdate: {
              sessionMetadata: { sampled: false },
              sessionResults: [{ logStreamName: 'ls', message: 'hello', timestamp: 1795773600000, ingestionTime: 1795773600001 }],
            },
          },
          { SessionTimeoutException: { message: 'Session timed out' } },
        ],
      },
      logs,
      logs.operations.StartLiveTail!,
      { requestId: 'req-4' },
    );
    assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
    const client = new CloudWatchLogsClient({ ...answering(res), disableHostPrefix: true });
    const got = await client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['g'] }));
    const seen: unknown[] = [];
    await sdkError(
      (async () => {
        for await (const event of got.responseStream!) seen.push(event);
      })(),
      { name: 'SessionTimeoutException', message: 'Session timed out' },
    );
    assert.deepEqual(seen, [
      { sessionStart: { requestId: 'r1', sessionId: 's1', logGroupIdentifiers: ['g'] } },
      {
        sessionUpdate: {
          sessionMetadata: { sampled: false },
          sessionResults: [{ logStreamName: 'ls', message: 'hello', timestamp: 1795773600000, ingestionTime: 1795773600001 }],
        },
      },
    ]);
  });
});
