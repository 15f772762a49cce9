// One interface for every wire protocol. A codec turns an HTTP request into the operation's plain
// input, and the operation's plain output (or an AwsError) into an HTTP response, all driven by the
// compiled model. Codecs never know what a queue or a bucket is.
//
// Value conventions shared by every codec, the validator and the handlers:
//   structure -> plain object keyed by the model's member names (never jsonName/xmlName)
//   list -> array; map -> plain object; union -> object with exactly one member set
//   string/enum -> string; boolean -> boolean; byte..long, float, double, bigDecimal -> number
//   timestamp -> Date when decoded; encoders accept Date, epoch seconds (number) or an ISO string
//   blob -> Buffer when decoded; encoders accept Buffer/Uint8Array or a string (UTF-8)
//   document -> plain JSON value
// Decoders keep JSON values as sent (the validator reports wrong types); text protocols (query,
// XML, headers, labels) convert to the model type and throw the protocol's serialization error when
// a value cannot be converted.
import type { OperationModel, ProtocolName, ServiceModel } from '../models/types.js';
import type { AwsError } from './errors.js';
import type { HttpRequest, HttpResponse } from './http.js';
import type { ValidationCodes } from './validate.js';

export type Input = Record<string, unknown>;
export type Output = Record<string, unknown>;

export interface DecodeContext {
  /** REST only: the URI labels the router matched, already percent-decoded. */
  labels?: Record<string, string>;
  /** awsQuery/ec2Query only: the parsed form (body, or query string for GET). */
  form?: URLSearchParams;
  /** The service's own validation codes (ServiceDefinition.validation), for the errors a decoder
   *  raises itself (a query key nested too deep); else the protocol's. */
  validation?: ValidationCodes;
}

export interface EncodeContext {
  requestId: string;
}

export interface Codec {
  readonly protocol: ProtocolName;
  decode(req: HttpRequest, model: ServiceModel, op: OperationModel, dc: DecodeContext): Input;
  encode(output: Output | undefined, model: ServiceModel, op: OperationModel, ec: EncodeContext): HttpResponse;
  /** `op` is undefined when the request failed before an operation was known. */
  encodeError(error: AwsError, model: ServiceModel, op: OperationModel | undefined, ec: EncodeContext): HttpResponse;
}
