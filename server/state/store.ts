// Persistent state of the local API under its data dir:
//   state.json              tokens and entries (rewritten atomically: temp file + rename)
//   tokens/<id>/data        the token's bytes, each chunk at its offset (`ranges` says which are there)
//   entries/<id>/content    an entry's content (a hard link to the token's file when possible)
//   incoming/               request bodies being received (cleared on start)
// A token's received ranges are saved with its record, so a restart knows exactly which bytes
// count (bytes a cut request wrote never do).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
  /** Size of the content file, once it arrived. */
  contentSize?: number;
  /** End of the simulated conversion (ms): a PRECONVERT entry reads as READY from then on. */
  readyAt?: number;
}

const TOKEN_ID = /^\d+_[0-9a-f]{32}$/;
const ENTRY_ID = /^\d+_[0-9a-z]{8}$/;

export const newTokenId = (): string => `0_${randomBytes(16).toString('hex')}`;
export const newEntryId = (): string =>
  `0_${Array.from(randomBytes(8), (b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('')}`;

export class Store {
  readonly tokens = new Map<string, TokenRecord>();
  readonly entries = new Map<string, EntryRecord>();
  private writing: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private claimed = false;

  constructor(readonly dataDir: string) {}

  get incomingDir(): string {
    return path.join(this.dataDir, 'incoming');
  }

  /**
   * Creates the directories and reads state.json; leftovers of interrupted requests are removed.
   * Refuses a data dir that another live process is serving: two servers would overwrite each
   * other's state.
   */
  async load(): Promise<void> {
    await this.flush();
    await fs.promises.mkdir(this.dataDir, { recursive: true });
    this.claim();
    await fs.promises.rm(this.incomingDir, { recursive: true, force: true });
    for (const dir of [this.incomingDir, path.join(this.dataDir, 'tokens'), path.join(this.dataDir, 'entries')]) {
      await fs.promises.mkdir(dir, { recursive: true });
    }
    const state = await this.readState();
    // Swapped in one synchronous step: a save() queued meanwhile writes either the whole old state
    // or the whole new one, never the empty maps of a half-done load.
    this.tokens.clear();
    this.entries.clear();
    for (const token of state.tokens ?? []) {
      if (!TOKEN_ID.test(token.id)) continue;
      // A data dir from before ranges were kept: its data file held the contiguous bytes.
      token.ranges ??= token.hasFile ? addRange([], 0, token.uploadedFileSize ?? 0) : [];
      this.tokens.set(token.id, token);
    }
    for (const entry of state.entries ?? []) if (ENTRY_ID.test(entry.id)) this.entries.set(entry.id, entry);
  }

  private async readState(): Promise<{ tokens?: TokenRecord[]; entries?: EntryRecord[] }> {
    let text: string;
    try {
      text = await fs.promises.readFile(this.statePath, 'utf8');
    } catch {
      return {}; // a fresh data dir
    }
    try {
      return JSON.parse(text);
    } catch {
      // Writes are atomic, so this is a hand-edited file: keep it for inspection and start empty.
      const aside = `${this.statePath}.unreadable-${Date.now()}`;
      await fs.promises.rename(this.statePath, aside);
      console.warn(`[kaltura-api] ${this.statePath} is not valid JSON; moved to ${aside}, starting empty`);
      return {};
    }
  }

  /** Persists the current state; resolves once a write that includes every change so far is on disk. */
  save(): Promise<void> {
    // A failed write must not block later ones, so each write starts after the previous settles.
    this.queued ??= this.writing.catch(() => {}).then(() => {
      this.queued = undefined;
      return this.write();
    });
    this.writing = this.queued;
    return this.queued;
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await this.writing.catch(() => {});
  }

  tokenDir(id: string): string {
    // Ids are generated here and checked again, so no client text ever becomes part of a path.
    if (!TOKEN_ID.test(id)) throw new Error('invalid token id');
    return path.join(this.dataDir, 'tokens', id);
  }

  tokenFile(id: string): string {
    return path.join(this.tokenDir(id), 'data');
  }

  entryFile(id: string): string {
    if (!ENTRY_ID.test(id)) throw new Error('invalid entry id');
    return path.join(this.dataDir, 'entries', id, 'content');
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

  private get statePath(): string {
    return path.join(this.dataDir, 'state.json');
  }

  private async write(): Promise<void> {
    const text = JSON.stringify({ version: 1, tokens: [...this.tokens.values()], entries: [...this.entries.values()] });
    const temp = `${this.statePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.promises.writeFile(temp, text);
    await fs.promises.rename(temp, this.statePath);
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
