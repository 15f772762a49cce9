// Event-stream framing: frames round-trip, corrupt frames are clean errors, event streams are
// encoded frame by frame as a sync or async source yields (a failing source ends with AWS's last
// frame), and awsJson / restJson event streams read back through the real SDK clients.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { CloudWatchLogsClient, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeWithResponseStreamCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { UnionShape } from '../../src/models/types.js';
import { awsJson1_1 } from '../../src/protocol/codecs/aws-json.js';
import { restJson1 } from '../../src/protocol/codecs/rest-json.js';
import { AwsError } from '../../src/protocol/errors.js';
import {
  decodeFrames,
  encodeErrorFrame,
  encodeEventFrame,
  encodeEventStream,
  encodeExceptionFrame,
  encodeFrame,
  type EventBodyWriter,
  type EventFrame,
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

const logs = loadTestModel('logs');
const liveTail = logs.shapes.StartLiveTailResponseStream as UnionShape;
const json: EventBodyWriter = (value) => ({ body: JSON.stringify(value), contentType: 'application/json' });

/** Pull every frame, then decode them all. */
async function frames(stream: AsyncIterable<Uint8Array>): Promise<EventFrame[]> {
  const parts: Uint8Array[] = [];
  for await (const f of stream) parts.push(f);
  return decodeFrames(Buffer.concat(parts));
}

const kinds = (fs: EventFrame[]): unknown[] =>
  fs.map((f) => f.headers[':event-type'] ?? f.headers[':exception-type'] ?? `error:${String(f.headers[':error-code'])}`);

describe('encodeEventStream: frames as events are pulled', () => {
  it('a sync iterable: one frame per event, in order, unknown members skipped', async () => {
    const got = await frames(
      encodeEventStream(
        [{ sessionStart: { sessionId: 's1' } }, { notAMember: {} }, { sessionUpdate: { sessionResults: [] } }, { SessionTimeoutException: { message: 'late' } }],
        logs,
        liveTail,
        json,
      ),
    );
    assert.deepEqual(kinds(got), ['sessionStart', 'sessionUpdate', 'SessionTimeoutException']);
    assert.deepEqual(got.map((f) => f.headers[':message-type']), ['event', 'event', 'exception']);
    assert.deepEqual(JSON.parse(got[0]!.body.toString()), { sessionId: 's1' });
    assert.deepEqual(JSON.parse(got[2]!.body.toString()), { message: 'late' });
  });

  it('an async source with delays: each frame is written before the next event exists', async () => {
    const log: string[] = [];
    async function* source() {
      for (let i = 0; i < 4; i++) {
        await sleep(5);
        log.push(`produce ${i}`);
        yield { sessionUpdate: { sessionResults: [{ message: `m${i}` }] } };
      }
    }
    const parts: Uint8Array[] = [];
    for await (const f of encodeEventStream(source(), logs, liveTail, json)) {
      const [frame] = decodeFrames(f); // each yielded chunk is exactly one whole frame
      log.push(`frame ${JSON.parse(frame!.body.toString()).sessionResults[0].message}`);
      parts.push(f);
    }
    assert.deepEqual(log, ['produce 0', 'frame m0', 'produce 1', 'frame m1', 'produce 2', 'frame m2', 'produce 3', 'frame m3']);
    assert.equal(decodeFrames(Buffer.concat(parts)).length, 4);
  });

  it('a sync source is pulled lazily too', async () => {
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 3; i++) {
        pulled++;
        yield { sessionStart: { sessionId: `s${i}` } };
      }
    }
    const it = encodeEventStream(source(), logs, liveTail, json)[Symbol.asyncIterator]();
    assert.equal(pulled, 0);
    await it.next();
    assert.equal(pulled, 1);
  });

  it('a source failing mid-stream with a modeled error of the union ends with its exception frame', async () => {
    async function* source() {
      yield { sessionStart: { sessionId: 's1' } };
      await sleep(1);
      throw new AwsError('SessionStreamingException', 'the stream broke');
    }
    const got = await frames(encodeEventStream(source(), logs, liveTail, json));
    assert.deepEqual(kinds(got), ['sessionStart', 'SessionStreamingException']);
    assert.equal(got[1]!.headers[':message-type'], 'exception');
    assert.deepEqual(JSON.parse(got[1]!.body.toString()), { message: 'the stream broke' });
  });

  it('any other failure ends with a `:message-type: error` frame (and no frame after it)', async () => {
    const failing = (e: unknown) =>
      (function* () {
        yield { sessionStart: { sessionId: 's1' } };
        throw e;
      })();
    let got = await frames(encodeEventStream(failing(new AwsError('ThrottlingException', 'slow down')), logs, liveTail, json));
    assert.deepEqual(kinds(got), ['sessionStart', 'error:ThrottlingException']);
    assert.deepEqual(got[1]!.headers, { ':error-code': 'ThrottlingException', ':error-message': 'slow down', ':message-type': 'error' });
    assert.equal(got[1]!.body.length, 0);
    got = await frames(encodeEventStream(failing(new TypeError('secret internals')), logs, liveTail, json));
    assert.deepEqual(kinds(got), ['sessionStart', 'error:InternalFailure']);
    assert.doesNotMatch(String(got[1]!.headers[':error-message']), /secret/);
    // An event that fails to serialize ends the stream the same way.
    const bad: EventBodyWriter = () => {
      throw new Error('unserializable');
    };
    got = await frames(encodeEventStream([{ sessionStart: {} }], logs, liveTail, bad));
    assert.deepEqual(kinds(got), ['error:InternalFailure']);
  });

  it('a consumer that stops early closes the source', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield { sessionStart: { sessionId: `s${i}` } };
      } finally {
        closed = true;
      }
    }
    for await (const _ of encodeEventStream(source(), logs, liveTail, json)) break;
    assert.equal(closed, true);
  });
});

describe('restJson event stream through the SDK (Lambda InvokeWithResponseStream, async source)', () => {
  const lambda = loadTestModel('lambda');
  it('payload chunks produced over time, then InvokeComplete', async () => {
    async function* events() {
      for (const text of ['hello ', 'streamed ', 'world']) {
        await sleep(2);
        yield { PayloadChunk: { Payload: Buffer.from(text) } };
      }
      yield { InvokeComplete: { LogResult: 'bG9n' } };
    }
    const res = restJson1.encode({ StatusCode: 200, EventStream: events() }, lambda, lambda.operations.InvokeWithResponseStream!, { requestId: 'r' });
    assert.equal(res.headers['content-type'], 'application/vnd.amazon.eventstream');
    assert.ok(!Buffer.isBuffer(res.body) && typeof res.body !== 'string', 'a streamed body');
    const got = await new LambdaClient(answering(res)).send(new InvokeWithResponseStreamCommand({ FunctionName: 'fn' }));
    const chunks: string[] = [];
    let complete: unknown;
    for await (const event of got.EventStream!) {
      if (event.PayloadChunk) chunks.push(Buffer.from(event.PayloadChunk.Payload!).toString());
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    assert.deepEqual(chunks, ['hello ', 'streamed ', 'world']);
    assert.deepEqual(complete, { LogResult: 'bG9n' });
  });
});
