// The resources an entry's content can come from (KalturaResource and its kinds), and attaching one
// to an entry: what media.addContent does, and what media.updateContent does to a NO_CONTENT entry
// or to a replacement's temporary entry (KalturaEntryService::attachResource).
// - KalturaUploadedFileTokenResource: a complete token hands its bytes over now; one still being
//   uploaded leaves the entry in 0 IMPORT, and its final chunk hands them over.
// - KalturaUrlResource: the entry goes to 0 IMPORT and the server downloads the link (url-import.ts);
//   video and audio always import asynchronously on Kaltura.
import fs from 'node:fs';
import type { ApiObject, ObjectType } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import type { CallContext } from '../core/service.ts';
import { newEntryId, type EntryRecord } from '../state/store.ts';
import { attachUploadedContent, EntryStatus, MediaType, mediaTypeOf } from './media-content.ts';
import { findToken, TokenStatus } from './upload-token.ts';
import { startUrlImport } from './url-import.ts';

export const uploadedFileTokenResourceType: ObjectType = {
  kind: 'object',
  name: 'KalturaUploadedFileTokenResource',
  properties: { token: { type: 'string' } },
};

/** KalturaUrlResource (api_v3/lib/types/resource/KalturaUrlResource.php). */
export const urlResourceType: ObjectType = {
  kind: 'object',
  name: 'KalturaUrlResource',
  properties: { url: { type: 'string' }, forceAsyncDownload: { type: 'bool' }, shouldRedirect: { type: 'bool' } },
};

/** Resource kinds real Kaltura takes but this server does not (they need storage or other entries). */
const unsupportedResourceTypes: ObjectType[] = [
  'KalturaRemoteStorageResource',
  'KalturaServerFileResource',
  'KalturaUploadedFileResource',
  'KalturaAssetResource',
  'KalturaEntryResource',
  'KalturaAssetsParamsResourceContainers',
  'KalturaDropFolderFileResource',
].map((name) => ({ kind: 'object', name, properties: {} }));

export const resourceType: ObjectType = {
  kind: 'object',
  name: 'KalturaResource',
  abstract: true,
  properties: {},
  subclasses: () => [uploadedFileTokenResourceType, urlResourceType, ...unsupportedResourceTypes],
};

/**
 * Gives `entry` the resource's content (the entry is saved here). Throws Kaltura's errors before
 * changing anything: RESOURCE_TYPE_NOT_SUPPORTED, PROPERTY_VALIDATION_CANNOT_BE_NULL,
 * UPLOAD_TOKEN_NOT_FOUND, UPLOADED_FILE_NOT_FOUND_BY_TOKEN.
 */
export async function attachResource(ctx: CallContext, entry: EntryRecord, resource: ApiObject): Promise<void> {
  const { store, locks } = ctx.server;
  if (resource.type === urlResourceType) {
    const url = resource.values.url;
    if (typeof url !== 'string' || url === '') throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', 'KalturaUrlResource::url');
    entry.mediaType ??= mediaTypeOf(new URL(url, 'http://x').pathname) ?? MediaType.VIDEO;
    entry.sourceUrl = url;
    entry.status = EntryStatus.IMPORT;
    entry.updatedAt = Date.now();
    await store.save(entry);
    startUrlImport(ctx.server, entry, url);
    return;
  }
  if (resource.type !== uploadedFileTokenResourceType) throw new ApiError('RESOURCE_TYPE_NOT_SUPPORTED', resource.type.name);
  const tokenId = resource.values.token;
  if (typeof tokenId !== 'string' || tokenId === '') {
    throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', 'KalturaUploadedFileTokenResource::token');
  }
  const token = findToken(ctx, tokenId);
  if (!token) throw new ApiError('UPLOAD_TOKEN_NOT_FOUND');
  // Under the token's lock, so a final chunk finishing right now sees the attachment.
  await locks.run(token.id, async () => {
    entry.mediaType ??= mediaTypeOf(token.fileName);
    if (token.status === TokenStatus.FULL_UPLOAD && !fs.existsSync(store.tokenFile(token.id))) throw new ApiError('UPLOADED_FILE_NOT_FOUND_BY_TOKEN');
    token.entryId = entry.id;
    entry.uploadTokenId = token.id;
    // The object the file goes into: the entry itself for an image, else its source flavor asset
    // (its id is what uploadToken.get reports from now on, protocol 14.3).
    const image = entry.mediaType === MediaType.IMAGE;
    token.attachedObjectType = image ? 'entry' : 'flavorAsset';
    token.attachedObjectId = image ? entry.id : (entry.flavorAssetId = newEntryId());
    if (token.status === TokenStatus.FULL_UPLOAD) {
      await attachUploadedContent(ctx.server, token);
    } else {
      // Not uploaded yet (any status but FULL_UPLOAD, as Kaltura's resource check reads it): the
      // entry waits in IMPORT and the final chunk hands the bytes over.
      entry.status = EntryStatus.IMPORT;
      entry.updatedAt = token.updatedAt = Date.now();
    }
    await store.save(entry, token);
  });
}
