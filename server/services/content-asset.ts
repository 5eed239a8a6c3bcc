// Services `caption_captionasset` (CaptionAssetService.php) and `attachment_attachmentasset`
// (AttachmentAssetService.php): an asset is added to a video or audio entry, then gets its file
// with `setContent` and an upload token resource. A FULL token's file moves into the asset at once
// (READY) and the token is CLOSED with the asset as its attached object; a token that is not FULL
// leaves the asset IMPORTING (Kaltura would attach it and finish later; this server never does, as
// a CLOSED token given twice also never finishes there). Permissions (kaltura-workflows.md matrix):
// caption add/setContent/setAsDefault/delete need CAPTION_MODIFY, which a plain USER KS lacks;
// attachments are open to a USER KS except delete (ATTACHMENT_MODIFY). Content is served at
// `/p/{pid}/sp/{pid}00/asset/entry_id/{entryId}/asset_id/{id}` (getUrl), without a KS.
import fs from 'node:fs';
import path from 'node:path';
import { assertWritable, enumType, type ApiObject, type ObjectType, type PropertySpec } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { listResponse, page, pagerType } from '../core/list.ts';
import type { CallContext, ServiceDef } from '../core/service.ts';
import { assetUrl } from '../media/media-urls.ts';
import { hasPermission } from '../state/permissions.ts';
import { newEntryId, type ContentAssetRecord, type EntryRecord } from '../state/store.ts';
import { assetFilterProperties, assetFilterType, filterAssets } from './asset-filter.ts';
import { EntryStatus, MediaType } from './media-content.ts';
import { readEntry, validateEditor, visible } from './media.ts';
import { findToken, TokenStatus } from './upload-token.ts';
import { LANGUAGE_CODES } from './languages.ts';

const AssetStatus = { QUEUED: 0, READY: 2, IMPORTING: 7 } as const;

type Kind = 'caption' | 'attachment';

interface KindDef {
  service: string;
  className: string;
  param: string;
  idParam: string;
  notFound: 'CAPTION_ASSET_ID_NOT_FOUND' | 'ATTACHMENT_ASSET_ID_NOT_FOUND';
  records: (e: EntryRecord) => ContentAssetRecord[];
  /** The permission each action needs beyond a USER KS's own (none: open to it). */
  needs: Partial<Record<string, string>>;
  type: ObjectType;
}

const nullableBoolean = enumType('KalturaNullableBoolean', [-1, 0, 1]);
const str: PropertySpec = { type: 'string' };
const assetProperties: Record<string, PropertySpec> = {
  tags: str, partnerData: str, partnerDescription: str, fileExt: { type: 'string', access: 'insert' },
  ...Object.fromEntries(['id', 'entryId'].map((p) => [p, { type: 'string', access: 'readonly' } as PropertySpec])),
  ...Object.fromEntries(['partnerId', 'version', 'size', 'createdAt', 'updatedAt', 'sizeInBytes', 'status'].map((p) => [p, { type: 'int', access: 'readonly' } as PropertySpec])),
};

const KINDS: Record<Kind, KindDef> = {
  caption: {
    service: 'caption_captionasset', className: 'KalturaCaptionAsset', param: 'captionAsset', idParam: 'captionAssetId',
    notFound: 'CAPTION_ASSET_ID_NOT_FOUND', records: (e) => (e.captionAssets ??= []),
    needs: { add: 'CAPTION_MODIFY', setcontent: 'CAPTION_MODIFY', setasdefault: 'CAPTION_MODIFY', delete: 'CAPTION_MODIFY' },
    type: {
      kind: 'object', name: 'KalturaCaptionAsset',
      properties: {
        ...assetProperties, language: str, label: str, isDefault: { type: nullableBoolean },
        // KalturaCaptionType 1 SRT, 2 DFXP, 3 WEBVTT, 4 CAP, 5 SCC; insert-only.
        format: { type: enumType('KalturaCaptionType', [1, 2, 3, 4, 5]), access: 'insert' },
        captionParamsId: { type: 'int', access: 'insert' }, accuracy: { type: 'int' }, displayOnPlayer: { type: 'bool' },
        languageCode: { type: 'string', access: 'readonly' },
      },
    },
  },
  attachment: {
    service: 'attachment_attachmentasset', className: 'KalturaAttachmentAsset', param: 'attachmentAsset', idParam: 'attachmentAssetId',
    notFound: 'ATTACHMENT_ASSET_ID_NOT_FOUND', records: (e) => (e.attachmentAssets ??= []),
    needs: { delete: 'ATTACHMENT_MODIFY' },
    type: {
      kind: 'object', name: 'KalturaAttachmentAsset',
      // KalturaAttachmentType 1 TEXT, 2 MEDIA, 3 DOCUMENT, 4 JSON, 5 MARKDOWN.
      properties: { ...assetProperties, filename: str, title: str, format: { type: enumType('KalturaAttachmentType', [1, 2, 3, 4, 5]) } },
    },
  },
};

/** kPermissionManager: SERVICE_FORBIDDEN `service->action` for a role without the permission. */
function checkPermission(ctx: CallContext, def: KindDef, action: string): void {
  const needed = def.needs[action];
  if (needed && !hasPermission(ctx.session, needed)) throw new ApiError('SERVICE_FORBIDDEN', `${def.service}->${action}`);
}

function assetView(def: KindDef, a: ContentAssetRecord, kind: Kind): Record<string, unknown> {
  const f = a.fields;
  const own =
    kind === 'caption'
      ? { captionParamsId: 0, language: f.language, languageCode: LANGUAGE_CODES[String(f.language)], isDefault: f.isDefault ? 1 : 0, label: f.label, format: String(f.format ?? 1), status: a.status }
      : { filename: f.filename, title: f.title, format: f.format === undefined ? undefined : String(f.format), status: a.status };
  return {
    ...own,
    id: a.id, entryId: a.entryId, partnerId: a.partnerId, version: a.status === AssetStatus.READY ? 1 : 0,
    size: Math.ceil(a.sizeInBytes / 1024), tags: f.tags ?? '', fileExt: a.fileExt || undefined,
    createdAt: Math.floor(a.createdAt / 1000), updatedAt: Math.floor(a.updatedAt / 1000),
    partnerData: f.partnerData, partnerDescription: f.partnerDescription, sizeInBytes: a.sizeInBytes || undefined,
    objectType: def.className,
  };
}

function findAsset(ctx: CallContext, def: KindDef, id: unknown): { asset: ContentAssetRecord; entry: EntryRecord } {
  for (const entry of ctx.server.store.entries.values()) {
    const asset = def.records(entry).find((a) => a.id === id);
    if (asset && visible(ctx, entry)) return { asset, entry };
  }
  throw new ApiError(def.notFound, id);
}

const tokenResourceType: ObjectType = { kind: 'object', name: 'KalturaUploadedFileTokenResource', properties: { token: str } };
const contentResourceType: ObjectType = {
  kind: 'object', name: 'KalturaContentResource', abstract: true, properties: {},
  subclasses: () => [tokenResourceType, { kind: 'object', name: 'KalturaUrlResource', properties: { url: str } }],
};
const assetFilter = assetFilterType(assetFilterProperties('statusIn'));

function service(kind: Kind): ServiceDef {
  const def = KINDS[kind];
  return {
    add: {
      params: [{ name: 'entryId', type: 'string' }, { name: def.param, type: def.type }],
      async run(ctx, args) {
        checkPermission(ctx, def, 'add');
        const entryId = args.entryId as string;
        if (ctx.log) ctx.log.entryId = entryId;
        if (kind === 'caption') validateEditor(ctx, entryId);
        const entry = await readEntry(ctx, entryId).catch(() => undefined);
        // Captions: a video or audio entry only; attachments: an entry the KS may edit (entry->allowEdit).
        const fits = entry && (kind === 'attachment' || entry.mediaType === undefined || entry.mediaType === MediaType.VIDEO || entry.mediaType === MediaType.AUDIO);
        if (!entry || !fits || (kind === 'attachment' && !mayEdit(ctx, entry))) throw new ApiError('ENTRY_ID_NOT_FOUND', entryId);
        const input = args[def.param] as ApiObject;
        assertWritable(input, 'insert');
        const fields = { ...input.values };
        if (kind === 'caption') {
          if (typeof fields.language === 'string' && !Object.hasOwn(LANGUAGE_CODES, fields.language)) {
            throw new ApiError('INVALID_ENUM_VALUE', fields.language, 'language', 'KalturaLanguage');
          }
          fields.format ??= 1; // toInsertableObject: SRT when left out
        }
        const now = Date.now();
        const asset: ContentAssetRecord = {
          id: newEntryId(), entryId, partnerId: entry.partnerId, status: AssetStatus.QUEUED, fields,
          fileExt: safeExt(fields.fileExt), sizeInBytes: 0, createdAt: now, updatedAt: now,
        };
        def.records(entry).push(asset);
        await ctx.server.store.save(entry);
        return assetView(def, asset, kind);
      },
    },

    setcontent: {
      params: [{ name: 'id', type: 'string' }, { name: 'contentResource', type: contentResourceType }],
      async run(ctx, args) {
        checkPermission(ctx, def, 'setcontent');
        const { asset, entry } = findAsset(ctx, def, args.id);
        if (ctx.log) ctx.log.entryId = entry.id;
        if (kind === 'caption') validateEditor(ctx, entry.id);
        const resource = args.contentResource as ApiObject;
        if (resource.type !== tokenResourceType) throw new ApiError('RESOURCE_TYPE_NOT_SUPPORTED', resource.type.name);
        const tokenId = resource.values.token;
        if (typeof tokenId !== 'string' || !tokenId) throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', 'KalturaUploadedFileTokenResource::token');
        const token = findToken(ctx, tokenId);
        if (!token) throw new ApiError('UPLOAD_TOKEN_NOT_FOUND');
        if (ctx.log) ctx.log.uploadTokenId = token.id;
        const now = Date.now();
        asset.uploadTokenId = token.id;
        asset.updatedAt = now;
        if (token.status !== TokenStatus.FULL_UPLOAD) {
          // Not complete (or already used): the asset waits for a file that never comes here.
          asset.status = AssetStatus.IMPORTING;
          await ctx.server.store.save(entry);
          return assetView(def, asset, kind);
        }
        const { store } = ctx.server;
        // The file's extension from the token's file name, else the one given on add.
        asset.fileExt = safeExt(path.extname(token.fileName ?? '').slice(1)) || asset.fileExt;
        const target = store.assetFile(asset);
        await fs.promises.mkdir(path.dirname(target), { recursive: true });
        await fs.promises.copyFile(store.tokenFile(token.id), target);
        asset.sizeInBytes = (await fs.promises.stat(target)).size;
        asset.status = AssetStatus.READY;
        Object.assign(token, { status: TokenStatus.CLOSED, attachedObjectType: kind === 'caption' ? 'CaptionAsset' : 'AttachmentAsset', attachedObjectId: asset.id, updatedAt: now });
        await store.save(entry, token);
        return assetView(def, asset, kind);
      },
    },

    get: {
      params: [{ name: def.idParam, type: 'string' }],
      async run(ctx, args) {
        return assetView(def, findAsset(ctx, def, args[def.idParam]).asset, kind);
      },
    },

    geturl: {
      params: [{ name: 'id', type: 'string' }],
      async run(ctx, args) {
        const { asset, entry } = findAsset(ctx, def, args.id);
        return assetUrl(ctx.origin, entry, asset.id);
      },
    },

    list: {
      params: [{ name: 'filter', type: assetFilter, optional: true }, { name: 'pager', type: pagerType, optional: true }],
      async run(ctx, args) {
        const all = [...ctx.server.store.entries.values()].filter((e) => visible(ctx, e)).flatMap((e) => def.records(e));
        const assets = filterAssets(all, args.filter);
        return listResponse(page(assets, args.pager).map((a) => assetView(def, a, kind)), assets.length, `${def.className}ListResponse`);
      },
    },

    delete: {
      params: [{ name: def.idParam, type: 'string' }],
      async run(ctx, args) {
        checkPermission(ctx, def, 'delete');
        const { asset, entry } = findAsset(ctx, def, args[def.idParam]);
        validateEditor(ctx, entry.id);
        const list = def.records(entry);
        list.splice(list.indexOf(asset), 1);
        await fs.promises.rm(ctx.server.store.assetFile(asset), { force: true });
        await ctx.server.store.save(entry);
        return null;
      },
    },

    ...(kind === 'caption' && {
      setasdefault: {
        params: [{ name: 'captionAssetId', type: 'string' }],
        async run(ctx, args) {
          checkPermission(ctx, def, 'setasdefault');
          const { asset, entry } = findAsset(ctx, def, args.captionAssetId);
          validateEditor(ctx, entry.id);
          // setAsDefaultAction: every other caption of the entry loses the flag.
          for (const other of def.records(entry)) other.fields.isDefault = other === asset;
          await ctx.server.store.save(entry);
          return null;
        },
      },
    }),
  };
}

/** entry->allowEdit(): an admin, the owner, or a KS with `edit` for the entry. */
function mayEdit(ctx: CallContext, entry: EntryRecord): boolean {
  try {
    validateEditor(ctx, entry.id);
    return entry.status !== EntryStatus.DELETED;
  } catch {
    return false;
  }
}

const safeExt = (ext: unknown): string => (typeof ext === 'string' && /^[0-9a-z]{1,8}$/.test(ext.toLowerCase()) ? ext.toLowerCase() : '');

export const captionAssetService = service('caption');
export const attachmentAssetService = service('attachment');
