// Turning a complete upload token into a media entry, and the attach-first variant where the entry
// exists before the bytes and the final chunk fills it.
import { UploadError } from '../errors.js';
import { TokenStatus, type EntryFields, type KalturaMediaEntry, type KalturaUploadToken } from '../kaltura/types.js';
import { addContent, createEntry, getEntry, getUploadToken, mediaTypeOf } from '../kaltura/upload-api.js';
import { request, type RequestHost } from './request-loop.js';

/** `media.add` fields: the caller's, with the media type from the file's MIME type and the file name as default name. */
export function entryFields(file: Blob, fileName: string, entry?: EntryFields): EntryFields {
  const mediaType = mediaTypeOf(file.type);
  const fields: EntryFields = { ...(mediaType && { mediaType }), ...entry };
  fields.name ||= fileName;
  return fields;
}

/** `media.add` + `media.addContent` for a complete token. */
export function entryForToken(host: RequestHost, tokenId: string, fields: EntryFields): Promise<KalturaMediaEntry> {
  let entryId: string | undefined;
  return request(host, async (ctx) => {
    // If media.add got through but addContent did not, finish that entry instead of making another.
    if (entryId) return addContent(ctx, entryId, tokenId);
    try {
      return await createEntry(ctx, fields, tokenId);
    } catch (e) {
      entryId = (e as { entryId?: string }).entryId;
      throw e;
    }
  });
}

/** Attach-first: the token CLOSED (status 3) means the final chunk filled the entry made up front. */
export async function attachedEntry(host: RequestHost, tokenId: string, entry: { id: string; entry?: KalturaMediaEntry }, finalToken?: KalturaUploadToken): Promise<KalturaMediaEntry> {
  let status = finalToken?.status;
  if (status !== TokenStatus.CLOSED) status = (await request(host, (ctx) => getUploadToken(ctx, tokenId), undefined, true)).status;
  if (status !== TokenStatus.CLOSED) {
    throw new UploadError('BAD_RESPONSE', `Token ${tokenId} is complete but entry ${entry.id} did not get it`);
  }
  return entry.entry ?? (await request(host, (ctx) => getEntry(ctx, entry.id)));
}
