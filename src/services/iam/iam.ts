// IAM's own operations in IAM's terms: the action is iam:<Operation>; the resource is the entity
// the request names (instance profile, group, role, user, then policy, in that order: AttachRole-
// Policy acts on the role, AddUserToGroup on the group), '*' for account-wide operations.
// Deliberate difference: the entity's path is not known before the handler runs, so a resource
// ARN here has the root path (AWS uses the entity's own path).
import type { IamOperation, IamTable } from '../service.js';

const iamResource: IamOperation = {
  resource(input, ctx) {
    const arn = (kind: string, name: unknown) => `arn:aws:iam::${ctx.account}:${kind}/${String(name)}`;
    if (input.InstanceProfileName !== undefined) return arn('instance-profile', input.InstanceProfileName);
    if (input.GroupName !== undefined) return arn('group', input.GroupName);
    if (input.RoleName !== undefined) return arn('role', input.RoleName);
    if (input.UserName !== undefined) return arn('user', input.UserName);
    if (typeof input.PolicyArn === 'string') return input.PolicyArn;
    if (input.PolicyName !== undefined && input.PolicyDocument !== undefined) return `arn:aws:iam::${ctx.account}:policy${input.Path ?? '/'}${String(input.PolicyName)}`;
    return '*';
  },
};

/** The table for the operations IAM implements (every one: iam:<Operation> on its entity). */
export function iamTableFor(operations: readonly string[]): IamTable {
  return { prefix: 'iam', operations: Object.fromEntries(operations.map((op) => [op, iamResource])) };
}
