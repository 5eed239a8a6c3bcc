// Making the one media entry an upload's token goes into, idempotently: whatever answers are lost
// (or the browser sends twice on its own), exactly one entry gets the file and no other entry this
// upload made is left empty. Used after the bytes (the default) or before them (attach-first).
import { UploadError } from '../errors.js';
import { TokenStatus, type EntryFields, type KalturaMediaEntry } from '../kaltura/types.js';
import type { ReplacementOutcome } from './upload-status.js';
import { addContent, addEntry, deleteEntry, getEntry, getUploadToken, mediaTypeOf } from '../kaltura/upload-api.js';
import { request, type RequestHost } from './request-loop.js';

/** An entry made for a token; `entry` is addContent's answer, unset when an earlier try's answer was lost. */
export interface MadeEntry {
  id: string;
  entry?: KalturaMediaEntry;
  /** With `replaceEntryId`: how the replacement ended (workflows/replace-media.ts). */
  replacement?: ReplacementOutcome;
}

/** `media.add` fields: the caller's, with the media type from the file's MIME type and the file name as default name. */
export function entryFields(file: Pick<Blob, 'type'>, fileName: string, entry?: EntryFields): EntryFields {
  const mediaType = mediaTypeOf(file.type);
  return { ...(mediaType && { mediaType }), ...entry, name: entry?.name || fileName };
}

/**
 * `media.add` (its `referenceId` the token's id unless the caller gave one), then
 * `media.addContent` with the token, each call on its own so addContent can be forwarded to the
 * data centre that holds the file. Entries an earlier try made (same referenceId, still empty,
 * made since the token) are deleted. An addContent answered ENTRY_ALREADY_WITH_CONTENT is an
 * earlier try that got through; the token (CLOSED) confirms it, in `attachedEntry`.
 */
export async function entryWithToken(host: RequestHost, token: { id: string; createdAt?: number }, fields: EntryFields): Promise<MadeEntry> {
  const [added, twins] = await request(host, (ctx) => addEntry(ctx, { ...fields, referenceId: fields.referenceId || token.id }));
  for (const twin of twins) {
    // Best effort: a role without media.delete leaves the twin, not the upload, behind.
    if (twin.id !== added.id && twin.createdAt! >= token.createdAt!) await request(host, (ctx) => deleteEntry(ctx, twin.id)).catch(() => {});
  }
  // request() rejects with UploadErrors only.
  const entry = await request(host, (ctx) => addContent(ctx, added.id, token.id)).catch((e: UploadError): undefined => {
    if (e.code !== 'ENTRY_ALREADY_WITH_CONTENT') throw e;
  });
  return { id: added.id, entry };
}

/**
 * The entry once its token is CLOSED (status 3): the file went into it. `closed` says it is known
 * already (addContent of a complete token answered, or the final chunk of an attached one); else
 * uploadToken.get says.
 */
export async function attachedEntry(host: RequestHost, tokenId: string, made: MadeEntry, closed: boolean): Promise<KalturaMediaEntry> {
  if (!closed && (await request(host, (ctx) => getUploadToken(ctx, tokenId), undefined, true)).status !== TokenStatus.CLOSED) {
    throw new UploadError('BAD_RESPONSE', `Token ${tokenId} is complete but entry ${made.id} did not get it`);
  }
  return made.entry ?? (await request(host, (ctx) => getEntry(ctx, made.id)));
}
