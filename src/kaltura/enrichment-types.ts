// The Kaltura shapes of what an upload adds to its entry besides the file: caption and attachment
// assets, category memberships and custom metadata (kaltura-workflows.md sections 2-4). Values are
// Kaltura's own on the wire: KalturaCaptionType, KalturaAttachmentType, KalturaCategoryEntryStatus.

/** KalturaCaptionType: 1 SRT, 2 DFXP, 3 WEBVTT (4 CAP, 5 SCC are not made from a browser). */
export const enum CaptionFormat { SRT = 1, DFXP = 2, WEBVTT = 3 }

/** KalturaAttachmentType: 1 TEXT, 2 MEDIA, 3 DOCUMENT, 4 JSON, 5 MARKDOWN. */
export const enum AttachmentFormat { TEXT = 1, MEDIA = 2, DOCUMENT = 3, JSON = 4, MARKDOWN = 5 }

/** KalturaCategoryEntryStatus: 1 PENDING (a moderated category waits for a moderator), 2 ACTIVE, 3 DELETED, 4 REJECTED. */
export const enum CategoryEntryStatus { PENDING = 1, ACTIVE = 2, DELETED = 3, REJECTED = 4 }

/** KalturaAssetStatus (caption and attachment assets): -1 ERROR, 0 QUEUED, 2 READY, 7 IMPORTING. */
export const enum AssetStatus { ERROR = -1, QUEUED = 0, READY = 2, IMPORTING = 7 }

/** A caption or attachment asset as Kaltura answers it (the fields the uploader reads). */
export interface KalturaAsset {
  id: string;
  entryId?: string;
  status?: number;
  partnerData?: string;
  label?: string;
  language?: string;
  isDefault?: boolean | number;
  title?: string;
  filename?: string;
  createdAt?: number;
  objectType: string;
}

export interface KalturaCategoryEntry {
  categoryId: number;
  entryId: string;
  status?: number;
  objectType: string;
}

export interface KalturaCategory {
  id: number;
  name?: string;
  fullName?: string;
  moderation?: boolean | number;
  objectType: string;
}

export interface KalturaMetadataProfile {
  id: number;
  name?: string;
  systemName?: string;
  xsd?: string;
  objectType: string;
}

export interface KalturaMetadata {
  id: number;
  metadataProfileId?: number;
  objectId?: string;
  xml?: string;
  objectType: string;
}

export interface KalturaList<T> {
  objects?: T[];
  totalCount?: number;
}

/** One call of a multirequest: its service, action and parameters. */
export interface KalturaCall {
  service: string;
  action: string;
  [param: string]: unknown;
}

/** The multirequest body for `calls`, keyed from 1 (so `{N:result:id}` names call N). */
export const multirequest = (calls: KalturaCall[]): Record<string, KalturaCall> =>
  Object.fromEntries(calls.map((call, i) => [String(i + 1), call]));
