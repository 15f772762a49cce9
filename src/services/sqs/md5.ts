// MD5OfMessageBody / MD5OfMessageAttributes / MD5OfMessageSystemAttributes exactly as SQS computes
// them. Clients verify these: the JS SDK v3 checks the body digest on SendMessage(Batch) and
// ReceiveMessage, the Java SDK also checks the attribute digests.
//
// The attribute digest (documented in the SQS Developer Guide, "Calculating the MD5 message digest
// for message attributes") is the MD5 of, for each attribute sorted by name:
//   uint32 BE length + UTF-8 name, uint32 BE length + UTF-8 DataType,
//   one transport byte (1 string/number, 2 binary, 3 string list, 4 binary list),
//   then uint32 BE length + value bytes (for lists: each element so).
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';

export type AttributeMap = Record<string, MessageAttributeValue>;

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The attribute digest, or undefined when there are no attributes (AWS then omits the member). */
export function md5OfAttributes(attributes: AttributeMap | undefined): string | undefined {
  if (!attributes) return undefined;
  const names = Object.keys(attributes);
  if (names.length === 0) return undefined;
  // AWS sorts by name with Java's String.compareTo (UTF-16 code units), which is JS's default sort.
  names.sort();
  const hash = createHash('md5');
  for (const name of names) {
    const a = attributes[name]!;
    lengthPrefixed(hash, Buffer.from(name, 'utf8'));
    lengthPrefixed(hash, Buffer.from(a.DataType ?? '', 'utf8'));
    if (a.StringValue !== undefined && a.StringValue !== null) {
      hash.update(TRANSPORT_STRING);
      lengthPrefixed(hash, Buffer.from(a.StringValue, 'utf8'));
    } else if (a.BinaryValue !== undefined && a.BinaryValue !== null) {
      hash.update(TRANSPORT_BINARY);
      lengthPrefixed(hash, toBytes(a.BinaryValue));
    } else if (a.StringListValues && a.StringListValues.length > 0) {
      hash.update(TRANSPORT_STRING_LIST);
      for (const v of a.StringListValues) lengthPrefixed(hash, Buffer.from(v, 'utf8'));
    } else if (a.BinaryListValues && a.BinaryListValues.length > 0) {
      hash.update(TRANSPORT_BINARY_LIST);
      for (const v of a.BinaryListValues) lengthPrefixed(hash, toBytes(v));
    }
  }
  return hash.digest('hex');
}

const TRANSPORT_STRING = Uint8Array.of(1);
const TRANSPORT_BINARY = Uint8Array.of(2);
const TRANSPORT_STRING_LIST = Uint8Array.of(3);
const TRANSPORT_BINARY_LIST = Uint8Array.of(4);

function lengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(bytes.length, 0);
  hash.update(len);
  hash.update(bytes);
}

/** Blob members arrive as Buffer (codecs), or as a string/Uint8Array from in-process callers. */
export function toBytes(v: Uint8Array | string): Uint8Array {
  return typeof v === 'string' ? Buffer.from(v, 'base64') : v;
}
