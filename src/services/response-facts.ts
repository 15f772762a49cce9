// Facts about a service's responses that hold whether or not it has handlers yet. They live here,
// keyed by model id, rather than on its ServiceDefinition: a service gets a definition with its
// first handler (health then reports it 'available'), but its 501 NotImplemented answers and its
// routing errors must honour these facts already. The chain applies them to every response of the
// service, success or error (server/chain.ts: encode step and renderError).
//
// API:
//   responseFacts(id)   the service's facts, if any
export interface ResponseFacts {
  /** A checksum header over the exact body bytes. `crc32`: `x-amz-crc32`, decimal. */
  responseChecksum?: 'crc32';
}

const FACTS: Partial<Record<string, ResponseFacts>> = {
  // botocore and aws-sdk v2 check DynamoDB's x-amz-crc32 and retry (then fail) on a mismatch
  // (docs/PROTOCOL-NOTES.md). DynamoDB Streams shares its signing name but is a service of its
  // own (target prefix DynamoDBStreams_20120810), with the same header.
  dynamodb: { responseChecksum: 'crc32' },
  dynamodbstreams: { responseChecksum: 'crc32' },
};

export function responseFacts(id: string | undefined): ResponseFacts | undefined {
  return id !== undefined && Object.hasOwn(FACTS, id) ? FACTS[id] : undefined;
}
