// Persistent state of the local API under its data dir:
//   tokens/<id>/token.json   a token's record (record-table.ts: one file per record, atomic writes)
//   tokens/<id>/data         the token's bytes, each chunk at its offset (`ranges` says which are there)
//   entries/<id>/entry.json  an entry's record
//   entries/<id>/content     an entry's content (a hard link to the token's file when possible)
//   entries/<id>/thumb-<asset id>.<ext>  a thumbnail asset's image (thumbAsset.addFromImage)
//   incoming/                request bodies being received (cleared on start)
//   server.pid               the process serving this dir
// A token's received ranges are saved with its record, so a restart knows exactly which bytes
// count (bytes a cut request wrote never do).
// A data dir from before per-record files (one `state.json`) is migrated when it is loaded.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { migrateStateFile } from './state-file-migration.ts';
import { RecordTable } from './record-table.ts';
import { addRange, type Ranges } from './token-file.ts';

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
  /** Replacement (media.updateContent on an entry with content): the temporary entry that holds the new media. */
  replacingEntryId?: string;
  /** KalturaEntryReplacementStatus 0 NONE, 1 APPROVED_BUT_NOT_READY, 2 READY_BUT_NOT_APPROVED, 3 NOT_READY_AND_NOT_APPROVED, 4 FAILED. */
  replacementStatus?: number;
  /** On a temporary entry: the entry whose media it replaces. */
  replacedEntryId?: string;
  /** A replacement's temporary entry: never listed (Kaltura's displayInSearch SYSTEM). */
  isTemporary?: boolean;
  /** KalturaUrlResource: the link the content is (being) imported from. */
  sourceUrl?: string;
  /** Bumped when a replacement gives the entry new media, so media URLs change with it. */
  contentVersion?: number;
  /** Caption and attachment assets (content-asset.ts); their bytes are files beside the content. */
  captionAssets?: ContentAssetRecord[];
  attachmentAssets?: ContentAssetRecord[];
  /** Category memberships (categoryEntry.add). */
  categoryEntries?: CategoryEntryRecord[];
  /** Custom metadata objects, one per profile (metadata_metadata.add). */
  metadata?: MetadataRecord[];
}

/** A caption or attachment asset: the fields `add` took, and its content once `setContent` gave it one. */
export interface ContentAssetRecord {
  id: string;
  entryId: string;
  partnerId: number;
  /** KalturaAssetStatus: 0 QUEUED (no content yet), 2 READY, 7 IMPORTING (a token not yet FULL). */
  status: number;
  /** The insertable fields as given (language, label, format, isDefault, title, filename, partnerData, ...). */
  fields: Record<string, unknown>;
  fileExt: string;
  sizeInBytes: number;
  /** The token whose bytes become the content (IMPORTING until it is FULL). */
  uploadTokenId?: string;
  createdAt: number;
  updatedAt: number;
}

export interface CategoryEntryRecord {
  categoryId: number;
  /** KalturaCategoryEntryStatus: 1 PENDING, 2 ACTIVE. */
  status: number;
  creatorUserId: string;
  createdAt: number;
}

export interface MetadataRecord {
  id: number;
  profileId: number;
  xml: string;
  version: number;
  createdAt: number;
  updatedAt: number;
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

const TOKEN_ID = /^\d+_[0-9a-f]{32}$/;
const ENTRY_ID = /^\d+_[0-9a-z]{8}$/;

export const newTokenId = (): string => `0_${randomBytes(16).toString('hex')}`;
export const newEntryId = (): string =>
  `0_${Array.from(randomBytes(8), (b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('')}`;

export type StoredRecord = TokenRecord | EntryRecord;

export class Store {
  readonly tokens: RecordTable<TokenRecord>;
  readonly entries: RecordTable<EntryRecord>;
  private claimed = false;

  constructor(readonly dataDir: string) {
    this.tokens = new RecordTable(path.join(dataDir, 'tokens'), 'token.json', TOKEN_ID);
    this.entries = new RecordTable(path.join(dataDir, 'entries'), 'entry.json', ENTRY_ID);
  }

  get incomingDir(): string {
    return path.join(this.dataDir, 'incoming');
  }

  /**
   * Creates the directories and reads every record; leftovers of interrupted requests are removed.
   * Refuses a data dir that another live process is serving: two servers would overwrite each
   * other's state.
   */
  async load(): Promise<void> {
    await this.flush();
    await fs.promises.mkdir(this.dataDir, { recursive: true });
    this.claim();
    await fs.promises.rm(this.incomingDir, { recursive: true, force: true });
    await fs.promises.mkdir(this.incomingDir, { recursive: true });
    await migrateStateFile(this.dataDir, this.tokens, this.entries);
    await Promise.all([this.tokens.load(), this.entries.load()]);
    // A data dir from before ranges were kept: its data file held the contiguous bytes.
    for (const token of this.tokens.values()) if (token.hasFile) token.ranges ??= addRange([], 0, token.uploadedFileSize ?? 0);
  }

  /**
   * Persists the records a change touched, in the order given (an entry before the token that
   * handed it its bytes, so a crash in between leaves the entry complete). Resolves once they are
   * on disk. Every change names its records: there is no "save everything".
   */
  async save(first: StoredRecord | undefined, ...rest: Array<StoredRecord | undefined>): Promise<void> {
    for (const record of [first, ...rest]) {
      if (!record) continue;
      if (this.tokens.get(record.id) === record) await this.tokens.save(record as TokenRecord);
      else if (this.entries.get(record.id) === record) await this.entries.save(record as EntryRecord);
      // Otherwise a record from before a restart: its change is lost, as a crashed process's is.
    }
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await Promise.all([this.tokens.flush(), this.entries.flush()]);
  }

  tokenDir(id: string): string {
    // Ids are generated here and checked again, so no client text ever becomes part of a path.
    return this.tokens.dirOf(id);
  }

  tokenFile(id: string): string {
    return path.join(this.tokenDir(id), 'data');
  }

  entryFile(id: string): string {
    return path.join(this.entries.dirOf(id), 'content');
  }

  /** A thumbnail asset's bytes, beside its entry's content (ids are ours, the extension is checked). */
  thumbFile(asset: ThumbAssetRecord): string {
    if (!ENTRY_ID.test(asset.id) || !/^[0-9a-z]{0,8}$/.test(asset.fileExt)) throw new Error('invalid thumbnail asset');
    return path.join(path.dirname(this.entryFile(asset.entryId)), `thumb-${asset.id}${asset.fileExt ? `.${asset.fileExt}` : ''}`);
  }

  /** A caption or attachment asset's bytes, beside its entry's content (ids are ours, the extension is checked). */
  assetFile(asset: ContentAssetRecord): string {
    if (!ENTRY_ID.test(asset.id) || !/^[0-9a-z]{0,8}$/.test(asset.fileExt)) throw new Error('invalid asset');
    return path.join(path.dirname(this.entryFile(asset.entryId)), `asset-${asset.id}${asset.fileExt ? `.${asset.fileExt}` : ''}`);
  }

  /** Removes this process's claim on the data dir. */
  release(): void {
    try {
      if (fs.readFileSync(this.lockPath, 'utf8').trim() === String(process.pid)) fs.rmSync(this.lockPath, { force: true });
    } catch {
      // no claim to release
    }
  }

  private claim(): void {
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(this.lockPath, 'utf8'));
    } catch {
      // unclaimed
    }
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(`${this.dataDir} is in use by another local Kaltura API (pid ${owner}). Stop it, or set KALTURA_DATA_DIR to another folder.`);
    }
    fs.writeFileSync(this.lockPath, String(process.pid));
    if (!this.claimed) process.once('exit', () => this.release());
    this.claimed = true;
  }

  private get lockPath(): string {
    return path.join(this.dataDir, 'server.pid');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
