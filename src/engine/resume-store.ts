// Where the engine remembers an unfinished upload so a reloaded page can continue it. A record says
// only how to find the upload again on the server; it never holds the KS (a secret) or file bytes.
// `InterruptedUpload` is how a list shows such a record (interrupted-uploads.ts lists them; the
// stream room continues one): here, so neither of those two imports the other for it.

/** What is kept per file fingerprint. Times are `Date.now()` milliseconds. */
export interface ResumeRecord {
  uploadTokenId: string;
  /** With `replaceEntryId`: the entry whose media the upload replaces (a resumed upload keeps it). */
  replaceEntryId?: string;
  /** With `attachFirst`: the entry made before the bytes, which the upload completes. */
  entryId?: string;
  /**
   * The size of the upload's first chunk, for information: a resumed upload plans its chunks afresh
   * from the bytes the server holds (Kaltura merges chunks by offset, so boundaries need not line up).
   */
  chunkSize: number;
  fileSize: number;
  /** The file's name, so a page can list interrupted uploads and ask for the file again. */
  fileName?: string;
  /** Bytes the server had confirmed when the record was last refreshed (about once a second), so a list can say how far it got. */
  bytesConfirmed?: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * The port the engine talks to (option `resumeStore`). Each method may answer now or with a
 * promise, so IndexedDB or a server-side store fit as well as memory and localStorage.
 */
export interface ResumeStore {
  get(key: string): ResumeRecord | undefined | null | Promise<ResumeRecord | undefined | null>;
  set(key: string, record: ResumeRecord): void | Promise<void>;
  remove(key: string): void | Promise<void>;
  /** Optional: every record, e.g. for a page-level list of interrupted uploads. */
  entries?(): [string, ResumeRecord][] | Promise<[string, ResumeRecord][]>;
}

/**
 * One upload that can be continued: a file's by choosing the same file again, a stream's (a
 * recording's) from browser storage by giving this object itself to a new `ChunkedUpload`.
 * Times are `Date.now()` ms.
 */
export interface InterruptedUpload {
  /**
   * The record's key in the resume store (a file's fingerprint; a stream's own key, `stream:…`);
   * pass it to `forgetInterruptedUpload()`.
   */
  key: string;
  /** A stream upload (e.g. a recording): no file to choose; `new ChunkedUpload(upload, options)` finishes it from browser storage. */
  stream: boolean;
  fileName: string;
  fileSize: number;
  /** Bytes the server had confirmed when the record was last refreshed (0 when unknown). */
  bytesConfirmed: number;
  uploadTokenId: string;
  /** With `attachFirst`: the entry waiting for this file. */
  entryId?: string;
  createdAt: number;
  updatedAt: number;
}

/** Records older than this (since `createdAt`) are not resumed: 24 hours. */
export const DEFAULT_RESUME_MAX_AGE = 24 * 60 * 60 * 1000;

/** Keeps records for the life of the page (tests, or resuming after pause/crash of one object). */
export class MemoryResumeStore implements ResumeStore {
  private readonly records = new Map<string, ResumeRecord>();

  get(key: string): ResumeRecord | undefined {
    const record = this.records.get(key);
    return record && { ...record };
  }

  set(key: string, record: ResumeRecord): void {
    this.records.set(key, { ...record });
  }

  remove(key: string): void {
    this.records.delete(key);
  }

  entries(): [string, ResumeRecord][] {
    return [...this.records].map(([key, record]) => [key, { ...record }]);
  }
}

/**
 * Keeps records in `localStorage` under `prefix + key`, so they survive a reload or a crash.
 * Storage errors (quota, private mode) are swallowed: resuming is a convenience, not a must.
 */
export class LocalStorageResumeStore implements ResumeStore {
  constructor(
    readonly prefix = 'kaltura-chunked-upload:',
    private readonly storage: Storage = globalThis.localStorage,
  ) {}

  get(key: string): ResumeRecord | undefined {
    try {
      const text = this.storage.getItem(this.prefix + key);
      return text ? parseRecord(text) : undefined;
    } catch {
      return undefined;
    }
  }

  set(key: string, record: ResumeRecord): void {
    // Copy field by field: whatever else a caller's object carries never reaches the storage.
    const { uploadTokenId, entryId, replaceEntryId, chunkSize, fileSize, fileName, bytesConfirmed, createdAt, updatedAt } = record;
    try {
      this.storage.setItem(this.prefix + key, JSON.stringify({ uploadTokenId, entryId, replaceEntryId, chunkSize, fileSize, fileName, bytesConfirmed, createdAt, updatedAt }));
    } catch {
      // Quota exceeded or storage disabled: the upload goes on, it just cannot be resumed.
    }
  }

  remove(key: string): void {
    try {
      this.storage.removeItem(this.prefix + key);
    } catch {
      // Storage disabled: nothing was stored either.
    }
  }

  entries(): [string, ResumeRecord][] {
    const out: [string, ResumeRecord][] = [];
    try {
      for (let i = 0; i < this.storage.length; i++) {
        const name = this.storage.key(i);
        if (!name?.startsWith(this.prefix)) continue;
        const record = parseRecord(this.storage.getItem(name) ?? '');
        if (record) out.push([name.slice(this.prefix.length), record]);
      }
    } catch {
      // Storage disabled: no records.
    }
    return out;
  }
}

function parseRecord(text: string): ResumeRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<ResumeRecord>;
    const ok = typeof r.uploadTokenId === 'string' && Number.isInteger(r.chunkSize) && (r.chunkSize as number) > 0 &&
      Number.isInteger(r.fileSize) && typeof r.createdAt === 'number' && typeof r.updatedAt === 'number' &&
      (r.replaceEntryId === undefined || typeof r.replaceEntryId === 'string');
    return ok ? (r as ResumeRecord) : undefined;
  } catch {
    return undefined;
  }
}
