// One upload's record in the resume store: found by the file's fingerprint (a stream by its own
// key), written when a token is made, refreshed (at most about once a second) as bytes are
// confirmed, and removed when the upload completes, is cancelled, or its token turns out useless. Store calls run one after
// another: with an async store, a refresh still in flight must not land after the removal and
// bring the record back. Store failures never fail an upload: resuming is a convenience.
// The key is claimed (upload-lock.ts) for the life of the upload, released when it ends: a key
// another tab's live upload holds is left alone (this upload then goes on a token of its own,
// unremembered), so two tabs never fill one token.
// Continuing a remembered token, and starting over when the server no longer takes it, live here
// too: only an upload with a store runs them. This chunk imports no engine module (a shared one
// would grow the engine's up-front bundle): the engine hands it the functions it needs (ResumeKit).
import type { UploadError } from '../errors.js';
import type { CallContext } from '../kaltura/client.js';
import { TokenStatus, type KalturaUploadToken } from '../kaltura/types.js';
import type { ChunkTransfer } from './chunk-transfer.js';
import { resumeKey } from './fingerprint.js';
import type { ResolvedOptions } from './options.js';
import type { RequestHost } from './request-loop.js';
import type { ResumeRecord, ResumeStore } from './resume-store.js';
import type { StreamSource } from './stream/stream-source.js';
import { claim, type Release } from './upload-lock.js';

const REFRESH_MS = 1000;
/** Answers to a remembered token that mean "begin again with a new one". */
const START_OVER_CODES = ['UPLOAD_TOKEN_NOT_FOUND', 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED', 'UPLOAD_TOKEN_CANNOT_RESUME'];

/** The engine's functions this chunk uses, handed over by chunked-upload.ts (request-loop, upload-api, errors, chunk-transfer). */
export type ResumeKit = [
  request: <T>(host: RequestHost, call: (ctx: CallContext) => Promise<T>) => Promise<T>,
  getUploadToken: (ctx: CallContext, id: string) => Promise<KalturaUploadToken>,
  deleteEntry: (ctx: CallContext, id: string) => Promise<unknown>,
  toUploadError: (e: unknown) => UploadError,
  bytesHeld: (token: KalturaUploadToken, fileSize: number) => number,
];

/** What continuing or starting over changes in the upload (chunked-upload.ts owns that state). */
export interface ResumingUpload {
  readonly transfer: ChunkTransfer;
  /** Set once cancel() was called. */
  cancelled(): unknown;
  /** Sets the attach-first entry this upload has (and made), or none; answers the one it had. */
  entry(id?: string): string | undefined;
  /** Goes on with this token. */
  take(token: KalturaUploadToken): void;
  /** Forgets the token and everything counted from it (the machine may send again). */
  restart(): void;
  /** A new token (and with attachFirst its entry). */
  begin(): Promise<void>;
}

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
    readonly kit: ResumeKit,
  ) {
    this.#store = store;
    this.#file = file;
    this.#options = options;
  }

  /**
   * Looks the file up in the store and asks the server (uploadToken.get) where that upload stands.
   * True when the upload continues the remembered token (chunks the server holds count as done;
   * attach-first then has the record's entry). A record whose token is gone (or no longer takes
   * bytes) is dropped, with its entry.
   */
  async reopen(host: RequestHost, upload: ResumingUpload): Promise<boolean> {
    const [request, getUploadToken, , toUploadError, bytesHeld] = this.kit;
    const record = await this.lookup();
    if (!record) return false;
    const { entryId, uploadTokenId } = record;
    upload.entry(entryId);
    let token: KalturaUploadToken | undefined;
    try {
      token = await request(host, (ctx) => getUploadToken(ctx, uploadTokenId));
    } catch (e) {
      const error = toUploadError(e);
      // Only "this token is no use" starts over; a dead network or a bad KS fails as usual.
      if (upload.cancelled() || error.retryable || ['INVALID_KS', 'CANCELLED', 'PAUSED'].includes(error.code)) throw e;
    }
    const status = token?.status;
    // PENDING, PARTIAL_UPLOAD, FULL_UPLOAD; CLOSED only when it went into our attach-first entry.
    if (!(status! <= TokenStatus.FULL_UPLOAD || (status === TokenStatus.CLOSED && !!entryId))) {
      await this.forget();
      await this.#dropEntry(host, upload);
      return false;
    }
    upload.take(token!);
    // A fresh plan from what the server holds: chunk boundaries need not match the earlier ones.
    upload.transfer.begin(uploadTokenId, bytesHeld(token!, this.#file.size));
    if (status === TokenStatus.CLOSED) upload.transfer.finalToken = token;
    return true;
  }

  /** Sends the bytes of a continued upload; a token the server no longer takes is replaced, once, by a new one. */
  async send(host: RequestHost, upload: ResumingUpload): Promise<void> {
    const { transfer } = upload;
    try {
      await transfer.send();
    } catch (e) {
      if (upload.cancelled() || !START_OVER_CODES.includes(this.kit[3](e).code)) throw e;
      // Forget the remembered token and everything counted from it, then begin with a new one.
      await this.forget();
      upload.restart();
      await this.#dropEntry(host, upload);
      await upload.begin();
      await transfer.send();
    }
  }

  /** Deletes the attach-first entry of a token that can no longer fill it (best effort): it would stay in IMPORT for ever. */
  async #dropEntry(host: RequestHost, upload: ResumingUpload): Promise<void> {
    const id = upload.entry();
    if (id) await this.kit[0](host, (ctx) => this.kit[2](ctx, id)).catch(() => {});
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
