/** Roles and what each may do — shared by the API (enforcement) and the web UI (what to offer). */
export const ROLES = ['admin', 'cs_manager', 'csm', 'onboarding', 'sales', 'support', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that own accounts (the CSM an account is assigned to, `ownerId`): the owner pickers offer
 * only these, and the API refuses another. Sales, onboarding and support work on accounts through
 * their own fields and queues; viewers never own one.
 */
export const ACCOUNT_OWNER_ROLES = ['admin', 'cs_manager', 'csm'] as const satisfies readonly Role[];
export const ownsAccounts = (role: Role) => (ACCOUNT_OWNER_ROLES as readonly Role[]).includes(role);

/**
 * Access levels a route declares. read: anyone signed in; write: change customer data (everyone
 * but viewers); manage: team-wide configuration and deletions (admins and CS managers);
 * admin: users, tokens and the audit log.
 */
export type Access = 'public' | 'read' | 'write' | 'manage' | 'admin';

const ALLOWED: Record<Exclude<Access, 'public'>, readonly Role[]> = {
  read: ROLES,
  write: ['admin', 'cs_manager', 'csm', 'onboarding', 'sales', 'support'],
  manage: ['admin', 'cs_manager'],
  admin: ['admin'],
};

export function can(role: Role, access: Access): boolean {
  return access === 'public' || ALLOWED[access].includes(role);
}
