// The Kaltura calls of an upload, by name: token add/get/delete, entry add (with its content)/
// addContent/get/delete, and the entry a token went into.
import { UploadError } from '../errors.js';
import { apiException, callKaltura, type CallContext } from './client.js';
import { TokenStatus, type EntryFields, type KalturaMediaEntry, type KalturaUploadToken } from './types.js';

export const addUploadToken = (ctx: CallContext, fileName: string, fileSize: number | undefined) =>
  // Not aborted once out (`keep`): a cancel deletes the token once its id is known. Always name the token and give its size: Kaltura takes the stored file's extension and the
  // entry's media type from `fileName` (kaltura-protocol.md 7.6).
  callKaltura<KalturaUploadToken>({ ...ctx, keep: true }, 'uploadtoken', 'add', {
    uploadToken: { objectType: 'KalturaUploadToken', fileName, fileSize },
  }).then((token) => named(token, 'uploadtoken.add'));

export const getUploadToken = (ctx: CallContext, uploadTokenId: string) =>
  callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'get', { uploadTokenId }).then((token) => named(token, 'uploadtoken.get', uploadTokenId));

/**
 * An answer about a token or an entry must name one (the one asked for, when asked by id): an
 * upload never goes on with an id it did not make, nor counts another token's bytes as its own.
 * Another try may do better.
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
 * `media.add` and, in the same request, `media.addContent` of the entry it made with the token
 * (`{2:result:id}`, protocol 2.4): no entry is made without the token going into it, so after a
 * lost answer the token itself names the entry (`attachedEntryId`), whatever the KS may set or
 * list. First, in the same request, the token as this run finds it (`uploadToken.list`), because a
 * browser that sends the request again by itself (a reset keep-alive connection) runs it two or
 * three times, and Kaltura re-attaches even a CLOSED token to each new entry (protocol 14.4).
 * With `complete` (the bytes are in) the list finds the token only while it is FULL_UPLOAD, and
 * both later calls name that result (`{1:result:objects:0:id}`): Kaltura fails a call, unrun,
 * whose reference finds nothing (KalturaFrontController::replaceMultiRequestResults:
 * MISSING_MANDATORY_PARAMETER), so once one run has closed the token, another makes nothing, and
 * `before` is unset. (Were such a call run anyway with an empty value, as protocol 2.4 reads it,
 * its addContent would still find no token, and the empty entry it made comes back as `added`,
 * for the caller to delete.) Attach-first goes before the bytes: the token found shows it
 * attached by an earlier run. An addContent that failed comes back as its UploadError, beside the
 * entry it was for. Like uploadToken.add, it is not aborted once out (`keep`): a pause or a cancel
 * waits for the answer, which says what was made.
 */
export async function addEntryWithContent(ctx: CallContext, entry: EntryFields, uploadTokenId: string, complete: boolean): Promise<[before?: KalturaUploadToken, added?: KalturaMediaEntry, content?: KalturaMediaEntry | UploadError]> {
  const token = '{1:result:objects:0:id}';
  const [found, added, content] = await callKaltura<[{ objects?: KalturaUploadToken[] }?, KalturaMediaEntry?, KalturaMediaEntry?]>({ ...ctx, keep: true }, 'multirequest', undefined, {
    '0': { service: 'uploadToken', action: 'list', filter: { objectType: 'KalturaUploadTokenFilter', idEqual: uploadTokenId, ...(complete && { statusEqual: TokenStatus.FULL_UPLOAD }) } },
    '1': { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', ...entry }, after: token },
    '2': { service: 'media', action: 'addContent', entryId: '{2:result:id}', resource: { objectType: 'KalturaUploadedFileTokenResource', token } },
  });
  // Read only for what it names and its status: an odd answer names nothing.
  const before = found?.objects?.[0];
  const error = apiException(added, 'media.add');
  // The list itself failed (an expired KS, a passing fault): nothing ran, and its error says what
  // to do (refresh the KS, try again), as media.add's did before the list came first.
  const listError = apiException(found, 'uploadtoken.list');
  if (listError && error) throw listError;
  if (!before) return [, error ? undefined : named(added!, 'media.add')];
  if (error) throw error;
  const { id } = named(added!, 'media.add');
  // An answer that is not the entry counts as none: uploadToken.get then says where the token went.
  return [before, added, apiException(content, 'media.addContent') ?? (content?.id === id ? content : undefined)];
}

/**
 * The entry a token went into, from uploadToken.get's answer: `attachedObjectId` is the entry (an
 * image) or its original flavor asset, whose entry flavorAsset.list (open to a USER KS) names.
 */
export async function attachedEntryId(ctx: CallContext, token: KalturaUploadToken): Promise<string | undefined> {
  const id = token.attachedObjectId;
  if (!id || token.attachedObjectType === 'entry') return id;
  const list = await callKaltura<{ objects?: { entryId?: string }[] }>(ctx, 'flavorAsset', 'list', { filter: { objectType: 'KalturaAssetFilter', idEqual: id } });
  return list.objects?.[0]?.entryId;
}

/** KalturaMediaType from a MIME type: video 1, image 2, audio 5; undefined when unknown. */
export function mediaTypeOf(mime: string): number | undefined {
  const kind = mime.split('/')[0];
  return kind === 'video' ? 1 : kind === 'image' ? 2 : kind === 'audio' ? 5 : undefined;
}
