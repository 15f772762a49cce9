// ListQueues-style pagination (ListQueues, ListDeadLetterSourceQueues): by queue name, with an
// opaque token naming the last queue of the page.
import { AwsError } from '../../protocol/errors.js';

const LIST_MAX = 1000;

/** ListQueues-style pagination over items with a `name`, sorted by name. */
export function paginate<T extends { name: string }>(items: T[], max: number | undefined, token: string | undefined): { items: T[]; nextToken?: string } {
  if (max !== undefined && (max < 1 || max > LIST_MAX)) {
    throw new AwsError('InvalidParameterValue', `Value ${max} for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.`);
  }
  if (token !== undefined && max === undefined) {
    throw new AwsError('InvalidParameterValue', 'MaxResults is a mandatory parameter when you provide a value for NextToken.');
  }
  let sorted = [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (token) {
    const after = Buffer.from(token, 'base64url').toString('utf8');
    sorted = sorted.filter((q) => q.name > after);
  }
  const page = sorted.slice(0, max ?? LIST_MAX);
  const more = max !== undefined && sorted.length > max;
  return { items: page, ...(more && { nextToken: Buffer.from(page[page.length - 1]!.name).toString('base64url') }) };
}
