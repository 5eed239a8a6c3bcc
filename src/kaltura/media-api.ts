// The Kaltura calls of the workflows beyond "a new entry from a file" (kaltura-workflows.md 1, 5,
// 8): replacing an entry's media (media.updateContent, approveReplace, cancelReplace), importing
// a link (media.addContent with a KalturaUrlResource), making an entry without content (media.add
// alone), and the reads around them. Used only by the lazy workflows chunk, which hands in the
// client's `callKaltura` and the error class (see engine/workflows/engine-kit.ts).
import type { UploadError } from '../errors.js';
import type { CallContext, callKaltura } from './client.js';
import type { EntryFields, KalturaMediaEntry, KalturaUploadToken } from './types.js';

/** KalturaEntryReplacementStatus; a dynamic enum, so its values arrive as strings. */
export const enum ReplacementStatus { NONE = '0', APPROVED_BUT_NOT_READY = '1', READY_BUT_NOT_APPROVED = '2', NOT_READY_AND_NOT_APPROVED = '3', FAILED = '4' }

/** An entry as these calls read it: the media entry with its replacement fields. */
export interface ReplaceableEntry extends KalturaMediaEntry {
  replacementStatus?: string | number;
  replacingEntryId?: string;
}

/** A resource for media.addContent / media.updateContent. */
export type ContentResource =
  | { objectType: 'KalturaUploadedFileTokenResource'; token: string }
  | { objectType: 'KalturaUrlResource'; url: string };

export type MediaApi = ReturnType<typeof mediaApi>;

export function mediaApi(call: typeof callKaltura, Err: typeof UploadError) {
  /** An answer must name the object asked for (an upload never goes on with an id it did not ask for). */
  const same = <T extends { id?: unknown }>(answer: T, name: string, id?: string): T => {
    if (typeof answer?.id !== 'string' || !answer.id || (id && answer.id !== id)) throw new Err('BAD_RESPONSE', `${name}: no id, or not the one asked for`, { call: name, retryable: true });
    return answer;
  };
  const entryCall = (ctx: CallContext, action: string, params: Record<string, unknown>, id?: string) =>
    call<ReplaceableEntry>(ctx, 'media', action, params).then((e) => same(e, `media.${action}`, id));
  return {
    /**
     * media.updateContent(entryId, resource): a NO_CONTENT entry gets the content directly; an entry
     * with content starts a replacement (a temporary entry holds the new media, `replacingEntryId`).
     */
    updateContent: (ctx: CallContext, entryId: string, resource: ContentResource) => entryCall(ctx, 'updateContent', { entryId, resource }, entryId),
    addContent: (ctx: CallContext, entryId: string, resource: ContentResource) => entryCall(ctx, 'addContent', { entryId, resource }, entryId),
    getEntry: (ctx: CallContext, entryId: string) => entryCall(ctx, 'get', { entryId }, entryId),
    /** media.add alone: an entry in 7 NO_CONTENT. */
    addEntry: (ctx: CallContext, entry: EntryFields) => entryCall(ctx, 'add', { entry: { objectType: 'KalturaMediaEntry', ...entry } }),
    deleteEntry: (ctx: CallContext, entryId: string) => call<null>(ctx, 'media', 'delete', { entryId }),
    /** This user's empty entries (7 NO_CONTENT) with a referenceId: the twins a lost media.add answer left. */
    emptyEntries: (ctx: CallContext, referenceId: string) =>
      call<{ objects?: ReplaceableEntry[] }>(ctx, 'media', 'list', { filter: { objectType: 'KalturaMediaEntryFilter', referenceIdEqual: referenceId, statusIn: '7' } }).then((list) => (Array.isArray(list?.objects) ? list.objects : [])),
    /** media.approveReplace / media.cancelReplace: refused (SERVICE_FORBIDDEN) for a default USER KS. */
    decide: (ctx: CallContext, action: 'approveReplace' | 'cancelReplace', entryId: string) => entryCall(ctx, action, { entryId }, entryId),
    getToken: (ctx: CallContext, uploadTokenId: string) =>
      call<KalturaUploadToken>(ctx, 'uploadtoken', 'get', { uploadTokenId }).then((t) => same(t, 'uploadtoken.get', uploadTokenId)),
  };
}
