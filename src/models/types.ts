// The compiled service model: the one contract between the model compiler (scripts/compile-models.ts),
// the protocol layer and the services. Generated JSON files in this folder follow these types; they
// are never edited by hand (`npm run models` regenerates them).
//
// Vocabulary follows Smithy: shapes are named, members target shapes, traits keep Smithy's names.

export type ProtocolName =
  | 'awsJson1_0'
  | 'awsJson1_1'
  | 'awsQuery'
  | 'ec2Query'
  | 'restJson1'
  | 'restXml'
  | 'rpcv2Cbor';

/** One entry of src/models/index.json: what the router needs without loading a whole model. */
export interface ServiceSummary {
  /** Nimbus's service id: sqs, sns, lambda, apigateway, stepfunctions, dynamodb, s3, ssm, kms, iam,
   *  sts, cloudformation, cloudwatch, logs, xray, elasticache, rds, ec2, ecs, codebuild. */
  id: string;
  /** The SDK's serviceId, e.g. "SQS", "CloudWatch", "SFN". */
  sdkId: string;
  /** The Smithy service shape name, e.g. "AmazonSQS"; rpcv2Cbor paths use it. */
  shapeName: string;
  /** SigV4 signing name (credential scope service), e.g. "monitoring" for CloudWatch. */
  signingName: string;
  /** API version; awsQuery/ec2Query requests carry it as `Version`. */
  apiVersion: string;
  /** Every protocol the service accepts; the first is the one the pinned SDK sends by default. */
  protocols: ProtocolName[];
  /** awsJson `X-Amz-Target` prefix, e.g. "AmazonSQS". */
  targetPrefix?: string;
  /** xmlns of awsQuery/ec2Query/restXml responses. */
  xmlNamespace?: string;
  /** JSON/CBOR errors carry `x-amzn-query-error` with the legacy query code. */
  awsQueryCompatible?: boolean;
  /** The model file beside index.json, e.g. "sqs.json". */
  file: string;
}

export interface ServiceModel extends ServiceSummary {
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

export interface OperationModel {
  name: string;
  /** Input structure shape name; absent for Smithy's Unit. */
  input?: string;
  /** Output structure shape name; absent for Smithy's Unit. */
  output?: string;
  /** Error structure shape names this operation declares. */
  errors?: string[];
  /** REST binding. `uri` is the model's template (labels `{Name}`, greedy `{Name+}`, literal query
   *  keys after `?`), with S3's `{Bucket}` label restored and the SDK's `x-id` query key removed. */
  http?: { method: string; uri: string; code: number };
  /** endpoint trait host prefix, e.g. "sync-" (may contain `{Label}` host labels). */
  hostPrefix?: string;
  /** Operation requires a request checksum (httpChecksumRequired / requestChecksumRequired). */
  httpChecksumRequired?: boolean;
  /** A legacy operation only botocore models, sharing its route with this current operation:
   *  the router never picks it (the request reaches `servedBy`, whose handler takes both forms). */
  servedBy?: string;
}

/** A member of a structure/union, or the member/key/value of a list/map. */
export interface MemberModel {
  /** Target shape name (a key of ServiceModel.shapes). */
  target: string;
  required?: true;
  // --- HTTP bindings (restJson1 / restXml) ---
  httpLabel?: true;
  httpQuery?: string;
  httpQueryParams?: true;
  httpHeader?: string;
  httpPrefixHeaders?: string;
  httpResponseCode?: true;
  httpPayload?: true;
  // --- serialization names and formats ---
  jsonName?: string;
  xmlName?: string;
  xmlAttribute?: true;
  xmlFlattened?: true;
  xmlNamespace?: { uri: string; prefix?: string };
  ec2QueryName?: string;
  timestampFormat?: 'date-time' | 'http-date' | 'epoch-seconds';
  hostLabel?: true;
  idempotencyToken?: true;
  // --- event streams ---
  /** Added by the model compiler: in an event structure (member of a streaming union), this
   *  member is the event message's payload (Smithy `eventPayload`); the other members are not
   *  headers unless so marked (no in-scope service uses `eventHeader`). */
  eventPayload?: true;
}

export type ScalarType =
  | 'string'
  | 'blob'
  | 'boolean'
  | 'byte'
  | 'short'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'bigInteger'
  | 'bigDecimal'
  | 'timestamp'
  | 'document';

/** Constraints from botocore: for strings and blobs `min`/`max` are lengths, for numbers a range,
 *  for lists and maps an entry count. */
export interface Constraints {
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ScalarShape extends Constraints {
  type: ScalarType;
  timestampFormat?: 'date-time' | 'http-date' | 'epoch-seconds';
  /** A streaming blob (S3 object bodies, Lambda payloads). */
  streaming?: true;
  mediaType?: string;
  sensitive?: true;
}

export interface StructureShape {
  type: 'structure';
  members: Record<string, MemberModel>;
  xmlName?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  /** Present when this structure is an error. */
  error?: ErrorTraits;
}

export interface ErrorTraits {
  fault: 'client' | 'server';
  /** httpError trait, else 400 for client and 500 for server faults. */
  httpStatus: number;
  /** awsQueryError trait: the legacy code and status query-compatible services answer with. */
  queryError?: { code: string; httpStatus: number };
}

export interface UnionShape {
  type: 'union';
  members: Record<string, MemberModel>;
  /** An event stream (streaming union). */
  streaming?: true;
}

export interface ListShape extends Constraints {
  type: 'list';
  member: MemberModel;
  sparse?: true;
}

export interface MapShape extends Constraints {
  type: 'map';
  key: MemberModel;
  value: MemberModel;
  sparse?: true;
}

export type Shape = ScalarShape | StructureShape | UnionShape | ListShape | MapShape;
