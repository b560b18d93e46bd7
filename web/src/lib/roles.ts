import type { Role } from '@api';

export const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const atLeast = (role: Role | undefined, min: Role) => role !== undefined && RANK[role] >= RANK[min];
/** Roles a caller may hand out (API keys, invitations): never above their own. */
export const rolesUpTo = (role: Role | undefined) => ROLES.filter((r) => role !== undefined && RANK[r] <= RANK[role]);

export const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer', member: 'Member', admin: 'Admin', owner: 'Owner' };

/** Why a control is disabled for this role (shown next to it), or null when allowed. */
export function needsRole(role: Role | undefined, min: Role, what: string): string | null {
  if (atLeast(role, min)) return null;
  const who = min === 'owner' ? 'owners' : min === 'admin' ? 'admins and owners' : `${min}s and above`;
  return `Only ${who} can ${what}. Your role is ${role ? ROLE_LABEL[role].toLowerCase() : 'unknown'}.`;
}
