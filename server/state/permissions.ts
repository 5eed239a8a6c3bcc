// Kaltura's permission check for a call (kPermissionManager): the KS's role is, in order, the
// `setrole` privilege's role, else the partner's user-session role, which holds only
// BASE_USER_SESSION_PERMISSION (kaltura-workflows.md 0.1-2). An ADMIN KS may do everything.
// The roles a KS can name with `setrole:<id or systemName>` are seeded here, as a partner's KMC
// roles would be: one that may change captions (CAPTION_MODIFY), one that may also delete
// attachments and list ingestion profiles.
import type { Session } from '../core/service.ts';

export const BASE_USER_SESSION_PERMISSION = 'BASE_USER_SESSION_PERMISSION';

export interface UserRole {
  id: number;
  systemName: string;
  permissions: readonly string[];
}

export const USER_ROLES: readonly UserRole[] = [
  { id: 3, systemName: 'CAPTION_EDITOR', permissions: [BASE_USER_SESSION_PERMISSION, 'CAPTION_MODIFY'] },
  { id: 4, systemName: 'CONTENT_MANAGER', permissions: [BASE_USER_SESSION_PERMISSION, 'CAPTION_MODIFY', 'ATTACHMENT_MODIFY', 'CONTENT_INGEST_UPLOAD'] },
];

/** Whether the session's role holds `permission`. */
export function hasPermission(session: Session, permission: string): boolean {
  if (session.isAdmin) return true;
  const setRole = session.privileges.get('setrole')?.[0];
  const role = setRole === undefined ? undefined : USER_ROLES.find((r) => String(r.id) === setRole || r.systemName.toLowerCase() === setRole.toLowerCase());
  const permissions = role ? role.permissions : [BASE_USER_SESSION_PERMISSION];
  return permissions.includes(permission);
}
