// One upload's record in the resume store: found by the file's fingerprint (a stream by its own
// key), written when a token is made, refreshed (at most about once a second) as bytes are
// confirmed, and removed when the upload completes, is cancelled, or its token turns out useless. Store calls run one after
// another: with an async store, a refresh still in flight must not land after the removal and
// bring the record back. Store failures never fail an upload: resuming is a convenience.
// The key is claimed (upload-lock.ts) for the life of the upload, released when it ends: a key
// another tab's live upload holds is left alone (this upload then goes on a token of its own,
// unremembered), so two tabs never fill one token.
import { resumeKey } from './fingerprint.js';
import type { ResolvedOptions } from './options.js';
import type { ResumeRecord, ResumeStore } from './resume-store.js';
import type { StreamSource } from './stream/stream-source.js';
import { claim, type Release } from './upload-lock.js';

const REFRESH_MS = 1000;

export class ResumeSession {
  #key?: string;
  #record?: ResumeRecord;
  #queue: Promise<unknown> = Promise.resolve();
  #release?: Release;

  readonly #store: ResumeStore | undefined;
  readonly #file: Blob | StreamSource;
  readonly #options: ResolvedOptions;

  constructor(
    store: ResumeStore | undefined,
    file: Blob | StreamSource,
    options: ResolvedOptions,
  ) {
    this.#store = store;
    this.#file = file;
    this.#options = options;
  }

  /**
   * The remembered record for this file when it still fits (young enough, and with an entry only in
   * attach-first mode; the key already says it is the same file, size included); an unfit record
   * is removed. Undefined without a store, or for a file without `crypto.subtle`.
   */
  async lookup(): Promise<ResumeRecord | undefined> {
    const store = this.#store;
    const options = this.#options;
    if (!store) return undefined;
    try {
      const key = (this.#file as StreamSource).id ?? (await resumeKey(this.#file as Blob, options));
      // Held by a live upload (another tab's, or this page's own): not ours to resume, refresh or remove.
      if (!(this.#release = await claim(key))) return undefined;
      this.#key = key;
    } catch {
      return undefined; // no crypto.subtle (not a secure context): upload without resuming
    }
    const record = await this.#call(() => store.get(this.#key!));
    if (!record) return undefined;
    // A record without an entry fits both modes: attach-first then makes the entry when it resumes.
    // A replacement resumes into the same entry: the record's target holds unless another was asked for.
    const target = options.replaceEntryId ?? record.replaceEntryId;
    const fits = Date.now() - record.createdAt <= options.resumeMaxAge && (options.attachFirst || !record.entryId) && target === record.replaceEntryId;
    if (fits) {
      options.replaceEntryId = target;
      return (this.#record = record);
    }
    await this.forget();
    return undefined;
  }

  /** Remembers a new token. */
  async remember(fields: Pick<ResumeRecord, 'uploadTokenId' | 'chunkSize'>): Promise<void> {
    const store = this.#store;
    if (!store || !this.#key) return;
    const now = Date.now();
    const record: ResumeRecord = (this.#record = {
      uploadTokenId: fields.uploadTokenId,
      chunkSize: fields.chunkSize, fileSize: this.#file.size, fileName: this.#options.fileName, createdAt: now, updatedAt: now,
      ...(this.#options.replaceEntryId && { replaceEntryId: this.#options.replaceEntryId }),
    });
    await this.#call(() => store.set(this.#key!, record));
  }

  /** Adds the entry made for the remembered token (attach-first); nothing once forgotten (cancelled). */
  async attached(entryId: string): Promise<void> {
    const record = this.#record;
    if (record) await this.#call(() => this.#store!.set(this.#key!, Object.assign(record, { entryId })));
  }

  /** Notes how far the upload got, for a list of interrupted uploads: at most about once a second. */
  progressed(bytesConfirmed: number): void {
    const record = this.#record;
    const now = Date.now();
    if (!record || now - record.updatedAt < REFRESH_MS) return;
    // A stream's size grows: the record keeps up, for the list of interrupted uploads.
    Object.assign(record, { bytesConfirmed, fileSize: this.#file.size, updatedAt: now });
    void this.#call(() => this.#store!.set(this.#key!, record));
  }

  /** Removes the record (completion, cancel, or a token the server no longer takes). */
  async forget(): Promise<void> {
    const store = this.#store;
    const key = this.#key;
    this.#record = undefined;
    if (store && key) await this.#call(() => store.remove(key));
  }

  /** The upload ended (complete, failed or cancelled): its key is free once the store calls queued so far are done. */
  release(): void {
    const release = this.#release;
    this.#release = undefined;
    if (release) void this.#queue.then(release);
  }

  #call<T>(call: () => T | Promise<T>): Promise<T | undefined> {
    return (this.#queue = this.#queue.then(call).catch(() => undefined));
  }
}
