// Timestamps, scalar text conversion and REST HTTP bindings on small hand-built models.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ServiceModel, StructureShape } from '../../src/models/types.js';
import {
  decodeHttpBindings,
  decodeRawPayload,
  encodeHttpBindings,
  encodeRawPayload,
  httpBindings,
  splitHeaderList,
} from '../../src/protocol/codecs/http-bindings.js';
import { readJson, writeJson } from '../../src/protocol/codecs/json-body.js';
import type { HttpRequest, HttpResponse } from '../../src/protocol/http.js';
import { formatScalarText, parseScalarText } from '../../src/protocol/scalars.js';
import { formatTimestamp, parseTimestamp, toDate, toEpochSeconds } from '../../src/protocol/timestamps.js';
import { awsError } from './sdk-capture.js';

const T = new Date('2026-11-27T10:00:00Z');
const TMS = new Date('2026-11-27T10:00:00.123Z');

describe('timestamps', () => {
  it('formats the three Smithy formats', () => {
    assert.equal(formatTimestamp(T, 'date-time'), '2026-11-27T10:00:00.000Z');
    assert.equal(formatTimestamp(T, 'http-date'), 'Fri, 27 Nov 2026 10:00:00 GMT');
    assert.equal(formatTimestamp(T, 'epoch-seconds'), '1795773600');
    assert.equal(formatTimestamp(TMS, 'epoch-seconds'), '1795773600.123');
    assert.equal(formatTimestamp(1795773600, 'date-time'), '2026-11-27T10:00:00.000Z');
    assert.equal(formatTimestamp('2026-11-27T10:00:00Z', 'http-date'), 'Fri, 27 Nov 2026 10:00:00 GMT');
  });
  it('parses each format, leniently across formats', () => {
    for (const text of [
      '2026-11-27T10:00:00Z',
      '2026-11-27T10:00:00.000Z',
      '2026-11-27T10:00:00.000000Z',
      '2026-11-27T12:00:00+02:00',
      '2026-11-27t10:00:00z',
      'Fri, 27 Nov 2026 10:00:00 GMT',
      '1795773600',
      '1795773600.0',
    ]) {
      assert.equal(parseTimestamp(text, 'date-time')?.getTime(), T.getTime(), text);
      assert.equal(parseTimestamp(text, 'epoch-seconds')?.getTime(), T.getTime(), text);
    }
    assert.equal(parseTimestamp('2026-11-27T10:00:00.123456Z', 'date-time')?.getTime(), TMS.getTime());
    assert.equal(parseTimestamp('1795773600.123', 'epoch-seconds')?.getTime(), TMS.getTime());
    for (const bad of ['', 'yesterday', '2026-13-01T00:00:00Z', 'NaN', '12abc']) {
      assert.equal(parseTimestamp(bad, 'date-time'), undefined, bad);
    }
  });
  it('toDate / toEpochSeconds accept Date, epoch seconds and text; reject garbage', () => {
    assert.equal(toDate(1795773600.123).getTime(), TMS.getTime());
    assert.equal(toEpochSeconds('2026-11-27T10:00:00.123Z'), 1795773600.123);
    assert.throws(() => toDate('nope'), TypeError);
    assert.throws(() => toDate(new Date(NaN)), TypeError);
    assert.throws(() => toDate({}), TypeError);
  });
});

describe('scalar text', () => {
  it('parses text into model types', () => {
    assert.equal(parseScalarText('42', { type: 'integer' }), 42);
    assert.equal(parseScalarText('-1.5', { type: 'double' }), -1.5);
    assert.ok(Number.isNaN(parseScalarText('NaN', { type: 'float' })));
    assert.equal(parseScalarText('-Infinity', { type: 'double' }), -Infinity);
    assert.equal(parseScalarText('true', { type: 'boolean' }), true);
    assert.equal(parseScalarText('False', { type: 'boolean' }), false);
    assert.deepEqual(parseScalarText('AQI=', { type: 'blob' }), Buffer.from([1, 2]));
    assert.deepEqual(parseScalarText('Fri, 27 Nov 2026 10:00:00 GMT', { type: 'timestamp' }, 'http-date'), T);
    assert.equal(parseScalarText(' x ', { type: 'string' }), ' x ');
  });
  it('throws the given serialization error on bad text', () => {
    for (const [text, type] of [['1.5', 'integer'], ['abc', 'long'], ['', 'integer'], ['yes', 'boolean'], ['x', 'double'], ['never', 'timestamp']] as const) {
      assert.throws(() => parseScalarText(text, { type }, 'date-time', 'InvalidArgument'), awsError('InvalidArgument', 400), `${type}: ${text}`);
    }
  });
  it('formats model values as text, coercing loose types', () => {
    assert.equal(formatScalarText(3, { type: 'double' }), '3');
    assert.equal(formatScalarText('7', { type: 'integer' }), '7');
    assert.equal(formatScalarText(true, { type: 'boolean' }), 'true');
    assert.equal(formatScalarText(Buffer.from('hi'), { type: 'blob' }), 'aGk=');
    assert.equal(formatScalarText('hi', { type: 'blob' }), 'aGk=');
    assert.equal(formatScalarText(T, { type: 'timestamp' }, 'http-date'), 'Fri, 27 Nov 2026 10:00:00 GMT');
    assert.equal(formatScalarText(T, { type: 'timestamp', timestampFormat: 'epoch-seconds' }, 'epoch-seconds'), '1795773600');
  });
});

// A tiny REST model exercising every binding.
const model: ServiceModel = {
  id: 'test',
  sdkId: 'Test',
  shapeName: 'Test',
  signingName: 'test',
  apiVersion: '2020-01-01',
  protocols: ['restJson1'],
  file: '',
  operations: {
    Op: { name: 'Op', input: 'In', output: 'Out', http: { method: 'POST', uri: '/things/{Id}/{Key+}?mode=x', code: 200 } },
  },
  shapes: {
    String: { type: 'string' },
    Json: { type: 'string', mediaType: 'application/json' },
    Integer: { type: 'integer' },
    Double: { type: 'double' },
    Boolean: { type: 'boolean' },
    Timestamp: { type: 'timestamp' },
    Blob: { type: 'blob' },
    Strings: { type: 'list', member: { target: 'String' } },
    Integers: { type: 'list', member: { target: 'Integer' } },
    Timestamps: { type: 'list', member: { target: 'Timestamp' } },
    StringMap: { type: 'map', key: { target: 'String' }, value: { target: 'String' } },
    MultiMap: { type: 'map', key: { target: 'String' }, value: { target: 'Strings' } },
    Nested: { type: 'structure', members: { When: { target: 'Timestamp' }, Ratio: { target: 'Double', jsonName: 'ratio' } } },
    In: {
      type: 'structure',
      members: {
        Id: { target: 'Integer', httpLabel: true },
        Key: { target: 'String', httpLabel: true },
        Tags: { target: 'Strings', httpQuery: 'tag' },
        Since: { target: 'Timestamp', httpQuery: 'since' },
        Rest: { target: 'MultiMap', httpQueryParams: true },
        Names: { target: 'Strings', httpHeader: 'X-Names' },
        Dates: { target: 'Timestamps', httpHeader: 'X-Dates' },
        IfModifiedSince: { target: 'Timestamp', httpHeader: 'If-Modified-Since' },
        Epoch: { target: 'Timestamp', httpHeader: 'X-Epoch', timestampFormat: 'epoch-seconds' },
        Flag: { target: 'Boolean', httpHeader: 'X-Flag' },
        Doc: { target: 'Json', httpHeader: 'X-Doc' },
        Meta: { target: 'StringMap', httpPrefixHeaders: 'X-Meta-' },
        Nested: { target: 'Nested', jsonName: 'nested' },
      },
    },
    Out: {
      type: 'structure',
      members: {
        Status: { target: 'Integer', httpResponseCode: true },
        Names: { target: 'Strings', httpHeader: 'X-Names' },
        Dates: { target: 'Timestamps', httpHeader: 'X-Dates' },
        Modified: { target: 'Timestamp', httpHeader: 'Last-Modified' },
        Doc: { target: 'Json', httpHeader: 'X-Doc' },
        Meta: { target: 'StringMap', httpPrefixHeaders: 'X-Meta-' },
        Type: { target: 'String', httpHeader: 'Content-Type' },
        Body: { target: 'Blob', httpPayload: true },
      },
    },
  },
};

describe('http bindings', () => {
  const inShape = model.shapes.In as StructureShape;
  const outShape = model.shapes.Out as StructureShape;

  it('decodes labels, query, query params, headers, prefix headers', () => {
    const req: HttpRequest = {
      method: 'POST',
      path: '/things/7/a/b%20c',
      rawQuery: 'mode=x&tag=a&tag=b%2Cc&since=2026-11-27T10%3A00%3A00Z&other=1&other=2&x-id=Op',
      headers: {
        'x-names': 'a, "b,c", "d\\"e"',
        'x-dates': 'Fri, 27 Nov 2026 10:00:00 GMT, Sat, 28 Nov 2026 10:00:00 GMT',
        'if-modified-since': 'Fri, 27 Nov 2026 10:00:00 GMT',
        'x-epoch': '1795773600',
        'x-flag': 'true',
        'x-doc': Buffer.from('{"a":1}').toString('base64'),
        'x-meta-color': 'red',
        'x-meta-size': 'L',
      },
      body: Buffer.alloc(0),
    };
    const b = httpBindings(model, inShape);
    const input: Record<string, unknown> = {};
    decodeHttpBindings(req, b, { Id: '7', Key: 'a/b c' }, input, 'SerializationException', model.operations.Op);
    assert.deepEqual(input, {
      Id: 7,
      Key: 'a/b c',
      Tags: ['a', 'b,c'],
      Since: T,
      // Smithy: servers put every query parameter in the httpQueryParams map, those bound by
      // httpQuery too; the URI's literal keys (and JS v3's x-id) are not parameters.
      Rest: { tag: ['a', 'b,c'], since: ['2026-11-27T10:00:00Z'], other: ['1', '2'] },
      Names: ['a', 'b,c', 'd"e'],
      Dates: [T, new Date('2026-11-28T10:00:00Z')],
      IfModifiedSince: T,
      Epoch: T,
      Flag: true,
      Doc: '{"a":1}',
      Meta: { color: 'red', size: 'L' },
    });
    assert.deepEqual(Object.keys(b.body.members), ['Nested']);
    assert.equal(decodeRawPayload(req, b, input), false, 'body members: the body codec reads the body');
  });

  it('rejects a label that is not an integer', () => {
    const b = httpBindings(model, inShape);
    const req: HttpRequest = { method: 'POST', path: '/', rawQuery: '', headers: {}, body: Buffer.alloc(0) };
    assert.throws(() => decodeHttpBindings(req, b, { Id: 'seven' }, {}), awsError('SerializationException'));
  });

  it('encodes status code, headers (quoted lists, http-dates, base64 media type), prefix headers, payload', () => {
    const b = httpBindings(model, outShape);
    const res: HttpResponse = { status: 200, headers: {}, body: '' };
    const output = {
      Status: 206,
      Names: ['a', 'b,c'],
      Dates: [T, T],
      Modified: T,
      Doc: '{"a":1}',
      Meta: { color: 'red' },
      Type: 'image/png',
      Body: Buffer.from([1, 2, 3]),
    };
    encodeHttpBindings(output, b, res);
    assert.equal(encodeRawPayload(output, b, res), true);
    assert.equal(res.status, 206);
    assert.deepEqual(res.headers, {
      'x-names': 'a, "b,c"',
      'x-dates': 'Fri, 27 Nov 2026 10:00:00 GMT, Fri, 27 Nov 2026 10:00:00 GMT',
      'last-modified': 'Fri, 27 Nov 2026 10:00:00 GMT',
      'x-doc': Buffer.from('{"a":1}').toString('base64'),
      'x-meta-color': 'red',
      'content-type': 'image/png',
    });
    assert.deepEqual(res.body, Buffer.from([1, 2, 3]));
    assert.deepEqual(splitHeaderList(res.headers['x-names']!), ['a', 'b,c']);
  });

  it('never puts control characters into a header value', () => {
    const b = httpBindings(model, outShape);
    const res: HttpResponse = { status: 200, headers: {}, body: '' };
    encodeHttpBindings({ Type: 'a\r\nInjected: 1' }, b, res);
    assert.equal(res.headers['content-type'], 'a??Injected: 1');
  });
});

describe('JSON body reader/writer', () => {
  const nested = model.shapes.Nested!;
  it('restJson jsonName renames, timestamps to Date', () => {
    assert.deepEqual(readJson({ When: 1795773600, ratio: 0.5, junk: 1 }, model, nested, true), { When: T, Ratio: 0.5 });
    assert.equal(writeJson({ When: T, Ratio: 2, junk: 1 }, model, nested, true), '{"When":1795773600,"ratio":2.0}');
  });
  it('doubles: integral values as N.0, non-finite as strings, huge values stay valid JSON', () => {
    const s = { type: 'structure' as const, members: { D: { target: 'Double' } } };
    for (const [v, text] of [[3, '3.0'], [-0.5, '-0.5'], [1e21, '1e+21'], [NaN, '"NaN"'], [-Infinity, '"-Infinity"'], ['4', '4.0']] as const) {
      assert.equal(writeJson({ D: v }, model, s, false), `{"D":${text}}`);
      JSON.parse(writeJson({ D: v }, model, s, false));
    }
  });
  it('coerces scalar types and drops null members', () => {
    const s = {
      type: 'structure' as const,
      members: { S: { target: 'String' }, I: { target: 'Integer' }, B: { target: 'Boolean' }, L: { target: 'Integers' } },
    };
    assert.equal(writeJson({ S: 5, I: '12', B: 'true', L: ['1', 2.7, null], X: null }, model, s, false), '{"S":"5","I":12,"B":true,"L":[1,2,null]}');
    assert.equal(writeJson({ I: 'abc' }, model, s, false), '{}');
  });
});
