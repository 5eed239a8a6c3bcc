// The Kaltura calls of an upload, by name: token add/get/delete, entry add (with a look for twins)/
// addContent/get/delete.
import { UploadError } from '../errors.js';
import { apiException, callKaltura, type CallContext } from './client.js';
import type { EntryFields, KalturaMediaEntry, KalturaUploadToken } from './types.js';

export const addUploadToken = (ctx: CallContext, fileName: string, fileSize: number | undefined) =>
  // Always name the token and give its size: Kaltura takes the stored file's extension and the
  // entry's media type from `fileName` (kaltura-protocol.md 7.6).
  callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'add', {
    uploadToken: { objectType: 'KalturaUploadToken', fileName, fileSize },
  }).then((token) => named(token, 'uploadtoken.add'));

export const getUploadToken = (ctx: CallContext, uploadTokenId: string) =>
  callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'get', { uploadTokenId }).then((token) => named(token, 'uploadtoken.get', uploadTokenId));

/**
 * An answer about a token or an entry must name one (the one asked for, when asked by id): an
 * upload never goes on with an id it did not make, nor counts another token's bytes as its own.
 * Another try may do better (after a lost media.add, it finds its twins).
 */
function named<T extends { id?: unknown }>(answer: T, call: string, id?: string): T {
  if (typeof answer?.id !== 'string' || !answer.id || (id && answer.id !== id)) throw new UploadError('BAD_RESPONSE', `${call}: no id, or not the one asked for`, { call, retryable: true });
  return answer;
}

export const deleteUploadToken = (ctx: CallContext, uploadTokenId: string) =>
  callKaltura<null>(ctx, 'uploadtoken', 'delete', { uploadTokenId });

export const addContent = (ctx: CallContext, entryId: string, uploadTokenId: string) =>
  callKaltura<KalturaMediaEntry>(ctx, 'media', 'addContent', {
    entryId, resource: { objectType: 'KalturaUploadedFileTokenResource', token: uploadTokenId },
  }).then((entry) => named(entry, 'media.addContent', entryId));

export const getEntry = (ctx: CallContext, entryId: string) =>
  callKaltura<KalturaMediaEntry>(ctx, 'media', 'get', { entryId }).then((entry) => named(entry, 'media.get', entryId));

export const deleteEntry = (ctx: CallContext, entryId: string) =>
  callKaltura<null>(ctx, 'media', 'delete', { entryId });

/**
 * `media.add`, and in the same request `media.list` of the entries in NO_CONTENT or IMPORT with
 * the same `referenceId`: an earlier try whose answer was lost, or that the browser itself sent
 * again on a reset keep-alive connection, shows there. Neither call is ever forwarded to another
 * data centre, so this multirequest cannot meet MULTIREQUEST_PROXY_FAILED (protocol 14.2); a
 * failed list (a role without `media.list`) only means no twins are known.
 */
export async function addEntry(ctx: CallContext, entry: EntryFields): Promise<[added: KalturaMediaEntry, twins: KalturaMediaEntry[]]> {
  const [added, list] = await callKaltura<[KalturaMediaEntry, { objects?: KalturaMediaEntry[] }]>(ctx, 'multirequest', undefined, {
    '0': { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', ...entry } },
    '1': { service: 'media', action: 'list', filter: { objectType: 'KalturaMediaEntryFilter', referenceIdEqual: entry.referenceId, statusIn: '0,7' } },
  });
  const error = apiException(added, 'media.add');
  if (error) throw error;
  return [named(added, 'media.add'), Array.isArray(list?.objects) ? list.objects : []];
}

/** KalturaMediaType from a MIME type: video 1, image 2, audio 5; undefined when unknown. */
export function mediaTypeOf(mime: string): number | undefined {
  const kind = mime.split('/')[0];
  return kind === 'video' ? 1 : kind === 'image' ? 2 : kind === 'audio' ? 5 : undefined;
}
