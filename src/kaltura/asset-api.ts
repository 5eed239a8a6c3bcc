// Caption and attachment assets on the wire (kaltura-workflows.md section 2): `add` then
// `setContent` with the file's upload token (`KalturaUploadedFileTokenResource`), the second
// naming the first's id with `{1:result:id}` in one multirequest, as KMC-ng does. Pure request
// builders: the engine sends them, so this module loads with the enrichment chunk only.
import { AttachmentFormat, CaptionFormat, type KalturaCall } from './enrichment-types.js';

/** The Kaltura service of each kind of asset (plugin services are `{plugin}_{service}`). */
export const ASSET_SERVICE = { caption: 'caption_captionasset', attachment: 'attachment_attachmentasset' } as const;
export type AssetKind = keyof typeof ASSET_SERVICE;

const extensionOf = (fileName: string) => /\.([^./]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';

/** KalturaCaptionType from a file name: `.srt` SRT, `.dfxp`/`.xml` DFXP, `.vtt` WEBVTT; undefined when unknown. */
export function captionFormatOf(fileName: string): CaptionFormat | undefined {
  const ext = extensionOf(fileName);
  return ext === 'srt' ? CaptionFormat.SRT : ext === 'dfxp' || ext === 'xml' ? CaptionFormat.DFXP : ext === 'vtt' ? CaptionFormat.WEBVTT : undefined;
}

/** KalturaAttachmentType from a file name and MIME type: documents, media, JSON, Markdown, else text. */
export function attachmentFormatOf(fileName: string, mime = ''): AttachmentFormat {
  const ext = extensionOf(fileName);
  if (ext === 'json') return AttachmentFormat.JSON;
  if (ext === 'md' || ext === 'markdown') return AttachmentFormat.MARKDOWN;
  if (/^(video|audio|image)\//.test(mime)) return AttachmentFormat.MEDIA;
  if (ext === 'txt' || mime.startsWith('text/')) return AttachmentFormat.TEXT;
  return AttachmentFormat.DOCUMENT;
}

/** The `KalturaCaptionAsset` of `caption_captionasset.add`; `marker` (partnerData) finds it again after a lost answer. */
export function captionAsset(fields: { language: string; label?: string; format?: number; isDefault?: boolean }, fileName: string, marker: string) {
  return {
    objectType: 'KalturaCaptionAsset',
    language: fields.language,
    label: fields.label || fields.language,
    // Kaltura takes SRT when `format` is left out: say what the file is.
    format: fields.format ?? captionFormatOf(fileName) ?? CaptionFormat.SRT,
    // KalturaNullableBoolean
    isDefault: fields.isDefault ? 1 : 0,
    fileExt: extensionOf(fileName) || undefined,
    partnerData: marker,
  };
}

/** The `KalturaAttachmentAsset` of `attachment_attachmentasset.add`. */
export function attachmentAsset(fields: { title?: string; description?: string }, file: { name?: string; type?: string }, fileName: string, marker: string) {
  return {
    objectType: 'KalturaAttachmentAsset',
    filename: fileName,
    title: fields.title || fileName,
    // KalturaAsset's "partner friendly description" (KalturaAttachmentAsset has no `description` of its own).
    partnerDescription: fields.description || undefined,
    fileExt: extensionOf(fileName) || undefined,
    format: attachmentFormatOf(fileName, file.type),
    partnerData: marker,
  };
}

/** `{kind}.setContent(id, token)`; `id` may be a multirequest reference such as `{1:result:id}`. */
export const setContentCall = (kind: AssetKind, id: string, uploadTokenId: string): KalturaCall => ({
  service: ASSET_SERVICE[kind], action: 'setContent', id,
  contentResource: { objectType: 'KalturaUploadedFileTokenResource', token: uploadTokenId },
});

/**
 * The calls that give `entryId` one asset holding the token's file: `add`, `setContent` and, for a
 * default caption, `setAsDefault` (`isDefault` on add does not clear another caption's flag).
 */
export function addAssetCalls(kind: AssetKind, entryId: string, asset: Record<string, unknown>, uploadTokenId: string): KalturaCall[] {
  const service = ASSET_SERVICE[kind];
  const calls: KalturaCall[] = [
    { service, action: 'add', entryId, [kind === 'caption' ? 'captionAsset' : 'attachmentAsset']: asset },
    setContentCall(kind, '{1:result:id}', uploadTokenId),
  ];
  if (asset.isDefault) calls.push({ service, action: 'setAsDefault', captionAssetId: '{1:result:id}' });
  return calls;
}

/** `{kind}.list` of an entry's assets (`KalturaAssetFilter.entryIdEqual`). */
export const listAssetsCall = (kind: AssetKind, entryId: string): KalturaCall => ({
  service: ASSET_SERVICE[kind], action: 'list',
  filter: { objectType: 'KalturaAssetFilter', entryIdEqual: entryId },
  pager: { objectType: 'KalturaFilterPager', pageSize: 500 },
});

/** `{kind}.delete(id)`: only for an asset this upload made and could not fill. */
export const deleteAssetCall = (kind: AssetKind, id: string): KalturaCall => ({
  service: ASSET_SERVICE[kind], action: 'delete', [kind === 'caption' ? 'captionAssetId' : 'attachmentAssetId']: id,
});
