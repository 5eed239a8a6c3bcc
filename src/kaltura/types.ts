// The few Kaltura API v3 shapes the uploader reads (kaltura-protocol.md sections 5 and 9).

/** KalturaUploadTokenStatus: 0 PENDING, 1 PARTIAL_UPLOAD, 2 FULL_UPLOAD, 3 CLOSED, 4 TIMED_OUT, 5 DELETED. */
export type UploadTokenStatus = 0 | 1 | 2 | 3 | 4 | 5;

export interface KalturaUploadToken {
  id: string;
  status: UploadTokenStatus;
  fileName?: string;
  fileSize?: number;
  /** Bytes written contiguously from offset 0; absent before the first chunk. */
  uploadedFileSize?: number;
  createdAt?: number;
  updatedAt?: number;
  objectType: 'KalturaUploadToken';
}

export interface KalturaMediaEntry {
  id: string;
  name?: string;
  status?: number;
  mediaType?: number;
  objectType: string;
  [field: string]: unknown;
}

/** Fields of `media.add` a caller may set (`name` defaults to the file name). */
export interface EntryFields {
  name?: string;
  description?: string;
  tags?: string;
  categories?: string;
  referenceId?: string;
  partnerData?: string;
  /** KalturaMediaType: 1 video, 2 image, 5 audio; inferred from the file's MIME type when left out. */
  mediaType?: number;
  [field: string]: unknown;
}

/** KalturaUploadTokenStatus by name (kaltura-protocol.md 5). */
export const enum TokenStatus { PENDING = 0, PARTIAL_UPLOAD = 1, FULL_UPLOAD = 2, CLOSED = 3, TIMED_OUT = 4, DELETED = 5 }

/** KalturaEntryStatus by name (kaltura-protocol.md 9.1). */
export const enum EntryStatus { ERROR_IMPORTING = -2, ERROR_CONVERTING = -1, IMPORT = 0, PRECONVERT = 1, READY = 2, DELETED = 3, PENDING = 4, MODERATE = 5, BLOCKED = 6, NO_CONTENT = 7 }
