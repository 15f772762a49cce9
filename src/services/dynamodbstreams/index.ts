// DynamoDB Streams (target prefix DynamoDBStreams_20120810): ListStreams, DescribeStream,
// GetShardIterator, GetRecords over DynamoDB's in-process API (dynamodb/api.ts). It keeps no state
// of its own: a shard iterator carries its stream, shard, position and creation time (base64
// JSON), and expires after 15 minutes as AWS's do.
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import type { ShardPosition, StreamInfo } from '../dynamodb/api.js';
import { defineService } from '../service.js';

const ITERATOR_MS = 15 * 60 * 1000;
const MAX_RECORDS = 1000;

interface Iterator {
  a: string;
  r: string;
  s: string;
  h: string;
  o: number;
  t: number;
}

function notFound(arn: string): AwsError {
  return new AwsError('ResourceNotFoundException', `Requested resource not found: Stream: ${arn} not found`);
}

function describeOut(s: StreamInfo) {
  return {
    StreamArn: s.streamArn,
    StreamLabel: s.streamLabel,
    StreamStatus: s.streamStatus,
    StreamViewType: s.streamViewType,
    CreationRequestDateTime: s.creationRequestDateTime / 1000,
    TableName: s.tableName,
    KeySchema: s.keySchema,
    Shards: s.shards.map((sh) => ({ ShardId: sh.shardId, SequenceNumberRange: { StartingSequenceNumber: sh.startingSequenceNumber, ...(sh.endingSequenceNumber && { EndingSequenceNumber: sh.endingSequenceNumber }) } })),
  };
}

async function api(ctx: RequestContext) {
  return ctx.nimbus.api('dynamodb');
}

export const dynamodbstreams = defineService({
  id: 'dynamodbstreams',
  createState: () => ({}),
  iam: {
    prefix: 'dynamodb',
    operations: {
      ListStreams: { resource: () => '*' },
      DescribeStream: { resource: (i) => i.StreamArn ?? '*' },
      GetShardIterator: { resource: (i) => i.StreamArn ?? '*' },
      GetRecords: { resource: () => '*' },
    },
  },
  operations: {
    async ListStreams(input, ctx) {
      const all = (await api(ctx)).listStreams(ctx.account, ctx.region, input.TableName);
      const from = input.ExclusiveStartStreamArn ? all.findIndex((s) => s.streamArn === input.ExclusiveStartStreamArn) + 1 : 0;
      const limit = input.Limit ?? 100;
      const page = all.slice(from, from + limit);
      const out: Record<string, unknown> = { Streams: page.map((s) => ({ StreamArn: s.streamArn, TableName: s.tableName, StreamLabel: s.streamLabel })) };
      if (from + limit < all.length) out.LastEvaluatedStreamArn = page[page.length - 1]!.streamArn;
      return out;
    },
    async DescribeStream(input, ctx) {
      const s = (await api(ctx)).describeStream(ctx.account, ctx.region, input.StreamArn!);
      if (!s) throw notFound(input.StreamArn!);
      return { StreamDescription: describeOut(s) as never };
    },
    async GetShardIterator(input, ctx) {
      const type = input.ShardIteratorType!;
      const needsSeq = type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER';
      if (needsSeq && !input.SequenceNumber) throw new AwsError('ValidationException', `Must specify a sequence number for iterator type ${type}`);
      if (!needsSeq && input.SequenceNumber) throw new AwsError('ValidationException', `Sequence number is not allowed for iterator type ${type}`);
      if (needsSeq && !/^\d{21,40}$/.test(input.SequenceNumber!)) throw new AwsError('ValidationException', `Invalid SequenceNumber: ${input.SequenceNumber}`);
      const position = (needsSeq ? { type, sequenceNumber: input.SequenceNumber! } : { type }) as ShardPosition;
      const a = await api(ctx);
      if (!a.describeStream(ctx.account, ctx.region, input.StreamArn!)) throw notFound(input.StreamArn!);
      const o = a.shardOrdinal(ctx.account, ctx.region, input.StreamArn!, input.ShardId!, position);
      if (o === undefined) throw new AwsError('ResourceNotFoundException', `Requested resource not found: Shard does not exist`);
      const it: Iterator = { a: ctx.account, r: ctx.region, s: input.StreamArn!, h: input.ShardId!, o, t: ctx.clock.now() };
      return { ShardIterator: Buffer.from(JSON.stringify(it)).toString('base64') };
    },
    async GetRecords(input, ctx) {
      let it: Iterator;
      try {
        it = JSON.parse(Buffer.from(input.ShardIterator!, 'base64').toString());
        if (typeof it.s !== 'string' || typeof it.o !== 'number') throw new Error('shape');
      } catch {
        throw new AwsError('ValidationException', 'Invalid ShardIterator');
      }
      const now = ctx.clock.now();
      if (now - it.t > ITERATOR_MS) throw new AwsError('ExpiredIteratorException', `Iterator expired. The iterator was created at time ${new Date(it.t).toUTCString()} while right now it is ${new Date(now).toUTCString()} which is further in the future than the tolerated delay of 900000 milliseconds.`);
      const limit = input.Limit ?? MAX_RECORDS;
      const r = (await api(ctx)).readRecords(it.a, it.r, it.s, it.o, limit);
      if (!r) throw new AwsError('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
      const out: Record<string, unknown> = { Records: r.records };
      if (!r.closed) out.NextShardIterator = Buffer.from(JSON.stringify({ ...it, o: r.next, t: now })).toString('base64');
      return out as never;
    },
  },
});
