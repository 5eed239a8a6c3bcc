// Service `media` (MediaService.php, KalturaEntryService.php): add, addContent (an upload token or
// a link: media-resource.ts), get, list, update, delete, and replacing the media of an entry
// (updateContent, approveReplace, cancelReplace: media-replacement.ts). Entries are MEDIA_CLIP
// (type 1) entries of this partner.
import { assertWritable, enumType, type ApiObject, type ObjectType, type PropertySpec } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { commaList, filterValues, listResponse, page, pagerType } from '../core/list.ts';
import { EntryStatus } from './media-content.ts';
import { attachResource, resourceType } from './media-resource.ts';
import { refreshEntry, replacementActions } from './media-replacement.ts';
import type { CallContext, ServiceDef } from '../core/service.ts';
import { dataUrl, thumbnailUrl } from '../media/media-urls.ts';
import { newEntryId, type EntryRecord } from '../state/store.ts';
import { permittedFields } from './entry-permissions.ts';

const mediaTypeEnum = enumType('KalturaMediaType', [1, 2, 5, 201, 202, 203, 204]);
const entryTypeEnum = enumType('KalturaEntryType', [-1, 1, 2, 5, 6, 7, 8, 10]);

const readonly = (type: PropertySpec['type']): PropertySpec => ({ type, access: 'readonly' });
const EDITABLE = ['name', 'description', 'tags', 'adminTags', 'categories', 'referenceId', 'partnerData'] as const;

export const mediaEntryType: ObjectType = {
  kind: 'object',
  name: 'KalturaMediaEntry',
  properties: {
    ...Object.fromEntries(EDITABLE.map((p) => [p, { type: 'string' } as PropertySpec])),
    userId: { type: 'string' },
    conversionProfileId: { type: 'int' },
    mediaType: { type: mediaTypeEnum, access: 'insert' },
    type: { type: entryTypeEnum, access: 'insert' },
    ...Object.fromEntries(
      ['id', 'thumbnailUrl', 'downloadUrl', 'dataUrl', 'flavorParamsIds', 'replacingEntryId', 'replacedEntryId', 'replacementStatus'].map((p) => [p, readonly('string')]),
    ),
    ...Object.fromEntries(
      ['partnerId', 'status', 'createdAt', 'updatedAt', 'version', 'duration', 'msDuration', 'width', 'height', 'plays', 'views'].map(
        (p) => [p, readonly('int')],
      ),
    ),
  },
};

const mediaEntryFilterType: ObjectType = {
  kind: 'object',
  name: 'KalturaMediaEntryFilter',
  properties: Object.fromEntries(
    ['orderBy', 'idEqual', 'idIn', 'nameLike', 'nameEqual', 'statusIn', 'mediaTypeIn', 'userIdEqual', 'referenceIdEqual', 'tagsLike']
      .map((p): [string, PropertySpec] => [p, { type: 'string' }])
      .concat([
        ['statusEqual', { type: 'int' }],
        ['mediaTypeEqual', { type: 'int' }],
      ]),
  ),
};

/** The API view of an entry; `origin` is where the call came to, the base of its media URLs. */
export function entryView(e: EntryRecord, origin: string): Record<string, unknown> {
  return {
    mediaType: e.mediaType,
    dataUrl: dataUrl(origin, e),
    sourceType: e.contentSize !== undefined ? '1' : undefined,
    plays: 0,
    views: 0,
    id: e.id,
    name: e.name,
    description: e.description,
    partnerId: e.partnerId,
    thumbnailUrl: thumbnailUrl(origin, e),
    userId: e.userId || undefined,
    creatorId: e.creatorId || undefined,
    tags: e.tags,
    adminTags: e.adminTags,
    categories: e.categories,
    status: e.status,
    type: 1,
    createdAt: Math.floor(e.createdAt / 1000),
    updatedAt: Math.floor(e.updatedAt / 1000),
    referenceId: e.referenceId,
    partnerData: e.partnerData,
    conversionProfileId: e.conversionProfileId,
    // A dynamic enum: Kaltura sends it as a string (kaltura-workflows.md 0.1-5).
    replacementStatus: String(e.replacementStatus ?? 0),
    replacingEntryId: e.replacingEntryId,
    replacedEntryId: e.replacedEntryId,
    objectType: 'KalturaMediaEntry',
  };
}

/**
 * Entries a session can see: its partner's; for a USER KS only its own, unless the KS has `list:*`
 * or an `edit` privilege for the entry (or `edit:*`).
 */
export function visible(ctx: CallContext, entry: EntryRecord | undefined): entry is EntryRecord {
  if (!entry || entry.partnerId !== ctx.session.partnerId || entry.status === EntryStatus.DELETED) return false;
  const { isAdmin, userId, privileges } = ctx.session;
  return isAdmin || sameUser(entry.userId, userId) || allows(privileges, 'list', '*') || allows(privileges, 'edit', entry.id);
}

const sameUser = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
/** A privilege granted for `id` or for everything (`*`). */
const allows = (privileges: Map<string, string[]>, name: string, id: string) => {
  const values = privileges.get(name) ?? [];
  return values.includes('*') || values.includes(id);
};

/** KalturaDispatcher::validateUser for `@validateUser entry entryId edit`. */
export function validateEditor(ctx: CallContext, entryId: string): void {
  const { isAdmin, userId, privileges } = ctx.session;
  const entry = ctx.server.store.entries.get(entryId);
  if (isAdmin || !entry || entry.partnerId !== ctx.session.partnerId) return;
  if (allows(privileges, 'edit', entryId) || sameUser(entry.userId, userId)) return;
  throw new ApiError('INVALID_KS', '', -4, 'INVALID_TYPE');
}

/** The entry, with a finished simulated conversion applied (and saved). */
export async function readEntry(ctx: CallContext, entryId: string): Promise<EntryRecord> {
  const entry = ctx.server.store.entries.get(entryId);
  if (!visible(ctx, entry)) throw new ApiError('ENTRY_ID_NOT_FOUND', entryId);
  if (refreshEntry(ctx.server, entry)) await ctx.server.store.save(entry);
  return entry;
}

/** An action on an entry its caller must be allowed to edit (`@validateUser entry entryId edit`): logged, checked, read. */
export async function readEditableEntry(ctx: CallContext, entryId: string): Promise<EntryRecord> {
  if (ctx.log) ctx.log.entryId = entryId;
  validateEditor(ctx, entryId);
  return readEntry(ctx, entryId);
}

/** Stamps the entry changed and stores it; answers with its view, as an action that changed it does. */
export async function savedEntryView(ctx: CallContext, entry: EntryRecord): Promise<Record<string, unknown>> {
  entry.updatedAt = Date.now();
  await ctx.server.store.save(entry);
  return entryView(entry, ctx.origin);
}

function applyEditable(entry: EntryRecord, values: Record<string, unknown>): void {
  for (const prop of EDITABLE) {
    if (!(prop in values)) continue;
    const value = values[prop];
    if (prop === 'name') entry.name = typeof value === 'string' ? value : '';
    else if (value === null) delete entry[prop];
    else entry[prop] = value as string;
  }
  if (typeof entry.referenceId === 'string' && entry.referenceId.length < 2) {
    throw new ApiError('PROPERTY_VALIDATION_MIN_LENGTH', 'referenceId', 2);
  }
  if ('conversionProfileId' in values) entry.conversionProfileId = (values.conversionProfileId as number | null) ?? undefined;
}

export const mediaService: ServiceDef = {
  add: {
    params: [{ name: 'entry', type: mediaEntryType }],
    async run(ctx, args) {
      const input = args.entry as ApiObject;
      assertWritable(input, 'insert');
      const values = permittedFields(ctx.session, input.values);
      const now = Date.now();
      const { session } = ctx;
      // A USER session owns what it creates; an ADMIN session may create for any user.
      const owner = session.isAdmin && typeof values.userId === 'string' ? values.userId : session.userId;
      const entry: EntryRecord = {
        id: newEntryId(),
        partnerId: session.partnerId,
        userId: owner,
        creatorId: session.userId || owner,
        name: '',
        mediaType: values.mediaType as number | undefined,
        status: EntryStatus.NO_CONTENT,
        createdAt: now,
        updatedAt: now,
      };
      applyEditable(entry, values);
      ctx.server.store.entries.set(entry.id, entry);
      await ctx.server.store.save(entry);
      if (ctx.log) ctx.log.entryId = entry.id;
      return entryView(entry, ctx.origin);
    },
  },

  addcontent: {
    params: [
      { name: 'entryId', type: 'string' },
      { name: 'resource', type: resourceType },
    ],
    async run(ctx, args) {
      const entryId = args.entryId as string;
      const entry = await readEditableEntry(ctx, entryId);
      if (entry.status !== EntryStatus.NO_CONTENT) throw new ApiError('ENTRY_ALREADY_WITH_CONTENT');
      await attachResource(ctx, entry, args.resource as ApiObject);
      return entryView(entry, ctx.origin);
    },
  },

  get: {
    params: [
      { name: 'entryId', type: 'string' },
      { name: 'version', type: 'int', optional: true, default: -1 },
    ],
    async run(ctx, args) {
      return entryView(await readEntry(ctx, args.entryId as string), ctx.origin);
    },
  },

  list: {
    params: [
      { name: 'filter', type: mediaEntryFilterType, optional: true },
      { name: 'pager', type: pagerType, optional: true },
    ],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const ids = commaList(f.idIn);
      // Without a status filter Kaltura lists READY entries only (KalturaBaseEntryFilter::setDefaultStatus).
      if (f.statusEqual === undefined && f.statusIn === undefined) f.statusEqual = EntryStatus.READY;
      const statuses = commaList(f.statusIn)?.map(Number);
      const mediaTypes = commaList(f.mediaTypeIn)?.map(Number);
      const nameLike = typeof f.nameLike === 'string' ? f.nameLike.toLowerCase() : undefined;
      const tagsLike = typeof f.tagsLike === 'string' ? f.tagsLike.toLowerCase() : undefined;
      const changed: EntryRecord[] = [];
      const entries = [...ctx.server.store.entries.values()].filter((e) => {
        // A replacement's temporary entry is never listed (displayInSearch SYSTEM).
        if (!visible(ctx, e) || e.isTemporary) return false;
        if (refreshEntry(ctx.server, e)) changed.push(e);
        return (
          (f.idEqual === undefined || e.id === f.idEqual) &&
          (!ids || ids.includes(e.id)) &&
          (nameLike === undefined || e.name.toLowerCase().includes(nameLike)) &&
          (f.nameEqual === undefined || e.name === f.nameEqual) &&
          (f.statusEqual === undefined || e.status === f.statusEqual) &&
          (!statuses || statuses.includes(e.status)) &&
          (f.mediaTypeEqual === undefined || e.mediaType === f.mediaTypeEqual) &&
          (!mediaTypes || mediaTypes.includes(e.mediaType ?? NaN)) &&
          (f.userIdEqual === undefined || e.userId === f.userIdEqual) &&
          (f.referenceIdEqual === undefined || e.referenceId === f.referenceIdEqual) &&
          (tagsLike === undefined || (e.tags ?? '').toLowerCase().includes(tagsLike))
        );
      });
      for (const entry of changed) await ctx.server.store.save(entry);
      entries.sort(entryOrder(typeof f.orderBy === 'string' ? f.orderBy : '-createdAt'));
      return listResponse(page(entries, args.pager).map((e) => entryView(e, ctx.origin)), entries.length, 'KalturaMediaListResponse');
    },
  },

  update: {
    params: [
      { name: 'entryId', type: 'string' },
      { name: 'mediaEntry', type: mediaEntryType },
    ],
    async run(ctx, args) {
      const entryId = args.entryId as string;
      const entry = await readEditableEntry(ctx, entryId);
      const input = args.mediaEntry as ApiObject;
      assertWritable(input, 'update');
      const { userId: _ignored, ...values } = permittedFields(ctx.session, input.values);
      applyEditable(entry, values);
      return savedEntryView(ctx, entry);
    },
  },

  delete: {
    params: [{ name: 'entryId', type: 'string' }],
    async run(ctx, args) {
      const entryId = args.entryId as string;
      const entry = await readEditableEntry(ctx, entryId);
      entry.status = EntryStatus.DELETED;
      entry.updatedAt = Date.now();
      await ctx.server.store.save(entry);
      return null;
    },
  },

  ...replacementActions({ readEntry, readEditableEntry, entryView, savedEntryView }),
};

/** `+field` ascending, `-field` descending, for createdAt, updatedAt and name; ties by id. */
function entryOrder(orderBy: string): (a: EntryRecord, b: EntryRecord) => number {
  const desc = orderBy.startsWith('-');
  const field = orderBy.replace(/^[+-]/, '');
  const key = (e: EntryRecord): number | string => (field === 'name' ? e.name : field === 'updatedAt' ? e.updatedAt : e.createdAt);
  return (a, b) => {
    const ka = key(a), kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : 1;
    return desc ? -c : c;
  };
}
