// What SendMessage and SendMessageBatch accept, checked as AWS checks it: body characters and
// size (body plus attributes, against the queue's MaximumMessageSize, at most 1 MiB since 2025),
// message attributes of every type, the FIFO ids. Errors use AWS's codes and wording.
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import { AwsError } from '../../protocol/errors.js';
import type { AttributeMap } from './md5.js';
import { toBytes } from './md5.js';

export const MAX_ATTRIBUTES = 10;
/** Absolute maximum of a message and of a whole SendMessageBatch (AWS raised both to 1 MiB in 2025). */
export const MAX_PAYLOAD = 1_048_576;

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

// XML 1.0 characters: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. With the
// `u` flag a lone surrogate is its own code point and so is caught too.
const INVALID_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const INVALID_CHARS_TEXT =
  'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF';

export function checkBody(body: string | undefined): void {
  if (body === undefined || body === '') throw new AwsError('MissingParameter', 'The request must contain the parameter MessageBody.');
  if (INVALID_CHARS.test(body)) throw new AwsError('InvalidMessageContents', INVALID_CHARS_TEXT);
}

/** Bytes a message counts against MaximumMessageSize: body, and each attribute's name, type and value. */
export function payloadSize(body: string, attributes: AttributeMap | undefined): number {
  let n = Buffer.byteLength(body, 'utf8');
  if (attributes) {
    for (const name in attributes) {
      const a = attributes[name]!;
      n += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(a.DataType ?? '', 'utf8');
      if (a.StringValue != null) n += Buffer.byteLength(a.StringValue, 'utf8');
      else if (a.BinaryValue != null) n += toBytes(a.BinaryValue).length;
    }
  }
  return n;
}

export function checkSize(size: number, max: number): void {
  if (size > max) throw invalid(`One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`);
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.\-\u00C0-\u017F]+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Message (user) attributes: at most 10, names and types as AWS allows, non-empty values. */
export function checkMessageAttributes(attributes: AttributeMap | undefined): void {
  if (!attributes) return;
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) {
    throw invalid(`Number of message attributes [${names.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  }
  for (const name of names) {
    if (name.length === 0) throw invalid('The request must contain non-empty message attribute names.');
    if (Buffer.byteLength(name) > 256) throw invalid('Message (user) attribute names must be shorter than 256 Bytes.');
    if (!ATTRIBUTE_NAME.test(name)) {
      throw invalid('Message (user) attributes name can only contain upper and lower score characters, digits, periods, hyphens and underscores.');
    }
    const lower = name.toLowerCase();
    if (lower.startsWith('aws.') || lower.startsWith('amazon.') || name.startsWith('.') || name.endsWith('.')) {
      throw invalid("You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are reserved for internal use. Additionally, they cannot start or end with '.'.");
    }
    if (name.includes('..')) throw invalid(`Message (user) attribute name '${name}' can not have successive '.' character.`);
    checkAttributeValue('user', name, attributes[name]!);
  }
}

function checkAttributeValue(kind: 'user' | 'system', name: string, a: MessageAttributeValue): void {
  const type = a.DataType ?? '';
  const base = /^(String|Number|Binary)(\..+)?$/.exec(type)?.[1];
  if (!base) {
    throw invalid(`The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`);
  }
  if (Buffer.byteLength(type) > 256) throw invalid(`Message (${kind}) attribute '${name}' type must be shorter than 256 Bytes.`);
  if ((a.StringListValues && a.StringListValues.length > 0) || (a.BinaryListValues && a.BinaryListValues.length > 0)) {
    throw invalid('Message attribute list values in SendMessage operation are not supported.');
  }
  if (base === 'Binary') {
    if (a.BinaryValue == null || toBytes(a.BinaryValue).length === 0) {
      throw invalid(`Message (${kind}) attribute '${name}' must contain a non-empty value of type 'Binary'.`);
    }
    return;
  }
  if (a.StringValue == null || a.StringValue === '') {
    throw invalid(`Message (${kind}) attribute '${name}' must contain a non-empty value of type '${base}'.`);
  }
  if (INVALID_CHARS.test(a.StringValue)) throw invalid(INVALID_CHARS_TEXT);
  if (base === 'Number' && !NUMBER.test(a.StringValue.trim())) {
    throw invalid(`Can't cast the value of message (${kind}) attribute '${name}' to a number.`);
  }
}

/** MessageSystemAttributes: only AWSTraceHeader, a String. */
export function checkSystemAttributes(attributes: Record<string, MessageAttributeValue> | undefined): void {
  if (!attributes) return;
  for (const name of Object.keys(attributes)) {
    if (name !== 'AWSTraceHeader') throw invalid(`Message system attribute name '${name}' is invalid.`);
    const a = attributes[name]!;
    if (a.DataType !== 'String') throw invalid(`The type of message (system) attribute '${name}' is invalid. You must use only the following supported type prefixes: String.`);
    checkAttributeValue('system', name, a);
  }
}

// MessageGroupId / MessageDeduplicationId: 1-128 characters, alphanumeric and punctuation.
const FIFO_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;

export function checkFifoId(value: string | undefined, parameter: 'MessageGroupId' | 'MessageDeduplicationId'): void {
  if (value === undefined) return;
  if (!FIFO_ID.test(value)) {
    throw invalid(`Value ${value} for parameter ${parameter} is invalid. Reason: ${parameter} can only include alphanumeric and punctuation characters. 1 to 128 in length.`);
  }
}

// ------------------------------------------------------------------------------ batches

const BATCH_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** The request-level checks every *Batch operation makes before looking at any entry. */
export function checkBatch(entries: Array<{ Id?: string }> | undefined, entryName: string): void {
  if (!entries || entries.length === 0) {
    throw new AwsError('EmptyBatchRequest', `There should be at least one ${entryName} in the request.`);
  }
  if (entries.length > 10) {
    throw new AwsError('TooManyEntriesInBatchRequest', `Maximum number of entries per request are 10. You have sent ${entries.length}.`);
  }
  const seen = new Set<string>();
  for (const e of entries) {
    const id = e.Id ?? '';
    if (!BATCH_ID.test(id)) {
      throw new AwsError('InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
    }
    if (seen.has(id)) throw new AwsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    seen.add(id);
  }
}

/** A per-entry failure, as BatchResultErrorEntry. */
export function batchError(id: string, err: unknown): { Id: string; SenderFault: boolean; Code: string; Message: string } {
  if (err instanceof AwsError) return { Id: id, SenderFault: err.fault === 'client', Code: err.code, Message: err.message };
  return { Id: id, SenderFault: false, Code: 'InternalError', Message: (err as Error)?.message ?? String(err) };
}
