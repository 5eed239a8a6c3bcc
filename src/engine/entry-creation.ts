// Making the one media entry an upload's token goes into, idempotently: whatever answers are lost
// (or the browser sends twice on its own), exactly one entry gets the file and no other entry this
// upload made is left empty, and no entry it did not make is touched. Used after the bytes (the
// default) or before them (attach-first).
import { UploadError } from '../errors.js';
import { TokenStatus, type EntryFields, type KalturaMediaEntry, type KalturaUploadToken } from '../kaltura/types.js';
import type { ReplacementOutcome } from './upload-status.js';
import { addContent, addEntryWithContent, attachedEntryId, deleteEntry, getEntry, getUploadToken, mediaTypeOf } from '../kaltura/upload-api.js';
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
 * `media.add` and `media.addContent` with the token in one request (see addEntryWithContent).
 * Before another try (the last one's answer may have been lost after the server did the work),
 * uploadToken.get says whether the token went into an entry already: then that entry, which only
 * this upload could have made, is the one. An addContent refused for good leaves its entry empty:
 * that entry is ours (its id came back), so it is deleted; one that failed in passing is sent
 * again alone. Nothing this upload did not make is ever touched.
 *
 * After the bytes (all but attach-first) the request makes an entry only while the token is
 * complete and in none, so however often the browser sends it again, one entry gets the file and
 * the token names it. Attach-first sends it before the bytes, when nothing in the token tells a
 * first run from a later one: there a run the answer did not come from is found (and its entry
 * deleted) only when it was the one just before (two runs; a third can leave one entry in IMPORT).
 */
export async function entryWithToken(host: RequestHost, token: KalturaUploadToken, fields: EntryFields): Promise<MadeEntry> {
  // A remembered token's uploadToken.get answer may name its entry already.
  let known = token;
  let tries = 0;
  // The answer of the run that came back, kept across tries: a call that fails while its outcome
  // is sorted out (flavorAsset.list) must not send this back to the token, which a second run has
  // re-attached to the entry it made, one that never gets the file (protocol §14.4).
  let ran: Awaited<ReturnType<typeof addEntryWithContent>> | undefined;
  const [id, content] = await request(host, async (ctx): Promise<[string, (KalturaMediaEntry | UploadError)?]> => {
    if (!ran) {
      if (tries++) known = await getUploadToken(ctx, token.id);
      const attached = await attachedEntryId(ctx, known);
      if (attached) return [attached];
      ran = await addEntryWithContent(ctx, fields, token.id, !host.options.attachFirst);
    }
    const [before, added, content] = ran;
    if (!before) {
      // A later run: an earlier one closed the token, and the next try finds its entry through
      // the token. (A list that itself failed throws its own error: addEntryWithContent.)
      if (added) await deleteEntry(ctx, added.id).catch(() => {});
      ran = undefined;
      throw new UploadError('BAD_RESPONSE', 'uploadToken.list: token not found', { retryable: true });
    }
    // Run twice (attach-first): both entries are ours. Kept is the one that holds the file (the
    // first, when the token was complete: it went into it) or will get it (ours now: the token
    // followed it); the other is deleted (best effort).
    const earlier = await attachedEntryId(ctx, before);
    if (!earlier) return [added!.id, content];
    const closed = before.status == TokenStatus.CLOSED;
    await deleteEntry(ctx, closed ? added!.id : earlier).catch(() => {});
    return closed ? [earlier] : [added!.id, content];
  });
  if (!(content instanceof UploadError)) return { id, entry: content };
  if (!content.retryable) {
    await request(host, (ctx) => deleteEntry(ctx, id)).catch(() => {});
    throw content;
  }
  // request() rejects with UploadErrors only.
  const entry = await request(host, (ctx) => addContent(ctx, id, token.id)).catch((e: UploadError): undefined => {
    if (e.code !== 'ENTRY_ALREADY_WITH_CONTENT') throw e;
  });
  return { id, entry };
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
