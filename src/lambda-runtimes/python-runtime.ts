// Nimbus's Python runtime client, run as `python3 -u -c <this source>` on the host's python3 in an
// execution environment of a python3.* function. Like AWS's awslambdaric it loads the handler
// module once (init), then loops on the Runtime API's /invocation/next and posts /response or
// /error with AWS's error shape (errorMessage, errorType, requestId, stackTrace). boto3 is whatever
// the host's python3 imports (its site-packages): the "runtime-provided SDK".
export const PYTHON_RUNTIME = String.raw`
import http.client, importlib, json, os, sys, time, traceback, logging

api = os.environ.get('AWS_LAMBDA_RUNTIME_API', '127.0.0.1:9001')
host, port = api.rsplit(':', 1)
conn = http.client.HTTPConnection(host, int(port))
BASE = '/2018-06-01/runtime'
task_root = os.environ.get('LAMBDA_TASK_ROOT', os.getcwd())
sys.path.insert(0, task_root)
os.chdir(task_root)

def call(method, path, body=None, headers=None):
    global conn
    h = dict(headers or {})
    if body is not None:
        h['Content-Type'] = 'application/json'
    for attempt in (0, 1):
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        except (http.client.HTTPException, ConnectionError):
            if attempt:
                raise
            conn = http.client.HTTPConnection(host, int(port))

class LambdaFormatter(logging.Formatter):
    def format(self, record):
        record.aws_request_id = getattr(record, 'aws_request_id', current['id'])
        return super().format(record)

current = {'id': ''}
class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current['id']
        return True

handler_ = logging.StreamHandler(sys.stdout)
handler_.setFormatter(logging.Formatter('[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S'))
handler_.addFilter(RequestIdFilter())
logging.Formatter.converter = time.gmtime
root = logging.getLogger()
root.addHandler(handler_)
root.setLevel(logging.WARNING)

def error_body(e, request_id=''):
    tb = traceback.extract_tb(e.__traceback__)
    return {'errorMessage': str(e), 'errorType': type(e).__name__, 'requestId': request_id,
            'stackTrace': traceback.format_list(tb)}

def init_error(error_type, message, e=None):
    body = {'errorMessage': message, 'errorType': error_type, 'requestId': '', 'stackTrace': traceback.format_list(traceback.extract_tb(e.__traceback__)) if e else []}
    print('[ERROR] %s: %s' % (error_type, message), file=sys.stderr)
    call('POST', BASE + '/init/error', json.dumps(body), {'Lambda-Runtime-Function-Error-Type': error_type})
    sys.exit(1)

handler_name = os.environ.get('_HANDLER', 'lambda_function.lambda_handler')
module_name, _, function_name = handler_name.rpartition('.')
if not module_name:
    init_error('Runtime.MalformedHandlerName', "Bad handler '%s': not enough values to unpack (expected 2, got 1)" % handler_name)
try:
    module = importlib.import_module(module_name.replace('/', '.'))
except ImportError as e:
    init_error('Runtime.ImportModuleError', "Unable to import module '%s': %s" % (module_name, e), e)
except SyntaxError as e:
    init_error('Runtime.UserCodeSyntaxError', "Syntax error in module '%s': %s" % (module_name, e), e)
except Exception as e:
    init_error(type(e).__name__, str(e), e)
handler = getattr(module, function_name, None)
if handler is None:
    init_error('Runtime.HandlerNotFound', "Handler '%s' missing on module '%s'" % (function_name, module_name))

class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get('Lambda-Runtime-Aws-Request-Id')
        self._deadline = int(headers.get('Lambda-Runtime-Deadline-Ms', '0'))
        self.invoked_function_arn = headers.get('Lambda-Runtime-Invoked-Function-Arn')
        self.function_name = os.environ.get('AWS_LAMBDA_FUNCTION_NAME')
        self.function_version = os.environ.get('AWS_LAMBDA_FUNCTION_VERSION')
        self.memory_limit_in_mb = os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE')
        self.log_group_name = os.environ.get('AWS_LAMBDA_LOG_GROUP_NAME')
        self.log_stream_name = os.environ.get('AWS_LAMBDA_LOG_STREAM_NAME')
        cc = headers.get('Lambda-Runtime-Client-Context')
        self.client_context = json.loads(cc) if cc else None
        self.identity = None
    def get_remaining_time_in_millis(self):
        return max(0, self._deadline - int(time.time() * 1000))

while True:
    status, headers, body = call('GET', BASE + '/invocation/next')
    request_id = headers.get('Lambda-Runtime-Aws-Request-Id')
    current['id'] = request_id
    if headers.get('Lambda-Runtime-Trace-Id'):
        os.environ['_X_AMZN_TRACE_ID'] = headers.get('Lambda-Runtime-Trace-Id')
    try:
        event = json.loads(body) if body else None
        result = handler(event, Context(headers))
        call('POST', BASE + '/invocation/%s/response' % request_id, json.dumps(result))
    except Exception as e:
        err = error_body(e, request_id)
        print('[ERROR] %s: %s\nTraceback (most recent call last):\n%s' % (err['errorType'], err['errorMessage'], ''.join(err['stackTrace'])), file=sys.stderr, flush=True)
        call('POST', BASE + '/invocation/%s/error' % request_id, json.dumps(err), {'Lambda-Runtime-Function-Error-Type': err['errorType']})
`;
