// SMS: account SMS attributes (Set/GetSMSAttributes), opt-outs (CheckIfPhoneNumberIsOptedOut,
// ListPhoneNumbersOptedOut, OptInPhoneNumber), the SMS sandbox (its destination numbers and their
// one-time passwords), origination numbers, and Publish to a PhoneNumber. Nimbus sends no texts:
// each text (and each sandbox one-time password) is recorded (deliveries.ts).
// Deliberate differences: the account is not in the sandbox (GetSMSSandboxAccountStatus answers
// false), so any number can be texted; a number opts out only through optOutPhoneNumber (on AWS its
// owner replies STOP, which needs a phone); no origination numbers are owned.
import type {
  CheckIfPhoneNumberIsOptedOutInput,
  CheckIfPhoneNumberIsOptedOutResponse,
  CreateSMSSandboxPhoneNumberInput,
  CreateSMSSandboxPhoneNumberResult,
  DeleteSMSSandboxPhoneNumberInput,
  DeleteSMSSandboxPhoneNumberResult,
  GetSMSAttributesInput,
  GetSMSAttributesResponse,
  GetSMSSandboxAccountStatusInput,
  GetSMSSandboxAccountStatusResult,
  ListOriginationNumbersRequest,
  ListOriginationNumbersResult,
  ListPhoneNumbersOptedOutInput,
  ListPhoneNumbersOptedOutResponse,
  ListSMSSandboxPhoneNumbersInput,
  ListSMSSandboxPhoneNumbersResult,
  OptInPhoneNumberInput,
  OptInPhoneNumberResponse,
  SetSMSAttributesInput,
  SetSMSAttributesResponse,
  VerifySMSSandboxPhoneNumberInput,
  VerifySMSSandboxPhoneNumberResult,
} from '@aws-sdk/client-sns';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../context.js';
import { recordDelivery } from './deliveries.js';
import { smsDetails } from './delivery/recorded.js';
import { invalidParameter, pageToken, parsePageToken, type SnsState } from './store.js';

export const E164 = /^\+[1-9]\d{1,14}$/;
/** AWS's longest SMS message (split into up to 10 parts of 160 GSM characters). */
export const MAX_SMS_CHARACTERS = 1600;
const PAGE = 100;

/** SetSMSAttributes' names, each with its check (an error reason, or undefined). */
const SMS_ATTRIBUTES: Record<string, (v: string) => string | undefined> = {
  MonthlySpendLimit: (v) => (/^\d+$/.test(v) ? undefined : 'MonthlySpendLimit must be a whole number of USD'),
  DeliveryStatusIAMRole: () => undefined,
  DeliveryStatusSuccessSamplingRate: (v) => (/^\d{1,3}$/.test(v) && Number(v) <= 100 ? undefined : 'DeliveryStatusSuccessSamplingRate must be between 0 and 100'),
  DefaultSenderID: (v) => (/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(v) ? undefined : 'DefaultSenderID must be 1-11 alphanumeric characters with at least one letter'),
  DefaultSMSType: (v) => (v === 'Promotional' || v === 'Transactional' ? undefined : 'DefaultSMSType must be Promotional or Transactional'),
  UsageReportS3Bucket: () => undefined,
};

function checkPhoneNumber(phoneNumber: string, what = 'PhoneNumber'): string {
  if (!E164.test(phoneNumber)) throw invalidParameter(`${what} Reason: input incorrectly formatted`);
  return phoneNumber;
}

export function setSMSAttributes(input: SetSMSAttributesInput, ctx: RequestContext, state: SnsState): SetSMSAttributesResponse {
  const scope = state.regions.for(ctx.account, ctx.region);
  const changes = input.attributes ?? {};
  for (const [k, v] of Object.entries(changes)) {
    const check = Object.hasOwn(SMS_ATTRIBUTES, k) ? SMS_ATTRIBUTES[k] : undefined;
    if (!check) throw invalidParameter(`attributes Reason: ${k} is not a valid attribute`);
    const reason = check(v);
    if (reason) throw invalidParameter(`attributes Reason: ${reason}`);
  }
  scope.smsAttributes = { ...scope.smsAttributes, ...changes };
  state.rows.smsAttributes(ctx.account, ctx.region, scope.smsAttributes);
  return {};
}

export function getSMSAttributes(input: GetSMSAttributesInput, ctx: RequestContext, state: SnsState): GetSMSAttributesResponse {
  const all = state.regions.for(ctx.account, ctx.region).smsAttributes;
  const wanted = input.attributes?.length ? input.attributes : Object.keys(all);
  const attributes: Record<string, string> = {};
  for (const k of wanted) if (Object.hasOwn(all, k)) attributes[k] = all[k]!;
  return { attributes };
}

export function checkIfPhoneNumberIsOptedOut(input: CheckIfPhoneNumberIsOptedOutInput, ctx: RequestContext, state: SnsState): CheckIfPhoneNumberIsOptedOutResponse {
  const phone = checkPhoneNumber(input.phoneNumber!, 'phoneNumber');
  return { isOptedOut: state.regions.for(ctx.account, ctx.region).optedOut.has(phone) };
}

export function listPhoneNumbersOptedOut(input: ListPhoneNumbersOptedOutInput, ctx: RequestContext, state: SnsState): ListPhoneNumbersOptedOutResponse {
  const numbers = [...state.regions.for(ctx.account, ctx.region).optedOut.keys()];
  const start = parsePageToken(input.nextToken);
  const page = numbers.slice(start, start + PAGE);
  return { phoneNumbers: page, ...(start + PAGE < numbers.length && { nextToken: pageToken(start + PAGE) }) };
}

export function optInPhoneNumber(input: OptInPhoneNumberInput, ctx: RequestContext, state: SnsState): OptInPhoneNumberResponse {
  const phone = checkPhoneNumber(input.phoneNumber!, 'phoneNumber');
  const scope = state.regions.for(ctx.account, ctx.region);
  if (scope.optedOut.delete(phone)) state.rows.optedOut(ctx.account, ctx.region, phone, undefined);
  return {};
}

/** A number's owner opted out (on AWS, by replying STOP). Nimbus's hook for tests and tools. */
export function optOutPhoneNumber(state: SnsState, account: string, region: string, phoneNumber: string, at: number): void {
  const scope = state.regions.for(account, region);
  if (scope.optedOut.has(phoneNumber)) return;
  scope.optedOut.set(phoneNumber, at);
  state.rows.optedOut(account, region, phoneNumber, at);
}

// ---------------------------------------------------------------- sandbox

export function getSMSSandboxAccountStatus(_input: GetSMSSandboxAccountStatusInput): GetSMSSandboxAccountStatusResult {
  return { IsInSandbox: false };
}

export function createSMSSandboxPhoneNumber(input: CreateSMSSandboxPhoneNumberInput, ctx: RequestContext, state: SnsState): CreateSMSSandboxPhoneNumberResult {
  const phone = checkPhoneNumber(input.PhoneNumber!);
  const scope = state.regions.for(ctx.account, ctx.region);
  if (scope.optedOut.has(phone)) throw new AwsError('OptedOutException', 'Phone number is opted out');
  const existing = scope.sandboxNumbers.get(phone);
  if (existing?.status === 'Verified') throw new AwsError('UserErrorException', 'Phone number is already verified');
  // A six-digit one-time password, "texted" to the number (recorded).
  const oneTimePassword = String(parseInt(ctx.ids.hex(8), 16) % 1_000_000).padStart(6, '0');
  const entry = { phoneNumber: phone, status: 'Pending' as const, oneTimePassword, languageCode: input.LanguageCode ?? 'en-US', seq: existing?.seq ?? scope.nextSeq++ };
  scope.sandboxNumbers.set(phone, entry);
  state.rows.sandboxNumber(ctx.account, ctx.region, entry);
  state.rows.counters(ctx.account, ctx.region, scope);
  recordDelivery(state, ctx.account, ctx.region, {
    protocol: 'sms',
    endpoint: phone,
    type: 'SandboxVerification',
    status: 'delivered',
    timestamp: new Date(ctx.clock.now()).toISOString(),
    messageId: ctx.ids.uuid(),
    message: `Your verification code is ${oneTimePassword}`,
    details: { oneTimePassword, smsType: 'Transactional' },
  });
  return {};
}

export function verifySMSSandboxPhoneNumber(input: VerifySMSSandboxPhoneNumberInput, ctx: RequestContext, state: SnsState): VerifySMSSandboxPhoneNumberResult {
  const phone = checkPhoneNumber(input.PhoneNumber!);
  const scope = state.regions.for(ctx.account, ctx.region);
  const entry = scope.sandboxNumbers.get(phone);
  if (!entry) throw new AwsError('ResourceNotFoundException', 'Phone number does not exist in the sandbox');
  if (entry.status === 'Pending') {
    if (input.OneTimePassword !== entry.oneTimePassword) throw new AwsError('VerificationException', 'Invalid one-time password');
    entry.status = 'Verified';
    state.rows.sandboxNumber(ctx.account, ctx.region, entry);
  }
  return {};
}

export function listSMSSandboxPhoneNumbers(input: ListSMSSandboxPhoneNumbersInput, ctx: RequestContext, state: SnsState): ListSMSSandboxPhoneNumbersResult {
  const all = [...state.regions.for(ctx.account, ctx.region).sandboxNumbers.values()];
  const size = input.MaxResults ?? PAGE;
  const start = parsePageToken(input.NextToken);
  const page = all.slice(start, start + size);
  return {
    PhoneNumbers: page.map((n) => ({ PhoneNumber: n.phoneNumber, Status: n.status })),
    ...(start + size < all.length && { NextToken: pageToken(start + size) }),
  };
}

export function deleteSMSSandboxPhoneNumber(input: DeleteSMSSandboxPhoneNumberInput, ctx: RequestContext, state: SnsState): DeleteSMSSandboxPhoneNumberResult {
  const phone = checkPhoneNumber(input.PhoneNumber!);
  const scope = state.regions.for(ctx.account, ctx.region);
  const entry = scope.sandboxNumbers.get(phone);
  if (!entry) throw new AwsError('ResourceNotFoundException', 'Phone number does not exist in the sandbox');
  scope.sandboxNumbers.delete(phone);
  state.rows.sandboxNumber(ctx.account, ctx.region, entry, true);
  return {};
}

export function listOriginationNumbers(_input: ListOriginationNumbersRequest): ListOriginationNumbersResult {
  // Nimbus owns no origination numbers (on AWS they are bought in the console or the SMS API).
  return { PhoneNumbers: [] };
}

// ---------------------------------------------------------------- Publish to a phone number

/** Publish with PhoneNumber: the text is recorded (failed when the number has opted out). */
export function publishSms(
  ctx: RequestContext,
  state: SnsState,
  phoneNumber: string,
  message: string,
  attributes: Record<string, { StringValue?: string }> | undefined,
): string {
  const scope = state.regions.for(ctx.account, ctx.region);
  const messageId = ctx.ids.uuid();
  const optedOut = scope.optedOut.has(phoneNumber);
  recordDelivery(state, ctx.account, ctx.region, {
    protocol: 'sms',
    endpoint: phoneNumber,
    type: 'Notification',
    status: optedOut ? 'failed' : 'delivered',
    ...(optedOut && { reason: 'The phone number has opted out' }),
    timestamp: new Date(ctx.clock.now()).toISOString(),
    messageId,
    message,
    details: smsDetails(scope.smsAttributes, attributes),
  });
  return messageId;
}
