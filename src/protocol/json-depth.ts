// Nesting limits for JSON that arrives in requests: request bodies (awsJson, restJson1) and JSON
// documents carried in string members (SQS queue policies and redrive policies, SNS topic,
// filter and delivery policies, message bodies matched by payload-based filtering).
//
// JSON.parse itself copes with any depth, but everything that walks the parsed value afterwards
// (the model-driven readers, the validator, policy and filter-policy checks) recurses, and a
// document nested a few thousand levels deep overflows the stack. So depth is checked first, in one
// iterative pass over the text, and a document deeper than MAX_JSON_DEPTH is refused before
// anything recurses. The cap is fixed and generous: no AWS model or document comes near it (the
// deepest legitimate input is a DynamoDB item, 32 levels of M/L = about 70 JSON levels; IAM, SQS and
// SNS policies nest a handful of levels).
//
// API:
//   MAX_JSON_DEPTH                     the cap
//   jsonDepthExceeds(text, max?)       true when arrays/objects nest deeper than `max`
//   parseJsonDocument(text, max?)      JSON.parse behind the depth check; throws SyntaxError
//                                      (JsonTooDeepError) so callers' "invalid JSON" paths apply

export const MAX_JSON_DEPTH = 128;

export class JsonTooDeepError extends SyntaxError {
  constructor(max: number) {
    super(`JSON nested deeper than ${max} levels`);
    this.name = 'JsonTooDeepError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when `text` (JSON, as a string or UTF-8 bytes) nests arrays/objects deeper than `max`.
 *  Malformed text is not judged here: JSON.parse reports it. */
export function jsonDepthExceeds(text: string | Uint8Array, max = MAX_JSON_DEPTH): boolean {
  // Brackets and quotes are ASCII, so UTF-16 code units and UTF-8 bytes are scanned alike.
  const n = text.length;
  // Nesting deeper than `max` takes more than `max` opening brackets: a shorter text cannot (most
  // request bodies), and is not scanned.
  if (n <= max) return false;
  const bytes = typeof text !== 'string';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < n; i++) {
    const c = bytes ? (text as Uint8Array)[i]! : (text as string).charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** JSON.parse for documents from requests: refuses nesting deeper than `max` with a SyntaxError. */
export function parseJsonDocument(text: string, max = MAX_JSON_DEPTH): unknown {
  if (jsonDepthExceeds(text, max)) throw new JsonTooDeepError(max);
  return JSON.parse(text);
}
