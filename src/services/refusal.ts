// The end of AWS's "User: ... is not authorized to perform: ... on resource: ..." messages, by why
// the request was refused (KMS and SNS word their AccessDenied this way).
import type { RefusalReason } from './service.js';

export function refusalPhrase(reason: RefusalReason | undefined, action: string): string {
  const r = reason ?? 'no resource-based policy allows';
  return r.startsWith('explicit deny') ? `with an ${r}` : `because ${r} the ${action} action`;
}
