// Replacing an entry's media as Kaltura does (MediaService::updateContentAction → replaceResource,
// KalturaEntryService::replaceResourceByEntry / approveReplace / cancelReplace, kFlowHelper::
// handleEntryReplacement): the new content goes into a temporary entry, which converts on its own;
// the original keeps its id, its old media and its status until the temporary entry is READY and
// the replacement is approved, then takes the new media over and the temporary entry is deleted.
//
// replacementStatus (a dynamic enum: a string on the wire): 0 NONE, 1 APPROVED_BUT_NOT_READY,
// 2 READY_BUT_NOT_APPROVED, 3 NOT_READY_AND_NOT_APPROVED, 4 FAILED.
//   updateContent: → 1, or → 3 when the partner needs approval (option `replacementApproval`)
//   temp READY:    1 → replaced (0);  3 → 2
//   temp failed:   1 or 3 → 4 (stays until cancelReplace)
//   approveReplace: 2 → replaced (0); 3 → 1; 0 or 4 → ENTRY_ID_NOT_REPLACED
//   cancelReplace:  any → 0, the temporary entry deleted
// A NO_CONTENT entry (or an image) is no replacement: the resource goes to it directly.
// The state advances when an entry is read (as the simulated conversion does), so it also holds
// across restarts.
import fs from 'node:fs';
import path from 'node:path';
import type { ApiObject } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import type { ActionDef, CallContext, ServerParts } from '../core/service.ts';
import { newEntryId, type EntryRecord } from '../state/store.ts';
import { EntryStatus, MediaType, refreshConversion } from './media-content.ts';
import { attachResource, resourceType } from './media-resource.ts';

export const ReplacementStatus = { NONE: 0, APPROVED_BUT_NOT_READY: 1, READY_BUT_NOT_APPROVED: 2, NOT_READY_AND_NOT_APPROVED: 3, FAILED: 4 } as const;

/** Entries whose updateContent is running (Kaltura's lock `media_updateContent_{entryId}`). */
const busy = new Set<string>();

/** What media.ts lends these actions (it imports this file, so it passes them in: no import circle). */
export interface EntryAccess {
  readEntry(ctx: CallContext, entryId: string): Promise<EntryRecord>;
  readEditableEntry(ctx: CallContext, entryId: string): Promise<EntryRecord>;
  entryView(entry: EntryRecord, origin: string): Record<string, unknown>;
  savedEntryView(ctx: CallContext, entry: EntryRecord): Promise<Record<string, unknown>>;
}

/**
 * approveReplace / cancelReplace need CONTENT_INGEST_REPLACE or KMS_USER_PERMISSION, which
 * Kaltura's default user-session role (BASE_USER_SESSION_PERMISSION) lacks: a USER KS is refused.
 */
function requireReplacePermission(ctx: CallContext, action: string): void {
  if (!ctx.session.isAdmin) throw new ApiError('SERVICE_FORBIDDEN', `media->${action}`);
}

export function replacementActions(access: EntryAccess): Record<string, ActionDef> {
  const { readEntry, readEditableEntry, entryView, savedEntryView } = access;
  return {
    updatecontent: {
      params: [
        { name: 'entryId', type: 'string' },
        { name: 'resource', type: resourceType },
        { name: 'conversionProfileId', type: 'int', optional: true },
      ],
      async run(ctx, args) {
        const entry = await readEditableEntry(ctx, args.entryId as string);
        if (busy.has(entry.id)) throw new ApiError('ENTRY_REPLACEMENT_ALREADY_EXISTS');
        busy.add(entry.id);
        try {
          if (typeof args.conversionProfileId === 'number') entry.conversionProfileId = args.conversionProfileId;
          const resource = args.resource as ApiObject;
          if (entry.status === EntryStatus.NO_CONTENT || entry.mediaType === MediaType.IMAGE) await attachResource(ctx, entry, resource);
          else await beginReplacement(ctx, entry, resource);
        } finally {
          busy.delete(entry.id);
        }
        return entryView(entry, ctx.origin);
      },
    },

    approvereplace: {
      params: [{ name: 'entryId', type: 'string' }],
      async run(ctx, args) {
        requireReplacePermission(ctx, 'approveReplace');
        const entry = await readEntry(ctx, args.entryId as string);
        const status = entry.replacementStatus ?? ReplacementStatus.NONE;
        if (status === ReplacementStatus.NONE || status === ReplacementStatus.FAILED) throw new ApiError('ENTRY_ID_NOT_REPLACED', entry.id);
        if (status === ReplacementStatus.READY_BUT_NOT_APPROVED) replaceNow(ctx.server, entry);
        else if (status === ReplacementStatus.NOT_READY_AND_NOT_APPROVED) {
          entry.replacementStatus = ReplacementStatus.APPROVED_BUT_NOT_READY;
          refreshReplacement(ctx.server, entry);
        }
        return savedEntryView(ctx, entry);
      },
    },

    cancelreplace: {
      params: [{ name: 'entryId', type: 'string' }],
      async run(ctx, args) {
        requireReplacePermission(ctx, 'cancelReplace');
        const entry = await readEntry(ctx, args.entryId as string);
        const temp = entry.replacingEntryId ? ctx.server.store.entries.get(entry.replacingEntryId) : undefined;
        if (temp) {
          temp.status = EntryStatus.DELETED;
          await ctx.server.store.save(temp);
        }
        entry.replacingEntryId = undefined;
        entry.replacementStatus = ReplacementStatus.NONE;
        return savedEntryView(ctx, entry);
      },
    },
  };
}

/** The temporary entry, given the resource; on any error the replacement is cancelled (handleErrorDuringSetResource). */
async function beginReplacement(ctx: CallContext, entry: EntryRecord, resource: ApiObject): Promise<void> {
  if (entry.replacingEntryId) throw new ApiError('ENTRY_REPLACEMENT_ALREADY_EXISTS');
  const { store, options } = ctx.server;
  const now = Date.now();
  const temp: EntryRecord = {
    id: newEntryId(),
    partnerId: entry.partnerId,
    userId: entry.userId,
    creatorId: entry.creatorId,
    name: entry.name,
    mediaType: entry.mediaType,
    conversionProfileId: entry.conversionProfileId,
    status: EntryStatus.NO_CONTENT,
    isTemporary: true,
    replacedEntryId: entry.id,
    createdAt: now,
    updatedAt: now,
  };
  store.entries.set(temp.id, temp);
  entry.replacingEntryId = temp.id;
  entry.replacementStatus = options.replacementApproval ? ReplacementStatus.NOT_READY_AND_NOT_APPROVED : ReplacementStatus.APPROVED_BUT_NOT_READY;
  entry.updatedAt = now;
  try {
    await attachResource(ctx, temp, resource);
  } catch (error) {
    store.entries.delete(temp.id);
    entry.replacingEntryId = undefined;
    entry.replacementStatus = ReplacementStatus.NONE;
    throw error;
  }
  await store.save(entry, temp);
}

/**
 * Brings an entry up to date: its own simulated conversion, and the replacement it is in (the
 * temporary entry's conversion decides it). True when the entry changed (the caller saves it).
 */
export function refreshEntry(server: ServerParts, entry: EntryRecord): boolean {
  const converted = refreshConversion(entry);
  return refreshReplacement(server, entry) || converted;
}

function refreshReplacement(server: ServerParts, entry: EntryRecord): boolean {
  const status = entry.replacementStatus;
  if (!entry.replacingEntryId || (status !== ReplacementStatus.APPROVED_BUT_NOT_READY && status !== ReplacementStatus.NOT_READY_AND_NOT_APPROVED)) return false;
  const temp = server.store.entries.get(entry.replacingEntryId);
  if (temp && refreshConversion(temp)) void server.store.save(temp);
  const tempStatus = temp?.status ?? EntryStatus.DELETED;
  if (tempStatus === EntryStatus.READY) {
    if (status === ReplacementStatus.APPROVED_BUT_NOT_READY) replaceNow(server, entry);
    else entry.replacementStatus = ReplacementStatus.READY_BUT_NOT_APPROVED;
  } else if (tempStatus === EntryStatus.ERROR_CONVERTING || tempStatus === EntryStatus.ERROR_IMPORTING || tempStatus === EntryStatus.DELETED) {
    entry.replacementStatus = ReplacementStatus.FAILED;
  } else {
    return false;
  }
  entry.updatedAt = Date.now();
  return true;
}

/**
 * kBusinessConvertDL::replaceEntry: the original takes the temporary entry's media (its file moves
 * over; the id, name, metadata and thumbnails stay), the temporary entry is deleted, and the
 * replacement is over (0 NONE).
 */
function replaceNow(server: ServerParts, entry: EntryRecord): void {
  const { store } = server;
  const temp = entry.replacingEntryId ? store.entries.get(entry.replacingEntryId) : undefined;
  if (temp) {
    const source = store.entryFile(temp.id);
    const target = store.entryFile(entry.id);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { force: true });
    if (fs.existsSync(source)) fs.renameSync(source, target);
    entry.contentSize = temp.contentSize;
    entry.uploadTokenId = temp.uploadTokenId;
    entry.sourceUrl = temp.sourceUrl;
    entry.status = EntryStatus.READY;
    entry.contentVersion = (entry.contentVersion ?? 0) + 1;
    temp.status = EntryStatus.DELETED;
    void store.save(temp);
  }
  entry.replacingEntryId = undefined;
  entry.replacementStatus = ReplacementStatus.NONE;
  entry.updatedAt = Date.now();
}
