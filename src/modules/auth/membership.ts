import { Role } from '../../common/auth/roles';

export const MEMBER_STATUSES = ['active', 'removed'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** A user's membership of a workspace, with the user's email and name (what the team endpoints show). */
export interface MemberRecord {
  id: string;
  workspaceId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  status: MemberStatus;
  joinedAt: Date;
  removedAt: Date | null;
  /** the stored time or, if later, the one this process has not written yet */
  lastActiveAt: Date | null;
}

export interface MemberFilter {
  status: MemberStatus;
  role?: Role;
  /** position after the last member of the previous page (joinedAt at millisecond precision, id) */
  after?: { v: string | number; id: string };
  limit: number;
}
