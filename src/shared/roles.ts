/** Roles and what each may do — shared by the API (enforcement) and the web UI (what to offer). */
export const ROLES = ['admin', 'cs_manager', 'csm', 'onboarding', 'sales', 'support', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
