/** Console roles, weakest first: each role may do everything the ones before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

/** viewer: read; operator: also replay, discard, edit dead letters; admin: also manage users. */
export type Role = (typeof ROLES)[number];

/** True when `role` grants at least what `required` grants. */
export function hasRole(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
