// Parameter policies (AWS Systems Manager User Guide, "Assigning parameter policies"): a JSON list
// of policies of three types. Expiration deletes the parameter at its timestamp (host.scheduler);
// ExpirationNotification and NoChangeNotification are stored and returned (DELIBERATE
// DIFFERENCE: they would send EventBridge events, which Nimbus does not have yet).
import { AwsError } from '../../protocol/errors.js';

export interface ParsedPolicies {
  policies: Array<{ text: string; type: string }>;
  /** The Expiration policy's timestamp (ms), if any. */
  expiresAt?: number;
}

const TYPES = new Set(['Expiration', 'ExpirationNotification', 'NoChangeNotification']);

function invalidAttribute(message: string): AwsError {
  return new AwsError('InvalidPolicyAttributeException', message);
}

export function parsePolicies(text: string, now: number): ParsedPolicies {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new AwsError('InvalidPolicyTypeException', 'Invalid policy: the policies must be a JSON array of policy objects.');
  }
  if (!Array.isArray(list)) throw new AwsError('InvalidPolicyTypeException', 'Invalid policy: the policies must be a JSON array of policy objects.');
  if (list.length > 10) throw new AwsError('PoliciesLimitExceededException', 'A parameter can have at most 10 policies.');
  const out: ParsedPolicies = { policies: [] };
  const seen = new Set<string>();
  for (const p of list) {
    const type = (p as { Type?: unknown })?.Type;
    if (typeof type !== 'string' || !TYPES.has(type)) throw new AwsError('InvalidPolicyTypeException', `Invalid policy type: ${String(type)}`);
    if (seen.has(type)) throw new AwsError('IncompatiblePolicyException', `A parameter can have only one ${type} policy.`);
    seen.add(type);
    const attributes = (p as { Attributes?: Record<string, unknown> }).Attributes ?? {};
    if (type === 'Expiration') {
      const at = Date.parse(String(attributes.Timestamp ?? ''));
      if (Number.isNaN(at)) throw invalidAttribute('Expiration policy: Timestamp must be an ISO 8601 date and time.');
      if (at <= now) throw invalidAttribute('Expiration policy: Timestamp must be in the future.');
      out.expiresAt = at;
    } else if (type === 'ExpirationNotification') {
      if (!/^\d+$/.test(String(attributes.Before ?? '')) || !['Days', 'Hours'].includes(String(attributes.Unit))) {
        throw invalidAttribute('ExpirationNotification policy: Before must be a number and Unit Days or Hours.');
      }
    } else if (!/^\d+$/.test(String(attributes.After ?? '')) || !['Days', 'Hours'].includes(String(attributes.Unit))) {
      throw invalidAttribute('NoChangeNotification policy: After must be a number and Unit Days or Hours.');
    }
    out.policies.push({ text: JSON.stringify(p), type });
  }
  return out;
}
