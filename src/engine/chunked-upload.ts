// The headless upload engine: one file, Kaltura's parallel chunk protocol, pause / resume /
// cancel, retries and typed events. No DOM UI; it only needs Blob, fetch, XMLHttpRequest, timers.
import { UploadError, isUploadError } from '../errors.js';
import { isOffline, uploadChunk, type CallContext } from '../kaltura/client.js';
import { browserTransport, type Transport } from '../kaltura/transport.js';
import type { EntryFields, KalturaMediaEntry, KalturaUploadToken } from '../kaltura/types.js';
import { addContent, addUploadToken, createEntry, createEntryFirst, deleteUploadToken, getEntry, getUploadToken, mediaTypeOf } from '../kaltura/upload-api.js';
import { planChunks, type Chunk } from './chunk-plan.js';
import { fileFingerprint } from './fingerprint.js';
import { DEFAULT_RESUME_MAX_AGE, type ResumeRecord, type ResumeStore } from './resume-store.js';
import { defaultRetry, remedyFor, retryDelay, type RetryOptions } from './retry-policy.js';

export type UploadState = 'idle' | 'uploading' | 'paused' | 'retrying' | 'finalizing' | 'complete' | 'error' | 'cancelled';

export type KsSource = string | (() => string | Promise<string>);

export interface ChunkedUploadOptions {
  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com` (a trailing `/` or `/api_v3` is tolerated). Required. */
  serviceUrl: string;
  /**
   * The Kaltura Session, or a function that returns one. A function is called again (once, for
   * all chunks in flight) when the server answers `INVALID_KS`, and the failed request is replayed;
   * a KS it has just returned that is refused too ends the upload.
   */
  ks: KsSource;
  /** Partner id, sent with every call when given. */
  partnerId?: number;
  /**
   * Bytes per chunk, used exactly. Large chunks keep the per-request overhead small (on loopback,
   * 5 MiB chunks reach only about 0.6 of one big POST); retries re-send at most one chunk.
   * @default 16 MiB
   */
  chunkSize?: number;
  /** Chunk requests in flight at once (the first and the final chunk always go alone). @default 4 */
  concurrency?: number;
  /** Fields for `media.add`; `name` defaults to the file name. */
  entry?: EntryFields;
  /** The file name; required when `file` is a Blob without a name. */
  fileName?: string;
  /** Refuse larger files with `FILE_TOO_LARGE` before any request. @default undefined (no limit) */
  maxFileSize?: number;
  /**
   * Retries of a request that got no answer, timed out, or got HTTP 5xx/408/429 (Kaltura's own
   * errors are never retried blindly). Delays double from `minDelay` up to `maxDelay`, with jitter;
   * a Retry-After header may ask for longer (up to 4 × maxDelay). The count starts again whenever a
   * chunk is confirmed; when it is spent, `start()` rejects with a `retryable: true` error.
   * @default {retries: 8, minDelay: 500, maxDelay: 20000}
   */
  retry?: RetryOptions;
  /**
   * A chunk request that shows no upload progress for this many ms, or a small JSON call not
   * answered within it, is aborted and retried (while the browser is offline: after 2 s).
   * @default 30000
   */
  stallTimeout?: number;
  /**
   * A chunk whose answer takes longer than this many ms after its bytes were sent is retried
   * (Kaltura's final-chunk merge may wait up to about 45 s). @default 120000
   */
  responseTimeout?: number;
  /** Free text Kaltura logs with each call. @default 'kaltura-chunked-upload' */
  clientTag?: string;
  /**
   * Where unfinished uploads are remembered (per file fingerprint: name, size, lastModified,
   * partner id and a hash of the first and last 64 KiB) so the same file given to a new
   * `ChunkedUpload` (after a reload or a crash) continues at the server's `uploadedFileSize`.
   * Records hold the upload token id, entry id, chunk size, bytes confirmed (refreshed at most
   * about once a second) and times, never the KS; they are removed on completion and on cancel.
   * Use `LocalStorageResumeStore` to survive reloads.
   * @default undefined (no resuming across objects)
   */
  resumeStore?: ResumeStore;
  /** A remembered upload whose record is older than this many ms (since `createdAt`) starts over. @default 86400000 (24 h) */
  resumeMaxAge?: number;
  /**
   * Create the entry first, as KMC-ng does: `media.add` + `uploadToken.add` + `media.addContent` in
   * one multirequest before any bytes. An interrupted upload then leaves an entry (status IMPORT)
   * that a resumed upload completes; the final chunk's answer (token CLOSED) means success.
   * @default false
   */
  attachFirst?: boolean;
  /**
   * How requests go out: one function per HTTP POST. For tests (a scriptable fake) and unusual
   * runtimes; the KS is part of the request body it is given.
   * @default fetch for JSON calls, XMLHttpRequest for chunks (upload progress)
   */
  transport?: Transport;
}

export interface UploadProgressDetail {
  /** Bytes handed to the network (XHR upload progress); never moves backwards. */
  bytesSent: number;
  /** Bytes of chunks the server answered for; never moves backwards. */
  bytesConfirmed: number;
  bytesTotal: number;
}

export interface UploadStateDetail {
  state: UploadState;
  previous: UploadState;
  /** With `error` and `retrying`: what went wrong. */
  error?: UploadError;
  /** With `retrying`: the wait before the next attempt. */
  retryInMs?: number;
  /** With `retrying`: which retry this is (1-based). */
  attempt?: number;
  /** With `retrying`: `offline` while the browser reports no network (the engine waits for `online`, no retry is used up). */
  reason?: 'offline';
  /** With `uploading` after a remembered upload was found: the byte offset it continues from. */
  resumedFrom?: number;
}

export interface UploadResult {
  entryId: string;
  uploadTokenId: string;
  /** The entry as `media.addContent` returned it. */
  entry: KalturaMediaEntry;
}

export interface ChunkedUploadEventMap {
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<UploadStateDetail>;
}

export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 4;
const PROGRESS_INTERVAL_MS = 100;
const MAX_SIZE_MISMATCH_ROUNDS = 3;
/** Answers to a remembered token that mean "begin again with a new one". */
const START_OVER_CODES = new Set(['UPLOAD_TOKEN_NOT_FOUND', 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED']);

export interface ChunkedUpload {
  addEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Uploads one File or Blob to Kaltura and creates a media entry for it.
 *
 * @example
 * const upload = new ChunkedUpload(file, { serviceUrl: 'https://www.kaltura.com', ks: getKs });
 * upload.addEventListener('progress', (e) => bar.value = e.detail.bytesConfirmed / e.detail.bytesTotal);
 * const { entryId } = await upload.start();
 */
export class ChunkedUpload extends EventTarget {
  readonly file: Blob;
  readonly options: ChunkedUploadOptions;
  private _state: UploadState = 'idle';
  /** 'uploading' or 'finalizing': where a retry or a resume goes back to. */
  private phase: 'uploading' | 'finalizing' = 'uploading';
  private running?: Promise<UploadResult>;
  private chunks: Chunk[] = [];
  /** Chunks the server answered for, in this page's life or as reported by uploadToken.get. */
  private readonly acked = new Set<number>();
  /** Bytes sent so far of each chunk in flight. */
  private readonly inflight = new Map<number, number>();
  private confirmedBytes = 0;
  private sentHigh = 0;
  private confirmedHigh = 0;
  private lastProgressAt = 0;
  private progressTimer?: ReturnType<typeof setTimeout>;
  private tokenId?: string;
  private ks = '';
  /** The last KS the server accepted. */
  private workingKs?: string;
  private ksRefresh?: Promise<void>;
  /** Aborted by pause (and replaced), by cancel, or by a fatal error. */
  private controller = new AbortController();
  private pauseGate?: { promise: Promise<void>; open: () => void };
  private needsSync = false;
  private sync?: Promise<void>;
  private failure?: UploadError;
  private cancelled?: Promise<void>;
  /** The file's fingerprint: its key in the resume store. */
  private resumeKey?: string;
  /** The resume-store call that ran last (see storeCall). */
  private storeQueue: Promise<unknown> = Promise.resolve();
  /** What the resume store holds for this upload; refreshed as chunks are confirmed. */
  private record?: ResumeRecord;
  private _resumedFrom = 0;
  /** With attachFirst: the entry created before the bytes. */
  private attachedEntry?: { id: string; entry?: KalturaMediaEntry };
  /** The answer to the final chunk (a token; CLOSED means an attach-first entry got the file). */
  private finalToken?: KalturaUploadToken;

  constructor(file: Blob, options: ChunkedUploadOptions) {
    super();
    this.file = file;
    this.options = options;
  }

  get state(): UploadState {
    return this._state;
  }

  /** Bytes sent and confirmed so far. */
  get progress(): UploadProgressDetail {
    return { bytesSent: this.sentHigh, bytesConfirmed: this.confirmedHigh, bytesTotal: this.file.size };
  }

  /**
   * Bytes the server already held when this upload continued a remembered one (`resumeStore`),
   * else 0; progress starts there. A UI can say "resuming from N%".
   */
  get resumedFrom(): number {
    return this._resumedFrom;
  }

  /** The upload token once `uploadToken.add` answered. */
  get uploadTokenId(): string | undefined {
    return this.tokenId;
  }

  /** Runs the upload; calling it again returns the same promise. */
  start(): Promise<UploadResult> {
    return (this.running ??= this.run());
  }

  /** Aborts the requests in flight and sends nothing until `resume()`. */
  pause(): void {
    // Not while finalizing: aborting media.add half-way could leave a second entry on retry.
    if (this._state !== 'uploading' && this._state !== 'retrying') return;
    let open!: () => void;
    this.pauseGate = { promise: new Promise<void>((r) => (open = r)), open };
    // Without a token yet there is nothing to ask the server: uploadToken.add is simply sent again.
    this.needsSync = !!this.tokenId;
    this.abortRequests(new UploadError('PAUSED', 'Paused'));
    this.setState('paused');
  }

  /** Asks the server where the upload stands (uploadToken.get) and continues from there. */
  resume(): void {
    const gate = this.pauseGate;
    if (this._state !== 'paused' || !gate) return;
    this.pauseGate = undefined;
    this.setState(this.phase);
    gate.open();
  }

  /**
   * Aborts everything, deletes the upload token and rejects `start()` with `CANCELLED`.
   * The returned promise settles once the token was deleted (or that failed).
   */
  cancel(): Promise<void> {
    if (this.cancelled) return this.cancelled;
    if (this._state === 'complete' || this._state === 'error') return Promise.resolve();
    const wasRunning = !!this.running;
    this.abortRequests(new UploadError('CANCELLED', 'The upload was cancelled'));
    this.pauseGate?.open();
    this.pauseGate = undefined;
    clearTimeout(this.progressTimer);
    const tokenId = this.tokenId;
    void this.forgetRecord();
    this.cancelled = tokenId
      ? deleteUploadToken(this.context(new AbortController().signal), tokenId).then(() => undefined, () => undefined)
      : Promise.resolve();
    if (!wasRunning) this.setState('cancelled');
    return this.cancelled;
  }

  private async run(): Promise<UploadResult> {
    try {
      if (this.cancelled) throw new UploadError('CANCELLED', 'The upload was cancelled');
      this.validate();
      // With a resume store, 'uploading' waits for the lookup so it can say where it resumes from.
      if (!this.options.resumeStore) this.setState('uploading');
      this.ks = await this.resolveKs();
      const fileName = this.fileName()!;
      const resumed = await this.findRemembered(fileName);
      this.setState('uploading', resumed ? { resumedFrom: this._resumedFrom } : {});
      if (this._resumedFrom) this.emitProgress(true);
      if (!resumed) await this.begin(fileName);
      await this.sendAll(fileName, resumed);
      // The 100% a throttled progress event still owes comes before 'finalizing'; a pause it
      // (or the last chunk's answer) brought holds here until resume() opens the gate.
      if (this.progressTimer) this.emitProgress(true);
      while (this.pauseGate) await this.pauseGate.promise;
      this.phase = 'finalizing';
      this.setState('finalizing');
      const tokenId = this.tokenId!;
      const entry = this.options.attachFirst ? await this.attachedResult() : await this.createEntry(tokenId, fileName);
      await this.forgetRecord();
      this.emitProgress(true);
      this.setState('complete');
      return { entryId: entry.id, uploadTokenId: tokenId, entry };
    } catch (e) {
      clearTimeout(this.progressTimer);
      if (this.cancelled) {
        await this.cancelled;
        this.setState('cancelled');
        throw new UploadError('CANCELLED', 'The upload was cancelled', { cause: e });
      }
      const error = this.failure ?? toUploadError(e);
      this.abortRequests(error);
      this.setState('error', { error });
      throw error;
    }
  }

  private validate(): void {
    const o = this.options;
    const invalid = (message: string) => new UploadError('INVALID_OPTIONS', message);
    if (!o || typeof o.serviceUrl !== 'string' || !/^https?:\/\//.test(o.serviceUrl)) throw invalid('`serviceUrl` must be an http(s) URL');
    if (!o.ks || (typeof o.ks !== 'string' && typeof o.ks !== 'function')) throw invalid('`ks` is required: a KS or a function returning one');
    if (!(this.file instanceof Blob)) throw invalid('`file` must be a File or Blob');
    if (!this.fileName()) throw invalid('`fileName` is required for a Blob without a name');
    const positive = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);
    if (!positive(o.chunkSize)) throw invalid('`chunkSize` must be a positive whole number of bytes');
    if (!positive(o.concurrency)) throw invalid('`concurrency` must be a positive whole number');
    if (this.file.size === 0) throw new UploadError('EMPTY_FILE', `"${this.fileName()}" is empty`);
    if (o.maxFileSize != null && this.file.size > o.maxFileSize) {
      throw new UploadError('FILE_TOO_LARGE', `"${this.fileName()}" is ${this.file.size} bytes, more than the ${o.maxFileSize} allowed`);
    }
  }

  private fileName(): string | undefined {
    return this.options?.fileName || (this.file as File).name || undefined;
  }

  private async resolveKs(): Promise<string> {
    const source = this.options.ks;
    const ks = typeof source === 'function' ? await source() : source;
    if (!ks || typeof ks !== 'string') throw new UploadError('INVALID_OPTIONS', 'The `ks` function returned no KS');
    return ks;
  }

  /**
   * Looks the file up in the resume store and asks the server (uploadToken.get) where that upload
   * stands. True when this upload continues the remembered token; chunks the server holds count as
   * done. A record that is too old, for another setup, or whose token is gone is dropped.
   */
  private async findRemembered(fileName: string): Promise<boolean> {
    const store = this.options.resumeStore;
    if (!store) return false;
    try {
      this.resumeKey = await fileFingerprint(this.file, fileName, this.options.partnerId);
    } catch {
      return false; // no crypto.subtle (not a secure context): upload without resuming
    }
    const record = await this.storeCall(() => store.get(this.resumeKey!));
    if (!record) return false;
    const maxAge = this.options.resumeMaxAge ?? DEFAULT_RESUME_MAX_AGE;
    const fits = record.fileSize === this.file.size && Date.now() - record.createdAt <= maxAge && !!this.options.attachFirst === !!record.entryId;
    if (!fits) {
      await this.forgetRecord();
      return false;
    }
    let token: KalturaUploadToken;
    try {
      token = await this.request((ctx) => getUploadToken(ctx, record.uploadTokenId));
    } catch (e) {
      const error = toUploadError(e);
      // Only "this token is no use" starts over; a dead network or a bad KS fails as usual.
      if (this.cancelled || error.retryable || ['INVALID_KS', 'CANCELLED', 'PAUSED'].includes(error.code)) throw e;
      await this.forgetRecord();
      return false;
    }
    const status = token.status;
    const usable = status === 0 || status === 1 || status === 2 || (status === 3 && !!record.entryId);
    if (!usable) {
      await this.forgetRecord();
      return false;
    }
    this.tokenId = record.uploadTokenId;
    this.record = record;
    if (record.entryId) this.attachedEntry = { id: record.entryId };
    this.chunks = planChunks(this.file.size, record.chunkSize);
    const have = status >= 2 ? this.file.size : Number(token.uploadedFileSize ?? 0);
    for (const chunk of this.chunks) {
      if (chunk.end > have) continue;
      this.acked.add(chunk.index);
      this.confirmedBytes += chunk.end - chunk.start;
    }
    this._resumedFrom = this.confirmedBytes;
    if (status === 3) this.finalToken = token;
    return true;
  }

  /** A new upload token (with attachFirst, also its entry), remembered in the resume store. */
  private async begin(fileName: string): Promise<void> {
    const chunkSize = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (this.options.attachFirst) {
      const fields = this.entryFields(fileName);
      const { token, entry } = await this.request((ctx) => createEntryFirst(ctx, fields, fileName, this.file.size));
      this.tokenId = token.id;
      this.attachedEntry = { id: entry.id, entry };
    } else {
      const token = await this.request((ctx) => addUploadToken(ctx, fileName, this.file.size));
      this.tokenId = token.id;
    }
    this.chunks = planChunks(this.file.size, chunkSize);
    const store = this.options.resumeStore;
    if (!store || !this.resumeKey || this.cancelled) return;
    const now = Date.now();
    const record: ResumeRecord = (this.record = {
      uploadTokenId: this.tokenId, ...(this.attachedEntry && { entryId: this.attachedEntry.id }),
      chunkSize, fileSize: this.file.size, fileName, createdAt: now, updatedAt: now,
    });
    await this.storeCall(() => store.set(this.resumeKey!, record));
  }

  /** Sends the bytes; a remembered token the server no longer takes is replaced, once, by a new one. */
  private async sendAll(fileName: string, resumed: boolean): Promise<void> {
    try {
      await this.sendChunks();
    } catch (e) {
      if (!resumed || this.cancelled || !START_OVER_CODES.has(toUploadError(e).code)) throw e;
      await this.startOver(fileName);
      await this.sendChunks();
    }
  }

  /** Forgets the remembered token and everything counted from it, then begins with a new one. */
  private async startOver(fileName: string): Promise<void> {
    await this.forgetRecord();
    this.failure = undefined;
    if (this.controller.signal.aborted) this.controller = new AbortController();
    this.acked.clear();
    this.inflight.clear();
    this.confirmedBytes = this.sentHigh = this.confirmedHigh = this._resumedFrom = 0;
    this.attachedEntry = this.tokenId = this.finalToken = undefined;
    this.needsSync = false;
    this.emitProgress(true);
    await this.begin(fileName);
  }

  /** Attach-first: the token CLOSED (status 3) means the final chunk filled the entry made up front. */
  private async attachedResult(): Promise<KalturaMediaEntry> {
    const attached = this.attachedEntry!;
    let status = this.finalToken?.status;
    if (status !== 3) status = (await this.request((ctx) => getUploadToken(ctx, this.tokenId!), undefined, true)).status;
    if (status !== 3) {
      throw new UploadError('BAD_RESPONSE', `Token ${this.tokenId} is complete but entry ${attached.id} did not get it`);
    }
    return attached.entry ?? (await this.request((ctx) => getEntry(ctx, attached.id)));
  }

  /** Removes this file's record from the resume store (on completion, cancel, or a useless token). */
  private async forgetRecord(): Promise<void> {
    const store = this.options.resumeStore;
    const key = this.resumeKey;
    this.record = undefined;
    if (store && key) await this.storeCall(() => store.remove(key));
  }

  /**
   * Runs resume-store calls one after another: with an async store, a progress refresh still in
   * flight must not land after the record's removal and bring it back. Store failures never fail
   * an upload: resuming is a convenience.
   */
  private storeCall<T>(call: () => T | Promise<T>): Promise<T | undefined> {
    return (this.storeQueue = this.storeQueue.then(call).catch(() => undefined));
  }

  /** First chunk alone (it creates the file), the middle ones in parallel, the final one last. */
  private async sendChunks(): Promise<void> {
    const [first, ...middle] = this.chunks;
    const last = middle.pop();
    for (let round = 1; ; round++) {
      await this.sendChunk(first, false, !last);
      await this.sendParallel(middle);
      if (!last) return;
      try {
        await this.sendChunk(last, true, true);
        return;
      } catch (e) {
        const code = toUploadError(e).code;
        if (code === 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE' && round < MAX_SIZE_MISMATCH_ROUNDS) {
          // Some chunk never reached the file: send again everything past what the server has.
          await this.syncWithServer(true);
          continue;
        }
        throw e;
      }
    }
  }

  private async sendParallel(chunks: Chunk[]): Promise<void> {
    const queue = chunks.filter((c) => !this.acked.has(c.index));
    const workers = Array.from({ length: Math.min(this.options.concurrency ?? DEFAULT_CONCURRENCY, queue.length) }, async () => {
      for (let chunk; (chunk = queue.shift()); ) await this.sendChunk(chunk, true, false);
    });
    try {
      await Promise.all(workers);
    } catch (e) {
      // One chunk failed for good: stop the others rather than let them run on unobserved, and
      // let them finish before going on (a start-over must not meet a chunk of the old token).
      const failure = (this.failure ??= toUploadError(e));
      this.abortRequests(failure);
      await Promise.allSettled(workers);
      throw failure;
    }
  }

  private async sendChunk(chunk: Chunk, resume: boolean, finalChunk: boolean): Promise<void> {
    if (this.acked.has(chunk.index)) return;
    const data = this.file.slice(chunk.start, chunk.end);
    const answer = await this.request((ctx) => {
      this.inflight.set(chunk.index, 0);
      const request = {
        uploadTokenId: this.tokenId!, data, fileName: this.fileName()!, resume, finalChunk,
        // Never resume=true with resumeAt=0: Kaltura reads that as an old client's unchecked final.
        resumeAt: resume ? chunk.start : 0,
      };
      return uploadChunk<KalturaUploadToken>(ctx, request, (loaded) => {
        this.inflight.set(chunk.index, loaded);
        this.emitProgress();
      });
    }, () => this.acked.has(chunk.index)).catch(async (e) => {
      // A final chunk sent again whose earlier try got through (its answer was lost, or the
      // browser re-sent it on a reset keep-alive connection): the token says whether it is whole.
      if (finalChunk && toUploadError(e).code === 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD') await this.syncWithServer(false);
      if (!this.acked.has(chunk.index)) throw e;
    });
    this.inflight.delete(chunk.index);
    if (finalChunk && answer) this.finalToken = answer;
    this.ack(chunk);
  }

  private ack(chunk: Chunk): void {
    if (this.acked.has(chunk.index)) return;
    this.acked.add(chunk.index);
    this.confirmedBytes += chunk.end - chunk.start;
    this.emitProgress();
    // How far it got, for a list of interrupted uploads: at most about once a second.
    const record = this.record;
    const now = Date.now();
    if (record && now - record.updatedAt >= 1000) {
      Object.assign(record, { bytesConfirmed: this.confirmedBytes, updatedAt: now });
      void this.storeCall(() => this.options.resumeStore!.set(this.resumeKey!, record));
    }
  }

  private entryFields(fileName: string): EntryFields {
    const mediaType = mediaTypeOf(this.file.type);
    const fields: EntryFields = { ...(mediaType && { mediaType }), ...this.options.entry };
    fields.name ||= fileName;
    return fields;
  }

  private async createEntry(tokenId: string, fileName: string): Promise<KalturaMediaEntry> {
    const fields = this.entryFields(fileName);
    let entryId: string | undefined;
    return this.request(async (ctx) => {
      // If media.add got through but addContent did not, finish that entry instead of making another.
      if (entryId) return addContent(ctx, entryId, tokenId);
      try {
        return await createEntry(ctx, fields, tokenId);
      } catch (e) {
        entryId = (e as { entryId?: string }).entryId;
        throw e;
      }
    });
  }

  /**
   * Sends one request until it succeeds, retrying what can be retried and refreshing the KS once
   * on INVALID_KS when `ks` is a function. `done()` says the work was done meanwhile (by a resync).
   */
  private async request<T>(send: (ctx: CallContext) => Promise<T>, done?: () => boolean, syncing = false): Promise<T> {
    let attempt = 0;
    let acksAtLastFailure = this.acked.size;
    let replayedWithKs: string | undefined;
    for (;;) {
      await this.gate(syncing);
      if (done?.()) return undefined as T;
      const ks = this.ks;
      try {
        const answer = await send(this.context(this.controller.signal));
        this.workingKs = ks;
        return answer;
      } catch (e) {
        const error = toUploadError(e);
        if (this.cancelled) throw error;
        if (this.failure) throw this.failure;
        if (error.code === 'PAUSED') continue; // the gate waits for resume()
        const remedy = remedyFor(error, typeof this.options.ks === 'function');
        // Once per request, unless the refused KS had worked before: then it simply expired (again).
        if (remedy === 'refresh-ks' && (replayedWithKs !== ks || this.workingKs === ks)) {
          await this.refreshKs(ks);
          replayedWithKs = this.ks;
          continue;
        }
        if (remedy !== 'retry') throw error;
        if (isOffline()) {
          // No network: waiting for it uses up no retry (peers burn their budget here).
          this.setState('retrying', { error, reason: 'offline' });
          await this.untilOnline();
          if (this._state === 'retrying') this.setState(this.phase);
          continue;
        }
        // The budget is per stretch without progress: any chunk confirmed since restarts it.
        if (this.acked.size > acksAtLastFailure) attempt = 0;
        acksAtLastFailure = this.acked.size;
        const delay = retryDelay(++attempt, { ...defaultRetry, ...this.options.retry }, error.retryAfterMs);
        if (delay === undefined) throw error;
        this.setState('retrying', { error, retryInMs: Math.round(delay), attempt });
        await this.sleep(delay);
        if (this._state === 'retrying') this.setState(this.phase);
      }
    }
  }

  /** Waits while paused, stops when cancelled or failed, and after a pause syncs with the server once. */
  private async gate(syncing: boolean): Promise<void> {
    while (this.pauseGate) await this.pauseGate.promise;
    if (this.cancelled) throw new UploadError('CANCELLED', 'The upload was cancelled');
    if (this.failure) throw this.failure;
    if (this.needsSync && this.tokenId && !syncing) {
      this.sync ??= this.syncWithServer(false).finally(() => (this.sync = undefined));
      await this.sync;
    }
  }

  /**
   * Asks uploadToken.get how many bytes the file holds and counts every chunk inside them as done.
   * With `forget`, chunks past that point are sent again (the server lost or never merged them).
   */
  private async syncWithServer(forget: boolean): Promise<void> {
    this.needsSync = false;
    const token = await this.request((ctx) => getUploadToken(ctx, this.tokenId!), undefined, true);
    const whole = token.status === 2 || token.status === 3;
    const have = whole ? this.file.size : Number(token.uploadedFileSize ?? 0);
    for (const chunk of this.chunks) {
      if (chunk.end <= have) this.ack(chunk);
      else if (forget && this.acked.delete(chunk.index)) this.confirmedBytes -= chunk.end - chunk.start;
    }
  }

  /** One refresh for every request that failed with the same KS. */
  private async refreshKs(failedKs: string): Promise<void> {
    if (this.ks !== failedKs) return;
    this.ksRefresh ??= this.resolveKs()
      .then((ks) => void (this.ks = ks))
      .finally(() => (this.ksRefresh = undefined));
    await this.ksRefresh;
  }

  private context(signal: AbortSignal): CallContext {
    const o = this.options;
    return {
      serviceUrl: o.serviceUrl, ks: this.ks, partnerId: o.partnerId, signal, transport: o.transport ?? browserTransport,
      clientTag: o.clientTag ?? 'kaltura-chunked-upload',
      stallTimeout: o.stallTimeout ?? 30_000, answerTimeout: o.responseTimeout ?? 120_000,
    };
  }

  private abortRequests(reason: UploadError): void {
    const old = this.controller;
    // Cancel and failure are final; after a pause, new requests need a live signal.
    if (reason.code === 'PAUSED') this.controller = new AbortController();
    old.abort(reason);
  }

  /** A delay that ends early on pause, cancel or failure (the gate then decides). */
  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  /** Resolves on the window's `online` event, or early on pause, cancel or failure (the gate then decides). */
  private untilOnline(): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const done = () => {
        globalThis.removeEventListener('online', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      globalThis.addEventListener('online', done);
      signal.addEventListener('abort', done);
      if (!isOffline() || signal.aborted) done();
    });
  }

  /** Emits progress at most every 100 ms (a trailing event keeps the last figure), or now when forced. */
  private emitProgress(force = false): void {
    let sent = this.confirmedBytes;
    for (const [index, loaded] of this.inflight) if (!this.acked.has(index)) sent += loaded;
    // A retry starts a chunk over; what the user saw must not move backwards.
    this.confirmedHigh = Math.max(this.confirmedHigh, this.confirmedBytes);
    this.sentHigh = Math.max(this.sentHigh, sent, this.confirmedHigh);
    if (this._state === 'complete') return;
    const now = Date.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) {
      this.progressTimer ??= setTimeout(() => {
        this.progressTimer = undefined;
        this.emitProgress(true);
      }, PROGRESS_INTERVAL_MS);
      return;
    }
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.lastProgressAt = now;
    this.dispatchEvent(new CustomEvent('progress', { detail: this.progress }));
  }

  private setState(state: UploadState, extra: Partial<UploadStateDetail> = {}): void {
    const previous = this._state;
    if (previous === state && state !== 'retrying') return;
    this._state = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { ...extra, state, previous } }));
  }
}

function toUploadError(e: unknown): UploadError {
  if (isUploadError(e)) return e;
  return new UploadError('UNKNOWN_ERROR', e instanceof Error ? e.message : String(e), { cause: e });
}
