// The records the local API keeps per token, entry and thumbnail asset: their shapes alone, so the
// store and the migration of old data dirs (state-file-migration.ts) can both name them without
// importing each other.
import type { Ranges } from './token-file.ts';

export interface TokenRecord {
  id: string;
  partnerId: number;
  userId: string;
  status: number;
  fileName?: string;
  fileSize?: number;
  /** Contiguous bytes from offset 0 after the last successful upload call. */
  uploadedFileSize?: number;
  autoFinalize: boolean;
  /** Milliseconds (the API shows seconds). */
  createdAt: number;
  updatedAt: number;
  attachedObjectType?: string;
  attachedObjectId?: string;
  /** The entry that receives the bytes once the upload is complete (media.addContent before the upload). */
  entryId?: string;
  /** A first chunk (resume=false) created the data file. */
  hasFile: boolean;
  /** Byte ranges of the data file that chunks delivered (the first from 0: `uploadedFileSize`). */
  ranges?: Ranges;
  /** Counts the data file's replacements (resume=false): a chunk written into an older one is not counted. */
  generation?: number;
}

export interface EntryRecord {
  id: string;
  partnerId: number;
  userId: string;
  creatorId: string;
  name: string;
  description?: string;
  tags?: string;
  referenceId?: string;
  partnerData?: string;
  categories?: string;
  adminTags?: string;
  conversionProfileId?: number;
  mediaType?: number;
  status: number;
  createdAt: number;
  updatedAt: number;
  /** The token whose bytes became (or will become) this entry's content. */
  uploadTokenId?: string;
  /** The original flavor asset that token was attached to (video and audio). */
  flavorAssetId?: string;
  /** Size of the content file, once it arrived. */
  contentSize?: number;
  /** End of the simulated conversion (ms): a PRECONVERT entry reads as READY from then on. */
  readyAt?: number;
  /** The simulated conversion ends in -1 ERROR_CONVERTING (fault `failConversion`). */
  conversionFails?: boolean;
  /** Thumbnail assets (thumbAsset.addFromImage); their bytes are files beside the content. */
  thumbAssets?: ThumbAssetRecord[];
  /** Bumped by every thumbAsset.setAsDefault: the `/version/N` of the entry's thumbnailUrl. */
  thumbVersion?: number;
}

export interface ThumbAssetRecord {
  id: string;
  entryId: string;
  partnerId: number;
  /** File extension from the uploaded file's name ('' when it had none). */
  fileExt: string;
  width?: number;
  height?: number;
  sizeInBytes: number;
  /** 'default_thumb' on the entry's default thumbnail (thumbAsset.setAsDefault), else ''. */
  tags: string;
  createdAt: number;
  updatedAt: number;
}
