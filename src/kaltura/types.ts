// The few Kaltura API v3 shapes the uploader reads (kaltura-protocol.md sections 5 and 9).
// kaltura.com sends the token's sizes as JSON strings (raw BIGINT columns, protocol 14.1): they are
// typed so, and read with Number().

/** KalturaUploadTokenStatus: 0 PENDING, 1 PARTIAL_UPLOAD, 2 FULL_UPLOAD, 3 CLOSED, 4 TIMED_OUT, 5 DELETED. */
export type UploadTokenStatus = 0 | 1 | 2 | 3 | 4 | 5;

export interface KalturaUploadToken {
  id: string;
  status: UploadTokenStatus;
  fileName?: string;
  fileSize?: number | string;
  /** Bytes written contiguously from offset 0; absent before the first chunk. */
  uploadedFileSize?: number | string;
  createdAt?: number;
  updatedAt?: number;
  /** The data centre's upload host, e.g. `https://ny-upload.kaltura.com` (option `useUploadUrl`). */
  uploadUrl?: string;
  /** The object the file goes into once complete (`flavorAsset`, or `entry` for images), after `media.addContent`. */
  attachedObjectType?: string;
  attachedObjectId?: string;
  objectType: 'KalturaUploadToken';
}

export interface KalturaMediaEntry {
  id: string;
  name?: string;
  status?: number;
  mediaType?: number;
  createdAt?: number;
  objectType: string;
  [field: string]: unknown;
}

/** Fields of `media.add` a caller may set (`name` defaults to the file name). */
export interface EntryFields {
  name?: string;
  description?: string;
  tags?: string;
  /** Category full names, comma-separated (`categoriesIds` takes ids). */
  categories?: string;
  /**
   * Your own id for the entry. Kaltura does not enforce it, but it should be unique per upload:
   * after a lost answer the engine finds the entry it made by it. Unset, the upload token's id is used.
   */
  referenceId?: string;
  partnerData?: string;
  /** The conversion profile (flavors made from the file); the partner's default when unset. */
  conversionProfileId?: number;
  /** KalturaMediaType: 1 video, 2 image, 5 audio; inferred from the file's MIME type when left out. */
  mediaType?: number;
  [field: string]: unknown;
}

/** KalturaUploadTokenStatus by name (kaltura-protocol.md 5). */
export const enum TokenStatus { PENDING = 0, PARTIAL_UPLOAD = 1, FULL_UPLOAD = 2, CLOSED = 3, TIMED_OUT = 4, DELETED = 5 }

/** KalturaEntryStatus by name (kaltura-protocol.md 9.1). */
export const enum EntryStatus { ERROR_IMPORTING = -2, ERROR_CONVERTING = -1, IMPORT = 0, PRECONVERT = 1, READY = 2, DELETED = 3, PENDING = 4, MODERATE = 5, BLOCKED = 6, NO_CONTENT = 7 }
