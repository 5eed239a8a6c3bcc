// Service `thumbAsset` (ThumbAssetService.php), the actions an uploader needs: addFromImage,
// setAsDefault, get and list. All four are open to a USER KS (BASE_USER_SESSION_PERMISSION in
// deployment/permissions/service.thumbasset.ini); addFromImage and setAsDefault also validate the
// user against the entry (`@validateUser entry entryId edit`): the owner, or `edit:<id>` / `edit:*`.
// The default thumbnail is what /p/{pid}/thumbnail/entry_id/{id} serves (media/media-routes.ts),
// and each change of it moves the entry's thumbnailUrl to a new `/version/N`.
import fs from 'node:fs';
import path from 'node:path';
import { enumType } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { listResponse, page, pagerType } from '../core/list.ts';
import type { UploadedFile } from '../core/request-params.ts';
import type { CallContext, ServiceDef } from '../core/service.ts';
import { imageSize } from '../media/image-size.ts';
import { newEntryId, type EntryRecord, type ThumbAssetRecord } from '../state/store.ts';
import { assetFilterProperties, assetFilterType, filterAssets } from './asset-filter.ts';
import { EntryStatus } from './media-content.ts';
import { readEditableEntry, validateEditor, visible } from './media.ts';

/** The tag Kaltura puts on an entry's default thumbnail asset (thumbParams::TAG_DEFAULT_THUMB). */
const DEFAULT_TAG = 'default_thumb';
/** KalturaThumbAssetStatus READY: addFromImage stores the file in the same request. */
const ASSET_READY = 2;
/** Kaltura's first version of an entry's own thumbnail once one was set (version/100001, ...). */
const FIRST_THUMB_VERSION = 100_000;

const thumbAssetStatusEnum = enumType('KalturaThumbAssetStatus', [-1, 0, 1, 2, 3, 7, 9]);

/** KalturaAssetFilter, and KalturaThumbAssetFilter with its status filters. */
const assetFilterProps = assetFilterProperties('tagsLike');
const assetFilter = assetFilterType(assetFilterProps, {
  kind: 'object',
  name: 'KalturaThumbAssetFilter',
  properties: { ...assetFilterProps, statusEqual: { type: thumbAssetStatusEnum }, statusIn: { type: 'string' } },
});

/** The API view of a thumbnail asset (KalturaThumbAsset: KalturaAsset plus width, height, status). */
export function thumbAssetView(a: ThumbAssetRecord): Record<string, unknown> {
  return {
    thumbParamsId: 0,
    width: a.width,
    height: a.height,
    status: ASSET_READY,
    id: a.id,
    entryId: a.entryId,
    partnerId: a.partnerId,
    version: 1,
    size: Math.ceil(a.sizeInBytes / 1024), // KalturaAsset::size is in KB
    tags: a.tags,
    fileExt: a.fileExt || undefined,
    createdAt: Math.floor(a.createdAt / 1000),
    updatedAt: Math.floor(a.updatedAt / 1000),
    sizeInBytes: a.sizeInBytes,
    objectType: 'KalturaThumbAsset',
  };
}

/** A thumbnail asset whose entry the session can see, else THUMB_ASSET_ID_NOT_FOUND (Kaltura does not tell others' assets apart). */
function findAsset(ctx: CallContext, id: unknown): { asset: ThumbAssetRecord; entry: EntryRecord } {
  for (const entry of ctx.server.store.entries.values()) {
    const asset = entry.thumbAssets?.find((a) => a.id === id);
    if (asset && visible(ctx, entry)) return { asset, entry };
  }
  throw new ApiError('THUMB_ASSET_ID_NOT_FOUND', id);
}

/** kBusinessConvertDL::setAsDefaultThumbAsset: this asset gets the tag, the others lose it, the entry's thumbnail moves on. */
function makeDefault(entry: EntryRecord, asset: ThumbAssetRecord): void {
  const now = Date.now();
  for (const other of entry.thumbAssets ?? []) {
    const tags = other === asset ? DEFAULT_TAG : '';
    if (other.tags !== tags) Object.assign(other, { tags, updatedAt: now });
  }
  entry.thumbVersion = Math.max(entry.thumbVersion ?? 0, FIRST_THUMB_VERSION) + 1;
  entry.updatedAt = now;
}

export const thumbAssetService: ServiceDef = {
  addfromimage: {
    params: [
      { name: 'entryId', type: 'string' },
      { name: 'fileData', type: 'file' },
    ],
    async run(ctx, args) {
      const entryId = args.entryId as string;
      const entry = await readEditableEntry(ctx, entryId);
      const file = args.fileData as UploadedFile;
      const now = Date.now();
      const ext = path.extname(file.fileName).slice(1).toLowerCase();
      const asset: ThumbAssetRecord = {
        id: newEntryId(),
        entryId: entry.id,
        partnerId: entry.partnerId,
        fileExt: /^[0-9a-z]{1,8}$/.test(ext) ? ext : '',
        sizeInBytes: file.size,
        tags: '',
        createdAt: now,
        updatedAt: now,
        ...(await imageSize(file.path)),
      };
      const { store } = ctx.server;
      await fs.promises.mkdir(path.dirname(store.thumbFile(asset)), { recursive: true });
      await fs.promises.rename(file.path, store.thumbFile(asset));
      (entry.thumbAssets ??= []).push(asset);
      // The first thumbnail of an entry without content becomes its default at once (addFromImageAction).
      if (entry.status === EntryStatus.NO_CONTENT && entry.thumbAssets.length === 1) makeDefault(entry, asset);
      await store.save(entry);
      return thumbAssetView(asset);
    },
  },

  setasdefault: {
    params: [{ name: 'thumbAssetId', type: 'string' }],
    async run(ctx, args) {
      const { asset, entry } = findAsset(ctx, args.thumbAssetId);
      if (ctx.log) ctx.log.entryId = entry.id;
      validateEditor(ctx, entry.id);
      makeDefault(entry, asset);
      await ctx.server.store.save(entry);
      return null;
    },
  },

  get: {
    params: [{ name: 'thumbAssetId', type: 'string' }],
    async run(ctx, args) {
      return thumbAssetView(findAsset(ctx, args.thumbAssetId).asset);
    },
  },

  list: {
    params: [
      { name: 'filter', type: assetFilter, optional: true },
      { name: 'pager', type: pagerType, optional: true },
    ],
    async run(ctx, args) {
      const all = [...ctx.server.store.entries.values()].filter((e) => visible(ctx, e)).flatMap((e) => (e.thumbAssets ?? []).map((a) => ({ ...a, status: ASSET_READY })));
      const assets = filterAssets(all, args.filter, (a, f) => typeof f.tagsLike !== 'string' || a.tags.includes(f.tagsLike));
      return listResponse(page(assets, args.pager).map(thumbAssetView), assets.length, 'KalturaThumbAssetListResponse');
    },
  },
};
