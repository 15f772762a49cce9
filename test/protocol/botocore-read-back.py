# Reads back responses Nimbus's codecs produced, as boto3 would: botocore's own response parser
# (botocore.parsers, through ResponseParserFactory.create_parser) with an OperationModel built from the protocol test case's
# shapes, then the comparison botocore's tests/unit/test_protocols.py makes against the case's
# `result` (or `error`). One run handles a whole protocol file: JSON on stdin, JSON on stdout.
#
# stdin:  {"protocol": "...", "cases": [{"key", "metadata", "shapes", "given", "response":
#          {"status_code", "headers", "body_b64"}, "result"?, "error"?, "errorCode"?, "errorMessage"?}]}
# stdout: [{"key", "ok", "parsed"?, "expected"?, "message"?}]
import base64
import copy
import json
import math
import sys
from calendar import timegm

from dateutil.tz import tzutc

from botocore.awsrequest import HeadersDict
from botocore.eventstream import EventStream
from botocore.model import OperationModel, ServiceModel
from botocore.parsers import ResponseParserFactory
from botocore.utils import parse_timestamp


def timestamp_parser(value):
    # As botocore's compliance tests: timestamps compare as epoch seconds (fractions kept).
    dt = parse_timestamp(value).astimezone(tzutc())
    seconds = timegm(dt.timetuple()) + dt.microsecond / 1e6
    return int(seconds) if seconds == int(seconds) else seconds


class RawStream:
    def __init__(self, data):
        self._data = data

    def stream(self):
        yield self._data


def to_str(v):
    if isinstance(v, dict):
        return {k: to_str(x) for k, x in v.items()}
    if isinstance(v, list):
        return [to_str(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode('utf-8')
    if hasattr(v, 'read') and callable(v.read):  # StreamingBody
        return v.read().decode('utf-8')
    return v


def fixup(parsed):
    parsed.pop('ResponseMetadata', None)
    for key, value in list(parsed.items()):
        if isinstance(value, EventStream):
            parsed[key] = list(value)
    parsed = to_str(parsed)
    if 'Error' in parsed:
        for k in list(parsed['Error'].keys()):
            if k not in ('Code', 'Message'):
                del parsed['Error'][k]
    return parsed


NONFINITE = {'NaN': 'nan', 'Infinity': 'inf', '-Infinity': '-inf'}


def same(a, b):
    """parsed == expected, where the fixtures write NaN/Infinity floats as strings."""
    if isinstance(a, float) and isinstance(b, str) and b in NONFINITE:
        return (math.isnan(a) and b == 'NaN') or a == float(NONFINITE[b])
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


def jsonable(v):
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [jsonable(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return repr(v)
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return repr(v)


def run(protocol, case):
    given = copy.deepcopy(case['given'])
    name = given.get('name', 'OperationName')
    if protocol == 'query' and 'output' in given:
        # botocore's query service models always name the result wrapper (Smithy's awsQuery rule:
        # `<Operation>Result`); the fixtures' `given` leaves it out.
        given['output'].setdefault('resultWrapper', f'{name}Result')
    description = {'metadata': case['metadata'], 'shapes': copy.deepcopy(case['shapes']), 'operations': {name: given}}
    model = ServiceModel(description)
    operation = OperationModel(given, model)
    factory = ResponseParserFactory()
    factory.set_parser_defaults(timestamp_parser=timestamp_parser)
    parser = factory.create_parser(protocol)
    body = base64.b64decode(case['response']['body_b64'])
    response = {
        'status_code': case['response']['status_code'],
        'headers': HeadersDict(case['response']['headers']),
        'body': RawStream(body) if operation.has_event_stream_output else body,
        'context': {'operation_name': name},
    }
    output_shape = operation.output_shape
    parsed = parser.parse(response, output_shape)
    if 'error' in case:
        # As botocore's client does (endpoint.py _add_modeled_error_fields): the modeled error is
        # the one whose error code (awsQueryError code, else shape name) is the parsed Code.
        error_shape = model.shape_for_error_code(parsed.get('Error', {}).get('Code'))
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
        expected = {'Error': {'Code': case.get('errorCode', ''), 'Message': case.get('errorMessage', '')}}
        expected.update(case['error'])
    else:
        expected = case['result']
    parsed = fixup(parsed)
    return parsed, expected


def main():
    request = json.load(sys.stdin)
    out = []
    for case in request['cases']:
        try:
            parsed, expected = run(request['protocol'], case)
            out.append({'key': case['key'], 'ok': same(parsed, expected), 'parsed': jsonable(parsed), 'expected': expected})
        except Exception as e:  # a response botocore cannot parse is a failed case, not a crash
            out.append({'key': case['key'], 'ok': False, 'message': f'{type(e).__name__}: {e}'})
    json.dump(out, sys.stdout)


main()
