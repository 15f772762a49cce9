// The one error type handlers, validation and the protocol layer throw. Codecs render it in the
// request's protocol; status and legacy query codes come from the service model when the code names
// a modeled error shape, else from the fields here.

export type Fault = 'client' | 'server';

export interface AwsErrorOptions {
  /** HTTP status when the model does not declare the error (default 400 client, 500 server). */
  status?: number;
  fault?: Fault;
  /** Legacy awsQuery code when the model does not declare one (query-compatible services). */
  queryCode?: string;
  /** Extra modeled members of the error structure (e.g. DynamoDB's CancellationReasons). */
  fields?: Record<string, unknown>;
  /** Extra response headers (e.g. S3's x-amz-bucket-region). */
  headers?: Record<string, string>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly queryCode?: string;
  readonly fields?: Record<string, unknown>;
  readonly headers?: Record<string, string>;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = code;
    this.code = code;
    this.fault = options.fault ?? ((options.status ?? 400) >= 500 ? 'server' : 'client');
    this.status = options.status ?? (this.fault === 'server' ? 500 : 400);
    this.queryCode = options.queryCode;
    this.fields = options.fields;
    // Header names are lower-case everywhere (the codecs merge these with their own).
    if (options.headers) {
      const headers: Record<string, string> = {};
      for (const k in options.headers) headers[k.toLowerCase()] = options.headers[k]!;
      this.headers = headers;
    }
  }
}

/** The answer for an operation Nimbus routes but has no handler for yet. */
export function notImplemented(sdkId: string, operation: string): AwsError {
  return new AwsError('NotImplemented', `${sdkId}.${operation} is not implemented in Nimbus yet`, {
    status: 501,
    fault: 'server',
  });
}

/** The answer for an operation the service does not have, in its protocol's words: query
 *  services' InvalidAction, else UnknownOperationException (`detail` says what was asked). */
export function unknownOperation(protocol: ProtocolName, operation: string, detail?: string): AwsError {
  if (protocol === 'awsQuery' || protocol === 'ec2Query') {
    return new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`);
  }
  return new AwsError('UnknownOperationException', `Unknown operation ${operation}${detail ? ` (${detail})` : ''}`);
}

import type { ProtocolName, ServiceModel, StructureShape } from '../models/types.js';

/** What every codec needs to render an error: the model's facts win over the thrown error's. */
export interface ResolvedError {
  /** Smithy shape name (awsJson `__type`, restJson `X-Amzn-ErrorType`, restXml `<Code>`). */
  code: string;
  status: number;
  fault: Fault;
  /** Legacy query code: awsQuery `<Code>` and `x-amzn-query-error` of query-compatible services. */
  queryCode: string;
  /** HTTP status awsQuery answers with (awsQueryError's, else `status`). */
  queryStatus: number;
  /** The modeled error structure, when the code names one (its members render beside the message). */
  shape?: StructureShape;
}

export function resolveError(error: AwsError, model: ServiceModel | undefined): ResolvedError {
  const shape = model?.shapes[error.code];
  if (shape?.type === 'structure' && shape.error) {
    const status = shape.error.httpStatus;
    return {
      code: error.code,
      status,
      fault: shape.error.fault,
      queryCode: shape.error.queryError?.code ?? error.queryCode ?? error.code,
      queryStatus: shape.error.queryError?.httpStatus ?? status,
      shape,
    };
  }
  return {
    code: error.code,
    status: error.status,
    fault: error.fault,
    queryCode: error.queryCode ?? error.code,
    queryStatus: error.status,
  };
}
