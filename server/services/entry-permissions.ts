// Entry fields a default USER KS may not set (Kaltura's object.KalturaBaseEntry.ini: each needs a
// permission that only admin roles hold, e.g. CONTENT_INGEST_REFERENCE_MODIFY for referenceId).
// Kaltura does not refuse them: KalturaObject::validateForInsert sets them to null, logs it and
// reports it only in a response header CORS does not expose ("not throwing exception to not break
// clients"), so a client learns what was kept only by reading the entry back. This server does the
// same. Only an ADMIN KS holds those permissions here (no roles are modelled).
import type { Session } from '../core/service.ts';

/** kaltura-workflows.md 8.1: "dropped" with a default USER KS. */
const NEEDS_PERMISSION = ['referenceId', 'entitledUsersEdit', 'entitledUsersPublish', 'startDate', 'endDate', 'accessControlId'];

/** `values` without the fields `session` may not set (silently, as Kaltura). */
export function permittedFields(session: Session, values: Record<string, unknown>): Record<string, unknown> {
  if (session.isAdmin) return values;
  return Object.fromEntries(Object.entries(values).filter(([name]) => !NEEDS_PERMISSION.includes(name)));
}
