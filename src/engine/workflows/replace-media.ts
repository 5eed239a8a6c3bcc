// Replacing an existing entry's media with an upload's token (option `replaceEntryId`), instead of
// making a new entry: media.updateContent(entryId, KalturaUploadedFileTokenResource), then the
// original entry followed until the replacement settles (kaltura-workflows.md 1):
// `replacementStatus` back to 0 NONE (replaced), 2 READY_BUT_NOT_APPROVED (waits for
// approveReplace), or 4 FAILED (the entry keeps its old media). A NO_CONTENT entry (one made by
// `prepareEntry`) gets the file directly, as Kaltura does inside updateContent: no replacement.
//
// Idempotent like entry creation: the token says whether an earlier try got through (Kaltura
// attaches it, CLOSED, to the temporary entry's flavor in the same request), so a lost answer is
// never followed by a second replacement; ENTRY_REPLACEMENT_ALREADY_EXISTS with our token attached
// is our own replacement running. A cancel after updateContent asks for media.cancelReplace (best
// effort: a plain USER KS may not, and the replacement then goes on).
import type { ReplaceableEntry } from '../../kaltura/media-api.js';
import { ReplacementStatus } from '../../kaltura/media-api.js';
import { TokenStatus, type KalturaUploadToken } from '../../kaltura/types.js';
import type { MadeEntry } from '../entry-creation.js';
import type { RequestHost } from '../request-loop.js';
import type { ReplacementOutcome } from '../upload-status.js';
import type { Workflow } from './workflow.js';

/** `replacement` event detail: the original entry's replacementStatus as last read, and the entry. */
export interface ReplacementDetail {
  replacementStatus: string;
  entry: ReplaceableEntry;
}

/** First wait between reads of the entry while its replacement runs, the longest, and the growth. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** How long a temporary entry may stay in IMPORT before its replacement counts as a stuck duplicate. */
const STUCK_MS = 10_000;

/** A token Kaltura has used: attached to an object (and CLOSED once its file moved there). */
const used = (token: KalturaUploadToken) => token.status === TokenStatus.CLOSED || !!token.attachedObjectId;

/** The outcome a replacementStatus settles on, if it does. */
function settled(entry: ReplaceableEntry): ReplacementOutcome['status'] | undefined {
  const status = String(entry.replacementStatus ?? ReplacementStatus.NONE);
  if (status === ReplacementStatus.NONE && !entry.replacingEntryId) return 'replaced';
  if (status === ReplacementStatus.READY_BUT_NOT_APPROVED) return 'awaiting-approval';
  if (status === ReplacementStatus.FAILED) return 'failed';
  return undefined;
}

/**
 * Gives `entryId` the token's file (its bytes all uploaded) and follows the replacement; resolves
 * with the entry as last read and, when it was a replacement, how it ended. `events` gets a
 * `replacement` event whenever the status read changes.
 */
export async function replaceMedia({ kit, api }: Workflow, host: RequestHost, token: KalturaUploadToken, entryId: string, events: EventTarget): Promise<MadeEntry> {
  const { request } = kit;
  const tokenId = token.id;
  // A token already used (a resumed upload whose updateContent went through) is never sent again.
  let sent = used(token);
  let entry: ReplaceableEntry;
  try {
    entry = await request(host, async (ctx) => {
      if (sent && used(await api.getToken(ctx, tokenId))) return api.getEntry(ctx, entryId);
      sent = true;
      return api.updateContent(ctx, entryId, { objectType: 'KalturaUploadedFileTokenResource', token: tokenId });
    });
  } catch (e) {
    // Someone's replacement is running: ours only when it holds our token.
    if ((e as { code?: string }).code !== 'ENTRY_REPLACEMENT_ALREADY_EXISTS' || !used(await request(host, (ctx) => api.getToken(ctx, tokenId)))) throw e;
    sent = true;
    entry = await request(host, (ctx) => api.getEntry(ctx, entryId));
  }
  // A temporary entry that keeps waiting for bytes (0 IMPORT) comes from a second updateContent with
  // our token already used: the browser itself re-sent a request whose answer was lost (Chromium
  // does on a reset keep-alive connection) after the first had filled an empty entry directly. Our
  // token's bytes went into the temporary entry at once otherwise, so it leaves IMPORT at once.
  // Such a replacement can never end: after STUCK_MS it is called off (when the KS may) and the
  // file is where the first call put it. The temporary entry is read while it is in IMPORT only
  // (a KS that may not read it just means no such check).
  const tempStatus = async (id = entry.replacingEntryId) =>
    id ? Number((await request(host, (ctx) => api.getEntry(ctx, id)).catch(() => undefined))?.status ?? -9) : -9;
  let importingSince = (await tempStatus()) === 0 ? Date.now() : 0;
  // No temporary entry and nothing pending in the answer: the entry had no content and took the file.
  let replacing = !!entry.replacingEntryId || String(entry.replacementStatus ?? '0') !== ReplacementStatus.NONE;
  let last = '';
  let delay = FIRST_DELAY_MS;
  try {
    for (;;) {
      const status = String(entry.replacementStatus ?? ReplacementStatus.NONE);
      if (status !== last) events.dispatchEvent(new CustomEvent<ReplacementDetail>('replacement', { detail: { replacementStatus: status, entry } }));
      last = status;
      replacing ||= !!entry.replacingEntryId;
      const outcome = settled(entry);
      if (importingSince && !outcome && Date.now() - importingSince > STUCK_MS) {
        await request(host, (ctx) => api.decide(ctx, 'cancelReplace', entryId)).catch(() => {});
        return { id: entryId, entry: await request(host, (ctx) => api.getEntry(ctx, entryId)) };
      }
      if (outcome || !replacing) {
        return { id: entryId, entry, replacement: replacing ? { status: outcome!, ...(entry.replacingEntryId && { replacingEntryId: entry.replacingEntryId }) } : undefined };
      }
      await kit.sleep(delay, host.control.signal);
      await host.control.gate();
      delay = Math.min(delay * 1.5, MAX_DELAY_MS);
      entry = await request(host, (ctx) => api.getEntry(ctx, entryId));
      if (importingSince && (await tempStatus()) !== 0) importingSince = 0;
    }
  } catch (e) {
    // Cancelled after updateContent: the replacement is called off, when the KS may.
    if (host.control.stopped?.code === 'CANCELLED') {
      await api.decide(kit.callContext(host.options, host.ks.current, new AbortController().signal), 'cancelReplace', entryId).catch(() => {});
    }
    throw e;
  }
}
