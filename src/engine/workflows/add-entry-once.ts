// media.add for the workflows that make an entry without an upload token (a link import, a prepared
// entry), idempotently as entry-creation.ts does for uploads: the entry carries a referenceId made
// here (unless the caller gave one), and empty entries an earlier try left with it (its answer
// lost) are deleted, so exactly one entry is left.
import type { ReplaceableEntry } from '../../kaltura/media-api.js';
import type { EntryFields } from '../../kaltura/types.js';
import type { RequestHost } from '../request-loop.js';
import type { Workflow } from './workflow.js';

export async function addEntryOnce({ kit, api }: Workflow, host: RequestHost, fields: EntryFields): Promise<ReplaceableEntry> {
  const ours = !fields.referenceId;
  const referenceId = fields.referenceId || `kcu-${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}`;
  let tries = 0;
  const added = await kit.request(host, (ctx) => (tries++, api.addEntry(ctx, { ...fields, referenceId })));
  // Only after a retry can there be twins, and only with our own referenceId are they provably ours.
  if (tries > 1 && ours) {
    const twins = await kit.request(host, (ctx) => api.emptyEntries(ctx, referenceId)).catch(() => []);
    // Best effort: a role without media.delete leaves the twin, not the entry, behind.
    for (const twin of twins) if (twin.id !== added.id) await kit.request(host, (ctx) => api.deleteEntry(ctx, twin.id)).catch(() => {});
  }
  return added;
}
