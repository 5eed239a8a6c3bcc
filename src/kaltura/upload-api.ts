// The Kaltura calls of an upload, by name: token add/get/delete, and the entry in one multirequest.
import { apiException, callKaltura, type CallContext } from './client.js';
import type { EntryFields, KalturaMediaEntry, KalturaUploadToken } from './types.js';

export const addUploadToken = (ctx: CallContext, fileName: string, fileSize: number) =>
  // Always name the token and give its size: Kaltura takes the stored file's extension and the
  // entry's media type from `fileName` (kaltura-protocol.md 7.6).
  callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'add', {
    uploadToken: { objectType: 'KalturaUploadToken', fileName, fileSize },
  });

export const getUploadToken = (ctx: CallContext, uploadTokenId: string) =>
  callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'get', { uploadTokenId });

export const deleteUploadToken = (ctx: CallContext, uploadTokenId: string) =>
  callKaltura<null>(ctx, 'uploadtoken', 'delete', { uploadTokenId });

export const addContent = (ctx: CallContext, entryId: string, uploadTokenId: string) =>
  callKaltura<KalturaMediaEntry>(ctx, 'media', 'addContent', { entryId, resource: tokenResource(uploadTokenId) });

/**
 * `media.add` + `media.addContent` in one request. Returns the entry from addContent; when only
 * addContent failed, its error carries the created entry id (`entryId`) so the caller can retry
 * addContent alone instead of creating a second entry.
 */
export async function createEntry(ctx: CallContext, entry: EntryFields, uploadTokenId: string): Promise<KalturaMediaEntry> {
  const answer = await callKaltura<unknown[]>(ctx, 'multirequest', undefined, {
    '0': { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', ...entry } },
    // N in {N:result} counts executed requests from 1, whatever the key base (protocol 2.4).
    '1': { service: 'media', action: 'addContent', entryId: '{1:result:id}', resource: tokenResource(uploadTokenId) },
  });
  const [added, content] = Array.isArray(answer) ? answer : [];
  const addError = apiException(added, 'media.add');
  if (addError) throw addError;
  const contentError = apiException(content, 'media.addContent');
  if (contentError) throw Object.assign(contentError, { entryId: (added as KalturaMediaEntry).id });
  return content as KalturaMediaEntry;
}

const tokenResource = (token: string) => ({ objectType: 'KalturaUploadedFileTokenResource', token });

/** KalturaMediaType from a MIME type: video 1, image 2, audio 5; undefined when unknown. */
export function mediaTypeOf(mime: string): number | undefined {
  const kind = mime.split('/')[0];
  return kind === 'video' ? 1 : kind === 'image' ? 2 : kind === 'audio' ? 5 : undefined;
}

export const getEntry = (ctx: CallContext, entryId: string) =>
  callKaltura<KalturaMediaEntry>(ctx, 'media', 'get', { entryId });

/**
 * Attach-first (as KMC-ng does): `media.add` + `uploadToken.add` + `media.addContent` in one
 * request before any bytes, so an interrupted upload still leaves an entry (status IMPORT) that the
 * final chunk completes. Returns the token and the entry as addContent answered.
 */
export async function createEntryFirst(ctx: CallContext, entry: EntryFields, fileName: string, fileSize: number): Promise<{ token: KalturaUploadToken; entry: KalturaMediaEntry }> {
  const answer = await callKaltura<unknown[]>(ctx, 'multirequest', undefined, {
    '0': { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', ...entry } },
    '1': { service: 'uploadtoken', action: 'add', uploadToken: { objectType: 'KalturaUploadToken', fileName, fileSize } },
    '2': { service: 'media', action: 'addContent', entryId: '{1:result:id}', resource: tokenResource('{2:result:id}') },
  });
  const [added, token, content] = Array.isArray(answer) ? answer : [];
  const error = apiException(added, 'media.add') ?? apiException(token, 'uploadtoken.add') ?? apiException(content, 'media.addContent');
  if (error) throw error;
  return { token: token as KalturaUploadToken, entry: content as KalturaMediaEntry };
}
