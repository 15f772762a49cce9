// SNS's boolean attributes accept AWS's spellings: true/false in any letter case ("True", "FALSE"),
// stored and shown lower case.
export function parseBoolean(value: string, refuse: () => Error): boolean {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw refuse();
}
